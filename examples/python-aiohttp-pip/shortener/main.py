import logging

from aiohttp import web

from shortener.handlers import routes


async def create_app() -> web.Application:
    app = web.Application()
    app["links"] = {}
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(create_app(), port=8080)
