"""Pydantic models shared by the tests (module level, so schema caching sees stable classes)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gliner2_integrations.pydantic import model_options


class Priority(enum.IntEnum):
    LOW = 1
    HIGH_PRIORITY = 2


class Channel(str, enum.Enum):  # noqa: UP042 - the str-mixin spelling users write
    EMAIL = "email"
    PHONE_CALL = "phone_call"
    WEB = "WEB_FORM"


class SupportTicket(BaseModel):
    """A customer support ticket.

    Longer explanation that is not used as a description.
    """

    model_config = ConfigDict(
        json_schema_extra=model_options(
            classifications={
                "sentiment": ["positive", "negative"],
                "topics": {"labels": ["billing", "shipping"], "multi_label": True},
            },
            entities={"product": "a product name", "person": "a person"},
        )
    )

    customer_name: str
    order_number: int | None = None
    channel: Channel = Channel.EMAIL
    priority: Priority | None = None
    urgent: bool | None = None
    tags: list[str] = []


class Address(BaseModel):
    """A postal address."""

    city: str
    postcode: str | None = Field(default=None, pattern=r"^\d{5}$")


class LineItem(BaseModel):
    name: str
    quantity: int
    unit_price: Decimal | None = None


class Invoice(BaseModel):
    number: str = Field(description="the invoice number")
    total: float
    issued: date
    due: datetime | None = None
    status: Literal["paid", "open", "in_progress"] = "open"
    billing_address: Address
    items: list[LineItem] = []


class Person(BaseModel):
    name: str
    age: int | None = None
    languages: list[Literal["english", "german"]] = []
