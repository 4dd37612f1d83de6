"""Output -> model: hand-written GLiNER2 outputs (the exact public shape) mapped back by ``to_result``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

import pytest
from pydantic import BaseModel, Field, model_validator

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import (
    ExtractionResult,
    ExtractionValidationError,
    MissingPolicy,
    field_options,
    partial_model,
    schema_for,
    to_result,
)
from tests.gliner2_integrations.pydantic.models import (
    Address,
    Channel,
    Invoice,
    LineItem,
    Person,
    Priority,
    SupportTicket,
)

TEXT = "Invoice 17 from 3 March 2024, total $1,250.00, paid. Bill to Berlin 10115. 2 apples at 1.50, 3 pears."


def span(text: str, confidence: float = 0.9) -> dict:
    """A span value as ``include_confidence=True, include_spans=True`` formats it, located in TEXT."""
    start = TEXT.index(text)
    return {"text": text, "confidence": confidence, "start": start, "end": start + len(text)}


def unlocated(text: str, confidence: float = 0.5) -> dict:
    """A value with a confidence but no offsets (e.g. a span that is not in TEXT)."""
    return {"text": text, "confidence": confidence}


def invoice_output(**root_overrides) -> dict:
    root = {
        "number": span("17", 0.91),
        "total": span("$1,250.00", 0.8),
        "issued": span("3 March 2024", 0.7),
        "due": None,
        "status": {"text": "paid", "confidence": 0.85},
        **root_overrides,
    }
    return {
        "invoice": [root],
        "invoice billing address": [{"city": span("Berlin"), "postcode": span("10115", 0.6)}],
        "invoice items": [
            {"name": span("apples"), "quantity": span("2", 0.7), "unit price": span("1.50", 0.65)},
            {"name": span("pears"), "quantity": span("3", 0.75), "unit price": None},
        ],
    }


def test_complete_output_maps_to_validated_model_instance():
    result = to_result(invoice_output(), schema_for(Invoice))
    assert isinstance(result, ExtractionResult)
    assert result.value == Invoice(
        number="17",
        total=1250.0,
        issued=dt.date(2024, 3, 3),
        status="paid",
        billing_address=Address(city="Berlin", postcode="10115"),
        items=[LineItem(name="apples", quantity=2, unit_price=Decimal("1.50")), LineItem(name="pears", quantity=3)],
    )
    assert isinstance(result.value, Invoice)
    assert (result.values, result.missing, result.errors, result.complete) == ([result.value], [], [], True)


def test_confidences_and_spans_are_reported_per_dotted_path():
    result = to_result(invoice_output(), schema_for(Invoice))
    assert result.confidence == {
        "number": 0.91,
        "total": 0.8,
        "issued": 0.7,
        "status": 0.85,
        "billing_address.city": 0.9,
        "billing_address.postcode": 0.6,
        "items.0.name": 0.9,
        "items.0.quantity": 0.7,
        "items.0.unit_price": 0.65,
        "items.1.name": 0.9,
        "items.1.quantity": 0.75,
    }
    start = TEXT.index("$1,250.00")
    assert result.spans["total"] == [(start, start + 9)]
    assert "status" not in result.spans  # choices are not spans
    assert TEXT[slice(*result.spans["items.1.name"][0])] == "pears"


def test_choice_bool_enum_and_list_fields_map_back_to_python_values():
    raw = {
        "support ticket": [
            {
                "customer name": span("Berlin"),
                "order number": span("17"),
                "channel": {"text": "phone call", "confidence": 0.7},
                "priority": {"text": "high priority", "confidence": 0.6},
                "urgent": {"text": "no", "confidence": 0.8},
                "tags": [span("apples", 0.7), span("pears", 0.4)],
            }
        ],
        "entities": {"product": [span("apples")], "person": []},
        "sentiment": {"label": "negative", "confidence": 0.7},
        "topics": [{"label": "billing", "confidence": 0.9}],
    }
    result = to_result(raw, schema_for(SupportTicket), threshold=0.3)  # "pears" (0.4) is accepted at 0.3
    ticket = result.value
    assert (ticket.channel, ticket.priority, ticket.urgent, ticket.order_number) == (
        Channel.PHONE_CALL,
        Priority.HIGH_PRIORITY,
        False,
        17,
    )
    assert ticket.tags == ["apples", "pears"]
    assert result.confidence["tags"] == 0.4  # a list reports its weakest value
    assert len(result.spans["tags"]) == 2
    assert result.classifications == {"sentiment": "negative", "topics": ["billing"]}
    assert result.entities == {"product": ["apples"], "person": []}


def test_multi_choice_literal_list_maps_to_list_of_values():
    raw = {"person": [{"name": span("Berlin"), "age": None, "languages": [{"text": "german", "confidence": 0.8}]}]}
    assert to_result(raw, schema_for(Person)).value.languages == ["german"]


def test_plain_output_without_confidence_or_spans_is_accepted():
    raw = {"person": [{"name": "Ada", "age": "36", "languages": ["english"]}]}
    result = to_result(raw, schema_for(Person))
    assert result.value == Person(name="Ada", age=36, languages=["english"])
    assert (result.confidence, result.spans) == ({}, {})


def test_optional_fields_not_found_use_their_declared_defaults():
    raw = {"support ticket": [{"customer name": span("Berlin"), "order number": None, "channel": None, "tags": []}]}
    ticket = to_result(raw, schema_for(SupportTicket)).value
    assert (ticket.order_number, ticket.channel, ticket.tags) == (None, Channel.EMAIL, [])


def test_complete_record_is_an_instance_of_the_model_itself_under_partial_policy():
    assert type(to_result(invoice_output(), schema_for(Invoice), policy="partial").value) is Invoice


def test_required_field_missing_gives_partial_instance_under_partial_policy():
    result = to_result(invoice_output(total=None), schema_for(Invoice), policy="partial")
    assert result.value.total is None
    assert isinstance(result.value, Invoice)
    assert type(result.value) is partial_model(Invoice)
    assert result.missing == ["total"]
    assert result.complete is False


def test_partial_model_is_a_cached_subclass_with_optional_required_fields():
    partial = partial_model(Invoice)
    assert issubclass(partial, Invoice) and partial_model(Invoice) is partial
    assert not partial.model_fields["number"].is_required()
    assert partial.model_fields["number"].description == "the invoice number"
    assert partial.model_fields["status"].default == "open"


def test_required_field_missing_drops_record_under_drop_policy():
    result = to_result(invoice_output(total=None), schema_for(Invoice), policy=MissingPolicy.DROP)
    assert (result.value, result.values, result.missing) == (None, [], ["total"])
    assert result.confidence == {}


def test_required_field_missing_raises_under_raise_policy():
    with pytest.raises(ExtractionValidationError, match="total") as caught:
        to_result(invoice_output(total=None), schema_for(Invoice), policy="raise")
    assert caught.value.missing == ["total"]
    assert isinstance(caught.value, ValueError)


def test_nested_record_missing_required_field_is_dropped_from_its_list_under_drop_policy():
    raw = invoice_output()
    raw["invoice items"][0]["quantity"] = None
    result = to_result(raw, schema_for(Invoice), policy="drop")
    assert [item.name for item in result.value.items] == ["pears"]
    assert result.missing == ["items.0.quantity"]
    assert result.confidence["items.0.name"] == 0.9 and "items.1.name" not in result.confidence


def test_missing_required_nested_model_drops_parent_under_drop_policy():
    raw = invoice_output()
    raw["invoice billing address"] = [{"city": None, "postcode": span("10115")}]
    result = to_result(raw, schema_for(Invoice), policy="drop")
    assert result.value is None
    assert result.missing == ["billing_address.city", "billing_address"]


def test_nested_missing_fields_are_none_in_partial_nested_instances():
    raw = invoice_output()
    raw["invoice items"][1]["quantity"] = None
    result = to_result(raw, schema_for(Invoice))
    assert result.value.items[1].quantity is None
    assert isinstance(result.value.items[1], LineItem)
    assert result.missing == ["items.1.quantity"]


def test_coercion_failure_is_reported_in_errors_and_treated_as_not_found():
    result = to_result(invoice_output(total=unlocated("twelve")), schema_for(Invoice))
    assert result.value.total is None
    assert result.missing == ["total"]
    assert result.errors == ["total: 'twelve' is not a value of kind 'amount'"]
    assert "total" not in result.confidence


def test_coercion_failure_of_required_field_raises_under_raise_policy():
    with pytest.raises(ExtractionValidationError, match="'twelve' is not a value of kind 'amount'"):
        to_result(
            invoice_output(issued=span("3 March 2024"), total=unlocated("twelve")), schema_for(Invoice), policy="raise"
        )


def test_coercion_failure_of_optional_field_keeps_record_under_raise_policy():
    result = to_result(invoice_output(due=unlocated("soon")), schema_for(Invoice), policy="raise")
    assert result.value.due is None
    assert result.errors and result.errors[0].startswith("due: ")


def test_value_failing_pydantic_validation_is_removed_and_reported():
    raw = invoice_output()
    raw["invoice billing address"][0]["postcode"] = span("1011")  # an identifier, but fails pattern ^\d{5}$
    result = to_result(raw, schema_for(Invoice), policy="drop")
    assert result.value.billing_address == Address(city="Berlin")
    assert result.errors == ["billing_address.postcode: String should match pattern '^\\d{5}$' (got '1011')"]
    assert "billing_address.postcode" not in result.confidence


def test_record_failing_model_validator_is_dropped_with_error():
    class Range(BaseModel):
        low: int
        high: int

        @model_validator(mode="after")
        def ordered(self):
            if self.low is not None and self.high is not None and self.low > self.high:
                raise ValueError("low above high")
            return self

    raw = {"range": [{"low": "5", "high": "3"}]}
    result = to_result(raw, schema_for(Range))
    assert result.value is None and "low above high" in result.errors[0]
    with pytest.raises(ExtractionValidationError, match="low above high"):
        to_result(raw, schema_for(Range), policy="raise")


def test_no_instance_found_gives_no_value_and_lists_required_fields():
    result = to_result({"person": []}, schema_for(Person))
    assert (result.value, result.values, result.missing) == (None, [], ["name"])
    with pytest.raises(ExtractionValidationError):
        to_result({"person": []}, schema_for(Person), policy="raise")


def test_many_returns_every_record_with_indexed_paths():
    raw = {
        "person": [
            {"name": span("apples"), "age": span("2")},
            {"name": span("pears"), "age": unlocated("many")},
            {"name": None, "age": span("3")},
        ]
    }
    result = to_result(raw, schema_for(Person), many=True, policy="drop")
    assert [p.name for p in result.values] == ["apples", "pears"]
    assert result.value == result.values[0]
    assert result.missing == ["2.name"]
    assert result.errors == ["1.age: 'many' is not a value of kind 'number'"]
    assert set(result.confidence) == {"0.name", "0.age", "1.name"}


def test_many_assigns_nested_instances_to_the_record_preceding_them():
    class Order(BaseModel):
        customer: str
        items: list[LineItem] = []

    text = "Ada ordered apples and pears. Bob ordered plums."
    at = lambda word: {"text": word, "confidence": 0.9, "start": text.index(word), "end": text.index(word) + len(word)}  # noqa: E731
    raw = {
        "order": [{"customer": at("Ada")}, {"customer": at("Bob")}],
        "order items": [
            {"name": at("plums"), "quantity": "1"},
            {"name": at("apples"), "quantity": "2"},
            {"name": at("pears"), "quantity": "3"},
        ],
    }
    ada, bob = to_result(raw, schema_for(Order), many=True).values
    assert [i.name for i in ada.items] == ["apples", "pears"]
    assert [i.name for i in bob.items] == ["plums"]


def test_single_record_takes_the_first_instance_and_all_nested_ones():
    raw = invoice_output()
    raw["invoice"].append({"number": span("3"), "total": span("2"), "issued": span("3 March 2024")})
    result = to_result(raw, schema_for(Invoice))
    assert result.value.number == "17" and len(result.values) == 1
    assert len(result.value.items) == 2


def test_nested_values_without_root_fields_still_make_a_record():
    class Shipment(BaseModel):
        destination: Address

    raw = {"shipment destination": [{"city": span("Berlin"), "postcode": None}]}
    assert to_result(raw, schema_for(Shipment)).value == Shipment(destination=Address(city="Berlin"))


def test_aliased_fields_are_filled_by_name():
    class Aliased(BaseModel):
        full_name: str = Field(alias="fullName")
        age: int | None = Field(default=None, alias="AGE")

    result = to_result({"aliased": [{"full name": "Ada", "age": "36"}]}, schema_for(Aliased))
    assert (result.value.full_name, result.value.age) == ("Ada", 36)


def test_list_values_equal_after_coercion_are_kept_once():
    class Prices(BaseModel):
        amounts: list[int]

    result = to_result(
        {"prices": [{"amounts": [span("2"), {"text": "$2", "confidence": 0.5}, span("3")]}]}, schema_for(Prices)
    )
    assert result.value.amounts == [2, 3]


def test_unknown_policy_raises_schema_error():
    with pytest.raises(SchemaError, match="'partial', 'drop', 'raise'"):
        to_result(invoice_output(), schema_for(Invoice), policy="lenient")


def test_raw_output_is_kept_on_the_result():
    raw = invoice_output()
    assert to_result(raw, schema_for(Invoice)).raw == raw


def test_dayfirst_option_reads_numeric_dates_day_first():
    class Booking(BaseModel):
        arrival: dt.date = Field(json_schema_extra=field_options(dayfirst=True))

    assert to_result({"booking": [{"arrival": "03/05/2024"}]}, schema_for(Booking)).value.arrival == dt.date(2024, 5, 3)


def test_entity_mentions_are_plain_texts_listed_once():
    raw = {
        "support ticket": [],
        "entities": {"product": [span("apples"), span("apples", 0.5), span("pears")], "person": None},
    }
    assert to_result(raw, schema_for(SupportTicket)).entities == {"product": ["apples", "pears"], "person": []}


def test_required_value_failing_validation_becomes_missing_under_partial_policy():
    class Stock(BaseModel):
        quantity: Annotated[int, Field(gt=0)]

    result = to_result({"stock": [{"quantity": unlocated("-3 kg")}]}, schema_for(Stock))
    assert result.value.quantity is None
    assert result.missing == ["quantity"]
    assert result.errors == ["quantity: Input should be greater than 0 (got -3)"]
