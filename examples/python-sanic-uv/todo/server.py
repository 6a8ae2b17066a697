from sanic import Sanic
from sanic.exceptions import NotFound
from sanic.response import json

app = Sanic("todo")
app.ctx.items = {1: {"id": 1, "title": "water the plants", "done": False}}


@app.get("/")
async def index(request):
    return json({"items": len(app.ctx.items)})


@app.get("/health")
async def health(request):
    return json({"status": "ok"})


@app.get("/items/<item_id:int>")
async def read_item(request, item_id: int):
    item = app.ctx.items.get(item_id)
    if item is None:
        raise NotFound("no such item")
    return json(item)


@app.post("/items")
async def create_item(request):
    item_id = max(app.ctx.items, default=0) + 1
    app.ctx.items[item_id] = {"id": item_id, "title": request.json["title"], "done": False}
    return json(app.ctx.items[item_id], status=201)
