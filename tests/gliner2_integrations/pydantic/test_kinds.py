"""Field kinds: inferred from the annotation, then the name and description; overridable and checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Literal

import pytest
from pydantic import BaseModel, Field, HttpUrl

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import field_options, schema_for
from gliner2_integrations.pydantic.kinds import KINDS, FieldKind


class Colour(Enum):
    RED = "red"


class Ticket(BaseModel):
    customer_name: str | None = None
    customer_email: str | None = None
    order_id: str | None = None
    product: str | None = None
    company: str | None = None
    contact_phone: str | None = None
    website: HttpUrl | None = None
    shipping_address: str | None = None
    summary: str | None = None
    refund_amount: Decimal | None = None
    discount_rate: float | None = None
    party_size: int | None = None
    start_time: dt.time | None = None
    meeting_time: str | None = None
    filed: dt.date | None = None
    seen_at: dt.datetime | None = None
    urgent: bool | None = None
    issue_type: Literal["billing", "other"] | None = None
    colour: Colour | None = None
    code: str | None = Field(None, pattern=r"^[A-Z]{3}$")
    court: str | None = Field(None, description="where the case is filed")
    reply_to: str | None = Field(None, description="the e-mail address to answer")


def kinds(model: type[BaseModel]) -> dict[str, FieldKind]:
    return {f.attr: f.kind for f in schema_for(model).root.fields}


def test_each_field_gets_the_kind_its_annotation_then_its_name_says():
    assert kinds(Ticket) == {
        "customer_name": FieldKind.PERSON,
        "customer_email": FieldKind.EMAIL,
        "order_id": FieldKind.IDENTIFIER,
        "product": FieldKind.NAME,
        "company": FieldKind.NAME,
        "contact_phone": FieldKind.PHONE,
        "website": FieldKind.URL,
        "shipping_address": FieldKind.ADDRESS,
        "summary": FieldKind.TEXT,
        "refund_amount": FieldKind.AMOUNT,
        "discount_rate": FieldKind.PERCENT,
        "party_size": FieldKind.NUMBER,
        "start_time": FieldKind.TIME,
        "meeting_time": FieldKind.TIME,
        "filed": FieldKind.DATE,
        "seen_at": FieldKind.DATETIME,
        "urgent": FieldKind.BOOL,
        "issue_type": FieldKind.CHOICE,
        "colour": FieldKind.CHOICE,
        "code": FieldKind.PATTERN,
        "court": FieldKind.NAME,  # a description's words ("case") name no kind but contact kinds
        "reply_to": FieldKind.EMAIL,
    }


def test_email_str_is_an_email_field():
    pytest.importorskip("email_validator")
    from pydantic import EmailStr

    class Contact(BaseModel):
        reach: EmailStr | None = None

    assert kinds(Contact) == {"reach": FieldKind.EMAIL}


def test_field_options_kind_overrides_the_inferred_kind():
    class Order(BaseModel):
        reference: str | None = Field(None, json_schema_extra=field_options(kind="text"))

    assert kinds(Order) == {"reference": FieldKind.TEXT}


def test_an_unknown_kind_is_refused_naming_the_field_and_the_kinds():
    class Order(BaseModel):
        reference: str | None = Field(None, json_schema_extra=field_options(kind="serial"))

    with pytest.raises(SchemaError, match=r"Order\.reference.*'serial'.*'email'") as err:
        schema_for(Order)
    assert all(kind in str(err.value) for kind in KINDS)


def test_a_kind_the_annotation_cannot_hold_is_refused_naming_the_kinds_that_fit():
    class Order(BaseModel):
        count: int | None = Field(None, json_schema_extra=field_options(kind="email"))

    with pytest.raises(SchemaError, match=r"Order\.count.*number values.*'email'.*'amount', 'number', 'percent'"):
        schema_for(Order)
