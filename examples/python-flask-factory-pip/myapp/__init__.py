import os

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Application factory: build and configure the Flask app."""
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-insecure-key"),
        GREETING=os.environ.get("GREETING", "Hello from a Flask factory"),
    )
    if config:
        app.config.update(config)

    from . import views

    app.register_blueprint(views.bp)
    return app
