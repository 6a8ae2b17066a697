from fastapi import FastAPI

app = FastAPI(title="python-fastapi-no-server")


@app.get("/")
def index() -> dict[str, str]:
    return {"message": "Hello from FastAPI"}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
