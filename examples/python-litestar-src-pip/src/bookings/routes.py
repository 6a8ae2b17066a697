from litestar import Controller, get, post
from litestar.exceptions import NotFoundException

from bookings.store import Booking, store


class BookingController(Controller):
    path = "/bookings"

    @get("/")
    async def list_bookings(self) -> list[Booking]:
        return list(store.bookings.values())

    @get("/{booking_id:int}")
    async def get_booking(self, booking_id: int) -> Booking:
        if booking_id not in store.bookings:
            raise NotFoundException(detail="no such booking")
        return store.bookings[booking_id]

    @post("/")
    async def create_booking(self, data: Booking) -> Booking:
        return store.add(data.room, data.guest)
