"""Sparse typed relations: pair the best head and tail mentions of each relation type, then score.

For one relation type, the ``heads_per_type`` best candidates of its head query
and the ``tails_per_type`` best of its tail query form a capped cross product
(``pair_cap`` pairs, ranked by head x tail probability); an MLP scores each pair
from the first/last word states of both mentions, the relation query, their
order and distance. Work is ``O(heads x tails)`` per type, never ``O(N^2)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.boundary.config import BoundarySettings


@dataclass
class RelationPairs:
    """Proposed pairs of one row for one relation type, in proposal order.

    Attributes:
        head: ``[P, 2]`` and tail ``[P, 2]``: half-open word-boundary pairs.
        head_prob, tail_prob: ``[P]`` the mentions' own probabilities.
    """

    head: torch.Tensor
    tail: torch.Tensor
    head_prob: torch.Tensor
    tail_prob: torch.Tensor


def _best_mentions(indices, probs, valid, take: int):
    """Best ``take`` valid candidates (ties: lower start, then end, then query/candidate order)."""
    flat_spans = indices.reshape(-1, 2)
    flat_probs = probs.reshape(-1)
    flat_valid = valid.reshape(-1)
    order = torch.arange(flat_probs.numel(), device=probs.device)
    order = order[torch.argsort(flat_spans[order, 1], stable=True)]
    order = order[torch.argsort(flat_spans[order, 0], stable=True)]
    floor = torch.finfo(flat_probs.dtype).min
    ranked = order[
        torch.argsort(flat_probs[order].masked_fill(~flat_valid[order], floor), descending=True, stable=True)
    ][:take]
    return flat_spans[ranked], flat_probs[ranked], flat_valid[ranked]


def propose_pairs(indices, probs, valid, head_query: int, tail_query: int, settings: BoundarySettings) -> RelationPairs:
    """Capped head x tail pairs for one relation type of one row.

    Args:
        indices: ``[Q, C, 2]`` candidates of the row; probs/valid: ``[Q, C]``.
        head_query, tail_query: The relation's two role queries.
    """
    ok = valid & (probs >= settings.relation_argument_proposal_threshold)
    only = torch.zeros_like(ok)
    heads = _best_mentions(
        indices,
        probs,
        only.index_copy(0, torch.tensor([head_query]), ok[head_query : head_query + 1]),
        settings.relation_heads_per_type,
    )
    tails = _best_mentions(
        indices,
        probs,
        only.index_copy(0, torch.tensor([tail_query]), ok[tail_query : tail_query + 1]),
        settings.relation_tails_per_type,
    )
    (h_span, h_prob, h_ok), (t_span, t_prob, t_ok) = heads, tails
    score = h_prob.unsqueeze(-1) * t_prob.unsqueeze(-2)  # [H, T]
    pair_ok = h_ok.unsqueeze(-1) & t_ok.unsqueeze(-2) & ~(h_span.unsqueeze(1) == t_span.unsqueeze(0)).all(-1)
    floor = torch.finfo(score.dtype).min
    keep = torch.argsort(score.flatten().masked_fill(~pair_ok.flatten(), floor), descending=True, stable=True)
    keep = keep[: settings.relation_pair_cap]
    keep = keep[pair_ok.flatten()[keep]]
    hi = torch.div(keep, t_span.shape[0], rounding_mode="floor")
    ti = keep - hi * t_span.shape[0]
    return RelationPairs(h_span[hi], t_span[ti], h_prob[hi], t_prob[ti])


class SparseRelationScorer(nn.Module):
    """MLP over ``[head first, head last, tail first, tail last, relation query, order, distance]``.

    The relation query is the mean of the two role queries, or with ``directional_relation_states``
    their concatenation (head first, ``2H`` wide). With ``relation_biaffine_content`` the mean word
    states of both mentions add a relation-gated biaffine term and a linear term.
    """

    def __init__(self, hidden: int, settings: BoundarySettings) -> None:
        super().__init__()
        self.hidden = hidden
        self.directional = settings.directional_relation_states
        relation_dim = 2 * hidden if self.directional else hidden
        self.mlp = nn.Sequential(
            nn.Linear(4 * hidden + relation_dim + 2, hidden), nn.GELU(), nn.Identity(), nn.Linear(hidden, 1)
        )
        self.biaffine = settings.relation_biaffine_content
        if self.biaffine:
            self.head_content_projection = nn.Linear(hidden, hidden)
            self.tail_content_projection = nn.Linear(hidden, hidden)
            self.relation_content_gate = nn.Linear(relation_dim, hidden)
            self.content_linear = nn.Linear(2 * hidden + relation_dim, 1)

    def relation_state(self, head_query: torch.Tensor, tail_query: torch.Tensor) -> torch.Tensor:
        """The relation query from its two role queries (``[H]`` each)."""
        if self.directional:
            return torch.cat((head_query, tail_query), dim=-1)
        return torch.stack((head_query, tail_query)).mean(dim=0)

    def forward(
        self, words: torch.Tensor, relation_query: torch.Tensor, pairs: RelationPairs, length: int
    ) -> torch.Tensor:
        """Pair logits ``[P]``.

        Args:
            words: ``[L, H]`` word states of the row; relation_query: ``[R]`` (see :meth:`relation_state`).
            length: The distance normaliser, in words.
        """
        last = max(words.shape[0] - 1, 0)
        parts = [
            words[pairs.head[:, 0].clamp(0, last)],
            words[(pairs.head[:, 1] - 1).clamp(0, last)],
            words[pairs.tail[:, 0].clamp(0, last)],
            words[(pairs.tail[:, 1] - 1).clamp(0, last)],
        ]
        delta = (pairs.tail[:, 0] - pairs.head[:, 0]).to(words.dtype)
        relation = relation_query.expand(delta.shape[0], -1)
        features = torch.cat(
            parts + [relation, torch.sign(delta).unsqueeze(-1), (delta.abs() / float(max(length, 1))).unsqueeze(-1)],
            dim=-1,
        )
        score = self.mlp(features).squeeze(-1)
        if self.biaffine:
            score = score + self._content_score(words, relation, pairs)
        return score

    def _content_score(self, words: torch.Tensor, relation: torch.Tensor, pairs: RelationPairs) -> torch.Tensor:
        """Biaffine + linear score of the mentions' mean word states, ``[P]``."""
        prefix = torch.cat((words.new_zeros(1, words.shape[1]), words.float().cumsum(0).to(words.dtype)))  # [L+1, H]
        last = words.shape[0]

        def mean(spans: torch.Tensor) -> torch.Tensor:
            starts, ends = spans[:, 0].clamp(0, last), spans[:, 1].clamp(0, last)
            width = (ends - starts).clamp_min(1).unsqueeze(-1).to(prefix.dtype)
            return (prefix[ends] - prefix[starts]) / width

        head = self.head_content_projection(mean(pairs.head))
        tail = self.tail_content_projection(mean(pairs.tail))
        gate = torch.sigmoid(self.relation_content_gate(relation))
        biaffine = (head * gate * tail).sum(-1) / (self.hidden**0.5)
        return biaffine + self.content_linear(torch.cat((head, tail, relation), dim=-1)).squeeze(-1)
