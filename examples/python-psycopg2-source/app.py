"""A small service that talks to PostgreSQL through psycopg2, built from source.

The database itself is configured with DATABASE_URL; the routes below answer
without one, so the service can be probed before its database is up.
"""

import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


def libpq_version() -> str:
    """The libpq psycopg2 was built against, as `major.minor`."""
    number = psycopg2.__libpq_version__
    return f"{number // 10000}.{number % 10000}"


@app.get("/")
def index():
    return "orders service"


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/driver")
def driver():
    return jsonify(
        psycopg2=psycopg2.__version__.split()[0],
        libpq=libpq_version(),
        database_configured=bool(os.environ.get("DATABASE_URL")),
    )
