"""Boundary states and per-query boundary marginals.

A text of ``n`` words has ``n + 1`` boundaries ``0..n``; boundary ``i`` sits
between word ``i - 1`` (its left) and word ``i`` (its right). A span is a
half-open pair of boundaries ``[start, end)``: there is no width axis, so a
span may be as long as the window.

Parameter names reproduce the reference checkpoints' state-dict keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

MASK_LOGIT = -1.0e4
"""The reference's finite masking sentinel (kept identical: it takes part in sorting ties)."""


class ResidualSwiGLU(nn.Module):
    """Pre-norm residual SwiGLU feed-forward block."""

    def __init__(self, dim: int, multiplier: float) -> None:
        super().__init__()
        hidden = max(1, int(dim * multiplier))
        self.norm = nn.LayerNorm(dim)
        self.input_projection = nn.Linear(dim, 2 * hidden)
        self.output_projection = nn.Linear(hidden, dim)

    def forward(self, states: torch.Tensor) -> torch.Tensor:
        value, gate = self.input_projection(self.norm(states)).chunk(2, dim=-1)
        return states + self.output_projection(value * F.silu(gate))


class BoundaryAttentionBlock(nn.Module):
    """Pre-norm multi-head self-attention over a row's boundaries (``boundary_attention_layers``).

    With ``window > 0`` a boundary attends only to boundaries at most ``window`` away.
    """

    def __init__(self, dim: int, heads: int, window: int) -> None:
        super().__init__()
        self.heads = heads
        self.window = window
        self.norm = nn.LayerNorm(dim)
        self.qkv_projection = nn.Linear(dim, 3 * dim)
        self.output_projection = nn.Linear(dim, dim)

    def forward(self, states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, d = states.shape
        qkv = self.qkv_projection(self.norm(states)).view(b, n, 3, self.heads, d // self.heads)
        query, key, value = qkv.permute(2, 0, 3, 1, 4)  # each [B, heads, N, d / heads]
        allowed = mask.view(b, 1, 1, n).expand(b, 1, n, n)
        positions = torch.arange(n, device=states.device)
        if self.window > 0:
            allowed = allowed & ((positions.view(n, 1) - positions.view(1, n)).abs() <= self.window)
        allowed = allowed | (positions.view(n, 1) == positions.view(1, n))  # padding rows attend to themselves
        attended = F.scaled_dot_product_attention(query, key, value, attn_mask=allowed)
        attended = attended.transpose(1, 2).reshape(b, n, d)
        return (states + self.output_projection(attended)) * mask.unsqueeze(-1).to(states.dtype)


class BoundaryEncoder(nn.Module):
    """Word states ``[B, L, H]`` -> boundary states ``[B, L + 1, d]`` (padding boundaries zeroed).

    Left/right projections, then ``attention_layers`` self-attention blocks, then the
    SwiGLU refinement blocks.
    """

    def __init__(self, hidden: int, dim: int, settings) -> None:
        super().__init__()
        self.left_projection = nn.Linear(hidden, dim)
        self.right_projection = nn.Linear(hidden, dim)
        self.output_projection = nn.Linear(2 * dim, dim)
        self.layer_norm = nn.LayerNorm(dim)
        self.attention_blocks = nn.ModuleList(
            BoundaryAttentionBlock(dim, settings.boundary_attention_heads, settings.boundary_attention_window)
            for _ in range(settings.boundary_attention_layers)
        )
        self.refinement_blocks = nn.ModuleList(
            ResidualSwiGLU(dim, settings.boundary_ffn_multiplier) for _ in range(settings.boundary_refinement_layers)
        )
        self.bos_state = nn.Parameter(torch.zeros(hidden))
        self.eos_state = nn.Parameter(torch.zeros(hidden))

    def forward(self, words: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return boundary states ``[B, L + 1, d]`` and their mask ``[B, L + 1]``."""
        b, length, h = words.shape
        rows = torch.arange(b, device=words.device)
        left = torch.cat([self.bos_state.expand(b, 1, h), words], dim=1)  # left(i) = word i-1
        right = torch.cat([words, self.eos_state.expand(b, 1, h)], dim=1)  # right(i) = word i
        right = right.index_put((rows, lengths.clamp(max=length)), self.eos_state.expand(b, h))  # EOS at each row's end
        states = self.output_projection(torch.cat([self.left_projection(left), self.right_projection(right)], dim=-1))
        states = self.layer_norm(states)
        mask = torch.arange(length + 1, device=words.device).unsqueeze(0) <= lengths.unsqueeze(1)
        for block in self.attention_blocks:
            states = block(states, mask)
        for block in self.refinement_blocks:
            states = block(states)
        return states * mask.unsqueeze(-1).to(states.dtype), mask


@dataclass
class Marginals:
    """Per-query boundary scores.

    Attributes:
        start: ``[B, Q, L + 1]`` start logits (masked with ``MASK_LOGIT``).
        end: ``[B, Q, L + 1]`` end logits.
        inside_prefix: ``[B, Q, L + 1]`` cumulative sum of the centred inside logits (fp32).
        inside_mean: ``[B, Q, 1]`` the centring mean, restored when an interval is scored.
    """

    start: torch.Tensor
    end: torch.Tensor
    inside_prefix: torch.Tensor
    inside_mean: torch.Tensor


class BoundaryQueryHead(nn.Module):
    """Scaled dot products of projected boundaries / words with projected queries."""

    def __init__(self, hidden: int, dim: int) -> None:
        super().__init__()
        self.dim = dim
        self.start_boundary_projection = nn.Linear(dim, dim)
        self.start_query_projection = nn.Linear(hidden, dim)
        self.end_boundary_projection = nn.Linear(dim, dim)
        self.end_query_projection = nn.Linear(hidden, dim)
        self.inside_text_projection = nn.Linear(hidden, dim)
        self.inside_query_projection = nn.Linear(hidden, dim)

    def forward(self, boundaries, boundary_mask, words, word_mask, queries, query_mask) -> Marginals:
        scale = 1.0 / math.sqrt(self.dim)
        start = (
            torch.einsum(
                "bld,bqd->bql", self.start_boundary_projection(boundaries), self.start_query_projection(queries)
            )
            * scale
        )  # [B, Q, L+1]
        end = (
            torch.einsum("bld,bqd->bql", self.end_boundary_projection(boundaries), self.end_query_projection(queries))
            * scale
        )
        inside = (
            torch.einsum("bld,bqd->bql", self.inside_text_projection(words), self.inside_query_projection(queries))
            * scale
        )
        b_keep = boundary_mask.unsqueeze(1) & query_mask.unsqueeze(-1)  # [B, Q, L+1]
        t_keep = word_mask.unsqueeze(1) & query_mask.unsqueeze(-1)  # [B, Q, L]
        start = start.masked_fill(~b_keep, MASK_LOGIT)
        end = end.masked_fill(~b_keep, MASK_LOGIT)
        # Centre each query's inside logits before an fp32 cumulative sum (as the reference does).
        inside = inside.masked_fill(~t_keep, 0.0).float()
        mean = inside.sum(-1, keepdim=True) / t_keep.sum(-1, keepdim=True).clamp_min(1)
        centred = (inside - mean) * t_keep.to(inside.dtype)
        prefix = torch.cat([centred.new_zeros(*centred.shape[:2], 1), centred.cumsum(dim=-1)], dim=-1)
        return Marginals(start, end, prefix, mean)
