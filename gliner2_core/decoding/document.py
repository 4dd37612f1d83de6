"""Decoding all rows of one document (one row, or the windows of a long text) into one result.

Rows are added one at a time and their scores dropped right after, so a long
document holds only decoded candidates, never all of its logits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from gliner2_core.decoding.spans import Choice, Span, select
from gliner2_core.decoding.tasks import (
    Instance,
    RowContext,
    class_probabilities,
    decode_classification,
    decode_entities,
    decode_relation,
    decode_structure,
)
from gliner2_core.modeling.outputs import TaskScores
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.schema.spec import SchemaSpec

ClassResult = tuple[str, float] | list[tuple[str, float]] | None


@dataclass
class RawResult:
    """Decoded values of one document, before formatting.

    Attributes:
        entities: ``label -> spans`` (``list`` labels) or ``label -> span | None`` (``str`` labels).
        structures: ``name -> instances``.
        relations: ``name -> (head, tail) pairs``.
        classifications: ``name -> (label, p)``, a list of them (multi-label), or
            ``None`` / ``[]`` for an empty text.
    """

    entities: dict[str, list[Span] | Span | None] | None = None
    structures: dict[str, list[Instance]] = field(default_factory=dict)
    relations: dict[str, list[tuple[Span, Span]]] = field(default_factory=dict)
    classifications: dict[str, ClassResult] = field(default_factory=dict)


def _value_key(value) -> tuple:
    if isinstance(value, list):
        return tuple(_value_key(v) for v in value)
    if isinstance(value, Span):
        return (value.start, value.end)
    if isinstance(value, Choice):
        return (value.text,)
    return (None,)


def _unique(items: list, key) -> list:
    seen, out = set(), []
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
        spec: The schema.
        text_length: Length of the user's text.
        threshold: The call's default span threshold.
        windowed: Whether the document was split into several rows.
    """

    def __init__(self, spec: SchemaSpec, *, text_length: int, threshold: float, windowed: bool) -> None:
        self.spec = spec
        self.text_length = text_length
        self.threshold = threshold
        self.windowed = windowed
        self.candidates: dict[str, list[Span]] = {e.name: [] for e in spec.entities.types} if spec.entities else {}
        self.structures: dict[str, list[Instance]] = {s.name: [] for s in spec.structures}
        self.relations: dict[str, list[tuple[Span, Span]]] = {r.name: [] for r in spec.relations}
        # task -> window start -> (owned words, {label: logit}); label groups of one window meet here
        self.class_logits: dict[str, dict[int, tuple[float, dict[str, float]]]] = {}
        self._tasks = {("structure", s.name): s for s in spec.structures}
        self._tasks.update({("relation", r.name): r for r in spec.relations})
        self._tasks.update({("classification", c.name): c for c in spec.classifications})

    def add(self, row: EncodedRow, scores: list[TaskScores]) -> None:
        """Decode one row of this document."""
        ctx = RowContext(row, self.text_length, owned_only=self.windowed)
        for segment, task_scores in zip(row.prompt.segments, scores):
            if segment.kind == "entities":
                assert self.spec.entities is not None
                for label, spans in decode_entities(self.spec.entities, task_scores, ctx, self.threshold).items():
                    self.candidates[label].extend(spans)
                continue
            task = self._tasks[(segment.kind, segment.name)]
            if segment.kind == "structure":
                self.structures[task.name].extend(decode_structure(task, task_scores, ctx, self.threshold))
            elif segment.kind == "relation":
                self.relations[task.name].extend(decode_relation(task, task_scores, ctx, self.threshold))
            else:
                weight = float(row.window.own_end - row.window.own_start)
                windows = self.class_logits.setdefault(task.name, {})
                _, logits = windows.setdefault(row.window.start, (weight, {}))
                logits.update(zip(segment.fields, task_scores.class_logits.detach().float().cpu().tolist()))

    def finish(self) -> RawResult:
        """Select entity spans document-wide, merge windows, decide classes."""
        result = RawResult(structures=self.structures, relations=self.relations)
        if self.spec.entities is not None:
            result.entities = {}
            for entity in self.spec.entities.types:
                chosen = select(self.candidates[entity.name], entity.dtype)
                result.entities[entity.name] = chosen if entity.dtype == "list" else (chosen[0] if chosen else None)
        if self.windowed:
            for name, instances in self.structures.items():
                self.structures[name] = _unique(instances, lambda inst: tuple((k, _value_key(v)) for k, v in inst.items()))
            for name, pairs in self.relations.items():
                self.relations[name] = _unique(pairs, lambda pair: (_value_key(pair[0]), _value_key(pair[1])))
        for task in self.spec.classifications:
            windows = self.class_logits.get(task.name)
            if windows:
                parts = [
                    (class_probabilities(task, torch.tensor([logits[label] for label in task.labels])), weight)
                    for weight, logits in windows.values()
                ]
                probs = parts[0][0] if len(parts) == 1 else sum(p * w for p, w in parts) / sum(w for _, w in parts)
                result.classifications[task.name] = decode_classification(task, probs)
            else:
                result.classifications[task.name] = [] if task.multi_label else None
        return result
