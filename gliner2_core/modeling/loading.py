"""Assembling a :class:`GLiNER2Model` from a checkpoint folder, and writing one back.

Loading and saving are mirror images: ``save_model(load_model(folder))`` writes
the same files, keys and tensors.
"""

from __future__ import annotations

import logging
from pathlib import Path

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.checkpoint import CONFIG_FILE, ENCODER_CONFIG_DIR, load_weights, save_weights
from gliner2_core.config import ModelConfig
from gliner2_core.errors import CheckpointError
from gliner2_core.modeling.encoder import build_encoder, load_encoder_config, load_tokenizer
from gliner2_core.modeling.model import GLiNER2Model

logger = logging.getLogger(__name__)

IGNORED_BUFFERS = ("position_ids", "token_type_ids")


def _embedding_key(state: dict[str, torch.Tensor]) -> str:
    keys = [k for k in state if k.startswith("encoder.") and k.endswith("word_embeddings.weight")]
    if len(keys) != 1:
        raise CheckpointError(f"checkpoint has {len(keys)} encoder word-embedding tensors; expected exactly one")
    return keys[0]


def fit_embeddings(model: GLiNER2Model, rows: int, tokenizer: PreTrainedTokenizerBase) -> None:
    """Resize the encoder's vocabulary to ``rows`` and check the tokenizer fits in it."""
    if len(tokenizer) > rows:
        raise CheckpointError(
            f"tokenizer has {len(tokenizer)} tokens but the encoder embeds only {rows}; "
            "the tokenizer files do not belong to these weights"
        )
    if model.encoder.get_input_embeddings().weight.shape[0] != rows:
        model.encoder.resize_token_embeddings(rows, mean_resizing=False)


def load_state(model: GLiNER2Model, state: dict[str, torch.Tensor], source: str) -> None:
    """Strictly load ``state``, with a readable error listing what does not match."""
    state = {k: v for k, v in state.items() if not k.endswith(IGNORED_BUFFERS)}
    expected = {k for k in model.state_dict() if not k.endswith(IGNORED_BUFFERS)}
    missing = sorted(expected - state.keys())
    unexpected = sorted(state.keys() - expected)
    if missing or unexpected:
        raise CheckpointError(
            f"checkpoint {source!r} does not fit a {model.config.counting_layer} model on this encoder: "
            f"{len(missing)} missing keys (e.g. {missing[:3]}), {len(unexpected)} unexpected (e.g. {unexpected[:3]})"
        )
    try:
        model.load_state_dict(state, strict=False)
    except RuntimeError as err:
        raise CheckpointError(f"checkpoint {source!r} has tensors of the wrong shape: {err}") from err


def load_model(folder: Path) -> tuple[GLiNER2Model, PreTrainedTokenizerBase]:
    """Build the model and tokenizer stored in a checkpoint folder (eval mode, fp32, CPU)."""
    if not (folder / CONFIG_FILE).is_file():
        raise CheckpointError(f"checkpoint {str(folder)!r} has no {CONFIG_FILE}")
    config = ModelConfig.load(folder / CONFIG_FILE)
    encoder_config = load_encoder_config(folder / ENCODER_CONFIG_DIR)
    tokenizer = load_tokenizer(folder, encoder_config)
    state = load_weights(folder)
    model = GLiNER2Model(config, build_encoder(encoder_config))
    fit_embeddings(model, state[_embedding_key(state)].shape[0], tokenizer)
    load_state(model, state, str(folder))
    return model.eval(), tokenizer


def save_model(model: GLiNER2Model, tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Write a checkpoint folder in the published layout (readable by the reference library)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENCODER_CONFIG_DIR).mkdir(exist_ok=True)
    model.config.save(folder)
    model.encoder.config.save_pretrained(str(folder / ENCODER_CONFIG_DIR))
    save_weights(model.state_dict(), folder)
    tokenizer.save_pretrained(str(folder))
