"""Reranking proposed spans: one logit per candidate.

The logit is a sum of scalar evidence: endpoint compatibility (multi-head,
query-gated), the start and end marginals, the proposer's compatibility prior,
the mean inside evidence over the span, and continuous length features. No
width embedding, so no maximum span length.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from gliner2_core.boundary.layers import MASK_LOGIT, Marginals
from gliner2_core.boundary.proposal import Proposals, gather_states


def length_features(starts: torch.Tensor, ends: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """``[B, ..., 3]`` for spans ``[B, ...]``: log(1 + len), len / text length, 1 / sqrt(len)."""
    length = (ends - starts).clamp(min=1).float()
    total = lengths.view(-1, *[1] * (starts.dim() - 1)).float().clamp(min=1)
    return torch.stack([torch.log1p(length), length / total, torch.rsqrt(length)], dim=-1)


def inside_evidence(marginals: Marginals, starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
    """Sum of the inside logits over ``[start, end)``, from the prefix sums: ``[B, Q, C]``."""
    last = marginals.inside_prefix.shape[2] - 1
    starts, ends = starts.clamp(0, last), ends.clamp(0, last)
    interval = marginals.inside_prefix.gather(2, ends) - marginals.inside_prefix.gather(2, starts)
    return interval + marginals.inside_mean * (ends - starts).to(interval.dtype)


class SparseBoundaryPairScorer(nn.Module):
    """Scores every candidate of every query."""

    def __init__(
        self, dim: int, hidden: int, pair_dim: int, heads: int, *, endpoint_compat: bool, use_inside: bool
    ) -> None:
        super().__init__()
        self.pair_dim = pair_dim
        self.heads = heads
        self.endpoint_compat = endpoint_compat
        self.use_inside = use_inside
        self.start_endpoint_projection = nn.Linear(dim, pair_dim)
        self.end_endpoint_projection = nn.Linear(dim, pair_dim)
        self.query_gate = nn.Linear(hidden, pair_dim)
        self.length_query_projection = nn.Linear(hidden, 3)
        self.inside_weight = nn.Parameter(torch.tensor(1.0))
        self.compat_mix = nn.Linear(heads, 1)

    def forward(self, boundaries, queries, proposals: Proposals, marginals: Marginals, lengths) -> torch.Tensor:
        """Candidate logits ``[B, Q, C]`` (``MASK_LOGIT`` where invalid)."""
        starts, ends = proposals.indices[..., 0], proposals.indices[..., 1]  # [B, Q, C]
        compat = torch.zeros_like(proposals.compat)
        if self.endpoint_compat:
            s = gather_states(self.start_endpoint_projection(boundaries), starts)  # [B, Q, C, p]
            e = gather_states(self.end_endpoint_projection(boundaries), ends)
            gate = torch.sigmoid(self.query_gate(queries)).unsqueeze(2)  # [B, Q, 1, p]
            per_head = (s * gate * e).reshape(*s.shape[:-1], self.heads, -1).sum(-1)  # [B, Q, C, heads]
            compat = self.compat_mix(per_head).squeeze(-1) * (1.0 / math.sqrt(self.pair_dim))
        # Same summation order as the reference, so float rounding matches too.
        score = compat + marginals.start.gather(2, starts) + marginals.end.gather(2, ends) + proposals.compat
        if self.use_inside:
            interval = inside_evidence(marginals, starts, ends).to(score.dtype)
            score = score + self.inside_weight * (interval / torch.sqrt((ends - starts).clamp(min=1).to(score.dtype)))
        coeff = self.length_query_projection(queries).unsqueeze(2)  # [B, Q, 1, 3]
        score = score + (length_features(starts, ends, lengths).to(coeff.dtype) * coeff).sum(-1)
        return score.masked_fill(~proposals.valid, MASK_LOGIT)
