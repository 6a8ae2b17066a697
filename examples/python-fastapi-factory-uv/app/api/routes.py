from fastapi import APIRouter, HTTPException

router = APIRouter()

ITEMS = {
    1: {"id": 1, "name": "bolt", "stock": 120},
    2: {"id": 2, "name": "washer", "stock": 48},
}


@router.get("/")
def index() -> dict:
    return {"service": "inventory", "items": len(ITEMS)}


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/items/{item_id}")
def read_item(item_id: int) -> dict:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="no such item")
    return ITEMS[item_id]
