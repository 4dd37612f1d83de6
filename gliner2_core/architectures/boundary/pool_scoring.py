"""Scoring the shared pool: candidate states are built once per row, then scored against every query.

``SharedPoolScorer.forward`` reads top to bottom::

    endpoints + length features + compatibility prior -> candidates  [B, C, p]
    candidate self-attention, biased by span overlap    (candidate_attention_layers)
    queries read evidence from the pool, attend to each other  (query_attention_layers)
    dot product + FiLM-conditioned MLP + start/end/inside marginals -> logits [B, Q, C]

Parameter names reproduce the reference checkpoints' state-dict keys
(``boundary_head.shared_pool_scorer.*``); dropout slots are kept as
``nn.Identity`` so the numbered ``Sequential`` keys line up.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from gliner2_core.architectures.boundary.config import BoundarySettings
from gliner2_core.architectures.boundary.content import SpanContentPooler
from gliner2_core.architectures.boundary.layers import MASK_LOGIT, Marginals
from gliner2_core.architectures.boundary.pool import Pool, gather_rows
from gliner2_core.architectures.boundary.scoring import inside_evidence, length_features

# How span ``a`` sits relative to span ``b``, from the weakest rule to the strongest (a later rule wins).
# Bucket ids are the reference's: 0 identical, 1 inside, 2 around, 3 crossing, 4 same start,
# 5 same end, 6 before, 7 after; crossing is what no rule matches.
OVERLAP_RULES = (
    (6, lambda s1, e1, s2, e2: e1 <= s2),
    (7, lambda s1, e1, s2, e2: e2 <= s1),
    (1, lambda s1, e1, s2, e2: (s1 > s2) & (e1 < e2)),
    (2, lambda s1, e1, s2, e2: (s1 < s2) & (e1 > e2)),
    (4, lambda s1, e1, s2, e2: (s1 == s2) & (e1 != e2)),
    (5, lambda s1, e1, s2, e2: (e1 == e2) & (s1 != s2)),
    (0, lambda s1, e1, s2, e2: (s1 == s2) & (e1 == e2)),
)
CROSSING = 3
BUCKETS = 8


def overlap_buckets(indices: torch.Tensor) -> torch.Tensor:
    """``[B, C, 2]`` spans -> ``[B, C, C]`` bucket of every ordered pair (see ``OVERLAP_RULES``)."""
    s1, e1 = indices[:, :, None, 0], indices[:, :, None, 1]
    s2, e2 = indices[:, None, :, 0], indices[:, None, :, 1]
    buckets = torch.full_like(s1 + s2, CROSSING)
    for bucket, rule in OVERLAP_RULES:
        buckets = torch.where(rule(s1, e1, s2, e2), bucket, buckets)
    return buckets


def _ffn(dim: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Identity(), nn.Linear(4 * dim, dim))


class CandidateAttention(nn.Module):
    """Pre-norm self-attention over the pool with a learned bias per overlap bucket and head, then an FFN."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.output = nn.Linear(dim, dim)
        self.relative_bias = nn.Parameter(torch.zeros(BUCKETS, heads))
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = _ffn(dim)

    def forward(self, states: torch.Tensor, indices: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
        b, c, dim = states.shape
        split = self.qkv(self.norm1(states)).view(b, c, 3, self.heads, dim // self.heads)
        query, key, value = split.permute(2, 0, 3, 1, 4)  # each [B, heads, C, dim / heads]
        logits = query @ key.transpose(-1, -2) / math.sqrt(dim // self.heads)
        logits = logits + self.relative_bias[overlap_buckets(indices)].permute(0, 3, 1, 2)
        weights = torch.softmax(logits.masked_fill(~valid[:, None, None, :], MASK_LOGIT), dim=-1)
        weights = weights * valid[:, None, :, None].to(weights.dtype)
        attended = (weights @ value).transpose(1, 2).reshape(b, c, dim)
        states = states + self.output(attended)
        states = states + self.ffn(self.norm2(states))
        return states * valid.unsqueeze(-1).to(states.dtype)


class QueryAttention(nn.Module):
    """Queries plus the pool evidence they read, then self-attention among a row's queries and an FFN."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.query_in = nn.Linear(dim, dim)
        self.evidence_in = nn.Linear(dim, dim)
        self.attention = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = _ffn(dim)

    def forward(self, queries: torch.Tensor, evidence: torch.Tensor, query_mask: torch.Tensor) -> torch.Tensor:
        states = self.query_in(queries) + self.evidence_in(evidence)
        ignored = ~query_mask
        ignored[:, 0] &= query_mask.any(-1)  # a row without queries attends to its first slot (no NaN)
        # The module's general path, called directly: its fused self-attention kernel rounds differently.
        normed, attention = self.norm1(states).transpose(0, 1), self.attention  # [Q, B, p]
        attended, _ = F.multi_head_attention_forward(
            query=normed,
            key=normed,
            value=normed,
            embed_dim_to_check=attention.embed_dim,
            num_heads=attention.num_heads,
            in_proj_weight=attention.in_proj_weight,
            in_proj_bias=attention.in_proj_bias,
            bias_k=None,
            bias_v=None,
            add_zero_attn=False,
            dropout_p=0.0,
            out_proj_weight=attention.out_proj.weight,
            out_proj_bias=attention.out_proj.bias,
            training=False,
            key_padding_mask=ignored,
            need_weights=False,
        )
        states = states + attended.transpose(0, 1)
        states = states + self.ffn(self.norm2(states))
        return states * query_mask.unsqueeze(-1).to(states.dtype)


class SharedPoolScorer(nn.Module):
    """Logits of every pooled candidate for every query (see the module docstring)."""

    def __init__(self, dim: int, hidden: int, settings: BoundarySettings) -> None:
        super().__init__()
        p, heads = settings.pair_dim, settings.candidate_attention_heads
        self.use_inside = settings.use_inside_evidence
        self.start_projection = nn.Linear(dim, p)
        self.end_projection = nn.Linear(dim, p)
        self.length_projection = nn.Linear(3, p)
        self.prior_projection = nn.Linear(1, p)
        self.content_pooler = None
        if settings.enable_span_content:  # span content joins the candidate state (see :mod:`content`)
            self.content_pooler = SpanContentPooler(hidden, settings.content_dim, settings.content_soft_max_pool)
            self.content_projection = nn.Linear(self.content_pooler.output_dim, p)
        self.candidate_norm = nn.LayerNorm(p)
        self.candidate_layers = nn.ModuleList(
            CandidateAttention(p, heads) for _ in range(settings.candidate_attention_layers)
        )
        self.query_projection = nn.Linear(hidden, p)
        self.query_layers = nn.ModuleList(QueryAttention(p, heads) for _ in range(settings.query_attention_layers))
        self.film = nn.Linear(p, 2 * p)
        self.film_output = nn.Sequential(nn.Linear(p, 64), nn.GELU(), nn.Identity(), nn.Linear(64, 1))

    def candidates(self, boundaries: torch.Tensor, pool: Pool, lengths: torch.Tensor, words, word_mask) -> torch.Tensor:
        """Candidate states ``[B, C, p]`` (zero where invalid); words ``[B, L, H]`` / word_mask for span content."""
        starts, ends = pool.indices[..., 0], pool.indices[..., 1]
        states = gather_rows(self.start_projection(boundaries), starts) + gather_rows(
            self.end_projection(boundaries), ends
        )
        states = states + self.length_projection(length_features(starts, ends, lengths).to(states.dtype))
        states = states + self.prior_projection(pool.compat.unsqueeze(-1).to(states.dtype))
        if self.content_pooler is not None:
            prefix = self.content_pooler.prefix(words, word_mask)
            states = states + self.content_projection(self.content_pooler.pool(prefix, starts, ends, states.dtype))
        # Padding slots are zeroed with `where`, not a product: with content_soft_max_pool an empty slot pools
        # to ~-8.5e37, normalises to NaN, and NaN * 0 would spread through the candidate attention.
        states = torch.where(pool.valid.unsqueeze(-1), self.candidate_norm(states), 0.0)
        for layer in self.candidate_layers:
            states = layer(states, pool.indices, pool.valid)
        return states

    def forward(
        self, boundaries, queries, query_mask, pool: Pool, marginals: Marginals, lengths, words, word_mask
    ) -> torch.Tensor:
        """Logits ``[B, Q, C]`` (``MASK_LOGIT`` for invalid candidates and padding queries)."""
        candidates = self.candidates(boundaries, pool, lengths, words, word_mask)  # [B, C, p]
        query = self.query_projection(queries)  # [B, Q, p]
        for layer in self.query_layers:
            reading = torch.einsum("bcd,bqd->bcq", candidates, query).masked_fill(~pool.valid.unsqueeze(-1), MASK_LOGIT)
            evidence = torch.einsum("bcq,bcd->bqd", torch.softmax(reading, dim=1), candidates)  # [B, Q, p]
            query = layer(query, evidence, query_mask)
        # Candidate-major [B, C, Q] like the reference: the matmuls then round the same way.
        score = torch.einsum("bcd,bqd->bcq", candidates, query) / math.sqrt(candidates.shape[-1])
        gamma, beta = self.film(query).unsqueeze(1).chunk(2, dim=-1)  # [B, 1, Q, p] each
        score = score + self.film_output(candidates.unsqueeze(2) * (1.0 + gamma) + beta).squeeze(-1)
        score = score.transpose(1, 2)  # [B, Q, C]
        q = queries.shape[1]
        starts = pool.indices[..., 0].unsqueeze(1).expand(-1, q, -1)  # [B, Q, C]
        ends = pool.indices[..., 1].unsqueeze(1).expand(-1, q, -1)
        score = score + marginals.start.gather(2, starts) + marginals.end.gather(2, ends)
        if self.use_inside:
            interval = inside_evidence(marginals, starts, ends)
            score = score + (interval / torch.sqrt((ends - starts).clamp(min=1).float())).to(score.dtype)
        score = score.masked_fill(~pool.valid.unsqueeze(1), MASK_LOGIT)
        return score.masked_fill(~query_mask.unsqueeze(-1), MASK_LOGIT)
