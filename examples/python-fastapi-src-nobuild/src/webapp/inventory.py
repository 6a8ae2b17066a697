from fastapi import APIRouter

from webapp.stock import STOCK

router = APIRouter()


@router.get("/items")
def items() -> list[dict]:
    return [{"sku": sku, "count": count} for sku, count in sorted(STOCK.items())]
