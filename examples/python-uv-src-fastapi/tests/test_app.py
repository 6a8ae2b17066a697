from fastapi.testclient import TestClient

from notes_service.app import app


def test_healthz() -> None:
    client = TestClient(app)
    assert client.get("/healthz").json()["status"] == "ok"
