"""The record head over a shared candidate pool: every row and structure scored at once.

The reference scores shared-pool checkpoints in one padded pass, ``R`` record
structures per row (``F`` fields each, padded), instances over the pool
(``I = max(C, instance_queries)``); the same operations in the same shapes here
give bit-identical logits (a matmul over another layout may round differently)::

    natural:    instances = pool slots the anchor field holds, object = anchor pair logit
    latent:     instances = pool slots any field holds, object = latent_seed_head(slot state)
    anchorless: instances = instance_embed + attention over the pool, object = object_head
    assignment [B, R, I, F, 1 + C]: ABSENT, then every pool slot (MASK_LOGIT outside the field)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from gliner2_core.architectures.boundary.layers import MASK_LOGIT
from gliner2_core.architectures.boundary.records import RecordHead

MODE_IDS = {"natural": 0, "latent": 1, "anchorless": 2}


@dataclass(frozen=True)
class Routing:
    """The record structures of a batch, padded.

    Attributes:
        columns: ``[B, R, F]`` query column of each field (0 where padded).
        field_mask: ``[B, R, F]``.
        modes: ``[B, R]`` :data:`MODE_IDS` (-1 where padded).
        anchors: ``[B, R]`` anchor field index (-1 without one).
        group_mask: ``[B, R]``.
    """

    columns: torch.Tensor
    field_mask: torch.Tensor
    modes: torch.Tensor
    anchors: torch.Tensor
    group_mask: torch.Tensor


@dataclass(frozen=True)
class PoolRecordScores:
    """``object_logits [B, R, I]``, ``assignments [B, R, I, F, 1 + C]``, ``instance_mask [B, R, I]``,
    ``membership [B, R, F, C]``."""

    object_logits: torch.Tensor
    assignments: torch.Tensor
    instance_mask: torch.Tensor
    membership: torch.Tensor


def _instances(head: RecordHead, pool_states, pool_valid, membership, routing: Routing, count: int):
    """``(instance states [B, R, I, H], object logits of the learned instances [B, R, I])``, by mode."""
    b, groups = routing.modes.shape
    c, hidden = pool_states.shape[1], pool_states.shape[-1]
    pool_instances = F.pad(pool_states, (0, 0, 0, count - c))[:, None].expand(b, groups, count, hidden)
    learned = F.pad(head.instance_embed, (0, 0, 0, count - head.instance_queries))[None, None].expand(b, groups, -1, -1)
    k = head.k_proj(pool_states)[:, None].expand(b, groups, -1, -1)
    v = head.v_proj(pool_states)[:, None].expand(b, groups, -1, -1)
    attention = torch.einsum("brid,brcd->bric", head.q_proj(learned), k) / math.sqrt(head.record_dim)
    attention = attention.masked_fill(~pool_valid[:, None, None, :], MASK_LOGIT)
    anchorless = learned + torch.einsum("bric,brch->brih", torch.softmax(attention, -1), v)
    states = torch.where((routing.modes == 2)[..., None, None], anchorless, pool_instances)
    return states, anchorless


def _object_logits(head, pair_logits, pool_states, anchorless, membership, routing: Routing, count: int):
    """``(object logits [B, R, I], instance mask [B, R, I])``, by mode."""
    b, groups = routing.modes.shape
    c = pool_states.shape[1]
    anchor = routing.anchors.clamp(min=0, max=membership.shape[2] - 1)
    anchor_members = membership.gather(2, anchor[..., None, None].expand(b, groups, 1, c)).squeeze(2)
    learned = (torch.arange(count, device=pool_states.device) < head.instance_queries)[None, None].expand(b, groups, -1)
    modes = routing.modes[..., None]
    mask = torch.where(
        modes == 0,
        F.pad(anchor_members, (0, count - c)),
        torch.where(modes == 1, F.pad(membership.any(2), (0, count - c)), learned),
    )
    mask = mask & routing.group_mask[..., None]
    anchor_column = routing.columns.gather(2, anchor.unsqueeze(-1)).squeeze(-1)  # [B, R]
    natural = F.pad(pair_logits[torch.arange(b, device=pair_logits.device)[:, None], anchor_column], (0, count - c))
    latent = F.pad(head.latent_seed_head(pool_states).squeeze(-1), (0, count - c))[:, None].expand(b, groups, -1)
    logits = torch.where(modes == 0, natural, torch.where(modes == 1, latent, head.object_head(anchorless).squeeze(-1)))
    return logits.masked_fill(~mask, MASK_LOGIT), mask


def pool_record_scores(
    head: RecordHead,
    query_states: torch.Tensor,
    pool_states: torch.Tensor,
    pool_valid: torch.Tensor,
    pair_logits: torch.Tensor,
    routing: Routing,
) -> PoolRecordScores:
    """Score every record structure of a batch over its rows' pools (see the module docstring).

    Args:
        head: The record head.
        query_states: ``[B, Q, H]``.
        pool_states: ``[B, C, H]`` candidate states of the pool (zero where invalid).
        pool_valid: ``[B, C]``.
        pair_logits: ``[B, Q, C]`` candidate logits of every query.
        routing: The batch's record structures.
    """
    b = query_states.shape[0]
    count = max(pool_states.shape[1], head.instance_queries)
    rows = torch.arange(b, device=query_states.device)[:, None, None]
    membership = routing.field_mask.unsqueeze(-1) & pool_valid[:, None, None, :]  # [B, R, F, C]
    states, anchorless = _instances(head, pool_states, pool_valid, membership, routing, count)
    object_logits, mask = _object_logits(head, pair_logits, pool_states, anchorless, membership, routing, count)
    query = head.inst_proj(states).unsqueeze(3) + head.field_proj(query_states[rows, routing.columns]).unsqueeze(2)
    absent = torch.einsum("brifd,d->brif", query, head.null_embed)
    candidates = torch.einsum("brifd,bcd->brifc", query, head.cand_proj(pool_states))
    candidates = candidates.masked_fill(~membership.unsqueeze(2), MASK_LOGIT)
    return PoolRecordScores(object_logits, torch.cat((absent.unsqueeze(-1), candidates), -1), mask, membership)
