from flask import Blueprint, jsonify, request

from .db import get_db

bp = Blueprint("notes", __name__)


@bp.get("/")
def index():
    return "notes"


@bp.get("/notes")
def list_notes():
    rows = get_db().execute("SELECT id, title FROM note ORDER BY id").fetchall()
    return jsonify([dict(r) for r in rows])


@bp.post("/notes")
def add_note():
    title = (request.get_json(silent=True) or {}).get("title") or request.form.get("title")
    if not title:
        return jsonify(error="title is required"), 400
    db = get_db()
    db.execute("INSERT INTO note (title) VALUES (?)", (title,))
    db.commit()
    return jsonify(title=title), 201
