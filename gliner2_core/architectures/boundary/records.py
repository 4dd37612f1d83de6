"""The record head (``enable_records``): several records per text for structures with a record ``mode``.

Scoring, for one structure in one row (``F`` fields, field ``f`` with its query's ``C_f`` valid candidates)::

    candidate_encoder([boundary[start]; boundary[end]])      -> candidate states  [C_f, H]
    instances [N, H] and their object logits [N], by mode:
      natural:    each anchor-field candidate; its object logit is its own anchor pair logit
      latent:     each candidate of every field; object logit latent_seed_head(state)
      anchorless: the learned instance_embed [I, H] plus attention over every candidate state
                  (q_proj / k_proj / v_proj); object logit object_head(instance)
    u = inst_proj(instance) + field_proj(field query)        -> [N, F, D]
    assignment logits of field f: ABSENT = u . null_embed,
                                  candidate c = u . cand_proj(state c)   -> [N, 1 + C_f]

With a shared candidate pool the reference scores every row and structure at once
over the whole pool (:mod:`record_pool`); this module is the per-query form.
Decoding is :mod:`record_decoding`. Parameter names are the reference's
(``record_decoder.*``), so checkpoints load and save unchanged.
"""

from __future__ import annotations

import math

import torch
from torch import nn

Seeds = list[tuple[int, int]] | None
"""Per instance, its ``(field, candidate)`` (natural and latent modes), or ``None`` (anchorless)."""


class RecordHead(nn.Module):
    """Instance and assignment scoring (see the module docstring).

    Args:
        hidden: Encoder width ``H``.
        record_dim: Assignment space width ``D``.
        instance_queries: Learned instances ``I`` of the anchorless mode.
    """

    def __init__(self, hidden: int, record_dim: int, instance_queries: int) -> None:
        super().__init__()
        self.record_dim = record_dim
        self.instance_queries = instance_queries
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

    def instances(
        self, mode: str, states: list[torch.Tensor], pair_logits: list[torch.Tensor], anchor: int | None
    ) -> tuple[torch.Tensor, torch.Tensor, Seeds]:
        """``(instance states [N, H], object logits [N], seeds)`` of one structure (see the module docstring).

        Args:
            mode: ``"natural"``, ``"latent"`` or ``"anchorless"``.
            states: Per field, ``[C_f, H]`` candidate states.
            pair_logits: Per field, ``[C_f]`` candidate logits.
            anchor: The anchor field's index (natural mode).
        """
        if mode == "natural":
            return states[anchor], pair_logits[anchor], [(anchor, c) for c in range(len(states[anchor]))]
        if mode == "latent":
            used = [f for f, x in enumerate(states) if len(x)]
            if not used:
                return states[0].new_zeros((0, states[0].shape[-1])), states[0].new_zeros((0,)), []
            scores = [self.latent_seed_head(states[f]).squeeze(-1) for f in used]  # per field, like the reference
            seeds = [(f, c) for f in used for c in range(len(states[f]))]
            return torch.cat([states[f] for f in used]), torch.cat(scores), seeds
        instances = self._anchorless_states(states)
        return instances, self.object_head(instances).squeeze(-1), None

    def _anchorless_states(self, states: list[torch.Tensor]) -> torch.Tensor:
        """``[I, H]``: the learned instances plus their attention over every field's candidate states."""
        context = [x for x in states if len(x)]
        if not context:
            return self.instance_embed
        context = torch.cat(context)  # [M, H]
        attention = (self.q_proj(self.instance_embed) @ self.k_proj(context).t()) / math.sqrt(self.record_dim)
        return self.instance_embed + torch.softmax(attention, dim=-1) @ self.v_proj(context)

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


def candidate_states(encoder: nn.Linear, boundaries: torch.Tensor, indices: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Record-head states of every candidate slot: ``encoder([b[start]; b[end]])``, zero where invalid.

    Computed over the whole padded batch in one matmul, the reference's layout, so
    each state is bit-identical to the reference's (a matmul over another row count
    may round differently).

    Args:
        encoder: The boundary head's ``candidate_encoder``.
        boundaries: ``[B, N, d]`` boundary states.
        indices: ``[B, Q, C, 2]`` per-query candidates, or ``[B, C, 2]`` a shared pool.
        valid: ``[B, Q, C]`` or ``[B, C]``, the same leading shape as ``indices``.

    Returns:
        ``[B, Q, C, H]`` or ``[B, C, H]``.
    """
    b, n, d = boundaries.shape
    flat = indices.clamp(0, n - 1).reshape(b, -1, 2)  # [B, Q*C, 2] or [B, C, 2]

    def gather(column: int) -> torch.Tensor:
        rows = flat[..., column].unsqueeze(-1).expand(-1, -1, d)
        return boundaries.gather(1, rows).view(*indices.shape[:-1], d)

    states = encoder(torch.cat([gather(0), gather(1)], dim=-1))
    return states.masked_fill(~valid.unsqueeze(-1), 0.0)
