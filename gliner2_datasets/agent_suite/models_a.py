"""Agent-style dev suite, part A: Pydantic models for zero-shot extraction.

These document types are never used in training; the JSONL files under
``data/`` hold hand-written texts with gold structured outputs.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field


class SupportTicket(BaseModel):
    """A customer support ticket extracted from an inbound message."""

    customer_name: str | None = Field(None, description="Full name of the customer who wrote in")
    email: str | None = Field(None, description="Customer's e-mail address")
    order_id: str | None = Field(None, description="Order ID the ticket refers to")
    product: str | None = Field(None, description="Product the customer is having trouble with")
    issue_type: Literal["billing", "shipping", "technical", "account", "other"] | None = Field(
        None, description="Category of the problem"
    )
    urgent: bool | None = Field(None, description="Whether the customer says the issue is urgent")


class MeetingRequest(BaseModel):
    """A request to schedule a meeting."""

    organizer: str | None = Field(None, description="Person organizing the meeting")
    meeting_date: date | None = Field(None, description="Date of the meeting")
    start_time: time | None = Field(None, description="Time the meeting starts")
    location: str | None = Field(None, description="Where the meeting takes place (room, address or platform)")
    duration_minutes: int | None = Field(None, description="Length of the meeting in minutes")
    is_virtual: bool | None = Field(None, description="Whether the meeting is held online")


class RestaurantBooking(BaseModel):
    """A restaurant table reservation."""

    guest_name: str | None = Field(None, description="Name the booking is under")
    party_size: int | None = Field(None, description="Number of people in the party")
    booking_date: date | None = Field(None, description="Date of the reservation")
    booking_time: time | None = Field(None, description="Time of the reservation")
    phone: str | None = Field(None, description="Contact phone number for the booking")
    occasion: Literal["birthday", "anniversary", "business", "none"] | None = Field(
        None, description="Special occasion for the booking, or none"
    )


class ExpenseClaim(BaseModel):
    """An employee expense reimbursement claim."""

    employee_name: str | None = Field(None, description="Employee submitting the claim")
    amount: float | None = Field(None, description="Amount being claimed")
    currency: Literal["USD", "EUR", "GBP", "CAD", "JPY"] | None = Field(
        None, description="Currency of the claimed amount"
    )
    expense_date: date | None = Field(None, description="Date the expense was incurred")
    category: Literal["travel", "meals", "lodging", "equipment", "software"] | None = Field(
        None, description="Expense category"
    )
    receipt_attached: bool | None = Field(None, description="Whether a receipt is attached")


class ReturnRequest(BaseModel):
    """A customer's request to return a purchased product."""

    order_number: str | None = Field(None, description="Order number of the purchase")
    product_name: str | None = Field(None, description="Product being returned")
    refund_amount: Decimal | None = Field(None, description="Amount to be refunded")
    reason: Literal["damaged", "wrong item", "not as described", "changed mind"] | None = Field(
        None, description="Reason for the return"
    )
    customer_email: str | None = Field(None, description="Customer's e-mail address")
    wants_replacement: bool | None = Field(
        None, description="Whether the customer wants a replacement instead of only a refund"
    )


MODELS_A: dict[str, type[BaseModel]] = {
    "support_ticket": SupportTicket,
    "meeting_request": MeetingRequest,
    "restaurant_booking": RestaurantBooking,
    "expense_claim": ExpenseClaim,
    "return_request": ReturnRequest,
}

__all__ = [
    "SupportTicket",
    "MeetingRequest",
    "RestaurantBooking",
    "ExpenseClaim",
    "ReturnRequest",
    "MODELS_A",
]
