"""The boundary head: boundary states -> marginals -> sparse proposals -> reranked candidates.

``forward`` reads top to bottom::

    boundary_encoder(words)                        -> boundaries [B, L+1, d]
    boundary_query_head(boundaries, words, queries) -> start/end/inside marginals [B, Q, L+1]
    boundary_proposer(...)                         -> candidates [B, Q, C, 2]
    pair_scorer(...)                               -> candidate logits [B, Q, C]
    null_projection(queries)                       -> abstention logits [B, Q]

With ``candidate_pool: "shared"`` the proposer and pair scorer are replaced by
one pool per row (:mod:`pool`) scored for every query (:mod:`pool_scoring`);
the candidates of every query are then the row's pool, ``C = pool_size``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.boundary.config import BoundarySettings
from gliner2_core.architectures.boundary.layers import MASK_LOGIT, BoundaryEncoder, BoundaryQueryHead, Marginals
from gliner2_core.architectures.boundary.pool import CandidatePoolBuilder
from gliner2_core.architectures.boundary.pool_scoring import SharedPoolScorer
from gliner2_core.architectures.boundary.proposal import Proposals, SparseBoundaryProposer
from gliner2_core.architectures.boundary.scoring import SparseBoundaryPairScorer


@dataclass
class Candidates:
    """Scored candidate spans of every query.

    Attributes:
        indices: ``[B, Q, C, 2]`` half-open word-boundary pairs (choice-prefix words count first).
        logits: ``[B, Q, C]`` candidate logits (``MASK_LOGIT`` where invalid).
        valid: ``[B, Q, C]``.
        null_logits: ``[B, Q]`` abstention logits, or ``None`` when the checkpoint has no abstention head.
        count_log_rates: ``[B, Q]`` predicted log counts, or ``None``.
        boundaries: ``[B, L+1, d]`` boundary states (the record head's candidate states read them).
    """

    indices: torch.Tensor
    logits: torch.Tensor
    valid: torch.Tensor
    null_logits: torch.Tensor | None = None
    count_log_rates: torch.Tensor | None = None
    boundaries: torch.Tensor | None = None


class BoundaryHead(nn.Module):
    """Span proposals and scores for every query; see the module docstring."""

    def __init__(self, hidden: int, settings: BoundarySettings) -> None:
        super().__init__()
        d = settings.boundary_dim
        self.settings = settings
        self.boundary_encoder = BoundaryEncoder(hidden, d, settings)
        self.boundary_query_head = BoundaryQueryHead(hidden, d)
        self.boundary_proposer = SparseBoundaryProposer(d, hidden, settings)
        self.pair_scorer = SparseBoundaryPairScorer(d, hidden, settings)
        self.null_projection = nn.Linear(hidden, 1) if settings.enable_abstention else None
        self.count_head = nn.Linear(hidden, 1) if settings.enable_count_head else None
        # Record head input: a candidate's state from its two boundary states (see records.candidate_states).
        self.candidate_encoder = nn.Linear(2 * d, hidden) if settings.enable_records else None
        self.shared_pool = settings.candidate_pool == "shared"
        if self.shared_pool:  # otherwise the checkpoint's tensors are carried under these names (model.carry)
            self.shared_pool_builder = CandidatePoolBuilder(d, settings)
            self.shared_pool_scorer = SharedPoolScorer(d, hidden, settings)

    def forward(self, words, word_mask, queries, query_mask) -> Candidates:
        """Score candidates.

        Args:
            words: ``[B, L, H]`` word states (zero where padded); word_mask: ``[B, L]``.
            queries: ``[B, Q, H]`` field-marker states; query_mask: ``[B, Q]``.
        """
        lengths = word_mask.sum(dim=1).long()
        boundaries, boundary_mask = self.boundary_encoder(words, lengths)
        marginals = self.boundary_query_head(boundaries, boundary_mask, words, word_mask, queries, query_mask)
        if self.shared_pool:
            pool = self.shared_pool_builder(boundaries, boundary_mask, query_mask, marginals.start, marginals.end)
            logits = self.shared_pool_scorer(
                boundaries, queries, query_mask, pool, marginals, lengths, words, word_mask
            )
            b, q, c = logits.shape
            # Every query (padding ones too, like the reference) has the row's whole pool.
            indices, valid = pool.indices.unsqueeze(1).expand(b, q, c, 2), pool.valid.unsqueeze(1).expand(b, q, c)
        else:
            proposals = self.boundary_proposer(
                boundaries, boundary_mask, queries, query_mask, marginals.start, marginals.end
            )
            logits = self.pair_scorer(boundaries, queries, proposals, marginals, lengths, words, word_mask)
            indices, valid = proposals.indices, proposals.valid
        return Candidates(
            indices,
            logits,
            valid,
            self.null_projection(queries).squeeze(-1) if self.null_projection is not None else None,
            self.count_head(queries).squeeze(-1) if self.count_head is not None else None,
            boundaries,
        )

    def score_spans(self, words, word_mask, queries, query_mask, indices: torch.Tensor) -> torch.Tensor:
        """Logits of given spans ``indices [B, Q, C, 2]`` (no proposal step), ``[B, Q, C]``.

        Used for choice fields, whose options are scored at their pseudo-word positions.
        """
        lengths = word_mask.sum(dim=1).long()
        starts, ends = indices[..., 0], indices[..., 1]
        legal = (starts >= 0) & (ends > starts) & (ends <= lengths.view(-1, 1, 1)) & query_mask.unsqueeze(-1)
        boundaries, boundary_mask = self.boundary_encoder(words, lengths)
        marginals = self.boundary_query_head(boundaries, boundary_mask, words, word_mask, queries, query_mask)
        if self.shared_pool:
            return self._score_pooled_spans(
                boundaries, boundary_mask, queries, query_mask, marginals, (words, word_mask), indices, legal
            )
        compat = self.boundary_proposer.compatibility(boundaries, queries, indices)
        proposals = Proposals(indices.clamp(min=0), legal, compat.where(legal, 0.0))
        return self.pair_scorer(boundaries, queries, proposals, marginals, lengths, words, word_mask)

    def _score_pooled_spans(
        self, boundaries, boundary_mask, queries, query_mask, marginals: Marginals, text, indices, legal
    ):
        """:meth:`score_spans` with a shared pool: the spans join the pool (its candidates attend to each other)."""
        pool = self.shared_pool_builder(
            boundaries,
            boundary_mask,
            query_mask,
            marginals.start,
            marginals.end,
            requested=indices,
            requested_valid=legal,
        )
        lengths = text[1].sum(dim=1).long()
        logits = self.shared_pool_scorer(boundaries, queries, query_mask, pool, marginals, lengths, *text)
        position = self.shared_pool_builder.locate(pool, indices, legal)
        return logits.gather(2, position).masked_fill(~legal, MASK_LOGIT)
