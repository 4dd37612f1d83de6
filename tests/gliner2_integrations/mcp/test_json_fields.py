"""``extract_json`` decodes each JSON Schema property by its kind, as ``extract_model`` does for the Pydantic model."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from gliner2_integrations.mcp.json_schema import model_from_json_schema
from gliner2_integrations.mcp.server import ExtractionTools
from gliner2_integrations.pydantic import extract_model, field_options, schema_for

TEXT = (
    "Hi, this is Maria Lopez from Acme Corp. My order ORD-48213 arrived broken. "
    "I paid $249.99 on March 3, 2025. Please reply to maria.lopez@acme.com. This is urgent."
)


class Ticket(BaseModel):
    """A customer's message to a support desk."""

    customer: str | None = Field(None, description="the name of the person writing in")
    order_id: str | None = Field(None, description="the order number")
    email: str | None = Field(None, description="the customer's e-mail address")
    total: float | None = Field(None, description="the amount paid")
    paid_on: dt.date | None = Field(None, description="when the customer paid")
    urgency: Literal["low", "high"] | None = Field(None, description="how urgent it is")


def test_json_schema_types_formats_and_enums_become_typed_fields():
    schema = {
        "title": "Order",
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "price": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "gift": {"type": "boolean"},
            "day": {"type": "string", "format": "date"},
            "contact": {"type": "string", "format": "email"},
            "site": {"type": "string", "format": "uri"},
            "size": {"enum": ["S", "M", "L", None]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d+$"},
        },
    }
    name, model, keys = model_from_json_schema(schema)
    fields = model.model_fields
    assert name == "order" and keys == {key: key for key in schema["properties"]}
    assert fields["count"].annotation == int | None and fields["price"].annotation == float | None
    assert fields["gift"].annotation == bool | None and fields["day"].annotation == dt.date | None
    assert typing.get_args(fields["size"].annotation)[0] == Literal["S", "M", "L"]
    assert fields["tags"].annotation == list[str] | None
    assert fields["contact"].json_schema_extra == {"gliner2": {"kind": "email"}}
    assert fields["site"].json_schema_extra == {"gliner2": {"kind": "url"}}
    assert model(code="ABC-12").code == "ABC-12"
    with pytest.raises(ValueError, match="pattern"):
        model(code="abc")
    assert all(not f.is_required() for f in fields.values())  # a value not in the text is None, never an error


def test_properties_that_are_not_identifiers_keep_their_names_and_read_as_labels():
    _, model, keys = model_from_json_schema(
        {"type": "object", "properties": {"order-id": {"type": "string"}, "class": {"type": "string"}}}
    )
    assert sorted(keys.values()) == ["class", "order-id"]
    labels = {keys[attr]: (model.model_fields[attr].json_schema_extra or {})["gliner2"]["label"] for attr in keys}
    assert labels == {"order-id": "order-id", "class": "class"}


def test_field_options_of_a_pydantic_model_survive_its_json_schema():
    class Invoice(BaseModel):
        number: str | None = Field(None, json_schema_extra=field_options(kind="identifier", threshold=0.4))

    _, model, _ = model_from_json_schema(Invoice.model_json_schema())
    assert model.model_fields["number"].json_schema_extra == {"gliner2": {"kind": "identifier", "threshold": 0.4}}
    kinds = {field.attr: field.kind for field in schema_for(model).root.fields}
    assert kinds == {"number": "identifier"}


def test_extract_json_gives_the_values_extract_model_gives_with_offsets(bundled_model):
    tools = ExtractionTools(bundled_model)
    result = tools.extract_json(TEXT, Ticket.model_json_schema())
    expected = extract_model(bundled_model, TEXT, Ticket).value.model_dump(mode="json")
    assert result.structure == "ticket" and len(result.records) == 1
    (record,) = result.records
    assert {key: [v.value for v in values] or None for key, values in record.items()} == {
        key: None if value is None else [value] for key, value in expected.items()
    }
    for values in record.values():
        for value in values:
            if value.start is not None:
                assert TEXT[value.start : value.end] == value.text
            assert 0.0 <= value.confidence <= 1.0
    assert [v.value for v in record["email"]] == ["maria.lopez@acme.com"]
    assert all("@" not in str(v.value) for v in record["order_id"])  # an e-mail never fills an identifier
    assert all(isinstance(v.value, float) for v in record["total"])


def test_extract_json_finds_nothing_in_an_unrelated_text_without_inventing_a_record(bundled_model):
    result = ExtractionTools(bundled_model).extract_json(
        "Nice weather.", {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}
    )
    assert result.records == []
