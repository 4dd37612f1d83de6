"""Pydantic models shared by the comparison tests (module level, importable as ``module:Class``)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Contact(BaseModel):
    """A person mentioned in the text and where they work."""

    name: str | None = Field(default=None, description="full name of the person")
    company: str | None = Field(default=None, description="organisation the person works for")
    city: str | None = Field(default=None, description="city where the person is based")


class Address(BaseModel):
    """A postal address."""

    city: str | None = None
    street: str | None = None


class Order(BaseModel):
    """A customer order."""

    customer: str | None = None
    total: float | None = None
    tags: list[str] = []
    address: Address | None = None


NOT_A_MODEL = 42
