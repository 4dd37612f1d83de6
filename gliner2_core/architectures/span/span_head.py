"""Span scoring: every span of up to ``max_width`` words against every field query.

The published heads ("markerV0") represent span ``(i, i+w)`` as

    rep[i, w] = out_project( relu( [project_start(h_i) ; project_end(h_{i+w})] ) )

and score it against a field query ``q`` with ``rep[i, w] · q``. Materialising
``rep`` costs ``N * W * D`` per text and a dot product per query. Because
``out_project`` is ``Linear(2D, 4D) -> ReLU -> Linear(4D, D)``, the first linear
splits into a start half and an end half that can be applied per word, and the
last linear folds into the query:

    rep[i, w] · q = relu(A s_i + B e_{i+w} + b1) · (W2ᵀ q) + q · b2

so the work per span is one addition, a ReLU and a dot product with a folded query.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from gliner2_core.layers import mlp


class SpanMarker(nn.Module):
    """The markerV0 span representation, with factorised query scoring."""

    def __init__(self, hidden_size: int, max_width: int, dropout: float) -> None:
        super().__init__()
        self.max_width = max_width
        self.project_start = mlp(hidden_size, [hidden_size * 4], hidden_size, dropout)
        self.project_end = mlp(hidden_size, [hidden_size * 4], hidden_size, dropout)
        self.out_project = mlp(hidden_size * 2, [hidden_size * 4], hidden_size, dropout)

    def project(self, words: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-word halves of the first ``out_project`` layer: ``[..., N, D] -> 2 x [..., N, 4D]``.

        Run once for a whole batch; :meth:`score_projected` then scores each text.
        """
        first = self.out_project[0]
        d = words.shape[-1]
        start = F.linear(self.project_start(words).relu(), first.weight[:, :d])
        end = F.linear(self.project_end(words).relu(), first.weight[:, d:])
        return start, end

    def score_projected(self, start: torch.Tensor, end: torch.Tensor, queries: torch.Tensor) -> torch.Tensor:
        """Raw span logits ``[Q, N, W]`` of one text from its projections ``[N, 4D]`` and queries ``[Q, D]``.

        Spans that run past the last word are ``-inf``.
        """
        n = start.shape[0]
        first, dropout, last = self.out_project[0], self.out_project[2], self.out_project[3]
        # end_windows[i, w] = end[i + w], zero past the last word
        end_windows = F.pad(end, (0, 0, 0, self.max_width - 1)).unfold(0, self.max_width, 1).transpose(1, 2)
        # In place after the first sum: [N, W, 4D] is the largest tensor of the heads, allocated once.
        hidden = start.unsqueeze(1) + end_windows
        hidden = dropout(hidden.add_(first.bias).relu_())  # [N, W, 4D]
        folded = queries @ last.weight  # [Q, 4D]
        logits = torch.einsum("nwh,qh->qnw", hidden, folded) + (queries @ last.bias)[:, None, None]
        ends = torch.arange(n, device=start.device)[:, None] + torch.arange(self.max_width, device=start.device)
        return logits.masked_fill(ends >= n, float("-inf"))

    def score(self, words: torch.Tensor, queries: torch.Tensor) -> torch.Tensor:
        """Raw span logits ``[Q, N, W]`` of one text with word embeddings ``[N, D]``."""
        start, end = self.project(words)
        return self.score_projected(start, end, queries)


class SpanHead(nn.Module):
    """Holder whose attribute name reproduces the checkpoints' ``span_rep.span_rep_layer.*`` keys."""

    def __init__(self, hidden_size: int, max_width: int, dropout: float) -> None:
        super().__init__()
        self.span_rep_layer = SpanMarker(hidden_size, max_width, dropout)

    def project(self, words: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.span_rep_layer.project(words)

    def score_projected(self, start: torch.Tensor, end: torch.Tensor, queries: torch.Tensor) -> torch.Tensor:
        return self.span_rep_layer.score_projected(start, end, queries)
