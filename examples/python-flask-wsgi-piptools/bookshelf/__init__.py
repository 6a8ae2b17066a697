import os

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),
        SHELF_NAME=os.environ.get("SHELF_NAME", "main"),
    )

    from . import books, health

    app.register_blueprint(health.bp)
    app.register_blueprint(books.bp, url_prefix="/books")
    return app
