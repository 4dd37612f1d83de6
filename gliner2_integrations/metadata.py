"""Extraction results as document metadata (shared by the LangChain and LlamaIndex integrations).

:func:`to_metadata` turns one extraction into a metadata dict that is always
JSON-serialisable. It first builds a *payload*:

* from an :class:`~gliner2_integrations.pydantic.ExtractionResult`: the record
  under its structure name (``{"invoice": {...}}``, ``model_dump(mode="json")``;
  a list of records with ``many=True``; ``{}`` when nothing was found), each extra
  classification task as ``{task: label}``, the extra entity labels under
  ``"entities"``, and on request ``"confidence"`` (``{field path: score}``),
  ``"spans"`` (``{field path: [[start, end], ...]}``) and ``"offsets"`` (what the
  spans count from: ``"document"`` or ``"chunk"``);
* from a typed :class:`~gliner2_core.Extraction` (a schema without a Pydantic model)
  or a raw GLiNER2 output dict: the output in the reference library's shape
  (made once, here), each mention reduced to its text (kept as ``{"text", "confidence",
  "start", "end"}`` when confidences or spans are asked for), each classification
  to its label.

``mode="json"`` stores the payload under one key, the namespace
(``{"gliner2": {...}}``; the payload's own keys when ``namespace=None``).
``mode="flat"`` produces only values vector stores accept. The flattening rule:

1. nested dicts become keys joined by ``separator``: ``gliner2.invoice.total``;
2. ``str``, ``int``, ``float`` and ``bool`` are kept as they are; ``None`` is kept
   (``nulls="keep"``: Qdrant, LlamaIndex's simple store) or the key is left out
   (``nulls="drop"``: Chroma and LangChain's ``filter_complex_metadata`` reject ``None``);
3. a list of strings is kept as a list (``lists="keep"``: Qdrant, Pinecone) or
   JSON-encoded (``lists="json"``: stores taking scalars only, such as Chroma or
   LlamaIndex's ``node_to_metadata_dict(flat_metadata=True)``);
4. any other list (records, numbers, spans) is JSON-encoded into one string, so a
   field keeps one key whatever it holds; an empty dict adds no key.

The integrations' default, the *vector-store-safe* layout, is ``mode="flat"``,
``lists="json"``, ``nulls="drop"``: every value is a ``str``, ``int``, ``float`` or ``bool``.

:func:`merge_metadata` combines existing and extracted metadata without destroying
either by default (``on_conflict="keep_both"``: the document keeps its value and the
extracted one goes under a free key such as ``gliner2_2``, with a warning).

Example:
    >>> to_metadata({"entities": {"person": ["Ada"]}, "tone": "positive"}, mode="flat")
    {'gliner2.entities.person': ['Ada'], 'gliner2.tone': 'positive'}
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any, Literal

from gliner2_core import SchemaError
from gliner2_core.extraction import Extraction
from gliner2_integrations._payload import add_entry, raw_payload, record_key_for, result_payload
from gliner2_integrations._reference import reference_dict
from gliner2_integrations.pydantic import ExtractionResult

__all__ = [
    "CONFLICT_POLICIES",
    "LIST_RULES",
    "MODES",
    "NULL_RULES",
    "OFFSET_BASES",
    "flatten_metadata",
    "merge_metadata",
    "plan_merge",
    "record_key_for",
    "to_metadata",
]

logger = logging.getLogger(__name__)

MetadataFormat = Literal["json", "flat"]
ListRule = Literal["keep", "json"]
NullRule = Literal["keep", "drop"]
OffsetBase = Literal["document", "chunk"]
ConflictPolicy = Literal["keep_both", "keep", "overwrite", "error"]
MODES: tuple[str, ...] = ("json", "flat")
LIST_RULES: tuple[str, ...] = ("keep", "json")
NULL_RULES: tuple[str, ...] = ("keep", "drop")
OFFSET_BASES: tuple[str, ...] = ("document", "chunk")
CONFLICT_POLICIES: tuple[str, ...] = ("keep_both", "keep", "overwrite", "error")
_SCALARS = (str, int, float, bool, type(None))


def to_metadata(
    extraction: ExtractionResult[Any] | Extraction | Mapping[str, Any],
    *,
    mode: MetadataFormat = "json",
    namespace: str | None = "gliner2",
    record_key: str | None = None,
    many: bool = False,
    include_confidence: bool = False,
    include_spans: bool = False,
    span_offset: int = 0,
    offsets: OffsetBase | None = None,
    separator: str = ".",
    lists: ListRule = "keep",
    nulls: NullRule = "keep",
) -> dict[str, Any]:
    """Metadata for one extraction (see the module docstring for the payload and flattening rules).

    Args:
        extraction: An ``ExtractionResult``, a typed ``Extraction`` (``GLiNER2.run``'s) or one raw GLiNER2 output dict.
        mode: ``"json"`` (the payload nested under ``namespace``) or ``"flat"`` (one key per value).
        namespace: Top-level key (json) or key prefix (flat); ``None`` for none.
        record_key: Payload key of the record (default: the model's structure name, ``"support_ticket"``;
            pass it so that a result without records still gets the key, holding ``{}`` or ``[]``).
        many: The result holds every record (``extract_model(..., many=True)``): store them as a list.
        include_confidence: Store confidences.
        include_spans: Store ``[start, end]`` character offsets.
        span_offset: Added to every offset (e.g. a chunk's start in its document).
        offsets: With ``include_spans``, store what the offsets count from under ``"offsets"``
            (``"document"`` or ``"chunk"``); ``None`` stores nothing.
        separator: Joins key parts in flat mode.
        lists: Flat mode's rule for lists of strings: ``"keep"`` or ``"json"``.
        nulls: Flat mode's rule for ``None``: ``"keep"`` the key or ``"drop"`` it.

    Returns:
        A new dict that ``json.dumps`` accepts.

    Raises:
        SchemaError: On an invalid option, or when two payload entries would share a key.
    """
    _check("mode", mode, MODES)
    _check("lists", lists, LIST_RULES)
    _check("nulls", nulls, NULL_RULES)
    if offsets is not None:
        _check("offsets", offsets, OFFSET_BASES)
    if isinstance(extraction, ExtractionResult):
        payload = result_payload(extraction, record_key, many, include_confidence, include_spans, span_offset)
    elif isinstance(extraction, (Extraction, Mapping)):
        raw = reference_dict(extraction) if isinstance(extraction, Extraction) else extraction
        payload = raw_payload(raw, include_confidence, include_spans, span_offset)
    else:
        raise SchemaError.invalid(
            "extraction", type(extraction).__name__, "an ExtractionResult, an Extraction or an output dict"
        )
    if include_spans and offsets is not None:
        add_entry(payload, "offsets", offsets)
    if mode == "flat":
        return flatten_metadata(payload, prefix=namespace, separator=separator, lists=lists, nulls=nulls)
    return {namespace: payload} if namespace else payload


def flatten_metadata(
    payload: Mapping[str, Any],
    *,
    prefix: str | None = None,
    separator: str = ".",
    lists: ListRule = "keep",
    nulls: NullRule = "keep",
) -> dict[str, Any]:
    """Flatten a JSON-compatible dict into vector-store metadata (rules in the module docstring).

    Raises:
        SchemaError: When two entries flatten to the same key (e.g. ``"a.b"`` and ``{"a": {"b": ...}}``).

    Example:
        >>> flatten_metadata({"invoice": {"total": 9.5, "items": [{"name": "pen"}]}}, prefix="x", lists="json")
        {'x.invoice.total': 9.5, 'x.invoice.items': '[{"name": "pen"}]'}
    """
    _check("lists", lists, LIST_RULES)
    _check("nulls", nulls, NULL_RULES)
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
        if value is None and nulls == "drop":
            return
        if isinstance(value, (list, tuple)):
            keep = lists == "keep" and all(isinstance(item, str) for item in value)
            out[key] = list(value) if keep else json.dumps(_jsonable(value), ensure_ascii=False)
        else:
            out[key] = value if isinstance(value, _SCALARS) else json.dumps(_jsonable(value), ensure_ascii=False)

    visit(prefix or None, payload)
    return out


def merge_metadata(
    existing: Mapping[str, Any], extracted: Mapping[str, Any], *, on_conflict: ConflictPolicy = "keep_both"
) -> dict[str, Any]:
    """Combine a document's metadata with extracted metadata (top-level keys; neither input is changed).

    Args:
        existing: The document's metadata.
        extracted: The new metadata (from :func:`to_metadata`).
        on_conflict: See :func:`plan_merge`.

    Returns:
        A new dict: existing keys first, in their order, then the new ones.

    Raises:
        SchemaError: Under ``"error"`` when keys collide (naming them), or on an unknown policy.

    Example:
        >>> merge_metadata({"tone": "mine"}, {"tone": "model", "lang": "en"})
        {'tone': 'mine', 'tone_2': 'model', 'lang': 'en'}
    """
    return {**existing, **plan_merge(existing, extracted, on_conflict=on_conflict)}


def plan_merge(
    existing: Mapping[str, Any], extracted: Mapping[str, Any], *, on_conflict: ConflictPolicy = "keep_both"
) -> dict[str, Any]:
    """The entries to write into ``existing`` so that ``extracted`` is added (nothing is changed here).

    A key whose existing value equals the extracted one is no conflict (re-tagging is
    idempotent). On a real conflict:

    * ``"keep_both"`` (default): the document keeps its value; the extracted one goes under the
      first free key ``<key>_2``, ``<key>_3``, ... (or the one already holding the same value),
      and a warning names both keys;
    * ``"keep"``: the document keeps its value; the extracted one is discarded, with a warning;
    * ``"overwrite"``: the extracted value replaces the document's (only when asked);
    * ``"error"``: raise, naming the keys.

    Returns:
        ``{key: value}`` to write, in ``extracted``'s order.

    Raises:
        SchemaError: Under ``"error"`` when keys collide, or on an unknown policy.
    """
    _check("on_conflict", on_conflict, CONFLICT_POLICIES)
    shared = [key for key in extracted if key in existing and not _same(existing[key], extracted[key])]
    if shared and on_conflict == "error":
        raise SchemaError(
            f"on_conflict='error': extracted metadata keys {shared} already exist in the document's metadata "
            "with other values; use on_conflict='keep_both', 'keep' or 'overwrite', or another namespace"
        )
    writes: dict[str, Any] = {}
    for key, value in extracted.items():
        if key not in shared:
            writes[key] = value
        elif on_conflict == "overwrite":
            logger.info("metadata key %r: the extracted value replaces the document's (on_conflict='overwrite')", key)
            writes[key] = value
        elif on_conflict == "keep":
            logger.warning("metadata key %r: the document's value is kept, the extracted one is discarded", key)
        else:
            free = _free_key(key, value, existing, extracted, writes)
            logger.warning("metadata key %r is the document's own; the extracted value is stored under %r", key, free)
            writes[free] = value
    return writes


def _free_key(
    key: str, value: Any, existing: Mapping[str, Any], extracted: Mapping[str, Any], writes: Mapping[str, Any]
) -> str:
    """``<key>_N`` for the first N >= 2 that is unused, or that already holds ``value`` (a re-run)."""
    number = 2
    while True:
        candidate = f"{key}_{number}"
        taken = candidate in extracted or candidate in writes
        if not taken and (candidate not in existing or _same(existing[candidate], value)):
            return candidate
        number += 1


def _same(first: Any, second: Any) -> bool:
    """``first == second``, False when the comparison fails or is not a plain bool (e.g. arrays)."""
    try:
        return bool(first == second) if type(first) is type(second) else False
    except Exception:  # noqa: BLE001 - user metadata may hold anything
        return False


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
