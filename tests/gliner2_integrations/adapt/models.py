"""The Pydantic model the adapt tests fill (the agent suite's support ticket fields)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Ticket(BaseModel):
    """A customer support ticket."""

    customer_name: str | None = Field(None, description="Full name of the customer who wrote in")
    email: str | None = Field(None, description="The customer's e-mail address")
    order_id: str | None = Field(None, description="The order the ticket is about")
    product: str | None = Field(None, description="The product concerned")
    issue_type: Literal["billing", "shipping", "technical", "account", "other"] | None = None
    urgent: bool | None = Field(None, description="Whether the customer says it is urgent")
