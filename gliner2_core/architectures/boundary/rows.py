"""From a batch's boundary scores to plain per-row results (no tensors kept).

For every row: the candidates of each entity label / structure field above its
threshold, the scores of choice options, the scored relation pairs, and the
classification logits. Coordinates are word boundaries of the row (choice-prefix
words first); :mod:`document` turns them into character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from gliner2_core.architectures.boundary.attributes import SpanAttributes
from gliner2_core.architectures.boundary.layers import MASK_LOGIT
from gliner2_core.architectures.boundary.model import BoundaryModel, BoundaryOutput, Query
from gliner2_core.architectures.boundary.record_decoding import ScoredRecord
from gliner2_core.architectures.boundary.record_rows import score_records
from gliner2_core.architectures.boundary.relations import propose_pairs
from gliner2_core.processing.batch import Batch
from gliner2_core.schema.spec import SchemaSpec, TaskKind

Candidate = tuple[float, int, int]
ScoredPair = tuple[float, tuple[int, int], tuple[int, int], float, float]


@dataclass
class RowScores:
    """Decoded scores of one row.

    Attributes:
        mentions: ``(segment, field) -> [(p, start, end)]`` in candidate order (entities and structure fields).
        choices: ``(segment, field) -> [(choice, p)]`` for choice fields, in option order.
        relations: ``segment -> [(p, head, tail, head p, tail p)]`` in proposal order.
        class_logits: ``segment -> logits`` of a classification task, in label order.
        records: ``segment -> records`` of a structure with a record ``mode`` (record-head checkpoints).
        attributes: ``(start, end) -> {group: labels}`` of the entity spans, when the schema has
            entity attribute groups (filled by :func:`~gliner2_core.architectures.boundary.attributes.score_attributes`).
    """

    mentions: dict[tuple[int, int], list[Candidate]] = field(default_factory=dict)
    choices: dict[tuple[int, int], list[tuple[str, float]]] = field(default_factory=dict)
    relations: dict[int, list[ScoredPair]] = field(default_factory=dict)
    class_logits: dict[int, list[float]] = field(default_factory=dict)
    records: dict[int, list[ScoredRecord]] = field(default_factory=dict)
    attributes: dict[tuple[int, int], SpanAttributes] = field(default_factory=dict)


def _own(value: float | None, default: float) -> float:
    return default if value is None else value


def query_threshold(spec: SchemaSpec, kind: str, task: str, name: str, default: float) -> float:
    """The threshold of an entity label or structure field (its own, else the call's)."""
    if kind == TaskKind.ENTITIES and spec.entities is not None:
        return _own(next(t for t in spec.entities.types if t.name == name).threshold, default)
    if kind == TaskKind.STRUCTURE:
        structure = next(s for s in spec.structures if s.name == task)
        return _own(next(f for f in structure.fields if f.name == name).threshold, default)
    return default


def counted(probs: torch.Tensor, eligible: torch.Tensor, count_log_rates: torch.Tensor) -> torch.Tensor:
    """``adaptive_threshold``: each query's ``round(exp(count))`` most probable eligible candidates, ``[B, Q, C]``.

    Joined to the threshold's hits, so the count head only adds mentions a threshold missed.
    """
    count = torch.exp(count_log_rates).round().long().clamp(min=0, max=probs.shape[-1])  # [B, Q]
    order = torch.argsort(probs.masked_fill(~eligible, MASK_LOGIT), dim=-1, descending=True, stable=True)
    rank = torch.argsort(order, dim=-1)
    return eligible & (rank < count.unsqueeze(-1))


def _choice_field(spec: SchemaSpec, task: str, name: str):
    structure = next(s for s in spec.structures if s.name == task)
    found = next(f for f in structure.fields if f.name == name)
    return found if found.choices else None


class RowScorer:
    """Turns one batch's :class:`BoundaryOutput` into :class:`RowScores` per row.

    Args:
        model: The boundary model (choice options and relation pairs are scored here).
        threshold: The call's default threshold.
    """

    def __init__(self, model: BoundaryModel, threshold: float) -> None:
        self.model = model
        self.settings = model.config.head
        self.threshold = threshold

    def __call__(self, batch: Batch, output: BoundaryOutput) -> list[RowScores]:
        rows = [RowScores() for _ in batch.rows]
        for (b, s), logits in output.class_logits.items():
            rows[b].class_logits[s] = logits.float().cpu().tolist()
        if output.candidates is not None:
            self._mentions(batch, output, rows)
            self._relations(batch, output, rows)
            self._records(batch, output, rows)
        return rows

    def _mentions(self, batch: Batch, output: BoundaryOutput, rows: list[RowScores]) -> None:
        cand = output.candidates
        probs = torch.sigmoid(cand.logits / self.settings.pair_temperature)  # [B, Q, C]
        cut = torch.full(probs.shape[:2], 2.0, device=probs.device)  # 2.0: the query is not decoded as spans
        null = torch.sigmoid(cand.null_logits) if cand.null_logits is not None else None
        spans: list[Query] = []
        for query in output.queries:
            row = batch.rows[query.row]
            segment = row.prompt.segments[query.segment]
            name = segment.fields[query.field]
            if segment.kind == TaskKind.STRUCTURE and _choice_field(row.prompt.spec, segment.name, name) is not None:
                self._choices(batch, output, query, rows)
                continue
            if segment.kind not in (TaskKind.ENTITIES, TaskKind.STRUCTURE):
                continue
            if segment.kind == TaskKind.ENTITIES and query.field >= len(row.prompt.spec.entities.types):
                continue  # an attribute label: scored at the entity spans, never decoded as spans
            spans.append(query)
            rows[query.row].mentions[(query.segment, query.field)] = []
            abstains = (
                segment.kind == TaskKind.ENTITIES
                and null is not None
                and bool(null[query.row, query.column] > self.settings.abstention_threshold)
            )
            if not abstains:
                cut[query.row, query.column] = query_threshold(
                    row.prompt.spec, segment.kind, segment.name, name, self.threshold
                )
        keep = cand.valid & (probs >= cut.unsqueeze(-1))
        if self.settings.adaptive_threshold and cand.count_log_rates is not None:
            keep = keep | counted(probs, cand.valid & (cut <= 1.0).unsqueeze(-1), cand.count_log_rates)
        by_column = {(q.row, q.column): q for q in spans}
        for b, column, c in keep.nonzero().tolist():
            query = by_column[(b, column)]
            start, end = cand.indices[b, column, c].tolist()
            rows[b].mentions[(query.segment, query.field)].append((float(probs[b, column, c]), start, end))

    def _records(self, batch: Batch, output: BoundaryOutput, rows: list[RowScores]) -> None:
        """Form the records of every structure that declares a record mode (see :mod:`record_rows`)."""
        for (b, s), records in score_records(self.model, batch, output, self.threshold).items():
            rows[b].records[s] = records

    def _choices(self, batch: Batch, output: BoundaryOutput, query: Query, rows: list[RowScores]) -> None:
        row = batch.rows[query.row]
        segment = row.prompt.segments[query.segment]
        name = segment.fields[query.field]
        options = _choice_field(row.prompt.spec, segment.name, name).choices
        # Each option is scored at its own pseudo-word (the reference takes the first prefix word
        # with the option's text, which can belong to another field: see docs/compatibility.md).
        present = list(zip(options, row.prompt.choice_slots[(segment.name, name)]))
        b, q = query.row, query.column
        pairs = torch.tensor([[index, index + 1] for _, index in present], device=output.words.device).view(1, 1, -1, 2)
        words = output.words[b : b + 1]
        mask = torch.arange(words.shape[1], device=words.device).unsqueeze(0) < output.word_counts[b]
        logits = self.model.boundary_head.score_spans(
            words,
            mask,
            output.query_states[b : b + 1, q : q + 1],
            torch.ones(1, 1, dtype=torch.bool, device=words.device),
            pairs,
        )[0, 0]
        probs = torch.sigmoid(logits / self.settings.pair_temperature).float().cpu().tolist()
        rows[b].choices[(query.segment, query.field)] = [(choice, p) for (choice, _), p in zip(present, probs)]

    def _relations(self, batch: Batch, output: BoundaryOutput, rows: list[RowScores]) -> None:
        if self.model.relation_scorer is None:
            return
        cand = output.candidates
        columns: dict[tuple[int, int], list[int]] = {}
        for query in output.queries:
            if batch.rows[query.row].prompt.segments[query.segment].kind == TaskKind.RELATION:
                columns.setdefault((query.row, query.segment), []).append(query.column)
        raw = torch.sigmoid(cand.logits)  # relation arguments use the untempered probabilities
        for (b, s), (head, tail) in columns.items():
            pairs = propose_pairs(cand.indices[b], raw[b], cand.valid[b], head, tail, self.settings)
            scored: list[ScoredPair] = []
            if pairs.head.shape[0]:
                words = output.words[b, : output.word_counts[b]]
                scorer = self.model.relation_scorer
                relation = scorer.relation_state(output.query_states[b, head], output.query_states[b, tail])
                logits = scorer(words, relation, pairs, output.word_counts[b])
                probs = torch.sigmoid(logits / self.settings.relation_temperature).float().cpu().tolist()
                for p, h, t, hp, tp in zip(
                    probs, pairs.head.tolist(), pairs.tail.tolist(), pairs.head_prob.tolist(), pairs.tail_prob.tolist()
                ):
                    scored.append((p, tuple(h), tuple(t), hp, tp))
            rows[b].relations[s] = scored
