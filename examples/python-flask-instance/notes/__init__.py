"""Notes: an application factory whose database lives in the instance folder."""

import os

from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        DATABASE=os.path.join(app.instance_path, "notes.sqlite"),
    )

    if test_config is None:
        # the deployment's own settings, if it has any
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    try:
        os.makedirs(app.instance_path)
    except OSError:
        pass

    from . import db, views

    db.init_app(app)
    app.register_blueprint(views.bp)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
