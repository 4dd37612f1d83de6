"""Payloads: what :func:`gliner2_integrations.metadata.to_metadata` stores, before namespacing and flattening.

* :func:`result_payload` for an :class:`~gliner2_integrations.pydantic.ExtractionResult`;
* :func:`raw_payload` for an output in the reference library's dict shape (a schema without a
  Pydantic model: what metadata promises to store; ``to_metadata`` makes the dict of a typed
  ``Extraction`` once, through :func:`gliner2_integrations._reference.reference_dict`).

Both return JSON-compatible dicts; the rules are in the ``metadata`` module docstring.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import ExtractionResult, schema_for


def add_entry(payload: dict[str, Any], key: str, value: Any) -> None:
    """Add one top-level payload entry.

    Raises:
        SchemaError: When ``key`` is already used (a task or field named like the record or the evidence).
    """
    if key in payload:
        raise SchemaError(
            f"metadata key {key!r}: used by both the record and an extra task or the evidence; rename one "
            "(e.g. the model's structure name with model_options(name=...))"
        )
    payload[key] = value


def result_payload(
    result: ExtractionResult[Any], record_key: str | None, many: bool, confidence: bool, spans: bool, offset: int
) -> dict[str, Any]:
    """The record(s) under their structure name, extra tasks, and the evidence asked for."""
    payload: dict[str, Any] = {}
    key = _record_key(result, record_key)
    if key is not None:
        dumps = [value.model_dump(mode="json") for value in result.values]
        payload[key] = dumps if many else (dumps[0] if dumps else {})
    for task, label in result.classifications.items():
        add_entry(payload, task, label)
    if result.entities:
        add_entry(payload, "entities", dict(result.entities))
    if confidence:
        add_entry(payload, "confidence", {path: round(score, 4) for path, score in result.confidence.items()})
    if spans:
        add_entry(
            payload,
            "spans",
            {path: [[s + offset, e + offset] for s, e in pairs] for path, pairs in result.spans.items()},
        )
    return payload


def _record_key(result: ExtractionResult[Any], record_key: str | None) -> str | None:
    """The payload key of the record(s): given, else the model's structure name (``None`` when unknown)."""
    if record_key or not result.values:
        return record_key
    model = type(result.values[0])
    base = model.__mro__[1]
    if model.__name__ == f"Partial{base.__name__}":  # the partial view of an incomplete record
        model = base
    return record_key_for(model)


def record_key_for(model_cls: type[BaseModel]) -> str:
    """The payload key of a model's records: its structure name with underscores (``"support_ticket"``)."""
    return schema_for(model_cls).root.name.replace(" ", "_")


_MENTION_KEYS = frozenset({"text", "confidence", "start", "end"})
_LABEL_KEYS = frozenset({"label", "confidence"})


def raw_payload(raw: Mapping[str, Any], confidence: bool, spans: bool, offset: int) -> dict[str, Any]:
    """The raw output with each mention reduced to its text and each classification to its label.

    A mention is a dict with a string ``text`` and only ``confidence``/``start``/``end`` besides
    (a classification: ``label`` and ``confidence``); any other dict, such as a structure
    record with a field named ``text``, is kept as a dict.
    """

    def simplify(value: Any) -> Any:
        if isinstance(value, Mapping):
            for main, allowed in (("text", _MENTION_KEYS), ("label", _LABEL_KEYS)):
                if isinstance(value.get(main), str) and set(value) <= allowed:
                    kept: dict[str, Any] = {main: value[main]}
                    if confidence and "confidence" in value:
                        kept["confidence"] = round(float(value["confidence"]), 4)
                    if spans and "start" in value and "end" in value:
                        kept["start"], kept["end"] = value["start"] + offset, value["end"] + offset
                    return kept if len(kept) > 1 else value[main]
            return {str(key): simplify(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [simplify(item) for item in value]
        return value

    return {str(key): simplify(value) for key, value in raw.items()}
