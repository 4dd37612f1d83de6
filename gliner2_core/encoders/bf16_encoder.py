"""Running the encoder in bfloat16 with torch (opt-in: ``from_pretrained(..., quantize="bf16")``).

On CPUs with AVX512-BF16 or AMX, oneDNN runs bfloat16 matrix products at up to twice
the fp32 rate. A bfloat16 copy of the encoder runs the texts; its hidden states go
back to fp32 before the heads, which stay fp32, so decoding and thresholds are
unchanged. Not exact: bfloat16 keeps 8 bits of mantissa, so probabilities move by
about 1e-2 and a span near a threshold can flip (``benchmarks/accuracy_backends.py
--backends bf16`` measures the change on the dev sets). The fp32 encoder is kept for
training and ``save_pretrained``; the copy costs half the encoder's fp32 size.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


def cpu_has_bf16() -> bool:
    """Whether this CPU has native bfloat16 matrix products (AVX512-BF16 or AMX)."""
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


class Bf16Encoder:
    """Calls a bfloat16 copy of the encoder like the encoder: ``(input_ids, attention_mask) -> hidden [B, T, D]`` (fp32).

    Attributes:
        name: ``"torch-bf16"``.
    """

    name = "torch-bf16"

    def __init__(self, encoder: nn.Module) -> None:
        self.encoder = copy.deepcopy(encoder).to(torch.bfloat16).eval()
        for param in self.encoder.parameters():
            param.requires_grad_(False)

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        with torch.inference_mode():
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return hidden.float()

    def __repr__(self) -> str:
        return "Bf16Encoder()"
