import secrets

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    return web.json_response({"links": len(request.app["links"])})


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.post("/links")
async def shorten(request: web.Request) -> web.Response:
    data = await request.json()
    key = secrets.token_urlsafe(5)
    request.app["links"][key] = data["url"]
    return web.json_response({"key": key}, status=201)


@routes.get("/{key}")
async def follow(request: web.Request) -> web.Response:
    target = request.app["links"].get(request.match_info["key"])
    if target is None:
        raise web.HTTPNotFound()
    raise web.HTTPFound(target)
