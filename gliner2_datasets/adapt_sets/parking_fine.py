from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class ParkingFine(BaseModel):
    """A parking or traffic fine notice."""

    notice_number: str | None = Field(None, description="the fine or penalty notice number")
    plate: str | None = Field(None, description="the vehicle registration plate")
    issued_on: date | None = Field(None, description="the date the fine was issued")
    location: str | None = Field(None, description="the street or car park where it happened")
    amount: float | None = Field(None, description="the amount to pay")
    violation: Literal["expired meter", "no permit", "double parking", "loading zone", "speeding"] | None = Field(
        None, description="what the fine is for"
    )
    paid: bool | None = Field(None, description="whether the fine has been paid")
