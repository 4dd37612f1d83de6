"""Decoding all rows of one document (one row, or the windows of a long text) into one :class:`Extraction`.

Rows are added one at a time and their scores dropped right after, so a long
document holds only decoded candidates, never all of its logits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

import torch

from gliner2_core.architectures.span.outputs import TaskScores
from gliner2_core.architectures.span.spans import select
from gliner2_core.architectures.span.tasks import (
    RowContext,
    decode_entities,
    decode_relation,
    decode_structure,
)
from gliner2_core.decoding.classification import class_probabilities, decode_classification
from gliner2_core.errors import SchemaError
from gliner2_core.extraction import Choice, Extraction, Record, Relation, Span, Value
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.schema.spec import ClassificationTask, RelationTask, SchemaSpec, StructureTask, TaskKind

T = TypeVar("T")


def _value_key(value: Value) -> tuple:
    return (value.start, value.end) if isinstance(value, Span) else (value.text,)


def _record_key(record: Record) -> tuple:
    return tuple((name, tuple(_value_key(v) for v in values)) for name, values in record.fields.items())


def _relation_key(relation: Relation) -> tuple:
    return (_value_key(relation.head), _value_key(relation.tail))


def _unique(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


class DocumentDecoder:
    """Accumulates the decoded rows of one document.

    With several windows, entity spans are taken only from the window that owns
    their start word; structure instances and relation pairs are decoded per
    window and de-duplicated by offsets; class probabilities are averaged,
    weighted by the words each window owns.

    Args:
        spec: The schema (per-field thresholds already applied).
        text: The user's text.
        threshold: The call's default span threshold.
        record_threshold: The default of structure fields (``None``: ``threshold``).
        windowed: Whether the document was split into several rows.
    """

    def __init__(
        self, spec: SchemaSpec, *, text: str, threshold: float, windowed: bool, record_threshold: float | None = None
    ) -> None:
        if spec.entities is not None and spec.entities.attributes:
            raise SchemaError.invalid(
                "entity_attributes",
                [name for name, _ in spec.entities.attributes],
                "no attribute groups with a span (GLiNER2) checkpoint: gliner2-kit decodes them on GLiNER2.5 "
                "boundary checkpoints only (see docs/compatibility.md)",
            )
        self.spec = spec
        self.text = text
        self.threshold = threshold
        self.record_threshold = threshold if record_threshold is None else record_threshold
        self.windowed = windowed
        self.candidates: dict[str, list[Span]] = {e.name: [] for e in spec.entities.types} if spec.entities else {}
        self.records: dict[str, list[Record]] = {s.name: [] for s in spec.structures}
        self.relations: dict[str, list[Relation]] = {r.name: [] for r in spec.relations}
        # task -> window start -> (owned words, {label: logit}); label groups of one window meet here
        self.class_logits: dict[str, dict[int, tuple[float, dict[str, float]]]] = {}
        self._structures: dict[str, StructureTask] = {s.name: s for s in spec.structures}
        self._relations: dict[str, RelationTask] = {r.name: r for r in spec.relations}

    def add(self, row: EncodedRow, scores: list[TaskScores]) -> None:
        """Decode one row of this document (``scores[i]`` belongs to ``row.prompt.segments[i]``)."""
        ctx = RowContext(row, len(self.text), owned_only=self.windowed)
        for segment, task_scores in zip(row.prompt.segments, scores):
            if segment.kind is TaskKind.ENTITIES and self.spec.entities is not None:
                for label, spans in decode_entities(self.spec.entities, task_scores, ctx, self.threshold).items():
                    self.candidates[label].extend(spans)
            elif segment.kind is TaskKind.STRUCTURE:
                task = self._structures[segment.name]
                self.records[task.name].extend(decode_structure(task, task_scores, ctx, self.record_threshold))
            elif segment.kind is TaskKind.RELATION:
                relation = self._relations[segment.name]
                self.relations[relation.name].extend(decode_relation(relation, task_scores, ctx, self.threshold))
            elif segment.kind is TaskKind.CLASSIFICATION and task_scores.class_logits is not None:
                weight = float(row.window.own_end - row.window.own_start)
                windows = self.class_logits.setdefault(segment.name, {})
                _, logits = windows.setdefault(row.window.start, (weight, {}))
                logits.update(zip(segment.fields, task_scores.class_logits.detach().float().cpu().tolist()))

    def _classify(self, task: ClassificationTask) -> tuple[Choice, ...]:
        windows = self.class_logits.get(task.name)
        if not windows:
            return ()
        parts = [
            (class_probabilities(task, torch.tensor([logits[label] for label in task.labels])), weight)
            for weight, logits in windows.values()
        ]
        probs = parts[0][0] if len(parts) == 1 else sum(p * w for p, w in parts) / sum(w for _, w in parts)
        return decode_classification(task, probs)

    def finish(self) -> Extraction:
        """Select entity spans document-wide, merge windows, decide classes."""
        entities: dict[str, tuple[Span, ...]] = {}
        if self.spec.entities is not None:
            for entity in self.spec.entities.types:
                entities[entity.name] = tuple(select(self.candidates[entity.name], entity.dtype))
        records, relations = self.records, self.relations
        if self.windowed:
            records = {name: _unique(found, _record_key) for name, found in records.items()}
            relations = {name: _unique(pairs, _relation_key) for name, pairs in relations.items()}
        return Extraction(
            self.text,
            self.spec,
            entities=entities,
            classifications={task.name: self._classify(task) for task in self.spec.classifications},
            records={name: tuple(found) for name, found in records.items()},
            relations={name: tuple(pairs) for name, pairs in relations.items()},
        )
