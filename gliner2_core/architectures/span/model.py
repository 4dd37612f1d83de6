"""The GLiNER2 span model: an encoder plus span, count and classification heads.

Forward pass, for a batch of rows (text + schema prompt)::

    encoder(input_ids)                      -> hidden   [B, T, D]
    gather first subwords / markers         -> words    [B, N, D], markers [B, K, D]
    count_pred([P] of each span task)       -> counts   (argmax over 0..19)
    count_embed(field markers, count)       -> queries  [count, M, D] per task
    span_rep.project(words) + score(queries) -> logits   [count, M, N, W] per task
    classifier(label markers)               -> logits   [L] per classification task

Module and parameter names reproduce the published checkpoints' state-dict keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.count_head import COUNTING_LAYERS
from gliner2_core.architectures.span.loss import compute_loss
from gliner2_core.architectures.span.outputs import ModelOutput, Targets, TaskScores
from gliner2_core.architectures.span.span_head import SpanHead
from gliner2_core.layers import mlp
from gliner2_core.processing.batch import Batch
from gliner2_core.schema.spec import TaskKind

SegmentKey = tuple[int, int]
"""``(row, segment)``: one prompt segment of one row of the batch."""


@dataclass(frozen=True)
class MarkerSplit:
    """The flat marker embeddings of a batch, cut per task.

    Attributes:
        span_tasks: ``(row, segment)`` of every span task (structures, entities, relations), in order.
        prompts: Their ``[P]`` embeddings, ``[D]`` each.
        fields: Their field-marker embeddings, ``[M, D]`` each.
        labels: ``(row, segment, [L, D] label-marker embeddings)`` of every classification task.
    """

    span_tasks: list[SegmentKey]
    prompts: list[torch.Tensor]
    fields: list[torch.Tensor]
    labels: list[tuple[int, int, torch.Tensor]]


def _gather(hidden: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    """``hidden [B, T, D]``, ``index [B, K]`` -> ``[B, K, D]``."""
    return hidden.gather(1, index.unsqueeze(-1).expand(-1, -1, hidden.shape[-1]))


class GLiNER2Model(nn.Module):
    """Encoder and heads; see the module docstring for the data flow.

    Args:
        config: Head settings.
        encoder: A Hugging Face encoder whose output has ``last_hidden_state``.
    """

    def __init__(self, config: ModelConfig, encoder: nn.Module) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.span_rep = SpanHead(hidden, config.max_width, dropout=config.dropout)
        self.classifier = mlp(hidden, [hidden * 2], 1)
        self.count_pred = mlp(hidden, [hidden * 2], config.max_count)
        self.count_embed = COUNTING_LAYERS[config.counting_layer](hidden, config.max_count)
        # An alternative inference runtime for the encoder (e.g. ONNX Runtime); None = torch.
        self.encoder_runner: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None

    @property
    def hidden_size(self) -> int:
        return self.encoder.config.hidden_size

    def forward(self, batch: Batch, targets: Targets | None = None) -> ModelOutput:
        """Score every task of every row.

        Args:
            batch: Padded rows.
            targets: Gold per row and segment. When given, counts are teacher-forced
                and the loss is computed.

        Returns:
            Scores per row and segment, and the loss when ``targets`` is given.
        """
        if self.encoder_runner is not None and not self.training:
            hidden = self.encoder_runner(batch.input_ids, batch.attention_mask)
        else:
            hidden = self.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask).last_hidden_state
        words = _gather(hidden, batch.word_index)  # [B, N, D]
        markers = _gather(hidden, batch.marker_index)  # [B, K, D]
        tasks = [[TaskScores() for _ in row.prompt.segments] for row in batch.rows]
        split = self._split_markers(batch, markers)

        count_logits = None
        if split.span_tasks:
            count_logits = self.count_pred(torch.stack(split.prompts))  # [S, max_count]
            if targets is None:
                counts = count_logits.argmax(dim=-1).tolist()
            else:
                counts = [targets[b][s].count for b, s in split.span_tasks]
            spans = self._score_spans(batch, words, split, counts, teacher_forced=targets is not None)
            for (b, s), count in zip(split.span_tasks, counts):
                tasks[b][s].count = int(count)
                tasks[b][s].span_logits = spans.get((b, s))

        if split.labels:
            flat = torch.cat([embs for _, _, embs in split.labels])  # [sum L, D]
            logits = self.classifier(flat).squeeze(-1).split([len(e) for _, _, e in split.labels])
            for (b, s, _), task_logits in zip(split.labels, logits):
                tasks[b][s].class_logits = task_logits  # [L]

        output = ModelOutput(tasks=tasks, count_logits=count_logits)
        if targets is not None:
            output.loss, output.losses = compute_loss(
                output, batch, targets, split.span_tasks, drop_negatives=self.training
            )
        return output

    def _split_markers(self, batch: Batch, markers: torch.Tensor) -> MarkerSplit:
        """Cut the flat marker embeddings ``[B, K, D]`` into per-task pieces."""
        split = MarkerSplit([], [], [], [])
        for b, row in enumerate(batch.rows):
            offset = 0
            for s, (segment, positions) in enumerate(zip(row.prompt.segments, row.prompt.markers)):
                embs = markers[b, offset : offset + len(positions)]  # [1 + fields, D]
                offset += len(positions)
                if segment.kind is TaskKind.CLASSIFICATION:
                    split.labels.append((b, s, embs[1:]))
                else:
                    split.span_tasks.append((b, s))
                    split.prompts.append(embs[0])
                    split.fields.append(embs[1:])
        return split

    def _score_spans(
        self, batch: Batch, words: torch.Tensor, split: MarkerSplit, counts: list[int], *, teacher_forced: bool
    ) -> dict[SegmentKey, torch.Tensor]:
        """Span logits ``[count, M, n, W]`` of every span task with ``count > 0``.

        Args:
            batch: The rows.
            words: Word embeddings ``[B, N, D]``.
            split: The per-task marker embeddings.
            counts: Instances per span task (predicted, or gold when teacher-forced).
            teacher_forced: Score every gold instance of entity tasks too (at inference
                entities decode instance 0 only, and later instances never change it).

        Returns:
            ``(row, segment) -> logits``; tasks with count 0 are absent.
        """
        active: list[tuple[SegmentKey, torch.Tensor, int]] = []
        for key, fields, count in zip(split.span_tasks, split.fields, counts):
            if count > 0:
                b, s = key
                entities = batch.rows[b].prompt.segments[s].kind is TaskKind.ENTITIES
                active.append((key, fields, 1 if entities and not teacher_forced else int(count)))
        if not active:
            return {}
        queries = self.count_embed.forward_many([a[1] for a in active], [a[2] for a in active])  # [steps, M, D] each
        per_row: dict[int, list[tuple[int, torch.Tensor]]] = {}
        for ((b, s), _fields, _steps), q in zip(active, queries):
            per_row.setdefault(b, []).append((s, q))
        rows = sorted(per_row)
        starts, ends = self.span_rep.project(words[rows])  # one pass for the batch: 2 x [R, N, 4D]
        out: dict[SegmentKey, torch.Tensor] = {}
        for r, b in enumerate(rows):
            items = per_row[b]
            n = len(batch.rows[b].word_positions)
            flat = torch.cat([q.reshape(-1, q.shape[-1]) for _, q in items])  # [Q, D]
            logits = self.span_rep.score_projected(starts[r, :n], ends[r, :n], flat)  # [Q, n, W]
            offset = 0
            for s, q in items:
                size = q.shape[0] * q.shape[1]
                out[(b, s)] = logits[offset : offset + size].reshape(q.shape[0], q.shape[1], n, -1)
                offset += size
        return out
