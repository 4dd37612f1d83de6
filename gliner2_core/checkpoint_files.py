"""Checkpoint files shared by both architectures: reading them safely, fitting the embeddings, writing them back.

A checkpoint folder holds ``config.json``, ``encoder_config/config.json``,
``model.safetensors``, the tokenizer files and a manifest of their sha256 digests,
which is verified before anything is read. Whatever a broken folder makes the
Hugging Face loaders raise (a missing ``encoder_config/``, a tokenizer that does not
belong to the weights) becomes a :class:`CheckpointError` naming the file. Each
architecture's ``loading.py`` reads its own ``config.json`` and builds its network.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import PreTrainedTokenizerBase

from gliner2_core.checkpoint import (
    CONFIG_FILE,
    ENCODER_CONFIG_DIR,
    WEIGHTS_FILE,
    load_weights,
    require_files,
    save_weights,
    verify_manifest,
    write_manifest,
)
from gliner2_core.checkpoint_checks import ShapeCheck
from gliner2_core.encoders.encoder import load_encoder_config, load_tokenizer
from gliner2_core.errors import CheckpointError, GLiNER2Error
from gliner2_core.schema.spec import SPECIAL_TOKENS

logger = logging.getLogger(__name__)

IGNORED_BUFFERS = ("position_ids", "token_type_ids")
# A tokenizer may leave some embedding rows unused (vocabularies padded to a
# multiple of 64 or 128), never most of them: that is a lost vocabulary file.
MAX_UNUSED_ROWS = 1 / 8


@contextmanager
def reading(what: str, path: Path) -> Iterator[None]:
    """Turn whatever a third-party loader raises on a broken file into a :class:`CheckpointError`."""
    try:
        yield
    except GLiNER2Error:
        raise
    except Exception as err:
        raise CheckpointError(f"cannot use {what} {str(path)!r}: {type(err).__name__}: {err}") from err


def check_tokenizer(
    tokenizer: PreTrainedTokenizerBase, rows: int, expected_ids: Mapping[str, int] | None, source: str
) -> None:
    """Refuse a tokenizer that cannot be the one the weights were trained with.

    Args:
        tokenizer: The loaded tokenizer (special tokens registered).
        rows: Rows of the encoder's word-embedding matrix.
        expected_ids: Special-token ids recorded by ``save_pretrained`` (``None`` if unknown).
        source: The checkpoint, for messages.

    Raises:
        CheckpointError: When special-token ids differ from the recorded ones, or most
            embedding rows have no token (a missing or foreign vocabulary).
    """
    actual = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}
    if expected_ids and actual != dict(expected_ids):
        wrong = {t: (actual.get(t), i) for t, i in expected_ids.items() if actual.get(t) != i}
        raise CheckpointError(
            f"the tokenizer of {source!r} gives special tokens other ids than the checkpoint expects "
            f"(token: (got, expected)): {wrong}; its tokenizer files are missing or belong to another model"
        )
    if len(tokenizer) < rows - rows * MAX_UNUSED_ROWS:
        raise CheckpointError(
            f"the tokenizer of {source!r} has {len(tokenizer)} tokens but the encoder embeds {rows}: "
            "its vocabulary file (tokenizer.json) is missing or belongs to another model"
        )


def _embedding_key(state: dict[str, torch.Tensor]) -> str:
    keys = [k for k in state if k.startswith("encoder.") and k.endswith("word_embeddings.weight")]
    if len(keys) != 1:
        raise CheckpointError(f"checkpoint has {len(keys)} encoder word-embedding tensors; expected exactly one")
    return keys[0]


def fit_embeddings(model: torch.nn.Module, rows: int, tokenizer: PreTrainedTokenizerBase) -> None:
    """Resize the encoder's vocabulary to ``rows`` and check the tokenizer fits in it."""
    if len(tokenizer) > rows:
        raise CheckpointError(
            f"tokenizer has {len(tokenizer)} tokens but the encoder embeds only {rows}; "
            "the tokenizer files do not belong to these weights"
        )
    if model.encoder.get_input_embeddings().weight.shape[0] != rows:
        model.encoder.resize_token_embeddings(rows, mean_resizing=False)


def load_state(model: torch.nn.Module, state: dict[str, torch.Tensor], source: str, *, fits: str | None = None) -> None:
    """Strictly load ``state``, with a readable error listing what does not match.

    Args:
        fits: What the checkpoint must fit, for the error (default: the span model's counting layer and encoder).
    """
    state = {k: v for k, v in state.items() if not k.endswith(IGNORED_BUFFERS)}
    expected = {k for k in model.state_dict() if not k.endswith(IGNORED_BUFFERS)}
    missing = sorted(expected - state.keys())
    unexpected = sorted(state.keys() - expected)
    if missing or unexpected:
        fits = fits or f"a {model.config.counting_layer} model on this encoder"
        raise CheckpointError(
            f"checkpoint {source!r} does not fit {fits}: "
            f"{len(missing)} missing keys (e.g. {missing[:3]}), {len(unexpected)} unexpected (e.g. {unexpected[:3]})"
        )
    try:
        model.load_state_dict(state, strict=False)
    except RuntimeError as err:
        raise CheckpointError(f"checkpoint {source!r} has tensors of the wrong shape: {err}") from err


@dataclass(frozen=True)
class CheckpointFiles:
    """What every architecture reads from a checkpoint folder before building its model.

    Attributes:
        encoder_config: The encoder's transformers config.
        tokenizer: The tokenizer, checked against the weights and the manifest.
        state: The weights (safetensors).
        rows: Rows of the encoder's word-embedding matrix.
    """

    encoder_config: Any
    tokenizer: PreTrainedTokenizerBase
    state: dict[str, torch.Tensor]
    rows: int


def read_checkpoint_files(folder: Path, check_shapes: ShapeCheck | None = None) -> CheckpointFiles:
    """Verify the manifest (when present), then read the encoder config, tokenizer and weights.

    Args:
        folder: The checkpoint folder.
        check_shapes: The architecture's check of ``config.json`` against the weights' shapes,
            run on the file header before any tensor is read.

    Raises:
        CheckpointError: Naming the file that is missing, altered, unsafe or foreign.
    """
    manifest = verify_manifest(folder)
    require_files(folder)
    encoder_path = folder / ENCODER_CONFIG_DIR
    with reading("encoder config", encoder_path / CONFIG_FILE):
        encoder_config = load_encoder_config(encoder_path)
    with reading("tokenizer in", folder):
        tokenizer = load_tokenizer(folder, encoder_config)
    state = load_weights(folder, check_shapes)
    rows = state[_embedding_key(state)].shape[0]
    check_tokenizer(tokenizer, rows, manifest["special_token_ids"] if manifest else None, str(folder))
    return CheckpointFiles(encoder_config, tokenizer, state, rows)


def write_checkpoint_files(
    folder: Path, config: Any, encoder: torch.nn.Module, state: dict[str, torch.Tensor], tokenizer: PreTrainedTokenizerBase
) -> None:
    """Write config, encoder config, weights and tokenizer, then the manifest over exactly those files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENCODER_CONFIG_DIR).mkdir(exist_ok=True)
    config.save(folder)
    encoder.config.save_pretrained(str(folder / ENCODER_CONFIG_DIR))
    save_weights(state, folder)
    saved = tokenizer.save_pretrained(str(folder))
    tokenizer_files = [Path(p).resolve().relative_to(folder.resolve()).as_posix() for p in saved if Path(p).is_file()]
    special_ids = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}
    files = [CONFIG_FILE, f"{ENCODER_CONFIG_DIR}/{CONFIG_FILE}", WEIGHTS_FILE, *tokenizer_files]
    write_manifest(folder, files, special_ids)


