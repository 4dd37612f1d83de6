"""Training losses (the paper's objective).

* span: BCE over every valid (instance, field, start, width) cell against the gold
  spans; in training, each negative cell is dropped with probability
  ``negative_drop`` (the reference's random negative masking).
* count: cross-entropy of ``count_pred`` against the gold count (capped at 19),
  for every span task, entities included (count 1), so entity count never
  collapses to 0 at inference.
* classification: BCE of each label logit against the multi-hot gold.

All parts are summed over cells and rows, as in the reference trainer.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F

from gliner2_core.architectures.span.outputs import ModelOutput, Targets
from gliner2_core.processing.batch import Batch

NEGATIVE_DROP = 0.5


def _span_loss(
    logits: torch.Tensor, spans: Sequence[tuple[int, int, int, int]], drop_negatives: bool
) -> torch.Tensor:
    """``logits [k, M, N, W]`` (``-inf`` where invalid) and gold ``(instance, field, start, width)`` -> summed BCE."""
    gold = torch.zeros_like(logits)
    inside = [s for s in spans if s[0] < logits.shape[0] and s[2] < logits.shape[2] and s[3] < logits.shape[3]]
    if inside:
        index = torch.tensor(inside, device=logits.device).T  # [4, S]
        gold[tuple(index)] = 1.0
    valid = torch.isfinite(logits)
    keep = valid
    if drop_negatives:
        keep = valid & ((gold > 0) | (torch.rand_like(logits) >= NEGATIVE_DROP))
    safe = logits.masked_fill(~valid, 0.0)
    loss = F.binary_cross_entropy_with_logits(safe, gold, reduction="none")
    return (loss * keep).sum()


def compute_loss(
    output: ModelOutput,
    batch: Batch,
    targets: Targets,
    span_tasks: Sequence[tuple[int, int]],
    *,
    drop_negatives: bool,
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Total loss and its parts.

    Args:
        output: The forward pass's scores.
        batch: Its rows.
        targets: Gold per row and segment.
        span_tasks: ``(row, segment)`` of each row of ``output.count_logits``.
        drop_negatives: Drop each negative span cell with probability :data:`NEGATIVE_DROP`
            (the reference's negative masking; used in training mode).

    Returns:
        ``(total, {"span", "count", "classification"})``, summed over the batch.
    """
    zero = batch.input_ids.new_zeros((), dtype=torch.float)
    span, count, classification = zero, zero, zero
    for b, row_tasks in enumerate(output.tasks):
        for s, scores in enumerate(row_tasks):
            target = targets[b][s]
            if scores.span_logits is not None and target.count > 0:
                span = span + _span_loss(scores.span_logits, target.spans, drop_negatives)
            if scores.class_logits is not None and target.labels:
                gold = torch.tensor(target.labels, dtype=scores.class_logits.dtype, device=scores.class_logits.device)
                classification = classification + F.binary_cross_entropy_with_logits(
                    scores.class_logits, gold, reduction="sum"
                )
    if output.count_logits is not None and span_tasks:
        max_class = output.count_logits.shape[-1] - 1
        gold_counts = torch.tensor(
            [min(targets[b][s].count, max_class) for b, s in span_tasks], device=output.count_logits.device
        )
        count = F.cross_entropy(output.count_logits, gold_counts, reduction="sum")
    total = span + count + classification
    return total, {"span": span.detach(), "count": count.detach(), "classification": classification.detach()}
