"""Reranking proposed spans: one logit per candidate.

The logit is a sum of scalar evidence: endpoint compatibility (multi-head,
query-gated), the start and end marginals, the proposer's compatibility prior,
optionally the span's content, the mean inside evidence over the span, and
continuous length features. No width embedding, so no maximum span length.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from gliner2_core.architectures.boundary.config import BoundarySettings
from gliner2_core.architectures.boundary.content import SpanContentPooler
from gliner2_core.architectures.boundary.layers import MASK_LOGIT, Marginals
from gliner2_core.architectures.boundary.proposal import Proposals, gather_states
from gliner2_core.architectures.boundary.rotary import RotaryBoundaryEmbedding, pair_gate


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
    """Scores every candidate of every query.

    Optional terms, each switched on by a ``boundary_head`` setting: rotated endpoints
    (``enable_rotary_endpoints``), an endpoint-difference term (``endpoint_difference_features``),
    span content (``enable_span_content``) and a per-query inside weight
    (``query_conditioned_inside_weight``; else one learned scalar).
    """

    def __init__(self, dim: int, hidden: int, settings: BoundarySettings) -> None:
        super().__init__()
        p, rotary = settings.pair_dim, settings.enable_rotary_endpoints
        self.pair_dim = p
        self.heads = settings.multihead_pair_compat_heads
        self.endpoint_compat = settings.reranker_endpoint_compat
        self.use_inside = settings.use_inside_evidence
        self.start_endpoint_projection = nn.Linear(dim, p)
        self.end_endpoint_projection = nn.Linear(dim, p)
        self.query_gate = nn.Linear(hidden, p // 2 if rotary else p)
        self.length_query_projection = nn.Linear(hidden, 3)
        self.query_inside_weight = settings.query_conditioned_inside_weight
        self.inside_weight = nn.Linear(hidden, 1) if self.query_inside_weight else nn.Parameter(torch.tensor(1.0))
        self.endpoint_difference_projection = nn.Linear(2 * p, 1) if settings.endpoint_difference_features else None
        self.rotary = RotaryBoundaryEmbedding(p, settings.rotary_base) if rotary else None
        self.content_pooler = None
        if settings.enable_span_content:
            self.content_pooler = SpanContentPooler(hidden, settings.content_dim, settings.content_soft_max_pool)
            self.content_query_projection = nn.Linear(hidden, self.content_pooler.output_dim)
            self.content_bias = nn.Linear(self.content_pooler.output_dim, 1)
        self.compat_mix = nn.Linear(self.heads, 1)

    def forward(
        self, boundaries, queries, proposals: Proposals, marginals: Marginals, lengths, words, word_mask
    ) -> torch.Tensor:
        """Candidate logits ``[B, Q, C]`` (``MASK_LOGIT`` where invalid).

        Args:
            boundaries: ``[B, L+1, d]``; queries: ``[B, Q, H]``; lengths: ``[B]`` words per row.
            words: ``[B, L, H]`` word states and word_mask ``[B, L]`` (span content reads them).
        """
        starts, ends = proposals.indices[..., 0], proposals.indices[..., 1]  # [B, Q, C]
        compat = self._endpoint_compatibility(boundaries, queries, starts, ends, proposals.compat)
        # Same summation order as the reference, so float rounding matches too.
        score = compat + marginals.start.gather(2, starts) + marginals.end.gather(2, ends) + proposals.compat
        if self.content_pooler is not None:
            content = self.content_pooler.pool(self.content_pooler.prefix(words, word_mask), starts, ends, score.dtype)
            coeff = self.content_query_projection(queries).unsqueeze(2)  # [B, Q, 1, c]
            score = score + (content * coeff).sum(-1) * (1.0 / math.sqrt(content.shape[-1]))
            score = score + self.content_bias(content).squeeze(-1)
        if self.use_inside:
            interval = inside_evidence(marginals, starts, ends).to(score.dtype)
            weight = self.inside_weight(queries) if self.query_inside_weight else self.inside_weight  # [B, Q, 1]
            score = score + weight * (interval / torch.sqrt((ends - starts).clamp(min=1).to(score.dtype)))
        coeff = self.length_query_projection(queries).unsqueeze(2)  # [B, Q, 1, 3]
        score = score + (length_features(starts, ends, lengths).to(coeff.dtype) * coeff).sum(-1)
        return score.masked_fill(~proposals.valid, MASK_LOGIT)

    def _endpoint_compatibility(self, boundaries, queries, starts, ends, like: torch.Tensor) -> torch.Tensor:
        """Query-gated multi-head start/end agreement, plus the endpoint-difference term: ``[B, Q, C]``."""
        compat = torch.zeros_like(like)
        if not self.endpoint_compat and self.endpoint_difference_projection is None:
            return compat
        start_all, end_all = self.start_endpoint_projection(boundaries), self.end_endpoint_projection(boundaries)
        if self.rotary is not None:
            start_all, end_all = self.rotary.rotate_all(start_all), self.rotary.rotate_all(end_all)
        s, e = gather_states(start_all, starts), gather_states(end_all, ends)  # [B, Q, C, p]
        if self.endpoint_compat:
            gate = pair_gate(torch.sigmoid(self.query_gate(queries)), self.rotary).unsqueeze(2)  # [B, Q, 1, p]
            per_head = (s * gate * e).reshape(*s.shape[:-1], self.heads, -1).sum(-1)  # [B, Q, C, heads]
            compat = self.compat_mix(per_head).squeeze(-1) * (1.0 / math.sqrt(self.pair_dim))
        if self.endpoint_difference_projection is not None:
            difference = s - e
            compat = compat + self.endpoint_difference_projection(
                torch.cat((difference, difference.abs()), -1)
            ).squeeze(-1)
        return compat
