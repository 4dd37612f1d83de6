"""The record head (``enable_records``): several records per text for structures with ``mode="natural"``.

Scoring, for one structure in one row (``F`` fields, field ``f`` with its query's ``C_f`` valid candidates)::

    candidate_encoder([boundary[start]; boundary[end]])      -> candidate states  [C_f, H]
    natural mode: each anchor-field candidate is an instance  -> instance states  [N, H]
                  its object logit is its own anchor pair logit
    u = inst_proj(instance) + field_proj(field query)        -> [N, F, D]
    assignment logits of field f: ABSENT = u . null_embed,
                                  candidate c = u . cand_proj(state c)   -> [N, 1 + C_f]

Decoding (:func:`decode_natural`)::

    instances with sigmoid(object / record_temperature) >= threshold, most probable first
    exclusive scalar fields: one joint minimum-cost matching of instances to candidates or ABSENT
    exclusive list fields:   every candidate goes to its most probable instance
    other scalar fields:     the best of softmax(ABSENT, candidates); list fields: sigmoid per candidate
    the anchor field holds the instance's own span; records without any value are dropped;
    records in anchor order

Parameter names are the reference's (``record_decoder.*``), so checkpoints load
and save unchanged; the latent/anchorless parameters are loaded but unused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.boundary.matching import min_cost_assignment
from gliner2_core.schema.spec import ABSENT_CARDINALITIES, SCALAR_CARDINALITIES, StructureTask

logger = logging.getLogger(__name__)

ABSENT_PENALTY = 50.0
"""Cost of ABSENT above the worst candidate for a field that must be present (used only when candidates run out)."""
FORBIDDEN_COST = 1_000.0
"""Cost above every other of an instance taking another instance's ABSENT slot."""


class RecordHead(nn.Module):
    """Instance and assignment scoring (see the module docstring).

    Args:
        hidden: Encoder width ``H``.
        record_dim: Assignment space width ``D``.
        instance_queries: Learned instances of the reference's anchorless mode (loaded, unused here).
    """

    def __init__(self, hidden: int, record_dim: int, instance_queries: int) -> None:
        super().__init__()
        self.inst_proj = nn.Linear(hidden, record_dim)
        self.field_proj = nn.Linear(hidden, record_dim)
        self.cand_proj = nn.Linear(hidden, record_dim)
        self.null_embed = nn.Parameter(torch.zeros(record_dim))
        self.object_head = nn.Linear(hidden, 1)
        self.latent_seed_head = nn.Linear(hidden, 1)
        self.instance_embed = nn.Parameter(torch.zeros(instance_queries, hidden))
        self.q_proj = nn.Linear(hidden, record_dim)
        self.k_proj = nn.Linear(hidden, record_dim)
        self.v_proj = nn.Linear(hidden, hidden)

    def assignment_logits(
        self, instances: torch.Tensor, field_queries: torch.Tensor, candidates: list[torch.Tensor]
    ) -> list[torch.Tensor]:
        """Per field ``f``: ``[N, 1 + C_f]`` logits, column 0 ABSENT.

        Args:
            instances: ``[N, H]`` instance states.
            field_queries: ``[F, H]`` field query states.
            candidates: Per field, ``[C_f, H]`` candidate states.
        """
        instance_part = self.inst_proj(instances)
        field_part = self.field_proj(field_queries)
        out = []
        for f, states in enumerate(candidates):
            query = instance_part + field_part[f].unsqueeze(0)  # [N, D]
            absent = (query @ self.null_embed).unsqueeze(-1)
            out.append(torch.cat([absent, query @ self.cand_proj(states).t()], dim=-1) if len(states) else absent)
        return out


def candidate_states(encoder: nn.Linear, boundaries: torch.Tensor, spans: torch.Tensor) -> torch.Tensor:
    """``[C, H]`` states of ``spans [C, 2]`` from one row's ``boundaries [N, d]``: ``encoder([b[start]; b[end]])``."""
    return encoder(torch.cat([boundaries[spans[:, 0]], boundaries[spans[:, 1]]], dim=-1))


@dataclass(frozen=True)
class RecordField:
    """One structure field as the record decoder sees it.

    Attributes:
        name: The field name.
        scalar: At most one value (``optional_one`` / ``required_one``).
        may_be_absent: The record may leave it empty (``optional_one`` / ``zero_or_more``).
        exclusive: A candidate binds to at most one record.
        anchor: The natural-mode anchor field.
    """

    name: str
    scalar: bool
    may_be_absent: bool
    exclusive: bool
    anchor: bool


def record_fields(structure: StructureTask) -> tuple[RecordField, ...]:
    """The fields of a ``mode="natural"`` structure, cardinality defaults included.

    Defaults are the reference's: ``required_one`` for the anchor, ``zero_or_more``
    for every other field (whatever its dtype; ``extract_json`` sets them explicitly).
    """
    out = []
    for f in structure.fields:
        anchor = f.name == structure.anchor
        cardinality = f.cardinality or ("required_one" if anchor else "zero_or_more")
        out.append(
            RecordField(
                f.name, cardinality in SCALAR_CARDINALITIES, cardinality in ABSENT_CARDINALITIES, f.exclusive, anchor
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class ScoredRecord:
    """A decoded record of one row, ready for :mod:`document` (no tensors).

    Attributes:
        probability: The record's probability.
        anchor: Its anchor span, ``[start, end)`` row word boundaries.
        values: Per field (schema order), ``(assignment p, candidate p, start, end)`` of each value.
    """

    probability: float
    anchor: tuple[int, int]
    values: tuple[tuple[tuple[float, float, int, int], ...], ...]


@dataclass(frozen=True)
class FormedRecord:
    """One decoded record, in the row's candidate indices.

    Attributes:
        instance: The anchor candidate's index among the anchor field's candidates.
        probability: ``sigmoid(object logit / record_temperature)``.
        values: Per field, ``(candidate index, assignment probability)`` pairs (the anchor: its instance).
    """

    instance: int
    probability: float
    values: tuple[tuple[tuple[int, float], ...], ...]


def _exclusive_scalar(logits: torch.Tensor, field: RecordField, threshold: float) -> list[tuple[int, float] | None]:
    """Joint choice for ``logits [N, 1 + C]`` (instances best first): a candidate per instance, or ``None``."""
    n, count = logits.shape[0], logits.shape[1] - 1
    if count == 0:
        return [None] * n
    probs = torch.softmax(logits, dim=-1)
    candidate_probs = probs[:, 1:]
    eps = torch.finfo(candidate_probs.dtype).eps
    candidate_cost = -torch.log(candidate_probs.clamp_min(eps))
    if field.may_be_absent:
        absent = -torch.log(probs[:, 0].clamp_min(eps))
    else:  # an emergency ABSENT, never preferred while a candidate is free
        absent = (candidate_cost.max() + ABSENT_PENALTY).expand(n)
    forbidden = max(float(candidate_cost.max()), float(absent.max())) + FORBIDDEN_COST
    absent_block = candidate_cost.new_full((n, n), forbidden)
    absent_block[torch.arange(n), torch.arange(n)] = absent
    columns = min_cost_assignment(torch.cat([candidate_cost, absent_block], dim=-1))
    out: list[tuple[int, float] | None] = []
    for row in range(n):
        column = columns[row]
        if column >= count:
            out.append(None)
            continue
        probability = float(candidate_probs[row, column])
        out.append(None if probability < threshold and field.may_be_absent else (column, probability))
    return out


def _exclusive_list(logits: torch.Tensor, threshold: float) -> dict[int, tuple[int, float]]:
    """``candidate -> (owner row, probability)``: each candidate to its most probable instance, if above threshold."""
    owners = {}
    if logits.shape[1] > 1:
        probs = torch.sigmoid(logits[:, 1:])
        for c in range(probs.shape[1]):
            probability, row = probs[:, c].max(dim=0)
            if float(probability) >= threshold:
                owners[c] = (int(row), float(probability))
    return owners


def _free_scalar(logits: torch.Tensor, field: RecordField, threshold: float) -> tuple[int, float] | None:
    probs = torch.softmax(logits, dim=-1)
    for column in torch.argsort(probs, descending=True).tolist():
        if column == 0:
            if field.may_be_absent:
                return None
            continue
        probability = float(probs[column])
        return None if probability < threshold and field.may_be_absent else (column - 1, probability)
    return None


def decode_natural(
    object_logits: torch.Tensor,
    assignments: list[torch.Tensor],
    fields: tuple[RecordField, ...],
    *,
    threshold: float,
    temperature: float,
) -> list[FormedRecord]:
    """Decode one structure's records (see the module docstring).

    Args:
        object_logits: ``[N]`` object logits of the instances (anchor candidates, candidate order).
        assignments: Per field, ``[N, 1 + C_f]`` assignment logits.
        fields: The fields, in the order of ``assignments``.
        threshold: Instance, candidate and assignment threshold (the call's).
        temperature: The checkpoint's ``record_temperature``.

    Returns:
        The records, in instance order of decreasing probability (ties: candidate order).
    """
    if object_logits.numel() == 0:
        return []
    probs = torch.sigmoid(object_logits / temperature).tolist()
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    chosen = [i for i in order if probs[i] >= threshold]
    if not chosen:
        return []
    scaled = [a[chosen] / temperature for a in assignments]  # rows: chosen instances, best first
    values: list[list[list[tuple[int, float]]]] = [[[] for _ in fields] for _ in chosen]
    for f, field in enumerate(fields):
        logits = scaled[f]
        if field.anchor:
            for row, instance in enumerate(chosen):
                values[row][f].append((instance, probs[instance]))
        elif field.scalar and field.exclusive:
            for row, pick in enumerate(_exclusive_scalar(logits, field, threshold)):
                if pick is not None:
                    values[row][f].append(pick)
        elif field.scalar:
            for row in range(len(chosen)):
                pick = _free_scalar(logits[row], field, threshold)
                if pick is not None:
                    values[row][f].append(pick)
        elif field.exclusive:
            for c, (row, probability) in sorted(_exclusive_list(logits, threshold).items()):
                values[row][f].append((c, probability))
        elif logits.shape[1] > 1:
            candidate_probs = torch.sigmoid(logits[:, 1:]).tolist()
            for row in range(len(chosen)):
                values[row][f].extend((c, p) for c, p in enumerate(candidate_probs[row]) if p >= threshold)
    return [
        FormedRecord(instance, probs[instance], tuple(tuple(v) for v in values[row]))
        for row, instance in enumerate(chosen)
    ]
