"""Running the encoder with ONNX Runtime (fp32, or dynamically quantized int8).

The encoder is exported once per set of weights into a cache folder
(``$GLINER2_KIT_CACHE`` or ``~/.cache/gliner2-kit``), named by a hash of its
tensors, then reused. Only the encoder moves to ONNX Runtime; the heads stay in
torch, so checkpoints, decoding and saving are unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from pathlib import Path

import torch
from torch import nn

from gliner2_core.errors import CheckpointError

logger = logging.getLogger(__name__)


def cache_dir() -> Path:
    return Path(os.environ.get("GLINER2_KIT_CACHE", Path.home() / ".cache" / "gliner2-kit")) / "onnx"


def fingerprint(encoder: nn.Module) -> str:
    """sha256 over the encoder's tensors (names, shapes and bytes)."""
    digest = hashlib.sha256()
    for name, tensor in encoder.state_dict().items():
        digest.update(f"{name}:{tuple(tensor.shape)}:{tensor.dtype}".encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()[:24]


class _Hidden(nn.Module):
    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def export_encoder(encoder: nn.Module, path: Path) -> None:
    """Export ``encoder`` to ONNX with dynamic batch and sequence axes."""
    example = (torch.ones(2, 16, dtype=torch.long), torch.ones(2, 16, dtype=torch.long))
    batch, tokens = torch.export.Dim("batch"), torch.export.Dim("tokens")
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(encoder).eval(),
            example,
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_shapes=({0: batch, 1: tokens}, {0: batch, 1: tokens}),
            dynamo=True,
            verbose=False,
        )


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the exported encoder's matrix multiplications.

    Weights get one scale per output channel: on gliner2-mini's dev sets per-tensor
    scales lost up to 7.8 points of relation F1, per-channel scales stay within one
    point, for about 10% of the int8 speed-up (benchmarks/README.md).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)


class OnnxEncoder:
    """Calls an ONNX Runtime session like the encoder: ``(input_ids, attention_mask) -> hidden [B, T, D]``."""

    def __init__(self, path: Path, *, threads: int | None = None) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.path = path
        self.session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        feeds = {"input_ids": input_ids.cpu().numpy(), "attention_mask": attention_mask.cpu().numpy()}
        return torch.from_numpy(self.session.run(["hidden"], feeds)[0])


def onnx_encoder(encoder: nn.Module, *, quantize: bool = False, threads: int | None = None) -> OnnxEncoder:
    """An ONNX Runtime runner for ``encoder``, exported (and quantized) on first use."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError as err:
        raise CheckpointError("backend='onnx' needs onnxruntime: pip install 'gliner2-kit[onnx]'") from err
    folder = cache_dir() / fingerprint(encoder)
    fp32 = folder / "encoder.onnx"
    if not fp32.is_file():
        logger.info("exporting the encoder to %s", fp32)
        export_encoder(encoder, fp32)
    if not quantize:
        return OnnxEncoder(fp32, threads=threads)
    int8 = folder / "encoder.int8-per-channel.onnx"
    if not int8.is_file():
        logger.info("quantizing the encoder to %s", int8)
        quantize_int8(fp32, int8)
    return OnnxEncoder(int8, threads=threads)
