from flask import Blueprint, abort, current_app, request

bp = Blueprint("books", __name__)

_books = [
    {"id": 1, "title": "The Pragmatic Programmer", "read": True},
    {"id": 2, "title": "Designing Data-Intensive Applications", "read": False},
]


@bp.get("/")
def list_books():
    return {"shelf": current_app.config["SHELF_NAME"], "books": _books}


@bp.post("/")
def add_book():
    data = request.get_json(silent=True) or {}
    if not data.get("title"):
        abort(400, "title is required")
    book = {"id": len(_books) + 1, "title": data["title"], "read": bool(data.get("read"))}
    _books.append(book)
    return book, 201


@bp.get("/<int:book_id>")
def get_book(book_id: int):
    for book in _books:
        if book["id"] == book_id:
            return book
    abort(404)
