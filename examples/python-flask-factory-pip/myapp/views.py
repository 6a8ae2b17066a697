from flask import Blueprint, current_app, jsonify

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return jsonify(message=current_app.config["GREETING"])


@bp.get("/health")
def health():
    return jsonify(status="ok")
