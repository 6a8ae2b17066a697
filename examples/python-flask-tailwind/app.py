"""Recipe box: a Flask app whose stylesheet is built by the Tailwind CLI (`npm run build`)."""
import os
from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__)

RECIPES = [
    {"name": "Shakshuka", "minutes": 30, "tags": ["breakfast", "vegetarian"]},
    {"name": "Dal tadka", "minutes": 40, "tags": ["dinner", "vegan"]},
    {"name": "Lemon drizzle", "minutes": 60, "tags": ["baking"]},
]

STYLESHEET = Path(app.static_folder) / "css" / "app.css"


@app.get("/")
def index():
    return render_template("index.html", recipes=RECIPES)


@app.get("/healthz")
def healthz():
    # the stylesheet is built at deploy time; without it every page renders unstyled
    if not STYLESHEET.is_file():
        return {"status": "stylesheet missing", "path": str(STYLESHEET)}, 503
    return {"status": "ok", "stylesheet_bytes": STYLESHEET.stat().st_size}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")), debug=True)
