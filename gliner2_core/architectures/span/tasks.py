"""Decoding one row's scores, task by task, into typed values (spans, choices, records, relations).

Values keep confidences and offsets (:mod:`gliner2_core.extraction`);
:mod:`format` turns them into the reference's dict shapes.

Classification rule: single-label tasks take the softmax over their labels,
multi-label tasks a sigmoid per label. A single-label task with *one* label
is a yes/no question: softmax over one label is always 1.0, so it is scored
with a sigmoid instead and answered only when the probability reaches
``cls_threshold`` (an explicit ``class_act="softmax"`` with one label is
refused when the schema is built).
"""

from __future__ import annotations

import torch

from gliner2_core.architectures.span.outputs import TaskScores
from gliner2_core.architectures.span.spans import find_spans, keep_valid, select
from gliner2_core.extraction import Choice, Record, Relation, Span, Value
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.schema.spec import EntityTask, Field, RelationTask, StructureTask


class RowContext:
    """Where a row's text words sit, for turning word indices into character offsets."""

    def __init__(self, row: EncodedRow, text_length: int, *, owned_only: bool) -> None:
        self.row = row
        self.prefix = row.prompt.num_prefix_words
        self.text_length = text_length
        window = row.window
        self.own = range(window.own_start, window.own_end) if owned_only else None

    def spans(self, probs: torch.Tensor, threshold: float) -> list[Span]:
        """Spans of ``probs [N, W]`` (prefix + text words) inside the text region."""
        return find_spans(
            probs[self.prefix :],
            threshold,
            self.row.words,
            first_word=self.row.window.start,
            text_length=self.text_length,
            own=self.own,
        )


def _threshold(own: float | None, default: float) -> float:
    return default if own is None else own


def decode_entities(task: EntityTask, scores: TaskScores, ctx: RowContext, threshold: float) -> dict[str, list[Span]]:
    """All candidate spans per label (before selection, which runs once per document)."""
    found: dict[str, list[Span]] = {e.name: [] for e in task.types}
    if scores.span_logits is None:
        return found
    probs = torch.sigmoid(scores.span_logits[0])  # [M, N, W]
    for index, entity in enumerate(task.types):
        spans = ctx.spans(probs[index], _threshold(entity.threshold, threshold))
        found[entity.name] = keep_valid(spans, entity.validators)
    return found


def _choice_values(field: Field, probs: torch.Tensor, slots: tuple[int, ...], threshold: float) -> tuple[Choice, ...]:
    scores = [float(probs[slot, 0]) for slot in slots]
    choices = field.choices or ()
    if field.dtype == "list":
        return tuple(Choice(c, s) for c, s in zip(choices, scores) if s >= threshold)
    best = max(range(len(scores)), key=lambda i: scores[i])
    return (Choice(choices[best], scores[best]),) if scores[best] >= threshold else ()


def decode_structure(task: StructureTask, scores: TaskScores, ctx: RowContext, threshold: float) -> list[Record]:
    """One record per predicted instance that has at least one value."""
    if scores.span_logits is None:
        return []
    probs = torch.sigmoid(scores.span_logits)  # [k, M, N, W]
    records: list[Record] = []
    for k in range(probs.shape[0]):
        fields: dict[str, tuple[Value, ...]] = {}
        for index, field in enumerate(task.fields):
            field_threshold = _threshold(field.threshold, threshold)
            if field.choices:
                slots = ctx.row.prompt.choice_slots[(task.name, field.name)]
                fields[field.name] = _choice_values(field, probs[k, index], slots, field_threshold)
                continue
            spans = keep_valid(ctx.spans(probs[k, index], field_threshold), field.validators)
            fields[field.name] = tuple(select(spans, field.dtype))
        if any(fields.values()):
            records.append(Record(fields))
    return records


def decode_relation(task: RelationTask, scores: TaskScores, ctx: RowContext, threshold: float) -> list[Relation]:
    """(head, tail) pairs, one per predicted instance that found both."""
    if scores.span_logits is None:
        return []
    probs = torch.sigmoid(scores.span_logits)  # [k, 2, N, W]
    cut = _threshold(task.threshold, threshold)
    pairs: list[Relation] = []
    for k in range(probs.shape[0]):
        head = select(ctx.spans(probs[k, 0], cut), "str")
        tail = select(ctx.spans(probs[k, 1], cut), "str")
        if head and tail:
            pairs.append(Relation(head[0], tail[0]))
    return pairs
