import os

from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgresql+asyncpg://inventory:inventory@localhost:5432/inventory"
)

engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
