"""The reference library's output dicts, from a typed :class:`Extraction`.

``{"<structure>": [{field: value}], "entities": {label: [...]}, "<task>": label,
"relation_extraction": {relation: [(head, tail)]}}``; with
``include_confidence`` / ``include_spans`` the strings become dicts carrying
``confidence`` and ``start``/``end`` (character offsets into the input text).
``dtype="str"`` fields and labels give one value or ``None``, ``"list"`` ones a
list; single-label classifications a label or ``None``, multi-label ones a list.

With entity attribute groups, every entity span is a dict carrying one key per
group that applies to its label (see :meth:`Formatter.attributed`).

Differences from the reference, on purpose: every requested key is always
present (entity labels with ``[]``, structures and relations with ``[]``), even
when the model predicts no instance, and relation results stay under the
relation's name when it has a description.

This module imports no torch: it only reads :mod:`gliner2_core.extraction`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gliner2_core.extraction import Choice, Extraction, Record, Relation, Span, Value
from gliner2_core.options import ExtractOptions
from gliner2_core.schema.spec import (
    ENTITIES_KEY,
    RELATIONS_KEY,
    SCALAR_CARDINALITIES,
    ClassificationTask,
    StructureTask,
)


class Formatter:
    """Formats typed values with the call's ``include_confidence`` / ``include_spans`` flags."""

    def __init__(self, *, include_confidence: bool = False, include_spans: bool = False) -> None:
        self.confidence = include_confidence
        self.spans = include_spans

    def span(self, span: Span) -> str | dict[str, Any]:
        if not (self.confidence or self.spans):
            return span.text
        out: dict[str, Any] = {"text": span.text}
        if self.confidence:
            out["confidence"] = span.confidence
        if self.spans:
            out["start"], out["end"] = span.start, span.end
        return out

    def choice(self, choice: Choice) -> str | dict[str, Any]:
        return {"text": choice.text, "confidence": choice.confidence} if self.confidence else choice.text

    def item(self, value: Value) -> str | dict[str, Any]:
        return self.span(value) if isinstance(value, Span) else self.choice(value)

    def values(self, values: Sequence[Value], dtype: str) -> Any:
        """A list (``dtype="list"``, repeated mentions dropped) or one value / ``None`` (``"str"``)."""
        if dtype == "list":
            return self.unique([self.item(v) for v in values])
        return self.item(values[0]) if values else None

    @staticmethod
    def unique(items: list[Any]) -> list[Any]:
        """Drop repeated mentions: same text (case-insensitive), and same offsets when given."""
        seen, out = set(), []
        for item in items:
            if isinstance(item, dict):
                key = (item["text"].lower(), item.get("start"), item.get("end"))
            else:
                key = (item.lower(), None, None)
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    def record(self, structure: StructureTask, record: Record) -> dict[str, Any]:
        """One record; a record-head record (``confidence`` set) shapes scalar cardinalities as one value
        and carries its own ``confidence`` key with ``include_confidence``, like the reference."""
        formed = record.confidence is not None
        dtypes = {
            f.name: "str" if formed and f.cardinality in SCALAR_CARDINALITIES else f.dtype for f in structure.fields
        }
        out = {name: self.values(values, dtypes[name]) for name, values in record.fields.items()}
        if formed and self.confidence:
            out["confidence"] = record.confidence
        return out

    def attributed(
        self, found: Sequence[tuple[Span, dict[str, tuple[Choice, ...]]]], dtype: str, multi: dict[str, bool]
    ) -> Any:
        """Entity spans with attribute groups, as the reference shapes them: every span is a dict
        (``text``, then ``confidence`` / ``start`` / ``end`` by the flags, then one key per group:
        ``{"label", "confidence"}``, or a list of them for a ``multi_label`` group). A list lists
        repeated mentions once, as :meth:`unique` (the first keeps its attributes); ``dtype="str"``
        gives the best one or ``None``."""
        items = []
        for span, groups in found:
            item: dict[str, Any] = {"text": span.text}
            if self.confidence:
                item["confidence"] = span.confidence
            if self.spans:
                item["start"], item["end"] = span.start, span.end
            for name, chosen in groups.items():
                labels = [{"label": c.text, "confidence": c.confidence} for c in chosen]
                item[name] = labels if multi[name] else (labels[0] if labels else None)
            items.append(item)
        if dtype == "list":
            return self.unique(items)
        return items[0] if items else None

    def relation(self, relation: Relation) -> Any:
        if not (self.confidence or self.spans):
            return (relation.head.text, relation.tail.text)
        return {"head": self.span(relation.head), "tail": self.span(relation.tail)}

    def classification(self, task: ClassificationTask, chosen: Sequence[Choice]) -> Any:
        labels = [{"label": c.text, "confidence": c.confidence} if self.confidence else c.text for c in chosen]
        if task.multi_label:
            return labels
        return labels[0] if labels else None

    def result(self, extraction: Extraction) -> dict[str, Any]:
        spec = extraction.schema
        out: dict[str, Any] = {}
        for structure in spec.structures:
            out[structure.name] = [self.record(structure, record) for record in extraction.records[structure.name]]
        if spec.entities is not None and spec.entities.attributes:
            multi = {name: group.multi_label for name, group in spec.entities.attributes}
            out[ENTITIES_KEY] = {
                e.name: self.attributed(list(extraction.attributes(e.name)), e.dtype, multi) for e in spec.entities.types
            }
        elif spec.entities is not None:
            out[ENTITIES_KEY] = {e.name: self.values(extraction.entities[e.name], e.dtype) for e in spec.entities.types}
        for task in spec.classifications:
            out[task.name] = self.classification(task, extraction.classifications[task.name])
        if spec.relations:
            out[RELATIONS_KEY] = {
                r.name: [self.relation(pair) for pair in extraction.relations[r.name]] for r in spec.relations
            }
        return out


def to_reference_dict(
    extraction: Extraction,
    options: ExtractOptions | None = None,
    *,
    include_confidence: bool | None = None,
    include_spans: bool | None = None,
) -> dict[str, Any]:
    """The reference library's dict for one :class:`Extraction` (what ``extract`` returns).

    Args:
        extraction: A result of ``GLiNER2.run``.
        options: Its options; ``include_confidence`` / ``include_spans`` are read from them.
        include_confidence: Overrides ``options.include_confidence``.
        include_spans: Overrides ``options.include_spans``.

    Returns:
        The dict, in the reference's shapes.
    """
    flags = {"include_confidence": include_confidence, "include_spans": include_spans}
    options = ExtractOptions.build(options, **{name: value for name, value in flags.items() if value is not None})
    return Formatter(include_confidence=options.include_confidence, include_spans=options.include_spans).result(extraction)


format_result = to_reference_dict
"""Former name of :func:`to_reference_dict`."""
