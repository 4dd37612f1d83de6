"""The one edge between reference-style output dicts and typed :class:`~gliner2_core.Extraction` objects.

Every integration reads ``Extraction`` objects only. Dicts in the reference
library's shapes cross this module, in either direction, and nowhere else:

* in: :func:`run_reference` runs an extractor that has no ``GLiNER2.run`` (the
  reference library's model: only ``batch_extract``, returning dicts) and
  :func:`as_extraction` reads a dict a user hands to ``to_result``; both go
  through :func:`from_reference`, which gives a :class:`ReferenceExtraction`;
* out: :func:`reference_dict` makes the dict that an edge promises its users
  (``ExtractionResult.raw``, LangChain's ``include_raw``, reference-shaped
  document metadata, the MCP ``extract`` tool's ``output``, Ray's JSON column),
  once per text.

A dict may lack evidence the typed objects normally carry: without confidences
a value's ``confidence`` is ``None``, without offsets an entity span's ``start``
and ``end`` are ``None`` (and a record value without offsets is a
:class:`~gliner2_core.extraction.Choice`), and a dict read without its text has
``text=None``. The Pydantic mapping treats ``None`` as "not known" (a value
without a confidence is accepted, one without offsets has no span). Entity
attribute groups are not read from dicts.

Importing this module does not import torch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gliner2_core import SchemaError
from gliner2_core.decoding.format import to_reference_dict
from gliner2_core.extraction import Choice, Extraction, Record, Relation, Span, Value
from gliner2_core.options import ExtractOptions
from gliner2_core.schema.spec import ENTITIES_KEY, RELATIONS_KEY, SchemaSpec

FULL = ExtractOptions(include_confidence=True, include_spans=True)
"""The reference dicts the integrations promise: every value with its confidence and offsets."""

_RECORD_CONFIDENCE = "confidence"


@dataclass(frozen=True)
class ReferenceExtraction(Extraction):
    """An :class:`Extraction` read from a reference-style dict; ``reference`` is that dict, as given.

    It reads like any extraction; only the edges look at ``reference``: :func:`reference_dict`
    returns it unchanged, and :func:`native` gives ``None`` for it (the result of an
    extractor that only returns dicts has no typed extraction of its own).
    """

    reference: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def from_reference(output: Mapping[str, Any], spec: SchemaSpec, text: str | None) -> ReferenceExtraction:
    """The typed form of one reference-style output dict for ``spec`` (see the module docstring).

    Args:
        output: ``extract``/``batch_extract``'s dict for one text (best with ``include_confidence``
            and ``include_spans``; plain dicts work too).
        spec: The schema it was extracted with.
        text: The text it was extracted from (``None`` when unknown).

    Raises:
        SchemaError: When ``output`` is not a dict.
    """
    if not isinstance(output, Mapping):
        raise SchemaError.invalid("output", type(output).__name__, "an Extraction or a reference-style output dict")
    structures = {s.name: s for s in spec.structures}
    entities = output.get(ENTITIES_KEY)
    return ReferenceExtraction(
        text,  # type: ignore[arg-type] - None: a dict given without its text
        spec,
        entities={str(k): tuple(_span(f) for f in _items(v)) for k, v in _mapping(entities).items()},
        classifications={
            str(key): tuple(_choice_items(value))
            for key, value in output.items()
            if key not in (ENTITIES_KEY, RELATIONS_KEY) and key not in structures
        },
        records={
            name: tuple(
                _record(instance, {f.name for f in structure.fields})
                for instance in _sequence(output.get(name))
                if isinstance(instance, Mapping)
            )
            for name, structure in structures.items()
            if name in output
        },
        relations={
            str(name): tuple(pair for pair in map(_relation, _sequence(pairs)) if pair is not None)
            for name, pairs in _mapping(output.get(RELATIONS_KEY)).items()
        },
        reference=output,
    )


def as_extraction(output: Extraction | Mapping[str, Any], spec: SchemaSpec, text: str | None) -> Extraction:
    """``output`` itself when it is an :class:`Extraction`, else :func:`from_reference` of it."""
    return output if isinstance(output, Extraction) else from_reference(output, spec, text)


def run_reference(model: Any, texts: list[str], spec: SchemaSpec, options: ExtractOptions) -> list[Extraction]:
    """One batched ``batch_extract`` call of an extractor without ``run``, read into typed extractions.

    The extractor gets the reference keyword arguments: ``threshold`` and ``batch_size`` from
    ``options``, and ``include_confidence=True``, ``include_spans=True`` so that nothing is lost.
    """
    outputs = model.batch_extract(
        texts,
        spec,
        include_confidence=True,
        include_spans=True,
        threshold=options.threshold,
        batch_size=options.batch_size,
    )
    return [from_reference(output, spec, text) for output, text in zip(outputs, texts, strict=True)]


def reference_dict(extraction: Extraction, options: ExtractOptions | None = None) -> dict[str, Any]:
    """The reference library's dict for ``extraction``, for an edge that promises one.

    Args:
        extraction: A typed extraction.
        options: Whose ``include_confidence`` / ``include_spans`` shape the dict (default:
            :data:`FULL`). A :class:`ReferenceExtraction` gives back its own dict, as its
            extractor answered (formatting cannot add evidence the dict lacked).
    """
    if isinstance(extraction, ReferenceExtraction):
        return dict(extraction.reference)
    return to_reference_dict(extraction, options if options is not None else FULL)


def native(extraction: Extraction | None) -> Extraction | None:
    """``extraction`` when ``GLiNER2.run`` made it; ``None`` for one read from a dict (or ``None``)."""
    return None if isinstance(extraction, ReferenceExtraction) else extraction


# -- reading dict values --------------------------------------------------------------


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: Any) -> Sequence[Any]:
    return value if isinstance(value, (list, tuple)) else ()


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _items(value: Any) -> list[tuple[str, float | None, int | None, int | None]]:
    """Values of a field or entity label: ``None``, a string, a ``{"text", "confidence"?, "start"?,
    "end"?}`` dict, or a list of them, as ``(text, confidence, start, end)``."""
    if value is None:
        return []
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            found.append((item, None, None, None))
        elif isinstance(item, Mapping):
            start, end = item.get("start"), item.get("end")
            located = start is not None and end is not None
            found.append(
                (
                    str(item.get("text", "")),
                    _number(item.get("confidence")),
                    int(start) if located else None,
                    int(end) if located else None,
                )
            )
    return found


def _span(item: tuple[str, float | None, int | None, int | None]) -> Span:
    return Span(*item)  # type: ignore[arg-type] - None: evidence the dict did not carry


def _value(item: tuple[str, float | None, int | None, int | None]) -> Value:
    text, confidence, start, _ = item
    return _span(item) if start is not None else Choice(text, confidence)  # type: ignore[arg-type]


def _choice_items(value: Any) -> list[Choice]:
    """A classification result: ``{"label", "confidence"?}``, a label, or a list of them."""
    found: list[Choice] = []
    for result in value if isinstance(value, list) else [value]:
        if isinstance(result, str):
            found.append(Choice(result, None))  # type: ignore[arg-type]
        elif isinstance(result, Mapping) and "label" in result:
            found.append(Choice(str(result["label"]), _number(result.get("confidence"))))  # type: ignore[arg-type]
    return found


def _record(instance: Mapping[Any, Any], fields: set[str]) -> Record:
    """One record; a number under ``"confidence"`` (not a field) is the record head's own confidence."""
    own = instance.get(_RECORD_CONFIDENCE)
    scored = _RECORD_CONFIDENCE not in fields and isinstance(own, (int, float)) and not isinstance(own, bool)
    return Record(
        {
            str(name): tuple(_value(item) for item in _items(value))
            for name, value in instance.items()
            if not (scored and name == _RECORD_CONFIDENCE)
        },
        float(own) if scored else None,
    )


def _relation(pair: Any) -> Relation | None:
    """A ``(head, tail)`` pair or a ``{"head", "tail"}`` dict (``None`` when neither)."""
    if isinstance(pair, Mapping):
        pair = (pair.get("head"), pair.get("tail"))
    if not isinstance(pair, (list, tuple)) or len(pair) != 2:
        return None
    head, tail = (_items(side) for side in pair)
    return Relation(_span(head[0]), _span(tail[0])) if len(head) == 1 and len(tail) == 1 else None
