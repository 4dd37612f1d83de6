"""The shared candidate pool (``candidate_pool: "shared"``): one set of spans per row, for every query.

Instead of proposing spans query by query, the per-query marginals are merged
(the best query at each boundary) and paired once per row::

    max over queries of the start / end marginals          -> union marginals  [B, N]
    pool_boundary_top_k starts x pool_boundary_top_k ends  -> pairs            [B, K * K]
    each query's min_pool_per_query best pairs, reserved   (quota)
    the other pairs by union score                         -> pool             [B, pool_size, 2]

Reserved pairs rank above every union score, and spans asked for explicitly
(the options of a choice field) above those, so they are always in the pool.
Pairs are de-duplicated and kept by priority, then by ``(start, end)``: the
reference's order, ties included (:func:`proposal.assemble` does the same per query).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.boundary.config import BoundarySettings
from gliner2_core.architectures.boundary.layers import MASK_LOGIT
from gliner2_core.architectures.boundary.proposal import assemble, top_boundaries
from gliner2_core.errors import SchemaError

RESERVED_PRIORITY = -MASK_LOGIT * 0.5
"""Priority of a query's reserved pairs (plus their rank bonus, ``quota..1``): above any union score."""
REQUESTED_PRIORITY = -MASK_LOGIT
"""Priority of spans asked for explicitly: above everything."""


@dataclass
class Pool:
    """The candidate pool of each row (query agnostic).

    Attributes:
        indices: ``[B, C, 2]`` half-open boundary pairs (0 where invalid), ``C = pool_size``.
        valid: ``[B, C]``.
        compat: ``[B, C]`` start/end compatibility of each pair (0 where invalid).
    """

    indices: torch.Tensor
    valid: torch.Tensor
    compat: torch.Tensor


def gather_rows(states: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    """``states [B, N, D]`` at ``index [B, K]`` -> ``[B, K, D]``."""
    index = index.clamp(0, states.shape[1] - 1)
    return states.gather(1, index.unsqueeze(-1).expand(-1, -1, states.shape[-1]))


def union_marginals(logits: torch.Tensor, boundary_mask: torch.Tensor, query_mask: torch.Tensor) -> torch.Tensor:
    """``[B, Q, N]`` marginals -> ``[B, N]``: the best query's logit at each boundary."""
    keep = boundary_mask.unsqueeze(1) & query_mask.unsqueeze(-1)
    return logits.masked_fill(~keep, MASK_LOGIT).amax(dim=1)


class CandidatePoolBuilder(nn.Module):
    """Builds the pool of each row (see the module docstring); its own start/end compatibility."""

    def __init__(self, dim: int, settings: BoundarySettings) -> None:
        super().__init__()
        self.dim = dim
        self.top_k = settings.pool_boundary_top_k
        self.size = settings.pool_size
        self.quota = settings.min_pool_per_query
        self.start_projection = nn.Linear(dim, dim)
        self.end_projection = nn.Linear(dim, dim)

    def _compat(self, starts_all, ends_all, starts, ends) -> torch.Tensor:
        return (gather_rows(starts_all, starts) * gather_rows(ends_all, ends)).sum(-1) / math.sqrt(self.dim)

    @staticmethod
    def _reserved(start_logits, end_logits, query_mask, pair_starts, pair_ends, pair_ok, compat, union_score, quota: int) -> tuple:
        """Each query's ``quota`` best pairs by its own marginals, ahead of the union ranking (the per-query quota)."""
        b, q = query_mask.shape
        per_query = (
            start_logits.gather(2, pair_starts.unsqueeze(1).expand(b, q, -1))
            + end_logits.gather(2, pair_ends.unsqueeze(1).expand(b, q, -1))
            + compat.unsqueeze(1)
        )  # [B, Q, P]
        ok = pair_ok.unsqueeze(1) & query_mask.unsqueeze(-1)
        best = torch.argsort(per_query.masked_fill(~ok, MASK_LOGIT), dim=-1, descending=True, stable=True)
        best = best[..., :quota]  # [B, Q, quota]
        bonus = torch.arange(quota, 0, -1, device=compat.device, dtype=union_score.dtype)
        priority = union_score.new_full((b, q, quota), RESERVED_PRIORITY) + bonus
        flat = best.reshape(b, -1)
        return pair_starts.gather(1, flat), pair_ends.gather(1, flat), priority.reshape(b, -1), ok.gather(-1, best).reshape(b, -1)

    def forward(
        self,
        boundaries: torch.Tensor,
        boundary_mask: torch.Tensor,
        query_mask: torch.Tensor,
        start_logits: torch.Tensor,
        end_logits: torch.Tensor,
        requested: torch.Tensor | None = None,
        requested_valid: torch.Tensor | None = None,
    ) -> Pool:
        """The pool of every row.

        Args:
            boundaries: ``[B, N, d]`` boundary states; boundary_mask: ``[B, N]``.
            query_mask: ``[B, Q]``; start_logits, end_logits: ``[B, Q, N]`` the query marginals.
            requested: Optional ``[B, Q, S, 2]`` spans that must be in the pool, where ``requested_valid [B, Q, S]``.
        """
        b, n, _ = boundaries.shape
        union_start = union_marginals(start_logits, boundary_mask, query_mask)
        union_end = union_marginals(end_logits, boundary_mask, query_mask)
        union_valid = (boundary_mask & query_mask.any(-1, keepdim=True)).unsqueeze(1)
        _, starts, starts_ok = top_boundaries(union_start.unsqueeze(1), union_valid, self.top_k)
        _, ends, ends_ok = top_boundaries(union_end.unsqueeze(1), union_valid, self.top_k)
        starts, ends, starts_ok, ends_ok = starts[:, 0], ends[:, 0], starts_ok[:, 0], ends_ok[:, 0]
        # Every selected start with every selected end, start-major: [B, Ks * Ke].
        shape = (b, starts.shape[1], ends.shape[1])
        pair_starts = starts.unsqueeze(-1).expand(shape).reshape(b, -1)
        pair_ends = ends.unsqueeze(1).expand(shape).reshape(b, -1)
        pair_ok = (starts_ok.unsqueeze(-1) & ends_ok.unsqueeze(1) & (ends.unsqueeze(1) > starts.unsqueeze(-1))).reshape(
            b, -1
        )
        starts_all, ends_all = self.start_projection(boundaries), self.end_projection(boundaries)
        compat = self._compat(starts_all, ends_all, pair_starts, pair_ends)
        union_score = compat + union_start.gather(1, pair_starts) + union_end.gather(1, pair_ends)

        entries = []  # (starts, ends, priorities, valid), each [B, M]
        quota = min(self.quota, pair_starts.shape[1])
        if quota:
            entries.append(self._reserved(
                start_logits, end_logits, query_mask, pair_starts, pair_ends, pair_ok, compat, union_score, quota
            ))
        entries.append((pair_starts, pair_ends, union_score, pair_ok))
        if requested is not None:
            inside = (requested >= 0).all(-1) & (requested < n).all(-1)
            wanted = requested_valid & query_mask.unsqueeze(-1) & inside
            spans = requested.clamp(0, n - 1).reshape(b, -1, 2)
            priority = union_score.new_full(wanted.shape, REQUESTED_PRIORITY)
            entries.append((spans[..., 0], spans[..., 1], priority.reshape(b, -1), wanted.reshape(b, -1)))
        pool_starts, pool_ends, priorities, pool_ok = (torch.cat(x, dim=-1).unsqueeze(1) for x in zip(*entries))
        every_row = torch.ones(b, 1, dtype=torch.bool, device=boundaries.device)
        pairs, keep = assemble(pool_starts, pool_ends, priorities, pool_ok, every_row, capacity=self.size, n=n)
        pairs, keep = pairs[:, 0], keep[:, 0]
        compat = self._compat(starts_all, ends_all, pairs[..., 0], pairs[..., 1])
        return Pool(pairs, keep, compat.where(keep, 0.0))

    @staticmethod
    def locate(pool: Pool, spans: torch.Tensor, legal: torch.Tensor) -> torch.Tensor:
        """Pool position of each of ``spans [B, Q, S, 2]`` -> ``[B, Q, S]``.

        Raises:
            SchemaError: When a legal span is not in the pool (more options to score than ``pool_size``).
        """
        same = (spans.unsqueeze(3) == pool.indices[:, None, None]).all(-1) & pool.valid[:, None, None]
        if bool((legal & ~same.any(-1)).any()):
            raise SchemaError(
                f"choice options to score: got {int(legal.sum())}; expected at most the checkpoint's "
                f"shared candidate pool (pool_size {same.shape[-1]})"
            )
        return same.long().argmax(-1)
