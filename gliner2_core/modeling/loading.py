"""Assembling a :class:`GLiNER2Model` from a checkpoint folder, and writing one back.

Loading and saving are mirror images: ``save_model(load_model(folder))`` writes
the same files, keys and tensors, plus the manifest of their sha256 digests that
:func:`load_model` verifies before reading anything. Whatever a broken folder
makes the Hugging Face loaders raise (a missing ``encoder_config/``, a
``config.json`` of the wrong shape, a tokenizer that does not belong to the
weights) becomes a :class:`CheckpointError` naming the file.
"""

from __future__ import annotations

import dataclasses
import json
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
from gliner2_core.config import ModelConfig
from gliner2_core.errors import CheckpointError, GLiNER2Error
from gliner2_core.modeling.encoder import build_encoder, load_encoder_config, load_tokenizer
from gliner2_core.modeling.model import GLiNER2Model
from gliner2_core.schema.spec import SPECIAL_TOKENS

logger = logging.getLogger(__name__)

IGNORED_BUFFERS = ("position_ids", "token_type_ids")
# A tokenizer may leave some embedding rows unused (vocabularies padded to a
# multiple of 64 or 128), never most of them: that is a lost vocabulary file.
MAX_UNUSED_ROWS = 1 / 8
_FIELD_TYPES = {"str": (str, "a string"), "int": (int, "an integer")}


@contextmanager
def reading(what: str, path: Path) -> Iterator[None]:
    """Turn whatever a third-party loader raises on a broken file into a :class:`CheckpointError`."""
    try:
        yield
    except GLiNER2Error:
        raise
    except Exception as err:
        raise CheckpointError(f"cannot use {what} {str(path)!r}: {type(err).__name__}: {err}") from err


def read_config(path: Path) -> ModelConfig:
    """Read and type-check ``config.json``.

    Raises:
        CheckpointError: Naming the file and the field that has the wrong shape or type.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CheckpointError(f"cannot read model config {str(path)!r}: {err}") from err
    if not isinstance(data, dict):
        raise CheckpointError(
            f"model config {str(path)!r}: got a JSON {type(data).__name__}; expected an object "
            "such as {\"counting_layer\": \"count_lstm\", \"max_width\": 8, ...}"
        )
    with reading("model config", path):
        config = ModelConfig.from_json_dict(data)
    for field in dataclasses.fields(config):
        kind, expected = _FIELD_TYPES.get(str(field.type), (object, ""))
        value = getattr(config, field.name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise CheckpointError(f"model config {str(path)!r}: {field.name}: got {value!r}; expected {expected}")
    return config


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


def read_checkpoint_files(folder: Path) -> CheckpointFiles:
    """Verify the manifest (when present), then read the encoder config, tokenizer and weights.

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
    state = load_weights(folder)
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


def load_model(folder: Path) -> tuple[GLiNER2Model, PreTrainedTokenizerBase]:
    """Build the model and tokenizer stored in a checkpoint folder (eval mode, fp32, CPU).

    Raises:
        CheckpointError: Naming the file that is missing, altered, unsafe or of the wrong shape.
    """
    files = read_checkpoint_files(folder)
    config = read_config(folder / CONFIG_FILE)
    with reading("encoder config", folder / ENCODER_CONFIG_DIR / CONFIG_FILE):
        model = GLiNER2Model(config, build_encoder(files.encoder_config))
    fit_embeddings(model, files.rows, files.tokenizer)
    load_state(model, files.state, str(folder))
    return model.eval(), files.tokenizer


def save_model(model: GLiNER2Model, tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Write a checkpoint folder in the published layout (readable by the reference library), with its manifest."""
    write_checkpoint_files(folder, model.config, model.encoder, model.state_dict(), tokenizer)
