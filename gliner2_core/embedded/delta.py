"""Writing and applying "what training learned" on top of a pretrained encoder.

File layout (one safetensors file, tensor names):

* ``head.<key>``: every non-encoder tensor of the model (the GLiNER2 heads);
* ``new_rows``: embeddings of the tokens added to the backbone's vocabulary;
* ``delta.<key>``: ``fine-tuned - pretrained`` for each encoder tensor that changed.

Applying is the mirror image of :func:`write_delta`; the manifest carries the
model config, the special-token ids and the backbone's hash.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.checkpoint_files import fit_embeddings, load_state
from gliner2_core.encoders.encoder import build_encoder, load_encoder_config, load_tokenizer
from gliner2_core.errors import CheckpointError

logger = logging.getLogger(__name__)

EMBEDDINGS = "encoder.embeddings.word_embeddings.weight"


def _backbone_state(folder: Path) -> dict[str, torch.Tensor]:
    state = load_file(str(folder / "model.safetensors"))
    return {f"encoder.{k}": v for k, v in state.items() if not k.endswith("position_ids")}


def write_delta(model: GLiNER2Model, backbone: Path, path: Path, *, dtype: torch.dtype = torch.float16) -> dict[str, Any]:
    """Save ``model`` as heads + new token rows + encoder deltas against ``backbone``.

    Returns:
        Statistics (tensor counts and sizes) for the manifest.
    """
    base = _backbone_state(backbone)
    out: dict[str, torch.Tensor] = {}
    changed = 0
    for key, value in model.state_dict().items():
        value = value.detach().cpu().float()
        if not key.startswith("encoder."):
            out[f"head.{key}"] = value.to(dtype).contiguous()
        elif key == EMBEDDINGS:
            rows = base[key].shape[0]
            if not torch.equal(value[:rows], base[key]):
                raise CheckpointError("the pretrained vocabulary embeddings changed; only new token rows may be learned")
            out["new_rows"] = value[rows:].to(dtype).contiguous()
        elif key in base and not torch.equal(value, base[key]):
            out[f"delta.{key}"] = (value - base[key]).to(dtype).contiguous()
            changed += 1
    save_file(out, str(path), metadata={"format": "gliner2-kit-delta-1"})
    return {"encoder_tensors_changed": changed, "tensors": len(out), "bytes": path.stat().st_size}


def apply_delta(backbone: Path, path: Path, info: dict[str, Any]) -> tuple[GLiNER2Model, Any]:
    """Rebuild the fine-tuned model from the backbone folder and a delta file."""
    tokenizer = load_tokenizer(backbone)
    expected = info["special_token_ids"]
    actual = {token: tokenizer.convert_tokens_to_ids(token) for token in expected}
    if actual != expected:
        raise CheckpointError(f"special token ids {actual} differ from the trained ones {expected}")
    model = GLiNER2Model(ModelConfig.from_json_dict(info["config"]), build_encoder(load_encoder_config(backbone)))
    fit_embeddings(model, info["vocab_size"], tokenizer)
    state = _backbone_state(backbone)
    state.update({k: v for k, v in model.state_dict().items() if k.startswith("encoder.pooler.") and k not in state})
    learned = load_file(str(path))
    state[EMBEDDINGS] = torch.cat([state[EMBEDDINGS], learned["new_rows"].float()])
    for name, tensor in learned.items():
        if name.startswith("head."):
            state[name[len("head.") :]] = tensor.float()
        elif name.startswith("delta."):
            key = name[len("delta.") :]
            state[key] = state[key] + tensor.float()
    load_state(model, state, str(path))
    return model.eval(), tokenizer
