"""Reading and writing boundary checkpoints (the reference's layout; safetensors only).

Loading and saving are mirror images: ``save_boundary(*load_boundary(folder))``
writes the same config keys and the same tensors, including the ones this
implementation carries without running them. The files themselves are read and
written by :mod:`gliner2_core.checkpoint_files`: the manifest of sha256 digests is written on
save and verified on load, and the tokenizer is checked against the weights.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.architectures.boundary.config import BoundaryConfig
from gliner2_core.architectures.boundary.model import BoundaryModel, carried_prefixes, carry
from gliner2_core.checkpoint import CONFIG_FILE, ENCODER_CONFIG_DIR
from gliner2_core.checkpoint_files import (
    IGNORED_BUFFERS,
    fit_embeddings,
    load_state,
    read_checkpoint_files,
    reading,
    write_checkpoint_files,
)
from gliner2_core.encoders.encoder import build_encoder


def _load_state(model: BoundaryModel, state: dict[str, torch.Tensor], source: str) -> None:
    state = {k: v for k, v in state.items() if not k.endswith(IGNORED_BUFFERS)}
    carried = carried_prefixes(model.config)
    carry(model, {k: v for k, v in state.items() if k.startswith(carried)})
    load_state(model, state, source, fits="this boundary configuration")


def load_boundary(folder: Path) -> tuple[BoundaryModel, PreTrainedTokenizerBase]:
    """Build the boundary model and tokenizer stored in a checkpoint folder (eval mode, fp32, CPU)."""
    config = BoundaryConfig.load(folder / CONFIG_FILE)  # settings are checked before any tensor is read
    files = read_checkpoint_files(folder)
    with reading("encoder config", folder / ENCODER_CONFIG_DIR / CONFIG_FILE):
        model = BoundaryModel(config, build_encoder(files.encoder_config))
    fit_embeddings(model, files.rows, files.tokenizer)
    _load_state(model, files.state, str(folder))
    return model.eval(), files.tokenizer


def save_boundary(model: BoundaryModel, tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Write a checkpoint folder in the reference's layout (``AutoExtractor.from_pretrained`` reads it), with its manifest."""
    write_checkpoint_files(folder, model.config, model.encoder, model.state_dict(), tokenizer)
