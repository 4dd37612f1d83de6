"""Sparse span proposals: a few likely starts and ends per query, then their best partners.

For each query the ``start_top_k`` best start boundaries each propose their
``ends_per_start`` best ends (and, bidirectionally, the ``end_top_k`` best ends
propose their ``starts_per_end`` best starts). Pairs are de-duplicated and the
``candidate_budget`` best kept. The largest tensor is ``[B, Q, K, L + 1]``:
linear in the text length, never ``[L, L]``.

Ordering follows the reference exactly, ties included (stable sorts over the
same concatenations), since a different tie order changes which candidates
survive the budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.boundary.layers import MASK_LOGIT
from gliner2_core.architectures.boundary.rotary import RotaryBoundaryEmbedding, pair_gate


@dataclass
class Proposals:
    """Candidates per query.

    Attributes:
        indices: ``[B, Q, C, 2]`` half-open ``[start, end)`` boundary pairs (0 where invalid).
        valid: ``[B, Q, C]`` real candidates.
        compat: ``[B, Q, C]`` marginal-free start/end compatibility (0 where invalid).
    """

    indices: torch.Tensor
    valid: torch.Tensor
    compat: torch.Tensor


def gather_states(states: torch.Tensor, indices: torch.Tensor) -> torch.Tensor:
    """``states [B, N, D]`` at ``indices [B, Q, C]`` -> ``[B, Q, C, D]``."""
    b, n, dim = states.shape
    q, c = indices.shape[1:3]
    flat = indices.clamp(0, n - 1).reshape(b, q * c, 1).expand(b, q * c, dim)
    return states.gather(1, flat).view(b, q, c, dim)


def top_boundaries(
    logits: torch.Tensor, valid: torch.Tensor, k: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Best ``k`` boundaries per query (stable: lower index first on ties): scores, indices, validity."""
    k = min(k, logits.shape[-1])
    scores, index = torch.sort(logits.masked_fill(~valid, MASK_LOGIT), dim=-1, descending=True, stable=True)
    scores, index = scores[..., :k], index[..., :k]
    chosen_valid = valid.gather(-1, index)
    return scores.where(chosen_valid, 0.0), index.where(chosen_valid, 0), chosen_valid


def best_partners(
    anchor: torch.Tensor,
    others: torch.Tensor,
    anchor_index,
    anchor_score,
    anchor_valid,
    boundary_mask,
    query_mask,
    other_marginals,
    top_k: int,
    scale: float,
    *,
    after: bool,
):
    """Best ``top_k`` partner boundaries for each selected anchor boundary.

    Args:
        anchor: ``[B, Q, K, d]`` gated anchor states.
        others: ``[B, L + 1, d]`` projected partner states.
        anchor_index, anchor_score, anchor_valid: ``[B, Q, K]`` the selected anchors.
        boundary_mask: ``[B, L + 1]``; query_mask: ``[B, Q]``.
        other_marginals: ``[B, Q, L + 1]`` the partners' own marginals.
        after: Partners must come after the anchor (ends), else before it (starts).

    Returns:
        Scores and partner indices, ``[B, Q, K, top_k]``.
    """
    b, q, k, _ = anchor.shape
    n = others.shape[1]
    block = torch.einsum("bqkd,bed->bqke", anchor, others) * scale  # [B, Q, K, L+1]
    block = block + other_marginals.unsqueeze(2) + anchor_score.unsqueeze(-1)
    position = torch.arange(n, device=anchor.device).view(1, 1, 1, n)
    order_ok = position > anchor_index.unsqueeze(-1) if after else position < anchor_index.unsqueeze(-1)
    keep = boundary_mask.view(b, 1, 1, n) & query_mask.view(b, q, 1, 1) & order_ok & anchor_valid.unsqueeze(-1)
    block = block.masked_fill(~keep, MASK_LOGIT)
    # The reference merges into a running top-k that starts as (MASK_LOGIT, 0) slots; keep its tie order.
    scores = torch.cat([block.new_full((b, q, k, top_k), MASK_LOGIT), block], dim=-1)
    index = torch.cat([position.new_zeros(b, q, k, top_k), position.expand(b, q, k, n)], dim=-1)
    scores, order = torch.sort(scores, dim=-1, descending=True, stable=True)
    return scores[..., :top_k], index.gather(-1, order[..., :top_k])


def assemble(starts, ends, scores, valid, query_mask, *, capacity: int, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """De-duplicate ``(start, end)`` pairs (best score kept) and keep the ``capacity`` best.

    Returns indices ``[B, Q, capacity, 2]`` and validity ``[B, Q, capacity]``.
    """
    valid = valid & query_mask.unsqueeze(-1)
    keys = torch.where(valid, starts * n + ends, n * n)
    scores = torch.where(valid, scores, MASK_LOGIT)
    by_score = torch.argsort(scores, dim=-1, descending=True, stable=True)
    keys, scores, valid = keys.gather(-1, by_score), scores.gather(-1, by_score), valid.gather(-1, by_score)
    by_key = torch.argsort(keys, dim=-1, stable=True)
    keys, scores, valid = keys.gather(-1, by_key), scores.gather(-1, by_key), valid.gather(-1, by_key)
    first = torch.ones_like(valid)
    first[..., 1:] = keys[..., 1:] != keys[..., :-1]
    keep = valid & first
    order = torch.argsort(scores.where(keep, MASK_LOGIT), dim=-1, descending=True, stable=True)[..., :capacity]
    keys, keep = keys.gather(-1, order), keep.gather(-1, order)
    pairs = torch.stack((torch.div(keys, n, rounding_mode="floor"), keys % n), dim=-1)
    pairs = pairs.where(keep.unsqueeze(-1), 0)
    if pairs.shape[2] < capacity:
        pad = capacity - pairs.shape[2]
        pairs = torch.nn.functional.pad(pairs, (0, 0, 0, pad))
        keep = torch.nn.functional.pad(keep, (0, pad), value=False)
    return pairs, keep


class SparseBoundaryProposer(nn.Module):
    """Proposes candidate spans per query (see the module docstring)."""

    def __init__(self, dim: int, hidden: int, settings) -> None:
        super().__init__()
        self.dim = dim
        self.settings = settings
        rotary = settings.enable_rotary_endpoints
        self.start_pair_projection = nn.Linear(dim, dim)
        self.end_key_projection = nn.Linear(dim, dim)
        self.start_query_projection = nn.Linear(hidden, dim // 2 if rotary else dim)
        self.rotary = RotaryBoundaryEmbedding(dim, settings.rotary_base) if rotary else None

    def _projections(self, boundaries, queries) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Start and end states ``[B, L+1, d]`` (rotated with rotary endpoints) and the query gate ``[B, Q, 1, d]``."""
        starts_all = self.start_pair_projection(boundaries)
        ends_all = self.end_key_projection(boundaries)
        if self.rotary is not None:
            starts_all, ends_all = self.rotary.rotate_all(starts_all), self.rotary.rotate_all(ends_all)
        gate = pair_gate(torch.sigmoid(self.start_query_projection(queries)), self.rotary).unsqueeze(2)
        return starts_all, ends_all, gate

    def compatibility(self, boundaries, queries, indices) -> torch.Tensor:
        """Marginal-free compatibility of given pairs ``[B, Q, C, 2]`` -> ``[B, Q, C]``."""
        starts_all, ends_all, gate = self._projections(boundaries, queries)
        g_s = gather_states(starts_all, indices[..., 0]) * gate
        g_e = gather_states(ends_all, indices[..., 1])
        return (g_s * g_e).sum(-1) / math.sqrt(self.dim)

    def forward(self, boundaries, boundary_mask, queries, query_mask, start_logits, end_logits) -> Proposals:
        s = self.settings
        b, n, _ = boundaries.shape
        q = queries.shape[1]
        scale = 1.0 / math.sqrt(self.dim)
        valid = boundary_mask.unsqueeze(1) & query_mask.unsqueeze(-1)  # [B, Q, L+1]
        starts_all, ends_all, gate = self._projections(boundaries, queries)  # [B, L+1, d] x2, [B, Q, 1, d]
        lengths = boundary_mask.sum(dim=1) - 1  # words per row

        def side(anchor_logits, anchor_states, other_states, other_logits, k, per_anchor, after):
            score, index, ok = top_boundaries(anchor_logits, valid, self._budget(k, lengths))
            ok = ok & (torch.arange(ok.shape[-1], device=ok.device) < self._row_budget(k, lengths).view(b, 1, 1))
            partner_score, partner = best_partners(
                gather_states(anchor_states, index) * gate,
                other_states,
                index,
                score,
                ok,
                boundary_mask,
                query_mask,
                other_logits,
                per_anchor,
                scale,
                after=after,
            )
            anchor = index.unsqueeze(-1).expand_as(partner)
            partner_ok = boundary_mask.gather(1, partner.reshape(b, -1)).view_as(partner)
            ordered = partner > anchor if after else partner < anchor
            pair_ok = ok.unsqueeze(-1) & query_mask.view(b, q, 1, 1) & partner_ok & ordered
            pair = (anchor, partner) if after else (partner, anchor)
            return (
                pair[0].reshape(b, q, -1),
                pair[1].reshape(b, q, -1),
                partner_score.reshape(b, q, -1),
                pair_ok.reshape(b, q, -1),
            )

        parts = [side(start_logits, starts_all, ends_all, end_logits, s.start_top_k, s.ends_per_start, True)]
        if s.bidirectional_proposals:
            parts.append(side(end_logits, ends_all, starts_all, start_logits, s.end_top_k, s.starts_per_end, False))
        pair_starts, pair_ends, pair_scores, pair_valid = (torch.cat(x, dim=-1) for x in zip(*parts))
        indices, keep = assemble(
            pair_starts, pair_ends, pair_scores, pair_valid, query_mask, capacity=s.candidate_budget, n=n
        )
        g_s = gather_states(starts_all, indices[..., 0]) * gate
        g_e = gather_states(ends_all, indices[..., 1])
        compat = (g_s * g_e).sum(-1) * scale  # [B, Q, C]
        return Proposals(indices, keep, compat.where(keep, 0.0))

    def _row_budget(self, base_k: int, lengths: torch.Tensor) -> torch.Tensor:
        """Boundaries to select per row, ``[B]``: ``base_k``, or with ``boundary_top_k_alpha`` a share of the row.

        The reference sizes the budget from the padded batch; we size it from each row's own
        length, so a text's candidates do not depend on its batch mates (equal for a batch of one).
        """
        s = self.settings
        if s.boundary_top_k_alpha <= 0:
            return torch.full_like(lengths, base_k)
        wanted = torch.ceil(s.boundary_top_k_alpha * lengths.double()).long().clamp(max=s.boundary_top_k_max)
        wanted = wanted.clamp(min=base_k)
        bucketed = torch.div(wanted + s.boundary_top_k_bucket - 1, s.boundary_top_k_bucket, rounding_mode="floor")
        return (bucketed * s.boundary_top_k_bucket).clamp(max=s.boundary_top_k_max)

    def _budget(self, base_k: int, lengths: torch.Tensor) -> int:
        """The batch's widest selection (rows with a smaller budget mask the rest)."""
        return int(self._row_budget(base_k, lengths).max()) if self.settings.boundary_top_k_alpha > 0 else base_k
