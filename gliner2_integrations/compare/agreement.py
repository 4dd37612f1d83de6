"""Field-level agreement between two extractors' records.

The metric, in full:

1. Each record is dumped to JSON-compatible data (``model_dump(mode="json")``) and
   flattened to leaf fields with dotted paths (``"address.city"``). A list is one
   leaf whose value is the sorted list of its normalised items. A missing record
   (``None``) has every field null.
2. Values are normalised: strings are Unicode-NFKC, case-folded, with runs of
   whitespace collapsed and surrounding spaces and punctuation stripped; numbers
   are compared as numbers (``1250 == 1250.0``); ``""`` and ``[]`` count as null.
3. A field agrees when both normalised values are equal (both null agrees).
4. ``agreement`` is the mean over every (text, field) pair of texts both sides
   parsed; ``filled_agreement`` is the same mean over pairs where at least one
   side has a value, so that fields neither side found do not inflate it.

It measures agreement, not accuracy: neither side is a gold label.
"""

from __future__ import annotations

import json
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

_STRIP = string.whitespace + string.punctuation


@dataclass(frozen=True)
class FieldAgreement:
    """How often two extractors agree, field by field.

    Attributes:
        agreement: Share of (text, field) pairs that agree, nulls included; ``None`` with no pairs.
        filled_agreement: Share of agreeing pairs among those where either side has a value.
        pairs: Number of (text, field) pairs compared.
        filled_pairs: Number of those pairs where either side has a value.
        texts: Number of texts compared (both sides parsed).
        per_field: Agreement per field path (nulls included).
    """

    agreement: float | None
    filled_agreement: float | None
    pairs: int
    filled_pairs: int
    texts: int
    per_field: dict[str, float] = field(default_factory=dict)


def record_data(record: BaseModel | Mapping[str, Any] | None, model_cls: type[BaseModel]) -> dict[str, Any]:
    """A record as JSON data with every top-level field present (``None`` -> all fields null)."""
    if record is None:
        return {name: None for name in model_cls.model_fields}
    data = record.model_dump(mode="json") if isinstance(record, BaseModel) else dict(record)
    return {name: data.get(name) for name in model_cls.model_fields} | data


def field_agreement(
    left: Sequence[BaseModel | Mapping[str, Any] | None],
    right: Sequence[BaseModel | Mapping[str, Any] | None],
    model_cls: type[BaseModel],
    *,
    skip: Iterable[int] = (),
) -> FieldAgreement:
    """Compare two aligned lists of records (see the module docstring for the metric).

    Args:
        left: Records of one extractor (e.g. GLiNER2), one per text.
        right: Records of the other (e.g. an LLM), aligned with ``left``.
        model_cls: The model both records follow; its fields are always compared.
        skip: Indexes of texts to leave out (e.g. the LLM's parse failures).

    Returns:
        The agreement summary.
    """
    if len(left) != len(right):
        raise ValueError(f"field_agreement: got {len(left)} and {len(right)} records; expected equal lengths")
    skipped = set(skip)
    hits: dict[str, list[bool]] = defaultdict(list)
    filled: list[bool] = []
    texts = 0
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        if index in skipped:
            continue
        texts += 1
        flat_a = flatten(record_data(a, model_cls))
        flat_b = flatten(record_data(b, model_cls))
        for path in _leaf_paths(flat_a.keys() | flat_b.keys()):
            value_a, value_b = flat_a.get(path), flat_b.get(path)
            agree = value_a == value_b
            hits[path].append(agree)
            if value_a is not None or value_b is not None:
                filled.append(agree)
    every = [agree for values in hits.values() for agree in values]
    return FieldAgreement(
        agreement=_mean(every),
        filled_agreement=_mean(filled),
        pairs=len(every),
        filled_pairs=len(filled),
        texts=texts,
        per_field={path: _mean(values) or 0.0 for path, values in sorted(hits.items())},
    )


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted leaf paths -> normalised values; nested objects recurse, lists stay one leaf."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = normalise(value)
    return flat


def normalise(value: Any) -> Any:
    """A comparable form of a JSON value; empty strings and lists become ``None``."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = " ".join(unicodedata.normalize("NFKC", value).casefold().split()).strip(_STRIP)
        return text or None
    if isinstance(value, Mapping):
        return json.dumps(flatten(value), sort_keys=True)
    if isinstance(value, (list, tuple)):
        items = [json.dumps(normalise(item), sort_keys=True) for item in value]
        return tuple(sorted(items)) or None
    return normalise(str(value))


def _leaf_paths(paths: set[str]) -> list[str]:
    # A nested object that is null on one side is the leaf "address" there and the
    # leaves "address.city", ... on the other; compare the leaves only.
    return sorted(p for p in paths if not any(other.startswith(p + ".") for other in paths))


def _mean(values: Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None
