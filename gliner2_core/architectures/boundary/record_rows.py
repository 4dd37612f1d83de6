"""The records of a batch's structures that declare a record mode, row by row (see :mod:`records`).

Per-query checkpoints score each structure of each row on its own (:class:`RecordHead`);
shared-pool checkpoints score them all at once over the pools (:mod:`record_pool`), as
the reference does. Either way each structure's scores are decoded by :mod:`record_decoding`.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from gliner2_core.architectures.boundary.model import BoundaryModel, BoundaryOutput
from gliner2_core.architectures.boundary.record_decoding import (
    RecordField,
    ScoredRecord,
    decode_records,
    deduplicate,
    record_fields,
)
from gliner2_core.architectures.boundary.record_pool import MODE_IDS, PoolRecordScores, Routing, pool_record_scores
from gliner2_core.architectures.boundary.records import candidate_states
from gliner2_core.processing.batch import Batch
from gliner2_core.schema.spec import StructureTask, TaskKind


@dataclass(frozen=True)
class Group:
    """One structure with a record mode in one row: its fields (segment order) and their query columns."""

    row: int
    segment: int
    structure: StructureTask
    fields: tuple[RecordField, ...]
    columns: tuple[int, ...]

    @property
    def anchor(self) -> int | None:
        return next((f for f, x in enumerate(self.fields) if x.anchor), None)


@dataclass(frozen=True)
class GroupScores:
    """Object logits ``[N]``, per field assignment logits ``[N, 1 + C_f]``, candidate spans and logits."""

    object_logits: torch.Tensor
    assignments: list[torch.Tensor]
    spans: list[torch.Tensor]
    logits: list[torch.Tensor]


def record_groups(batch: Batch, output: BoundaryOutput) -> list[Group]:
    """Every structure with a record mode, by row, in prompt order."""
    columns: dict[tuple[int, int], list[int]] = {}
    for query in output.queries:
        if batch.rows[query.row].prompt.segments[query.segment].kind == TaskKind.STRUCTURE:
            columns.setdefault((query.row, query.segment), []).append(query.column)
    groups = []
    for (b, s), found in sorted(columns.items()):
        row = batch.rows[b].prompt
        structure = next(t for t in row.spec.structures if t.name == row.segments[s].name)
        if structure.mode is not None:
            by_name = {f.name: f for f in record_fields(structure)}
            groups.append(Group(b, s, structure, tuple(by_name[n] for n in row.segments[s].fields), tuple(found)))
    return groups


def score_records(model: BoundaryModel, batch: Batch, output: BoundaryOutput, threshold: float):
    """``(row, segment) -> records`` of every structure with a record mode (empty without a record head)."""
    groups = record_groups(batch, output) if model.record_decoder is not None else []
    if not groups:
        return {}
    scored = _pooled(model, output, groups) if model.config.head.candidate_pool == "shared" else _per_query(model, output, groups)
    settings = model.config.head
    out = {}
    for group, scores in zip(groups, scored):
        formed = decode_records(
            scores.object_logits, scores.assignments, group.fields, threshold=threshold, temperature=settings.record_temperature
        )
        spans = [x.tolist() for x in scores.spans]
        if group.structure.mode != "natural":
            formed = deduplicate(formed, spans)
        probs = [torch.sigmoid(x / settings.pair_temperature).tolist() for x in scores.logits]
        anchor = group.anchor
        out[(group.row, group.segment)] = [
            ScoredRecord(
                record.probability,
                tuple(spans[anchor][record.instance]) if anchor is not None else None,
                tuple(
                    tuple((p, probs[f][c], *spans[f][c]) for c, p in record.values[f]) for f in range(len(group.fields))
                ),
            )
            for record in formed
        ]
    return out


def _per_query(model: BoundaryModel, output: BoundaryOutput, groups: list[Group]) -> list[GroupScores]:
    cand, head = output.candidates, model.record_decoder
    all_states = candidate_states(model.boundary_head.candidate_encoder, cand.boundaries, cand.indices, cand.valid)
    out = []
    for group in groups:
        b, spans, logits, states = group.row, [], [], []
        for q in group.columns:
            keep = cand.valid[b, q].nonzero().flatten()
            spans.append(cand.indices[b, q, keep])
            logits.append(cand.logits[b, q, keep])
            states.append(all_states[b, q, keep])  # [C_f, H]
        instances, objects, _ = head.instances(group.structure.mode, states, logits, group.anchor)
        assignments = head.assignment_logits(instances, output.query_states[b, list(group.columns)], states)
        out.append(GroupScores(objects, assignments, spans, logits))
    return out


def _routing(groups: list[Group], rows: int, device: torch.device) -> tuple[Routing, list[int]]:
    """The padded routing of ``groups`` and each group's index among its row's."""
    per_row = [sum(1 for g in groups if g.row == b) for b in range(rows)]
    width = max(len(g.fields) for g in groups)
    columns = torch.zeros(rows, max(per_row), width, dtype=torch.long)
    field_mask = torch.zeros_like(columns, dtype=torch.bool)
    modes = torch.full((rows, max(per_row)), -1, dtype=torch.long)
    anchors = torch.full_like(modes, -1)
    index, seen = [], [0] * rows
    for group in groups:
        r = seen[group.row]
        seen[group.row] += 1
        index.append(r)
        columns[group.row, r, : len(group.columns)] = torch.tensor(group.columns)
        field_mask[group.row, r, : len(group.columns)] = True
        modes[group.row, r] = MODE_IDS[group.structure.mode]
        anchors[group.row, r] = -1 if group.anchor is None else group.anchor
    routing = Routing(*(x.to(device) for x in (columns, field_mask, modes, anchors)), (modes >= 0).to(device))
    return routing, index


def _pooled(model: BoundaryModel, output: BoundaryOutput, groups: list[Group]) -> list[GroupScores]:
    cand = output.candidates
    pool, valid = cand.indices[:, 0], cand.valid[:, 0]  # every query holds its row's pool
    states = candidate_states(model.boundary_head.candidate_encoder, cand.boundaries, pool, valid)  # [B, C, H]
    routing, index = _routing(groups, cand.indices.shape[0], states.device)
    scores = pool_record_scores(model.record_decoder, output.query_states, states, valid, cand.logits, routing)
    return [_pooled_group(scores, cand, group, r) for group, r in zip(groups, index)]


def _pooled_group(scores: PoolRecordScores, cand, group: Group, r: int) -> GroupScores:
    """One structure's scores, its instances and each field's pool slots only (the reference's ragged form)."""
    b = group.row
    instances = scores.instance_mask[b, r].nonzero().flatten()
    assignments, spans, logits = [], [], []
    for f, q in enumerate(group.columns):
        members = scores.membership[b, r, f].nonzero().flatten()
        columns = torch.cat((members.new_zeros(1), members + 1))
        assignments.append(scores.assignments[b, r, instances, f][:, columns])
        spans.append(cand.indices[b, q, members])
        logits.append(cand.logits[b, q, members])
    return GroupScores(scores.object_logits[b, r, instances], assignments, spans, logits)
