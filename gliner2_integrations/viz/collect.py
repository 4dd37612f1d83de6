"""Reading extraction results into :class:`~.document.ViewDocument` objects.

Three result forms are read:

* a typed :class:`gliner2_core.Extraction` (``GLiNER2.run``): every value carries
  its offsets and confidence, so every span is highlighted;
* a GLiNER2 output dict (``extract``/``batch_extract`` and their siblings, the
  reference shape) made with ``include_spans=True`` (and ``include_confidence=True``
  for scores): entities, structure fields and relation arguments become
  highlights, classifications and records become summaries;
* a Pydantic :class:`~gliner2_integrations.pydantic.ExtractionResult`: its
  ``spans`` and ``confidence`` (per field path) become highlights, its records
  and classifications summaries.

Mentions without offsets (results made without ``include_spans``) are listed in
the summaries but cannot be highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gliner2_core import SchemaError
from gliner2_integrations.viz.document import Classification, Highlight, Record, RecordField, ViewDocument, value_text

ENTITIES_KEY = "entities"
RELATIONS_KEY = "relation_extraction"
_INDEX = re.compile(r"\.\d+(?=\.|$)|^\d+\.")


def from_extraction(extraction: Any, *, title: str = "document") -> ViewDocument:
    """A view of one typed ``Extraction`` (what ``GLiNER2.run`` returns for a text).

    Entities are labelled by type, record fields by ``structure.field`` and relation
    arguments by the relation name; classifications, records and relations are summarised.

    Example:
        >>> [extraction] = model.run([text], schema)  # doctest: +SKIP
        >>> write_html([from_extraction(extraction, title="a.txt")], "page.html")  # doctest: +SKIP
    """
    highlights: list[Highlight] = []
    records: list[Record] = []
    for label, spans in extraction.entities.items():
        highlights.extend(Highlight(s.start, s.end, label, f"{ENTITIES_KEY}.{label}", s.confidence) for s in spans)
    for name, instances in extraction.records.items():
        for index, record in enumerate(instances):
            fields = []
            for field_name, values in record.fields.items():
                where = f"{name}[{index}].{field_name}"
                highlights.extend(
                    Highlight(v.start, v.end, f"{name}.{field_name}", where, v.confidence)
                    for v in values
                    if hasattr(v, "start")
                )
                shown = ", ".join(v.text for v in values) or "-"
                fields.append(RecordField(field_name, shown, min((v.confidence for v in values), default=None)))
            records.append(Record(f"{name}[{index}]", tuple(fields)))
    for name, pairs in extraction.relations.items():
        for index, pair in enumerate(pairs):
            for role, span in (("head", pair.head), ("tail", pair.tail)):
                highlights.append(Highlight(span.start, span.end, name, f"{name}[{index}].{role}", span.confidence))
            fields = (RecordField("head", pair.head.text, pair.head.confidence), RecordField("tail", pair.tail.text, pair.tail.confidence))
            records.append(Record(f"{name}[{index}]", fields))
    classifications = [
        Classification(task, choice.text, choice.confidence)
        for task, choices in extraction.classifications.items()
        for choice in choices
    ]
    return ViewDocument(title, extraction.text, tuple(highlights), tuple(classifications), tuple(records))


def from_output(text: str, output: Mapping[str, Any], *, title: str = "document") -> ViewDocument:
    """A view of one GLiNER2 output dict (made with ``include_spans=True``).

    Args:
        text: The text the output was extracted from.
        output: The output dict, in the reference shape.
        title: The document's name in the navigation.

    Raises:
        SchemaError: When ``output`` is not a dict, or a span lies outside ``text``.

    Example:
        >>> out = {"entities": {"person": [{"text": "Ada", "confidence": 0.9, "start": 0, "end": 3}]}}
        >>> from_output("Ada wrote.", out).highlights[0].label
        'person'
    """
    highlights, classifications, records = output_parts(output)
    return ViewDocument(title, text, tuple(highlights), tuple(classifications), tuple(records))


def output_parts(output: Mapping[str, Any]) -> tuple[list[Highlight], list[Classification], list[Record]]:
    """The highlights (offsets as the output gives them, unchecked), classifications and records of an output dict.

    Raises:
        SchemaError: When ``output`` is not a dict.
    """
    if not isinstance(output, Mapping):
        raise SchemaError.invalid("output", type(output).__name__, "a GLiNER2 output dict")
    highlights: list[Highlight] = []
    classifications: list[Classification] = []
    records: list[Record] = []
    for key, value in output.items():
        if key == ENTITIES_KEY and isinstance(value, Mapping):
            for label, mentions in value.items():
                highlights.extend(_mentions(mentions, str(label), f"{ENTITIES_KEY}.{label}"))
        elif key == RELATIONS_KEY and isinstance(value, Mapping):
            for relation, pairs in value.items():
                _read_records(str(relation), pairs, highlights, records, relation=True)
        elif _is_choice(value) or (isinstance(value, list) and value and all(_is_choice(v) for v in value)):
            classifications.extend(_choices(str(key), value))
        elif isinstance(value, list):
            _read_records(str(key), value, highlights, records, relation=False)
        elif isinstance(value, str):  # a single-label task's label (None: no label passed)
            classifications.append(Classification(str(key), value))
    return highlights, classifications, records


def from_result(text: str, result: Any, *, title: str = "document", record_key: str | None = None) -> ViewDocument:
    """A view of one Pydantic :class:`~gliner2_integrations.pydantic.ExtractionResult`.

    Highlights come from ``result.spans`` with ``result.confidence``; their label is the field
    path without list indices (``items.0.name`` -> ``items.name``).

    Args:
        text: The text the result was extracted from.
        result: The ``ExtractionResult``.
        title: The document's name in the navigation.
        record_key: Name of the record in the summary (default: the model's class name).
    """
    highlights = [
        Highlight(start, end, _INDEX.sub("", f".{path}").lstrip(".") or path, path, result.confidence.get(path))
        for path, pairs in result.spans.items()
        for start, end in pairs
    ]
    records = []
    for index, value in enumerate(result.values):
        name = record_key or type(value).__name__
        data = value.model_dump(mode="json")
        fields = tuple(RecordField(k, value_text(v), result.confidence.get(k)) for k, v in data.items())
        records.append(Record(f"{name}[{index}]" if len(result.values) > 1 else name, fields))
    classifications = [
        Classification(task, label)
        for task, labels in result.classifications.items()
        for label in (labels if isinstance(labels, list) else [labels])
        if label is not None
    ]
    for label, mentions in result.entities.items():
        records.append(Record(label, tuple(RecordField(str(i), m) for i, m in enumerate(mentions))))
    return ViewDocument(title, text, tuple(highlights), tuple(classifications), tuple(records))


def _is_mention(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("text"), str)


def _is_choice(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("label"), str) and "text" not in value


def _confidence(value: Mapping[str, Any]) -> float | None:
    score = value.get("confidence")
    return float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None


def _mentions(value: Any, label: str, field: str) -> Iterator[Highlight]:
    """Highlights of a mention or a list of mentions that carry offsets."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if _is_mention(item) and _is_offset(item.get("start")) and _is_offset(item.get("end")):
            yield Highlight(item["start"], item["end"], label, field, _confidence(item))


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choices(task: str, value: Any) -> Iterator[Classification]:
    for item in value if isinstance(value, list) else [value]:
        yield Classification(task, item["label"], _confidence(item))


def _read_records(
    name: str, instances: Any, highlights: list[Highlight], records: list[Record], *, relation: bool
) -> None:
    """Highlights and summaries of a structure's (or a relation's) instances."""
    if not isinstance(instances, Sequence) or isinstance(instances, str):
        return
    for index, instance in enumerate(instances):
        if not isinstance(instance, Mapping):
            continue
        fields = []
        for field_name, value in instance.items():
            where = f"{name}[{index}].{field_name}"
            label = name if relation else f"{name}.{field_name}"
            highlights.extend(_mentions(value, label, where))
            score = _confidence(value) if isinstance(value, Mapping) else None
            fields.append(RecordField(str(field_name), value_text(value), score))
        records.append(Record(f"{name}[{index}]", tuple(fields)))
