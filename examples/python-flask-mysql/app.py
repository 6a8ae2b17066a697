import os
from urllib.parse import urlparse

import pymysql
from flask import Flask, jsonify, request

app = Flask(__name__)


def connect():
    url = urlparse(os.environ.get("DATABASE_URL", "mysql://root@localhost:3306/app"))
    return pymysql.connect(
        host=url.hostname,
        port=url.port or 3306,
        user=url.username,
        password=url.password or "",
        database=url.path.lstrip("/"),
        autocommit=True,
    )


def migrate():
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS visits (id INT AUTO_INCREMENT PRIMARY KEY, page VARCHAR(200) NOT NULL)"
        )


@app.get("/")
def index():
    return "visits"


@app.get("/health")
def health():
    try:
        with connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT 1")
        return jsonify(status="ok")
    except pymysql.MySQLError as err:
        return jsonify(status="unavailable", error=str(err)), 503


@app.post("/visits")
def add_visit():
    migrate()
    page = (request.get_json(silent=True) or {}).get("page", "/")
    with connect() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO visits (page) VALUES (%s)", (page,))
        cur.execute("SELECT COUNT(*) FROM visits WHERE page = %s", (page,))
        (count,) = cur.fetchone()
    return jsonify(page=page, visits=count), 201
