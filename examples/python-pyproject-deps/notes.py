"""A tiny notes API: dependencies declared in pyproject.toml, installed with pip."""

from flask import Flask, jsonify, request

app = Flask(__name__)
NOTES: list[str] = []


@app.get("/")
def index():
    return {"service": "notes-api"}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/notes")
def list_notes():
    return jsonify(NOTES)


@app.post("/notes")
def add_note():
    NOTES.append(request.get_data(as_text=True))
    return {"count": len(NOTES)}, 201
