from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class HotelRequest(BaseModel):
    """A guest's request to book a hotel room, as sent to a booking assistant."""

    guest_name: str | None = Field(None, description="the name of the guest")
    city: str | None = Field(None, description="the city to stay in")
    hotel: str | None = Field(None, description="the hotel asked for, if any")
    check_in: date | None = Field(None, description="the arrival date")
    nights: int | None = Field(None, description="how many nights")
    guests: int | None = Field(None, description="how many people")
    room_type: Literal["single", "double", "twin", "suite", "family"] | None = Field(
        None, description="the kind of room"
    )
    breakfast: bool | None = Field(None, description="whether breakfast is wanted")
