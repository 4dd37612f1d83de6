"""Decoding by field kind on the bundled model: shapes, one span per field, negated booleans, currencies."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from gliner2_integrations.pydantic import UnsupportedModelError, extract_model, schema_for
from gliner2_integrations.pydantic.fields import Reading, read_fields
from gliner2_integrations.pydantic.instances import Found

TICKET = (
    "Hi, my card was charged twice for order CC-99172 (the Aurora Desk Lamp). Not urgent, but please refund one.\n"
    "Thanks, Priya Raman\npriya.raman@gmail.com"
)


class SupportTicket(BaseModel):
    """A customer support ticket."""

    customer_name: str | None = Field(None, description="who wrote in")
    email: str | None = Field(None, description="the customer's e-mail address")
    order_id: str | None = Field(None, description="the order the ticket is about")
    product: str | None = Field(None, description="the product concerned")
    urgent: bool | None = Field(None, description="the customer says it is urgent")


class Salary(BaseModel):
    salary: float | None = Field(None, description="the yearly salary offered")
    currency: Literal["USD", "EUR", "CAD"] | None = None
    remote: bool | None = Field(None, description="the job can be done remotely")


class Meeting(BaseModel):
    meeting_date: dt.date | None = Field(None, description="the day of the meeting")
    start_time: dt.time | None = Field(None, description="when it starts")


def test_an_email_never_fills_the_order_id_or_the_product(bundled_model):
    result = extract_model(bundled_model, TICKET, SupportTicket)
    ticket = result.value
    assert ticket.email == "priya.raman@gmail.com"
    assert ticket.order_id in (None, "CC-99172") and ticket.product != ticket.email
    assert "@" not in (ticket.order_id or "") and "@" not in (ticket.product or "")


def test_names_stay_on_their_line(bundled_model):
    result = extract_model(bundled_model, TICKET, SupportTicket, threshold=0.0)
    assert "\n" not in (result.value.customer_name or "")


def test_a_negated_boolean_comes_out_false(bundled_model):
    assert extract_model(bundled_model, TICKET, SupportTicket).value.urgent is False
    offer = "Senior data engineer, CAD 120,000 a year. No remote sadly, the team is in Toronto."
    assert extract_model(bundled_model, offer, Salary).value.remote is False


def test_an_amount_fills_its_value_and_the_currency_field(bundled_model):
    offer = "Senior data engineer, salary CAD 120,000 a year, fully remote."
    value = extract_model(bundled_model, offer, Salary, threshold=0.0).value
    assert (value.salary, value.currency, value.remote) == (120000.0, "CAD", True)


def test_a_date_never_fills_a_time_field_and_times_are_read(bundled_model):
    text = "Can we meet on March 14, 2025 at 3 pm in room 4B?"
    value = extract_model(bundled_model, text, Meeting, threshold=0.0).value
    assert value.meeting_date == dt.date(2025, 3, 14)
    assert value.start_time in (None, dt.time(15, 0))


def test_relative_dates_need_a_reference_date(bundled_model):
    text = "Let's meet tomorrow at 10:30."
    plain = extract_model(bundled_model, text, Meeting, threshold=0.0)
    assert plain.value.meeting_date is None
    dated = extract_model(bundled_model, text, Meeting, threshold=0.0, reference_date=dt.date(2025, 3, 12))
    assert dated.value.meeting_date in (None, dt.date(2025, 3, 13))
    assert dated.value.start_time in (None, dt.time(10, 30))


def test_one_span_fills_one_field_by_confidence():
    class Contact(BaseModel):
        customer_name: str | None = None
        company: str | None = None

    root = schema_for(Contact, strategy="entities").root
    text = "Priya Raman from Lumen Analytics"
    instance = {
        "customer name": [Found("Priya Raman", 0.9, 0, 11), Found("Lumen Analytics", 0.3, 17, 32)],
        "company": [Found("Priya Raman", 0.7, 0, 11), Found("Lumen Analytics", 0.6, 17, 32)],
    }
    chosen = read_fields(root, instance, Reading(threshold=0.0), text).chosen
    assert (chosen["customer_name"][0].value, chosen["company"][0].value) == ("Priya Raman", "Lumen Analytics")


def test_two_fields_of_one_kind_share_a_span_only_when_both_are_sure():
    class Parties(BaseModel):
        sender: str | None = None
        recipient: str | None = None

    root = schema_for(Parties, strategy="entities").root
    text = "Signed: Ada Lovelace"
    sure = {"sender": [Found("Ada Lovelace", 0.95, 8, 20)], "recipient": [Found("Ada Lovelace", 0.92, 8, 20)]}
    unsure = {"sender": [Found("Ada Lovelace", 0.95, 8, 20)], "recipient": [Found("Ada Lovelace", 0.6, 8, 20)]}
    assert set(read_fields(root, sure, Reading(threshold=0.0), text).chosen) == {"sender", "recipient"}
    assert set(read_fields(root, unsure, Reading(threshold=0.0), text).chosen) == {"sender"}


class FlightChange(BaseModel):
    passenger_name: str | None = None
    booking_reference: str | None = None
    cabin: Literal["economy", "premium economy", "business", "first"] | None = None


def test_a_written_option_and_a_labelled_value_are_read_from_the_text(bundled_model):
    text = "Dear Ms Hana Novak, your booking reference ZK4M2Q is confirmed. Your flight OK 627 departs at 9:40, premium economy."
    value = extract_model(bundled_model, text, FlightChange).value
    assert value.cabin == "premium economy"
    assert value.booking_reference == "ZK4M2Q"
    assert value.passenger_name == "Hana Novak"  # the courtesy title is not part of the name


class Listing(BaseModel):
    monthly_rent: float | None = Field(None, description="rent per month")


def test_an_amount_field_takes_a_written_amount_over_a_bare_number(bundled_model):
    text = "Listing #4471: 2-bed flat, Unit 5. Rent £1,650 per calendar month, available now."
    assert extract_model(bundled_model, text, Listing, threshold=0.0).value.monthly_rent == 1650.0


class Invoice(BaseModel):
    number: str | None = None
    total: float | None = None
    paid: bool = True


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Invoice 881, credit note total (1,250.00).", -1250.0),
        ("Invoice 17: a correction of minus 5 dollars.", -5.0),
        ("Invoice A-9, total 1,5 Mio. EUR.", 1_500_000.0),
    ],
)
def test_amounts_keep_their_sign_and_scale(bundled_model, text, total):
    assert extract_model(bundled_model, text, Invoice, threshold=0.0).value.total == total


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("Invoice 44 is unpaid.", False),
        ("Invoice 44 has not been paid.", False),
        ("Invoice 44. Paid? No.", False),
        ("Invoice 44 for $120.", True),  # not stated: the default stays
    ],
)
def test_a_bool_default_changes_only_when_the_text_states_it(bundled_model, text, paid):
    assert extract_model(bundled_model, text, Invoice).value.paid is paid


class ByName(BaseModel):
    model_config = ConfigDict(validate_by_alias=False, validate_by_name=True)

    order_id: str | None = Field(None, alias="orderId")


def test_a_model_validated_by_field_names_keeps_its_values(bundled_model):
    result = extract_model(bundled_model, "Order CC-99172 was charged twice.", ByName, threshold=0.0)
    assert result.value.order_id == "CC-99172" and not result.errors


def test_an_instance_passed_for_the_class_is_refused_naming_it(bundled_model):
    with pytest.raises(UnsupportedModelError, match=r"model_cls: got an instance of Invoice; expected the model class"):
        extract_model(bundled_model, "Invoice 44", Invoice())
