"""Assembling a :class:`GLiNER2Model` from a checkpoint folder, and writing one back.

Loading and saving are mirror images: ``save_model(load_model(folder))`` writes
the same files, keys and tensors, plus the manifest of their sha256 digests that
:func:`load_model` verifies before reading anything (see :mod:`gliner2_core.checkpoint_files`).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from transformers import PreTrainedTokenizerBase

from gliner2_core.architectures.span.config import ModelConfig
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.checkpoint import CONFIG_FILE, ENCODER_CONFIG_DIR
from gliner2_core.checkpoint_files import (
    fit_embeddings,
    load_state,
    read_checkpoint_files,
    reading,
    write_checkpoint_files,
)
from gliner2_core.encoders.encoder import build_encoder
from gliner2_core.errors import CheckpointError

_FIELD_TYPES = {"str": (str, "a string"), "int": (int, "an integer")}


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


def _check_shapes(data: dict, shapes: dict[str, tuple[int, ...]]) -> None:
    """A span ``config.json`` (``max_count``, ``counting_layer``) against the count head's tensors."""
    if str(data.get("architecture") or "span").strip().lower() == "span":
        ModelConfig.from_json_dict(data).check_weights(shapes)


def load_model(folder: Path) -> tuple[GLiNER2Model, PreTrainedTokenizerBase]:
    """Build the model and tokenizer stored in a checkpoint folder (eval mode, fp32, CPU).

    Raises:
        CheckpointError: Naming the file that is missing, altered, unsafe or of the wrong shape.
    """
    files = read_checkpoint_files(folder, _check_shapes)
    config = read_config(folder / CONFIG_FILE)
    with reading("encoder config", folder / ENCODER_CONFIG_DIR / CONFIG_FILE):
        model = GLiNER2Model(config, build_encoder(files.encoder_config))
    fit_embeddings(model, files.rows, files.tokenizer)
    load_state(model, files.state, str(folder))
    return model.eval(), files.tokenizer


def save_model(model: GLiNER2Model, tokenizer: PreTrainedTokenizerBase, folder: Path) -> None:
    """Write a checkpoint folder in the published layout (readable by the reference library), with its manifest."""
    write_checkpoint_files(folder, model.config, model.encoder, model.state_dict(), tokenizer)
