"""Extraction results as document metadata (shared by the LangChain and LlamaIndex integrations).

:func:`to_metadata` turns one extraction into a metadata dict that is always
JSON-serialisable. It first builds a *payload*:

* from an :class:`~gliner2_integrations.pydantic.ExtractionResult`: the record
  under its structure name (``{"invoice": {...}}``, ``model_dump(mode="json")``;
  a list of records with ``many=True``; ``{}`` when nothing was found), each extra
  classification task as ``{task: label}``, the extra entity labels under
  ``"entities"``, and on request ``"confidence"`` (``{field path: score}``) and
  ``"spans"`` (``{field path: [[start, end], ...]}``);
* from a raw GLiNER2 output dict (a schema without a Pydantic model): the output
  itself, each mention reduced to its text (kept as ``{"text", "confidence",
  "start", "end"}`` when confidences or spans are asked for), each classification
  to its label.

``mode="json"`` stores the payload under one key, the namespace
(``{"gliner2": {...}}``; the payload's own keys when ``namespace=None``).
``mode="flat"`` produces only values vector stores accept. The flattening rule:

1. nested dicts become keys joined by ``separator``: ``gliner2.invoice.total``;
2. ``str``, ``int``, ``float``, ``bool`` and ``None`` are kept as they are;
3. a list of strings is kept as a list (``lists="keep"``: LangChain stores,
   Pinecone) or JSON-encoded (``lists="json"``: stores taking scalars only, such as
   LlamaIndex's ``node_to_metadata_dict(flat_metadata=True)``);
4. any other list (records, numbers, spans) is JSON-encoded into one string, so a
   field keeps one key whatever it holds; an empty dict adds no key.

:func:`merge_metadata` combines existing and extracted metadata (existing keys win
by default, as in LangChain's ``OpenAIMetadataTagger``).

Example:
    >>> to_metadata({"entities": {"person": ["Ada"]}, "tone": "positive"}, mode="flat")
    {'gliner2.entities.person': ['Ada'], 'gliner2.tone': 'positive'}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import ExtractionResult, schema_for

MetadataFormat = Literal["json", "flat"]
ListRule = Literal["keep", "json"]
ConflictPolicy = Literal["keep", "overwrite", "error"]
MODES: tuple[str, ...] = ("json", "flat")
LIST_RULES: tuple[str, ...] = ("keep", "json")
CONFLICT_POLICIES: tuple[str, ...] = ("keep", "overwrite", "error")
_SCALARS = (str, int, float, bool, type(None))


def to_metadata(
    extraction: ExtractionResult[Any] | Mapping[str, Any],
    *,
    mode: MetadataFormat = "json",
    namespace: str | None = "gliner2",
    record_key: str | None = None,
    many: bool = False,
    include_confidence: bool = False,
    include_spans: bool = False,
    span_offset: int = 0,
    separator: str = ".",
    lists: ListRule = "keep",
) -> dict[str, Any]:
    """Metadata for one extraction (see the module docstring for the payload and flattening rules).

    Args:
        extraction: An ``ExtractionResult`` or one raw GLiNER2 output dict.
        mode: ``"json"`` (the payload nested under ``namespace``) or ``"flat"`` (one key per value).
        namespace: Top-level key (json) or key prefix (flat); ``None`` for none.
        record_key: Payload key of the record (default: the model's structure name, ``"support_ticket"``;
            pass it so that a result without records still gets the key, holding ``{}`` or ``[]``).
        many: The result holds every record (``extract_model(..., many=True)``): store them as a list.
        include_confidence: Store confidences.
        include_spans: Store ``[start, end]`` character offsets.
        span_offset: Added to every offset (e.g. a chunk's start in its document).
        separator: Joins key parts in flat mode.
        lists: Flat mode's rule for lists of strings: ``"keep"`` or ``"json"``.

    Returns:
        A new dict that ``json.dumps`` accepts.

    Raises:
        SchemaError: On an invalid option, or when two payload entries would share a key.
    """
    _check("mode", mode, MODES)
    _check("lists", lists, LIST_RULES)
    if isinstance(extraction, ExtractionResult):
        payload = _result_payload(extraction, record_key, many, include_confidence, include_spans, span_offset)
    elif isinstance(extraction, Mapping):
        payload = _raw_payload(extraction, include_confidence, include_spans, span_offset)
    else:
        raise SchemaError.invalid("extraction", type(extraction).__name__, "an ExtractionResult or an output dict")
    if mode == "flat":
        return flatten_metadata(payload, prefix=namespace, separator=separator, lists=lists)
    return {namespace: payload} if namespace else payload


def flatten_metadata(
    payload: Mapping[str, Any], *, prefix: str | None = None, separator: str = ".", lists: ListRule = "keep"
) -> dict[str, Any]:
    """Flatten a JSON-compatible dict into vector-store metadata (rules in the module docstring).

    Raises:
        SchemaError: When two entries flatten to the same key (e.g. ``"a.b"`` and ``{"a": {"b": ...}}``).

    Example:
        >>> flatten_metadata({"invoice": {"total": 9.5, "items": [{"name": "pen"}]}}, prefix="x", lists="json")
        {'x.invoice.total': 9.5, 'x.invoice.items': '[{"name": "pen"}]'}
    """
    _check("lists", lists, LIST_RULES)
    out: dict[str, Any] = {}

    def visit(key: str | None, value: Any) -> None:
        if isinstance(value, Mapping):
            for sub_key, sub_value in value.items():
                visit(f"{key}{separator}{sub_key}" if key else str(sub_key), sub_value)
            return
        if key is None:
            raise SchemaError.invalid("payload", value, "a dict")
        if key in out:
            raise SchemaError(f"metadata key {key!r}: two extracted values flatten to it; rename one field")
        if isinstance(value, (list, tuple)):
            keep = lists == "keep" and all(isinstance(item, str) for item in value)
            out[key] = list(value) if keep else json.dumps(_jsonable(value), ensure_ascii=False)
        else:
            out[key] = value if isinstance(value, _SCALARS) else json.dumps(_jsonable(value), ensure_ascii=False)

    visit(prefix or None, payload)
    return out


def merge_metadata(
    existing: Mapping[str, Any], extracted: Mapping[str, Any], *, on_conflict: ConflictPolicy = "keep"
) -> dict[str, Any]:
    """Combine a document's metadata with extracted metadata (top-level keys; neither input is changed).

    Args:
        existing: The document's metadata.
        extracted: The new metadata (from :func:`to_metadata`).
        on_conflict: On a shared key: ``"keep"`` the existing value, ``"overwrite"`` it, or raise (``"error"``).

    Returns:
        A new dict: existing keys first, in their order, then the new ones.

    Raises:
        SchemaError: Under ``"error"`` when keys collide (naming them), or on an unknown policy.

    Example:
        >>> merge_metadata({"tone": "mine"}, {"tone": "model", "lang": "en"})
        {'tone': 'mine', 'lang': 'en'}
    """
    _check("on_conflict", on_conflict, CONFLICT_POLICIES)
    shared = [key for key in extracted if key in existing]
    if shared and on_conflict == "error":
        raise SchemaError(
            f"on_conflict='error': extracted metadata keys {shared} already exist in the document's metadata; "
            "use on_conflict='keep' or 'overwrite', or another namespace"
        )
    merged = dict(existing)
    for key, value in extracted.items():
        if key not in existing or on_conflict == "overwrite":
            merged[key] = value
    return merged


def _check(where: str, value: Any, options: tuple[str, ...]) -> None:
    if value not in options:
        raise SchemaError.invalid(where, value, options)


def _jsonable(value: Any) -> Any:
    """Tuples to lists and dict keys to strings, recursively (values are JSON types already)."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


def _add(payload: dict[str, Any], key: str, value: Any) -> None:
    if key in payload:
        raise SchemaError(
            f"metadata key {key!r}: used by both the record and an extra task or the evidence; rename one "
            "(e.g. the model's structure name with model_options(name=...))"
        )
    payload[key] = value


def _result_payload(
    result: ExtractionResult[Any], record_key: str | None, many: bool, confidence: bool, spans: bool, offset: int
) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    key = _record_key(result, record_key)
    if key is not None:
        dumps = [value.model_dump(mode="json") for value in result.values]
        payload[key] = dumps if many else (dumps[0] if dumps else {})
    for task, label in result.classifications.items():
        _add(payload, task, label)
    if result.entities:
        _add(payload, "entities", dict(result.entities))
    if confidence:
        _add(payload, "confidence", {path: round(score, 4) for path, score in result.confidence.items()})
    if spans:
        _add(
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


def _raw_payload(raw: Mapping[str, Any], confidence: bool, spans: bool, offset: int) -> dict[str, Any]:
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
