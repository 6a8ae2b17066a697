import os

from fastapi import FastAPI

app = FastAPI(title="python-fastapi-poetry-uvicorn")


@app.get("/")
async def index() -> dict[str, str]:
    return {"message": "Hello from FastAPI + Poetry"}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
