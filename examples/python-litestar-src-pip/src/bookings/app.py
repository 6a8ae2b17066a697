from litestar import Litestar, get

from bookings.routes import BookingController


@get("/")
async def index() -> dict[str, str]:
    return {"service": "bookings"}


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[index, health, BookingController])
