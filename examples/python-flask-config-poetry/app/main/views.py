from flask import current_app, jsonify

from . import main

RECIPES = [
    {"slug": "pancakes", "title": "Pancakes", "minutes": 20},
    {"slug": "shakshuka", "title": "Shakshuka", "minutes": 35},
]


@main.route("/")
def index():
    per_page = current_app.config["RECIPES_PER_PAGE"]
    return jsonify(recipes=RECIPES[:per_page])


@main.route("/healthz")
def healthz():
    return jsonify(status="ok")
