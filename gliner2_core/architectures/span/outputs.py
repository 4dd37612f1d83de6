"""Typed inputs and outputs of the model's forward pass."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch


@dataclass
class TaskScores:
    """Scores of one prompt segment of one row.

    Attributes:
        count: Instances decoded (predicted, or the gold count in training).
        span_logits: ``[count, M, N, W]`` raw logits for span tasks, ``None`` otherwise or when
            ``count == 0``. ``N`` counts the row's choice-prefix words then its text words;
            spans running past the row are ``-inf``.
        class_logits: ``[L]`` raw label logits for classification tasks.
    """

    count: int = 0
    span_logits: torch.Tensor | None = None
    class_logits: torch.Tensor | None = None


@dataclass
class ModelOutput:
    """What :meth:`GLiNER2Model.forward` returns.

    Attributes:
        tasks: ``tasks[row][segment]``.
        count_logits: ``[S, max_count]``, one row per span task in (row, segment) order.
        loss: Total loss, only when targets were given.
        losses: Its parts (``span``, ``count``, ``classification``), summed over the batch.
    """

    tasks: list[list[TaskScores]]
    count_logits: torch.Tensor | None = None
    loss: torch.Tensor | None = None
    losses: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentTarget:
    """Gold for one segment of one training row.

    Attributes:
        count: Gold instance count (entities: 1).
        spans: ``(instance, field, start_word, width)`` of every gold span; ``start_word``
            counts the row's choice-prefix words first, like the model's word axis.
        labels: Multi-hot gold of a classification segment.
    """

    count: int = 0
    spans: tuple[tuple[int, int, int, int], ...] = ()
    labels: tuple[float, ...] = ()


Targets = list[list[SegmentTarget]]
"""``targets[row][segment]``, aligned with the rows' prompt segments."""
