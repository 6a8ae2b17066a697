import os

from fastapi import FastAPI

from app.db import engine

app = FastAPI(title="inventory")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


@app.get("/")
async def index() -> dict:
    return {"service": "inventory", "database": engine.url.render_as_string(hide_password=True)}
