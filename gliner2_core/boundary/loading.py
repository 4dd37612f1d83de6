"""Reading and writing boundary checkpoints (the reference's layout; safetensors only).

Loading and saving are mirror images: ``save_boundary(*load_boundary(folder))``
writes the same config keys and the same tensors, including the ones this
implementation carries without running them.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.boundary.config import BoundaryConfig
from gliner2_core.boundary.model import CARRIED_PREFIXES, BoundaryModel, carry
from gliner2_core.checkpoint import CONFIG_FILE, ENCODER_CONFIG_DIR, load_weights, save_weights
from gliner2_core.errors import CheckpointError
from gliner2_core.modeling.encoder import build_encoder, load_encoder_config, load_tokenizer
from gliner2_core.modeling.loading import IGNORED_BUFFERS, load_state


def _fit_embeddings(model: BoundaryModel, state: dict[str, torch.Tensor], tokenizer: PreTrainedTokenizerBase) -> None:
    keys = [k for k in state if k.startswith("encoder.") and k.endswith("word_embeddings.weight")]
    if len(keys) != 1:
        raise CheckpointError(f"checkpoint has {len(keys)} encoder word-embedding tensors; expected exactly one")
    rows = state[keys[0]].shape[0]
    if len(tokenizer) > rows:
        raise CheckpointError(
            f"tokenizer has {len(tokenizer)} tokens but the encoder embeds only {rows}; "
            "the tokenizer files do not belong to these weights"
        )
    if model.encoder.get_input_embeddings().weight.shape[0] != rows:
        model.encoder.resize_token_embeddings(rows, mean_resizing=False)


def _load_state(model: BoundaryModel, state: dict[str, torch.Tensor], source: str) -> None:
    state = {k: v for k, v in state.items() if not k.endswith(IGNORED_BUFFERS)}
    carry(model, {k: v for k, v in state.items() if k.startswith(CARRIED_PREFIXES)})
    load_state(model, state, source, fits="this boundary configuration")


def load_boundary(folder: Path) -> tuple[BoundaryModel, PreTrainedTokenizerBase]:
    """Build the boundary model and tokenizer stored in a checkpoint folder (eval mode, fp32, CPU)."""
    if not (folder / CONFIG_FILE).is_file():
        raise CheckpointError(f"checkpoint {str(folder)!r} has no {CONFIG_FILE}")
    config = BoundaryConfig.load(folder / CONFIG_FILE)
    encoder_config = load_encoder_config(folder / ENCODER_CONFIG_DIR)
    tokenizer = load_tokenizer(folder, encoder_config)
    state = load_weights(folder)
    model = BoundaryModel(config, build_encoder(encoder_config))
    _fit_embeddings(model, state, tokenizer)
    _load_state(model, state, str(folder))
    return model.eval(), tokenizer


def save_boundary(model: BoundaryModel, tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Write a checkpoint folder in the reference's layout (``AutoExtractor.from_pretrained`` reads it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENCODER_CONFIG_DIR).mkdir(exist_ok=True)
    model.config.save(folder)
    model.encoder.config.save_pretrained(str(folder / ENCODER_CONFIG_DIR))
    save_weights(model.state_dict(), folder)
    tokenizer.save_pretrained(str(folder))
