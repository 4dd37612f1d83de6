"""Entity attribute groups on boundary checkpoints: scoring attribute labels at the entity spans.

Attribute labels are queries of the entity segment that are never decoded as
spans of their own (:mod:`gliner2_core.schema.attributes`). Once a row's entity
spans are known, every attribute query scores every one of those spans with the
checkpoint's explicit-span scorer (the choice options' scorer: the proposal
compatibility prior and the pair reranker, or, with a shared pool, the spans
joining the pool), as the reference does. Per span and group: a single-label
group keeps the label of highest softmax probability over the group's logits,
a ``multi_label`` group every label whose sigmoid reaches the group's
threshold, in label order.
"""

from __future__ import annotations

import torch

from gliner2_core.architectures.boundary.model import BoundaryModel, BoundaryOutput
from gliner2_core.extraction import Choice
from gliner2_core.processing.batch import Batch
from gliner2_core.schema.spec import TaskKind

SpanAttributes = dict[str, tuple[Choice, ...]]
"""``group name -> chosen labels`` of one span (single-label groups: exactly one)."""


def attribute_columns(batch: Batch, output: BoundaryOutput, b: int) -> list[tuple[str, int]]:
    """``(label, query column)`` of row ``b``'s attribute labels: groups in order, labels in group order."""
    row = batch.rows[b]
    entities = row.prompt.spec.entities
    if entities is None or not entities.attributes:
        return []
    segment = next(s for s, seg in enumerate(row.prompt.segments) if seg.kind == TaskKind.ENTITIES)
    fields = row.prompt.segments[segment].fields
    column = {fields[q.field]: q.column for q in output.queries if q.row == b and q.segment == segment}
    return [
        (label, column[group.prompt_label(name, label)])
        for name, group in entities.attributes
        for label in group.labels
        if group.prompt_label(name, label) in column
    ]


def score_attributes(
    model: BoundaryModel, batch: Batch, output: BoundaryOutput, b: int, spans: list[tuple[int, int]]
) -> dict[tuple[int, int], SpanAttributes]:
    """Every group's attributes of each span of row ``b`` (spans in row word coordinates, de-duplicated, in order).

    All spans are scored in one call, in the given order: with a shared pool they join
    the pool together, so the order and the set are those the reference scores (the
    entity labels' retained spans, label by label).
    """
    columns = attribute_columns(batch, output, b)
    if not columns or not spans:
        return {}
    device = output.words.device
    query_ids = torch.tensor([column for _, column in columns], device=device)
    pairs = torch.tensor(spans, device=device).view(1, 1, len(spans), 2).expand(1, len(columns), len(spans), 2)
    words = output.words[b : b + 1]
    mask = torch.arange(words.shape[1], device=device).unsqueeze(0) < output.word_counts[b]
    logits = model.boundary_head.score_spans(
        words,
        mask,
        output.query_states[b : b + 1].index_select(1, query_ids),
        torch.ones(1, len(columns), dtype=torch.bool, device=device),
        pairs,
    )[0]
    logits = (logits / model.config.head.pair_temperature).float().cpu()  # [labels, spans]
    row_of = {label: index for index, (label, _) in enumerate(columns)}
    groups = batch.rows[b].prompt.spec.entities.attributes
    out: dict[tuple[int, int], SpanAttributes] = {span: {} for span in spans}
    for name, group in groups:
        labels = [label for label in group.labels if label in row_of]
        if not labels:
            continue
        values = logits[[row_of[label] for label in labels]]  # [group labels, spans]
        if group.multi_label:
            probs = torch.sigmoid(values).tolist()
            for s, span in enumerate(spans):
                out[span][name] = tuple(
                    Choice(label, probs[i][s]) for i, label in enumerate(labels) if probs[i][s] >= group.threshold
                )
        else:
            probs = torch.softmax(values, dim=0)
            best = probs.argmax(dim=0).tolist()  # the first of equal maxima
            for s, span in enumerate(spans):
                out[span][name] = (Choice(labels[best[s]], float(probs[best[s], s])),)
    return out
