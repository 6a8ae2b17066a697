"""A tiny notes service: a Flask app built by a factory, as Heroku's Flask guides lay it out."""

from flask import Flask, jsonify, request


def create_app():
    app = Flask(__name__)
    notes = []

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    @app.get("/notes")
    def list_notes():
        return jsonify(notes=notes)

    @app.post("/notes")
    def add_note():
        text = (request.get_json(silent=True) or {}).get("text", "").strip()
        if not text:
            return jsonify(error="text is required"), 400
        notes.append(text)
        return jsonify(text=text), 201

    return app
