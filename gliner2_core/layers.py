"""Small building blocks shared by the heads."""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn


def mlp(input_dim: int, hidden_dims: Sequence[int], output_dim: int, dropout: float = 0.0) -> nn.Sequential:
    """``Linear -> ReLU [-> Dropout] -> ... -> Linear``.

    Module indices match the published checkpoints: with ``dropout == 0`` the
    linears sit at indices 0, 2, 4...; with dropout at 0, 3, 6...
    """
    layers: list[nn.Module] = []
    size = input_dim
    for hidden in hidden_dims:
        layers += [nn.Linear(size, hidden), nn.ReLU()]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        size = hidden
    layers.append(nn.Linear(size, output_dim))
    return nn.Sequential(*layers)
