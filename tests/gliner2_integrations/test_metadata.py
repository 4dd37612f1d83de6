"""Extraction results as document metadata: JSON-safe payloads, the flattening rule, merging."""

from __future__ import annotations

import enum
import json
from datetime import date

import pytest
from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations.metadata import flatten_metadata, merge_metadata, to_metadata
from gliner2_integrations.pydantic import ExtractionResult, partial_model, schema_for, to_result

FLAT_TYPES = (str, int, float, bool, type(None))


class Tier(str, enum.Enum):  # noqa: UP042 - the str-mixin spelling users write
    BASIC = "basic"
    PRO = "pro"


class Address(BaseModel):
    city: str | None = None


class LineItem(BaseModel):
    name: str


class Invoice(BaseModel):
    number: str
    total: float | None = None
    due: date | None = None
    tier: Tier | None = None
    tags: set[str] = set()
    billing_address: Address | None = None
    items: list[LineItem] = []


class Review(BaseModel):
    title: str | None = None


def invoice_result() -> ExtractionResult:
    value = Invoice(
        number="17",
        total=12.5,
        due=date(2024, 3, 5),
        tier=Tier.PRO,
        tags={"urgent"},
        billing_address=Address(city="Berlin"),
        items=[LineItem(name="pen"), LineItem(name="ink")],
    )
    return ExtractionResult(
        value=value,
        values=[value],
        confidence={"number": 0.91, "billing_address.city": 0.8},
        spans={"number": [(8, 10)]},
        entities={"person": ["Ada"]},
        classifications={"sentiment": "positive"},
    )


def test_json_mode_nests_a_json_serializable_record_under_the_namespace():
    metadata = to_metadata(invoice_result())
    record = metadata["gliner2"]["invoice"]
    assert record["due"] == "2024-03-05" and record["tier"] == "pro" and record["tags"] == ["urgent"]
    assert metadata["gliner2"]["sentiment"] == "positive" and metadata["gliner2"]["entities"] == {"person": ["Ada"]}
    assert json.loads(json.dumps(metadata)) == metadata


def test_flat_mode_joins_nested_keys_and_json_encodes_lists_of_records():
    metadata = to_metadata(invoice_result(), mode="flat")
    assert metadata["gliner2.invoice.billing_address.city"] == "Berlin"
    assert metadata["gliner2.invoice.tags"] == ["urgent"]  # a list of strings stays a list
    assert json.loads(metadata["gliner2.invoice.items"]) == [{"name": "pen"}, {"name": "ink"}]
    assert metadata["gliner2.entities.person"] == ["Ada"]
    assert all(isinstance(v, FLAT_TYPES) or all(isinstance(s, str) for s in v) for v in metadata.values())
    json.dumps(metadata)


def test_flat_mode_with_json_lists_holds_only_scalars():
    metadata = to_metadata(invoice_result(), mode="flat", lists="json", namespace="x", separator="_")
    assert metadata["x_invoice_tags"] == '["urgent"]'
    assert all(isinstance(value, FLAT_TYPES) for value in metadata.values())


def test_confidences_and_spans_are_stored_on_request_with_an_offset():
    metadata = to_metadata(invoice_result(), include_confidence=True, include_spans=True, span_offset=100)
    payload = metadata["gliner2"]
    assert payload["confidence"] == {"number": 0.91, "billing_address.city": 0.8}
    assert payload["spans"] == {"number": [[108, 110]]}
    flat = to_metadata(invoice_result(), mode="flat", include_spans=True)
    assert flat["gliner2.spans.number"] == "[[8, 10]]"


def test_without_namespace_the_payload_keys_are_top_level():
    assert set(to_metadata(invoice_result(), namespace=None)) == {"invoice", "sentiment", "entities"}
    assert "invoice.number" in to_metadata(invoice_result(), mode="flat", namespace=None)


def test_many_records_are_stored_as_a_list():
    result = to_result(
        {"invoice": [{"number": "1"}, {"number": "2"}]}, schema_for(Invoice), many=True, policy="partial"
    )
    metadata = to_metadata(result, many=True)
    assert [record["number"] for record in metadata["gliner2"]["invoice"]] == ["1", "2"]
    assert json.loads(to_metadata(result, mode="flat", many=True)["gliner2.invoice"])[1]["number"] == "2"


def test_a_partial_record_is_stored_under_its_model_name():
    value = partial_model(Invoice)(total=3.0)
    metadata = to_metadata(ExtractionResult(value=value, values=[value]), mode="flat")
    assert metadata["gliner2.invoice.number"] is None and metadata["gliner2.invoice.total"] == 3.0


def test_a_result_without_records_keeps_the_given_record_key():
    assert to_metadata(ExtractionResult(value=None), record_key="invoice") == {"gliner2": {"invoice": {}}}
    assert to_metadata(ExtractionResult(value=None), mode="flat") == {}


def test_raw_output_is_reduced_to_texts_and_labels_unless_evidence_is_asked_for():
    raw = {
        "entities": {"person": [{"text": "Ada", "confidence": 0.93, "start": 0, "end": 3}], "city": []},
        "intent": {"label": "travel", "confidence": 0.8},
        "relation_extraction": {"works_for": [("Ada", "Acme")]},
    }
    plain = to_metadata(raw, namespace=None)
    assert plain == {
        "entities": {"person": ["Ada"], "city": []},
        "intent": "travel",
        "relation_extraction": {"works_for": [["Ada", "Acme"]]},
    }
    detailed = to_metadata(raw, include_confidence=True, include_spans=True, span_offset=10)["gliner2"]
    assert detailed["entities"]["person"] == [{"text": "Ada", "confidence": 0.93, "start": 10, "end": 13}]
    flat = to_metadata(raw, mode="flat", lists="json")
    assert flat == {
        "gliner2.entities.person": '["Ada"]',
        "gliner2.entities.city": "[]",
        "gliner2.intent": "travel",
        "gliner2.relation_extraction.works_for": '[["Ada", "Acme"]]',
    }


def test_a_record_named_like_an_extra_task_is_rejected_naming_the_key():
    value = Review(title="Great")
    result = ExtractionResult(value=value, values=[value], classifications={"review": "positive"})
    with pytest.raises(SchemaError, match="'review'"):
        to_metadata(result)


def test_flattening_two_values_onto_one_key_is_rejected():
    with pytest.raises(SchemaError, match="'a.b'"):
        flatten_metadata({"a.b": 1, "a": {"b": 2}})


@pytest.mark.parametrize(
    ("option", "value"), [("mode", "nested"), ("lists", "join"), ("nulls", "none"), ("offsets", "page")]
)
def test_invalid_options_name_the_valid_ones(option, value):
    with pytest.raises(SchemaError, match=f"{option}: got '{value}'; expected one of"):
        to_metadata({}, **{option: value})


def test_merge_keeps_both_values_by_default_with_a_warning_and_changes_no_input(caplog):
    existing, extracted = {"tone": "mine", "id": 1}, {"tone": "model", "lang": "en"}
    assert merge_metadata(existing, extracted) == {"tone": "mine", "id": 1, "tone_2": "model", "lang": "en"}
    assert "'tone'" in caplog.text and "'tone_2'" in caplog.text
    assert merge_metadata(existing, extracted, on_conflict="keep") == {"tone": "mine", "id": 1, "lang": "en"}
    assert merge_metadata(existing, extracted, on_conflict="overwrite") == {"tone": "model", "id": 1, "lang": "en"}
    assert existing == {"tone": "mine", "id": 1} and extracted == {"tone": "model", "lang": "en"}


def test_merge_is_idempotent_when_the_same_values_are_merged_again():
    once = merge_metadata({"tone": "mine"}, {"tone": "model", "lang": "en"})
    assert merge_metadata(once, {"tone": "model", "lang": "en"}) == once
    assert merge_metadata({"a": 1}, {"a": 1}, on_conflict="error") == {"a": 1}


def test_a_free_key_skips_names_already_taken_by_other_values():
    existing = {"tone": "mine", "tone_2": "also mine"}
    assert merge_metadata(existing, {"tone": "model"}) == {**existing, "tone_3": "model"}


def test_null_values_are_left_out_of_flat_metadata_on_request():
    payload = {"person": None, "city": "Paris", "tags": []}
    assert flatten_metadata(payload, nulls="drop", lists="json") == {"city": "Paris", "tags": "[]"}
    assert flatten_metadata(payload, nulls="keep") == {"person": None, "city": "Paris", "tags": []}


def test_spans_state_what_their_offsets_count_from():
    raw = {"entities": {"person": [{"text": "Ada", "confidence": 0.9, "start": 0, "end": 3}]}}
    flat = to_metadata(raw, mode="flat", include_spans=True, span_offset=10, offsets="document")
    assert flat == {
        "gliner2.entities.person": '[{"text": "Ada", "start": 10, "end": 13}]',
        "gliner2.offsets": "document",
    }
    assert "gliner2.offsets" not in to_metadata(raw, mode="flat", offsets="document")  # no spans, no base


def test_merge_with_error_policy_names_the_colliding_keys():
    with pytest.raises(SchemaError, match=r"\['tone'\]"):
        merge_metadata({"tone": "mine"}, {"tone": "model"}, on_conflict="error")
    assert merge_metadata({"a": 1}, {"b": 2}, on_conflict="error") == {"a": 1, "b": 2}
    with pytest.raises(SchemaError, match="on_conflict"):
        merge_metadata({}, {}, on_conflict="replace")


def test_a_structure_record_with_a_field_named_text_is_not_taken_for_a_mention():
    raw = {"note": [{"text": {"text": "hello", "confidence": 0.9}, "author": {"text": "Ada", "confidence": 0.8}}]}
    assert to_metadata(raw, namespace=None) == {"note": [{"text": "hello", "author": "Ada"}]}
