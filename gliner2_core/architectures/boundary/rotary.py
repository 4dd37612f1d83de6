"""Rotary position embeddings over word boundaries (``enable_rotary_endpoints``).

Consecutive feature pairs ``(2i, 2i + 1)`` of an endpoint vector at boundary
``n`` are rotated by the angle ``n * base^(-2i / dim)``, so the dot product of a
rotated start and a rotated end depends on their distance. Gates multiply
rotated vectors pair by pair: a gate of ``dim / 2`` values, each repeated twice.
"""

from __future__ import annotations

import torch
from torch import nn


class RotaryBoundaryEmbedding(nn.Module):
    """Rotates ``[..., N, dim]`` states by their boundary positions (no parameters)."""

    def __init__(self, dim: int, base: float) -> None:
        super().__init__()
        exponents = torch.arange(0, dim, 2, dtype=torch.float32) / dim  # [dim / 2]
        self.register_buffer("inv_freq", 1.0 / (base**exponents), persistent=False)

    def forward(self, states: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        angle = positions.unsqueeze(-1).float() * self.inv_freq  # [..., N, dim / 2]
        cos, sin = angle.cos(), angle.sin()
        even, odd = states[..., 0::2].float(), states[..., 1::2].float()
        rotated = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1)  # [..., N, dim / 2, 2]
        return rotated.flatten(-2).to(states.dtype)

    def rotate_all(self, states: torch.Tensor) -> torch.Tensor:
        """``[B, N, dim]`` states, boundary ``n`` at row position ``n``."""
        positions = torch.arange(states.shape[1], device=states.device).view(1, -1)
        return self(states, positions)


def pair_gate(gate: torch.Tensor, rotary: RotaryBoundaryEmbedding | None) -> torch.Tensor:
    """A query gate for (possibly rotated) endpoint vectors: each value twice under rotation."""
    return gate.repeat_interleave(2, dim=-1) if rotary is not None else gate
