"""The Hugging Face side: building the encoder from its config and loading the tokenizer.

Nothing here downloads weights or runs remote code: encoders are built with
``AutoModel.from_config`` and filled from our own safetensors files.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from torch import nn
from transformers import AutoConfig, AutoModel, AutoTokenizer, PretrainedConfig, PreTrainedTokenizerBase

from gliner2_core.errors import CheckpointError, SchemaError
from gliner2_core.schema.spec import SPECIAL_TOKENS

logger = logging.getLogger(__name__)

MAX_WINDOW = 512
_POSITION_OFFSET_MODELS = {"roberta", "xlm-roberta", "camembert", "mpnet", "longformer"}


def encoder_window(encoder_config: Any, requested: int | None = None) -> int:
    """Subwords one encoder row may hold: the encoder's limit, capped at 512 unless asked for more.

    Raises:
        SchemaError: When ``requested`` exceeds what an encoder with absolute positions can hold.
    """
    limit = int(getattr(encoder_config, "max_position_embeddings", MAX_WINDOW) or MAX_WINDOW)
    if getattr(encoder_config, "model_type", "") in _POSITION_OFFSET_MODELS:
        limit -= 2
    if requested is None:
        return min(limit, MAX_WINDOW)
    if getattr(encoder_config, "position_biased_input", True) and requested > limit:
        raise SchemaError.invalid("max_positions", requested, f"at most {limit} for this encoder")
    return requested


def load_encoder_config(path: str | Path) -> PretrainedConfig:
    """Read ``encoder_config/config.json`` (or an encoder folder) without remote code."""
    try:
        return AutoConfig.from_pretrained(str(path), trust_remote_code=False)
    except (OSError, ValueError, KeyError) as err:
        raise CheckpointError(f"cannot read encoder config at {str(path)!r}: {err}") from err


def build_encoder(config: PretrainedConfig) -> nn.Module:
    """An untrained encoder of this architecture, in fp32, preferring SDPA attention."""
    try:
        encoder = AutoModel.from_config(config, attn_implementation="sdpa", trust_remote_code=False)
    except (ValueError, ImportError, TypeError) as err:
        logger.debug("encoder %s has no SDPA attention (%s); using eager attention", config.model_type, err)
        encoder = AutoModel.from_config(config, attn_implementation="eager", trust_remote_code=False)
    return encoder.float()


def load_tokenizer(path: str | Path, config: PretrainedConfig | None = None) -> PreTrainedTokenizerBase:
    """Load a fast tokenizer and make sure the ten GLiNER2 special tokens exist.

    Args:
        path: Folder with the tokenizer files.
        config: The encoder config, so the folder's own ``config.json`` (the
            GLiNER2 config) is not mistaken for an encoder config.

    Older checkpoints store ``extra_special_tokens`` as a list, which recent
    Transformers releases reject; those are retried with the field cleared.
    """
    extra = {"config": config} if config is not None else {}
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), trust_remote_code=False, **extra)
    except AttributeError as err:
        if "'list' object has no attribute 'keys'" not in str(err):
            raise
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = AutoTokenizer.from_pretrained(
                str(path), trust_remote_code=False, extra_special_tokens={}, **extra
            )
    except (OSError, ValueError) as err:
        raise CheckpointError(f"cannot load the tokenizer at {str(path)!r}: {err}") from err
    if not getattr(tokenizer, "is_fast", False):
        raise CheckpointError(f"the tokenizer at {str(path)!r} has no fast (tokenizers) implementation")
    add_special_tokens(tokenizer)
    return tokenizer


def add_special_tokens(tokenizer: PreTrainedTokenizerBase) -> None:
    """Register the GLiNER2 markers as special tokens, in the published order."""
    missing = [t for t in SPECIAL_TOKENS if t not in tokenizer.get_vocab()]
    if missing:
        tokenizer.add_special_tokens({"additional_special_tokens": list(SPECIAL_TOKENS)})
