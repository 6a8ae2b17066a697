from quart import Quart


def create_app() -> Quart:
    app = Quart(__name__)
    app.config.from_prefixed_env()

    from pastebin.views import bp

    app.register_blueprint(bp)
    return app
