"""Decoding the record head's scores into records (every record mode), as the reference does.

For one structure in one row, given the instances' object logits ``[N]`` and, per
field, the assignment logits ``[N, 1 + C_f]`` (column 0 ABSENT; see :mod:`records`)::

    instances with sigmoid(object / record_temperature) >= threshold, most probable first
    exclusive scalar fields: one joint minimum-cost matching of instances to candidates or ABSENT
    exclusive list fields:   every candidate goes to its most probable instance
    other scalar fields:     the best of softmax(ABSENT, candidates); list fields: sigmoid per candidate
    natural: the anchor field holds the instance's own span
    records without any value are dropped
    latent / anchorless: records with the same values are one (the most probable kept)

:mod:`document` puts natural records in anchor order, the others in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from gliner2_core.architectures.boundary.matching import min_cost_assignment
from gliner2_core.schema.spec import ABSENT_CARDINALITIES, SCALAR_CARDINALITIES, StructureTask

ABSENT_PENALTY = 50.0
"""Cost of ABSENT above the worst candidate for a field that must be present (used only when candidates run out)."""
FORBIDDEN_COST = 1_000.0
"""Cost above every other of an instance taking another instance's ABSENT slot."""


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
    """The fields of a structure with a record mode, cardinality defaults included.

    Defaults are the reference's: ``required_one`` for the anchor (``mode="natural"`` only),
    ``zero_or_more`` for every other field (whatever its dtype; ``extract_json`` sets them explicitly).
    """
    out = []
    for f in structure.fields:
        anchor = structure.mode == "natural" and f.name == structure.anchor
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
        anchor: Its anchor span, ``[start, end)`` row word boundaries (``None`` unless ``mode="natural"``).
        values: Per field (schema order), ``(assignment p, candidate p, start, end)`` of each value.
    """

    probability: float
    anchor: tuple[int, int] | None
    values: tuple[tuple[tuple[float, float, int, int], ...], ...]


@dataclass(frozen=True)
class FormedRecord:
    """One decoded record, in the row's candidate indices.

    Attributes:
        instance: The instance's index (natural: among the anchor field's candidates).
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


def decode_records(
    object_logits: torch.Tensor,
    assignments: list[torch.Tensor],
    fields: tuple[RecordField, ...],
    *,
    threshold: float,
    temperature: float,
) -> list[FormedRecord]:
    """Decode one structure's records (see the module docstring).

    Args:
        object_logits: ``[N]`` object logits of the instances (natural: anchor candidates, candidate order).
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
        if any(values[row])
    ]


def deduplicate(records: list[FormedRecord], spans: list[list[tuple[int, int]]]) -> list[FormedRecord]:
    """Latent and anchorless records: one per distinct set of values, the first (most probable) kept.

    Args:
        records: Decoded records, most probable first.
        spans: Per field, the ``(start, end)`` of each candidate.
    """
    kept: dict[tuple, FormedRecord] = {}
    for record in records:
        key = tuple(
            (f, tuple(sorted(tuple(spans[f][c]) for c, _ in values))) for f, values in enumerate(record.values) if values
        )
        kept.setdefault(key, record)
    return list(kept.values())
