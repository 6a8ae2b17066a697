import secrets

from quart import Blueprint, abort, request

bp = Blueprint("pastes", __name__)
PASTES: dict[str, str] = {}


@bp.get("/")
async def index():
    return {"pastes": len(PASTES)}


@bp.get("/healthz")
async def healthz():
    return {"status": "ok"}


@bp.post("/pastes")
async def create_paste():
    body = (await request.get_data(as_text=True)) or ""
    key = secrets.token_urlsafe(6)
    PASTES[key] = body
    return {"key": key}, 201


@bp.get("/pastes/<key>")
async def read_paste(key: str):
    if key not in PASTES:
        abort(404)
    return PASTES[key]
