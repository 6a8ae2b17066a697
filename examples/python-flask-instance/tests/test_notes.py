from notes import create_app


def test_add_and_list(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.sqlite")})
    client = app.test_client()
    assert client.post("/notes", json={"title": "milk"}).status_code == 201
    assert client.get("/notes").json == [{"id": 1, "title": "milk"}]
