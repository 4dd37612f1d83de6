"""Span content (``enable_span_content``): the mean of a span's projected word states.

Word states are projected to ``content_dim`` and summed into fp32 prefix sums
once per forward, so any ``[start, end)`` span is pooled in ``O(1)``:
``(prefix[end] - prefix[start]) / (end - start)``. With ``content_soft_max_pool``
a smooth maximum (a log-sum-exp over the span, from log-cumulative sums) is
concatenated. The pooled vector is layer-normalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

FLOOR = torch.finfo(torch.float32).min / 4.0
"""Log-sum-exp value of an empty prefix (finite, so differences stay finite)."""


@dataclass
class ContentPrefix:
    """Prefix sums of one batch: ``mean [B, L + 1, c]``, ``log_sum_exp [B, L + 1, c]`` or ``None``."""

    mean: torch.Tensor
    log_sum_exp: torch.Tensor | None


def gather_prefix(prefix: torch.Tensor, indices: torch.Tensor) -> torch.Tensor:
    """``prefix [B, N, c]`` at ``indices [B, ...]`` -> ``[B, ..., c]``."""
    b, n, c = prefix.shape
    flat = indices.reshape(b, -1).clamp(0, n - 1)
    return prefix.gather(1, flat.unsqueeze(-1).expand(-1, -1, c)).view(*indices.shape, c)


class SpanContentPooler(nn.Module):
    """Projects word states and pools them over spans (see the module docstring)."""

    def __init__(self, hidden: int, content_dim: int, soft_max_pool: bool) -> None:
        super().__init__()
        self.content_dim = content_dim
        self.soft_max_pool = soft_max_pool
        self.output_dim = content_dim * (2 if soft_max_pool else 1)
        self.value_projection = nn.Linear(hidden, content_dim)
        self.layer_norm = nn.LayerNorm(self.output_dim)

    def prefix(self, words: torch.Tensor, word_mask: torch.Tensor) -> ContentPrefix:
        """Prefix sums of ``words [B, L, H]`` (``word_mask [B, L]``)."""
        values = self.value_projection(words)
        values = (values * word_mask.unsqueeze(-1).to(values.dtype)).float()  # [B, L, c]
        zeros = values.new_zeros(values.shape[0], 1, self.content_dim)
        mean = torch.cat((zeros, values.cumsum(1)), dim=1)
        if not self.soft_max_pool:
            return ContentPrefix(mean, None)
        masked = values.masked_fill(~word_mask.unsqueeze(-1), FLOOR)
        log_sum_exp = torch.cat((zeros.new_full(zeros.shape, FLOOR), torch.logcumsumexp(masked, dim=1)), dim=1)
        return ContentPrefix(mean, log_sum_exp)

    def pool(self, prefix: ContentPrefix, starts: torch.Tensor, ends: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """Content of spans ``[B, ...]`` -> ``[B, ..., output_dim]``."""
        length = (ends - starts).clamp_min(1).unsqueeze(-1).float()
        pooled = (gather_prefix(prefix.mean, ends) - gather_prefix(prefix.mean, starts)) / length
        if prefix.log_sum_exp is not None:
            at_end = gather_prefix(prefix.log_sum_exp, ends)
            # log(exp(end) - exp(start)) = end + log(1 - exp(start - end)): the log-sum-exp over the span
            delta = (gather_prefix(prefix.log_sum_exp, starts) - at_end).clamp(max=-1e-6)
            soft_max = torch.nan_to_num(at_end + torch.log1p(-torch.exp(delta)), neginf=0.0, posinf=0.0)
            pooled = torch.cat((pooled, soft_max), dim=-1)
        return self.layer_norm(pooled.to(dtype))
