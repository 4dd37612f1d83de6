"""Decoding one row's scores, task by task, into raw results (spans, choices, labels).

Raw results keep confidences and offsets; :mod:`format` turns them into the
public output shapes.
"""

from __future__ import annotations

import torch

from gliner2_core.decoding.spans import Choice, Span, find_spans, keep_valid, select
from gliner2_core.modeling.outputs import TaskScores
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.schema.spec import ClassificationTask, EntityTask, Field, RelationTask, StructureTask

FieldValue = list[Span] | Span | list[Choice] | Choice | None
Instance = dict[str, FieldValue]


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


def _choice_value(field: Field, probs: torch.Tensor, slots: tuple[int, ...], threshold: float) -> FieldValue:
    scores = [float(probs[slot, 0]) for slot in slots]
    choices = field.choices or ()
    if field.dtype == "list":
        return [Choice(c, s) for c, s in zip(choices, scores) if s >= threshold]
    best = max(range(len(scores)), key=lambda i: scores[i])
    return Choice(choices[best], scores[best]) if scores[best] >= threshold else None


def decode_structure(task: StructureTask, scores: TaskScores, ctx: RowContext, threshold: float) -> list[Instance]:
    """One dict per predicted instance that has at least one value."""
    if scores.span_logits is None:
        return []
    probs = torch.sigmoid(scores.span_logits)  # [k, M, N, W]
    instances: list[Instance] = []
    for k in range(probs.shape[0]):
        instance: Instance = {}
        for index, field in enumerate(task.fields):
            field_threshold = _threshold(field.threshold, threshold)
            if field.choices:
                slots = ctx.row.prompt.choice_slots[(task.name, field.name)]
                instance[field.name] = _choice_value(field, probs[k, index], slots, field_threshold)
                continue
            spans = select(keep_valid(ctx.spans(probs[k, index], field_threshold), field.validators), field.dtype)
            instance[field.name] = spans if field.dtype == "list" else (spans[0] if spans else None)
        if any(v not in (None, []) for v in instance.values()):
            instances.append(instance)
    return instances


def decode_relation(task: RelationTask, scores: TaskScores, ctx: RowContext, threshold: float) -> list[tuple[Span, Span]]:
    """(head, tail) pairs, one per predicted instance that found both."""
    if scores.span_logits is None:
        return []
    probs = torch.sigmoid(scores.span_logits)  # [k, 2, N, W]
    cut = _threshold(task.threshold, threshold)
    pairs: list[tuple[Span, Span]] = []
    for k in range(probs.shape[0]):
        head = select(ctx.spans(probs[k, 0], cut), "str")
        tail = select(ctx.spans(probs[k, 1], cut), "str")
        if head and tail:
            pairs.append((head[0], tail[0]))
    return pairs


def class_probabilities(task: ClassificationTask, logits: torch.Tensor) -> torch.Tensor:
    """Label probabilities: softmax for single-label, sigmoid for multi-label (or as configured)."""
    activation = task.activation
    if activation == "auto":
        activation = "sigmoid" if task.multi_label else "softmax"
    return torch.sigmoid(logits) if activation == "sigmoid" else torch.softmax(logits, dim=-1)


def decode_classification(task: ClassificationTask, probs: torch.Tensor) -> tuple[str, float] | list[tuple[str, float]]:
    """The label (single-label) or the labels over ``cls_threshold`` (multi-label, argmax fallback)."""
    values = probs.tolist()
    best = max(range(len(values)), key=lambda i: values[i])
    if not task.multi_label:
        return task.labels[best], values[best]
    chosen = [(label, p) for label, p in zip(task.labels, values) if p >= task.cls_threshold]
    if not chosen:
        chosen = [(task.labels[best], values[best])]
    if task.top_k is not None:
        chosen = sorted(chosen, key=lambda pair: pair[1], reverse=True)[: task.top_k]
    return chosen
