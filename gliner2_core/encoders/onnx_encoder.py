"""Running the encoder with ONNX Runtime (fp32, or dynamically quantized int8).

The encoder is exported once per set of weights into the verified on-disk cache of
:mod:`gliner2_core.encoders.onnx_cache` (``$GLINER2_KIT_CACHE`` or
``~/.cache/gliner2-kit``), then reused. Only the encoder moves to ONNX Runtime; the
heads stay in torch, so checkpoints, decoding and saving are unchanged.

Why the first ONNX version was slower than torch on gliner2-mini, and what changed:

* **Spinning thread pools.** ONNX Runtime's intra-op threads busy-wait after every
  run by default, while torch's threads then run the heads: on a small machine the
  two pools fight over the cores for every batch. Sessions here never spin.
* **Unfused graph.** The exported graph had each LayerNorm, residual add and GELU as
  separate nodes. ONNX Runtime's transformer optimizer fuses them
  (``SkipLayerNormalization``, ``BiasGelu``): fewer, larger kernels.
* **Threads.** The session uses as many threads as torch (``threads=`` or
  ``torch.get_num_threads()``), one inter-op thread.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

import torch
from torch import nn

from gliner2_core.encoders.onnx_cache import cached_file, fingerprint
from gliner2_core.errors import CheckpointError

logger = logging.getLogger(__name__)

EXPORT_OPTIONS = {"exporter": "dynamo", "fuse": "bert-optimizer", "single_file": True}
INT8_OPTIONS = {**EXPORT_OPTIONS, "weights": "int8-per-channel", "activations": "dynamic-uint8"}


class _Hidden(nn.Module):
    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


def export_encoder(encoder: nn.Module, path: Path) -> None:
    """Export ``encoder`` to ONNX with dynamic batch and sequence axes (weights may go to ``path.data``)."""
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


def fuse_and_save(source: Path, target: Path, *, num_heads: int, hidden_size: int) -> None:
    """Fuse LayerNorm/residual/GELU patterns and save as one self-contained file.

    When the optimizer is unavailable or fails, the unfused graph is saved instead
    (same outputs, slower).
    """
    import onnx

    try:
        from onnxruntime.transformers.optimizer import optimize_model

        optimized = optimize_model(
            str(source), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=0
        )
        logger.debug("fused operators: %s", optimized.get_fused_operator_statistics())
        model = optimized.model
        if not any(o.domain == "com.microsoft" for o in model.opset_import):  # the fused ops' domain
            model.opset_import.append(onnx.helper.make_opsetid("com.microsoft", 1))
    except Exception as err:  # noqa: BLE001 - an optimizer failure only costs speed
        logger.warning("ONNX graph fusion failed (%s: %s); using the unfused graph", type(err).__name__, err)
        model = onnx.load(str(source))
    onnx.save_model(model, str(target), save_as_external_data=False)


def build_fp32(encoder: nn.Module, target: Path) -> None:
    """Export, fuse and write the fp32 encoder to ``target`` (one file)."""
    config = encoder.config
    with tempfile.TemporaryDirectory(prefix="gliner2-export-") as tmp:
        raw = Path(tmp) / "encoder.onnx"
        export_encoder(encoder, raw)
        fuse_and_save(raw, target, num_heads=config.num_attention_heads, hidden_size=config.hidden_size)


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the exported encoder's matrix multiplications.

    Weights get one scale per output channel: on gliner2-mini's dev sets per-tensor
    scales lost up to 7.8 points of relation F1, per-channel scales stay within one
    point, for about 10% of the int8 speed-up (benchmarks/README.md).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)


class OnnxEncoder:
    """Calls an ONNX Runtime session like the encoder: ``(input_ids, attention_mask) -> hidden [B, T, D]``.

    Attributes:
        name: ``"onnx"`` or ``"onnx-int8"``.
        path: The model file.
    """

    def __init__(self, path: Path, *, threads: int | None = None, name: str = "onnx") -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or torch.get_num_threads()
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Busy-waiting threads would compete with torch's threads running the heads.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self.name = name
        self.path = path
        self.session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])

    def __call__(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        feeds = {"input_ids": input_ids.cpu().numpy(), "attention_mask": attention_mask.cpu().numpy()}
        return torch.from_numpy(self.session.run(["hidden"], feeds)[0])

    def __repr__(self) -> str:
        return f"OnnxEncoder(name={self.name!r}, path={str(self.path)!r})"


def require_onnxruntime() -> None:
    """Raise :class:`CheckpointError` with the install command when ONNX Runtime is missing."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as err:
        raise CheckpointError(
            f"the ONNX backend needs onnxruntime and onnx ({err}); pip install 'gliner2-kit[onnx]'"
        ) from err


def onnx_encoder(
    encoder: nn.Module, *, quantize: bool = False, threads: int | None = None, content: str | None = None
) -> OnnxEncoder:
    """An ONNX Runtime runner for ``encoder``, exported (and quantized) on first use, then cached.

    Args:
        encoder: The torch encoder.
        quantize: Use the dynamically int8-quantized graph.
        threads: ONNX Runtime intra-op threads (default: torch's).
        content: The encoder's :func:`fingerprint`, when the caller already has it.
    """
    require_onnxruntime()
    content = content or fingerprint(encoder)
    fp32 = cached_file(content, "fp32", EXPORT_OPTIONS, lambda path: build_fp32(encoder, path))
    if not quantize:
        return OnnxEncoder(fp32, threads=threads, name="onnx")
    int8 = cached_file(content, "int8", INT8_OPTIONS, lambda path: quantize_int8(fp32, path))
    return OnnxEncoder(int8, threads=threads, name="onnx-int8")
