import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/todos")


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(DATABASE_URL, min_size=1, max_size=5)
    async with app.state.pool.acquire() as conn:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS todos (id SERIAL PRIMARY KEY, title TEXT NOT NULL, done BOOLEAN NOT NULL DEFAULT false)"
        )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


class TodoIn(BaseModel):
    title: str


@app.get("/health")
async def health():
    try:
        async with app.state.pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
    except (OSError, asyncpg.PostgresError) as err:
        raise HTTPException(status_code=503, detail=str(err))
    return {"status": "ok"}


@app.post("/todos", status_code=201)
async def create(todo: TodoIn):
    async with app.state.pool.acquire() as conn:
        row = await conn.fetchrow("INSERT INTO todos (title) VALUES ($1) RETURNING id, title, done", todo.title)
    return dict(row)


@app.get("/todos/{todo_id}")
async def read(todo_id: int):
    async with app.state.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT id, title, done FROM todos WHERE id = $1", todo_id)
    if row is None:
        raise HTTPException(status_code=404)
    return dict(row)
