"""A tiny URL shortener, kept on Python 3.9 until the hosting image moves."""

import hashlib
from typing import Dict, Optional

from flask import Flask, abort, jsonify, redirect, request

app = Flask(__name__)

_links: Dict[str, str] = {}


def _code_for(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:7]


@app.get("/")
def index():
    return jsonify(links=len(_links))


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/links")
def create_link():
    url: Optional[str] = (request.get_json(silent=True) or {}).get("url")
    if not url:
        abort(400, "missing url")
    code = _code_for(url)
    _links[code] = url
    return jsonify(code=code, url=url), 201


@app.get("/<code>")
def follow(code: str):
    url = _links.get(code)
    if url is None:
        abort(404)
    return redirect(url, code=302)
