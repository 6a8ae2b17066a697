from dataclasses import dataclass, field
from itertools import count


@dataclass
class Booking:
    id: int
    room: str
    guest: str


@dataclass
class Store:
    bookings: dict[int, Booking] = field(default_factory=dict)
    _ids: count = field(default_factory=lambda: count(1))

    def add(self, room: str, guest: str) -> Booking:
        booking = Booking(id=next(self._ids), room=room, guest=guest)
        self.bookings[booking.id] = booking
        return booking


store = Store()
store.add("atlas", "Ada")
