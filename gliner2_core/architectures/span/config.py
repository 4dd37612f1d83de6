"""The model configuration: one frozen dataclass, mirrored to ``config.json``.

The file layout is the published GLiNER2 one, so checkpoints move freely
between this package and the reference library:

* ``config.json``: this config (reference keys, ``model_type: "extractor"``)
* ``encoder_config/config.json``: the Hugging Face encoder config
* ``model.safetensors``: encoder and head weights
* tokenizer files

Older files are migrated on read (:func:`migrate`): version 1 configs (the
published v1 checkpoints) carry ``max_width`` at the top level and no
``span_head``; files without ``max_count`` or ``span_head.dropout`` get the defaults.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gliner2_core.checkpoint_checks import CONFIG_VERSION, check_config_version
from gliner2_core.errors import CheckpointError

COUNT_LSTM, COUNT_LSTM_V2 = "count_lstm", "count_lstm_v2"
COUNTING_LAYERS = (COUNT_LSTM, COUNT_LSTM_V2)
TOKEN_POOLINGS = ("first",)
RECORD_STRATEGIES = ("record", "entities")
SPAN_MODE = "markerV0"
MODEL_TYPE = "extractor"
ARCHITECTURE, ARCHITECTURE_VERSION = "span", 1
ATTENTION_IMPLEMENTATIONS = ("sdpa", "flash_attention_2", "eager")


@dataclass(frozen=True)
class ModelConfig:
    """Architecture settings of a GLiNER2 span model: the single source of ``config.json``.

    Every field is written by :meth:`to_json_dict` and read back by
    :meth:`from_json_dict` (a round trip gives an equal config); the modules read
    their sizes from here, never from literals of their own.

    Attributes:
        model_name: Name of the encoder the model was initialised from (informational;
            the encoder is always built from ``encoder_config/config.json``).
        counting_layer: ``"count_lstm"`` (large, multi) or ``"count_lstm_v2"`` (base).
        max_width: Longest span, in words.
        token_pooling: How a word's subwords become one vector; the published
            models use ``"first"``.
        max_count: Number of instance classes of ``count_pred`` (0 to ``max_count - 1``).
        dropout: Dropout of the span representation layers (active in training only).
        window_words: Words per window the model reads best (measured on the long-input curve
            of its training run); inference windows longer texts at this size unless the call
            passes ``max_len``. ``None``: as many words as the encoder window holds. Our own
            key in ``config.json``; the reference library ignores it.
        record_strategy: How integrations read one record per text with this model by default:
            ``"record"`` (a structure: the structure head groups the fields) or ``"entities"``
            (each field an entity label or classification task: the entity and classification
            heads). Chosen per model by measurement on the synthetic-document dev set
            (``scripts/pydantic_strategies.py``); a caller's explicit choice always wins. Our own
            key in ``config.json``; the reference library ignores it.
        record_threshold: The threshold structure fields use when a call sets none (``None``:
            0.5, the reference's). Calibrated per model on dev sets: a small model scores
            right record values lower than entity mentions. Our own key in ``config.json``.
        field_calibration: Confidence curves of the Pydantic integration, per field kind, fitted on
            model types that never entered training (``scripts/calibrate_fields.py``):
            ``{"accept": t, kind: [[upper probability edge, confidence], ...]}``; ``None``: raw
            probabilities. Our own key in ``config.json``; the reference library ignores it.
        config_version: Layout version of this file.
    """

    model_name: str = "bert-base-uncased"
    counting_layer: str = COUNT_LSTM
    max_width: int = 8
    token_pooling: str = "first"
    max_count: int = 20
    dropout: float = 0.1
    window_words: int | None = None
    record_strategy: str = "record"
    record_threshold: float | None = None
    field_calibration: Mapping[str, Any] | None = field(default=None, hash=False)
    config_version: int = CONFIG_VERSION

    def __post_init__(self) -> None:
        if not isinstance(self.model_name, str):
            raise CheckpointError(f"config.model_name: got {self.model_name!r}; expected a string")
        if self.counting_layer not in COUNTING_LAYERS:
            raise CheckpointError(
                f"config.counting_layer: got {self.counting_layer!r}; expected one of {', '.join(COUNTING_LAYERS)}"
            )
        if self.token_pooling not in TOKEN_POOLINGS:
            raise CheckpointError(
                f"config.token_pooling: got {self.token_pooling!r}; expected one of {', '.join(TOKEN_POOLINGS)}"
            )
        if isinstance(self.max_width, bool) or not isinstance(self.max_width, int) or not 1 <= self.max_width <= 64:
            raise CheckpointError(f"config.max_width: got {self.max_width!r}; expected an integer from 1 to 64")
        if isinstance(self.max_count, bool) or not isinstance(self.max_count, int) or not 1 <= self.max_count <= 1000:
            raise CheckpointError(f"config.max_count: got {self.max_count!r}; expected an integer from 1 to 1000")
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, (int, float)) or not 0.0 <= self.dropout < 1.0:
            raise CheckpointError(f"config.dropout: got {self.dropout!r}; expected a number in [0, 1)")
        if self.window_words is not None and (
            isinstance(self.window_words, bool) or not isinstance(self.window_words, int) or self.window_words < 1
        ):
            raise CheckpointError(f"config.window_words: got {self.window_words!r}; expected a positive integer or null")
        if self.record_threshold is not None and (
            isinstance(self.record_threshold, bool)
            or not isinstance(self.record_threshold, (int, float))
            or not 0.0 < self.record_threshold <= 1.0
        ):
            raise CheckpointError(
                f"config.record_threshold: got {self.record_threshold!r}; expected a number in (0, 1] or null"
            )
        _check_calibration(self.field_calibration)
        if self.record_strategy not in RECORD_STRATEGIES:
            raise CheckpointError(
                f"config.record_strategy: got {self.record_strategy!r}; expected one of {', '.join(RECORD_STRATEGIES)}"
            )
        check_config_version(self.config_version)

    def check_weights(self, shapes: Mapping[str, Sequence[int]]) -> None:
        """Refuse a config whose count head does not match the weights' tensors (before anything is built).

        Args:
            shapes: Tensor name -> shape, from the weights file's header.

        Raises:
            CheckpointError: Naming the key, its value and what the weights hold.
        """
        if not any(name.startswith(("count_pred.", "count_embed.")) for name in shapes):
            return  # not a span model's weights: the state-dict check names what is missing
        marks = {COUNT_LSTM_V2: "count_embed.transformer.", COUNT_LSTM: "count_embed.projector."}
        held = next((layer for layer, prefix in marks.items() if any(n.startswith(prefix) for n in shapes)), None)
        if held is not None and held != self.counting_layer:
            raise CheckpointError(
                f"config.counting_layer: got {self.counting_layer!r}; the weights hold a {held!r} count head"
            )
        layers = sorted((int(n.split(".")[1]), n) for n in shapes if re.fullmatch(r"count_pred\.\d+\.weight", n))
        sized = [name for _, name in layers[-1:]] + ["count_embed.pos_embedding.weight"]
        for name in sized:
            rows = shapes[name][0] if shapes.get(name) else self.max_count
            if rows != self.max_count:
                raise CheckpointError(
                    f"config.max_count: got {self.max_count!r}; expected {rows}, the count classes the weights hold "
                    f"({name} has shape {list(shapes[name])})"
                )

    def to_json_dict(self) -> dict[str, Any]:
        """The ``config.json`` content; readable by the reference library too."""
        return {
            "architecture": ARCHITECTURE,
            "architecture_version": ARCHITECTURE_VERSION,
            "config_version": self.config_version,
            "counting_layer": self.counting_layer,
            "max_count": self.max_count,
            "max_len": None,
            "max_width": self.max_width,
            "model_name": self.model_name,
            "record_strategy": self.record_strategy,
            "record_threshold": self.record_threshold,
            "field_calibration": None if self.field_calibration is None else dict(self.field_calibration),
            "model_type": MODEL_TYPE,
            "span_head": {"dropout": self.dropout, "max_width": self.max_width, "span_mode": SPAN_MODE},
            "token_pooling": self.token_pooling,
            "window_words": self.window_words,
        }

    def save(self, directory: str | Path) -> None:
        path = Path(directory) / "config.json"
        path.write_text(json.dumps(self.to_json_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> ModelConfig:
        """Read a ``config.json`` dict of any known version (see :func:`migrate`); unknown keys are ignored."""
        data = migrate(data)
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    @classmethod
    def load(cls, path: str | Path) -> ModelConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
            raise CheckpointError(f"cannot read model config {str(path)!r}: {err}") from err
        if not isinstance(data, Mapping):
            raise CheckpointError(f"model config {str(path)!r}: got a JSON {type(data).__name__}; expected an object")
        return cls.from_json_dict(data)


def _check_calibration(value: Any) -> None:
    """``field_calibration`` is ``None`` or ``{"accept": p, name: [[edge, p], ...]}`` with every number in [0, 1]."""

    def unit(x: Any) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool) and 0.0 <= x <= 1.0

    if value is None:
        return
    expected = 'null or {"accept": p, kind: [[edge, p], ...]} with numbers in [0, 1]'
    if not isinstance(value, Mapping):
        raise CheckpointError(f"config.field_calibration: got {value!r}; expected {expected}")
    for key, item in value.items():
        ok = unit(item) if key == "accept" else isinstance(item, (list, tuple)) and all(
            isinstance(step, (list, tuple)) and len(step) == 2 and all(map(unit, step)) for step in item
        )
        if not isinstance(key, str) or not ok:
            raise CheckpointError(f"config.field_calibration[{key!r}]: got {item!r}; expected {expected}")


def _check_reference_keys(data: Mapping[str, Any]) -> None:
    """Keys of the reference's config that this package does not use still have their documented types."""
    span_head = data.get("span_head")
    if span_head is not None and not isinstance(span_head, Mapping):
        raise CheckpointError(
            f"config.span_head: got {span_head!r}; expected an object such as "
            f'{{"max_width": 8, "dropout": 0.1, "span_mode": "{SPAN_MODE}"}}'
        )
    for key in ("max_len", "architecture_version"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise CheckpointError(f"config.{key}: got {value!r}; expected a positive integer or null")
    attention = data.get("attn_implementation")
    if attention is not None and attention not in ATTENTION_IMPLEMENTATIONS:
        raise CheckpointError(
            f"config.attn_implementation: got {attention!r}; expected one of {', '.join(ATTENTION_IMPLEMENTATIONS)} or null"
        )


def migrate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Bring a ``config.json`` dict of any known version to :data:`CONFIG_VERSION`.

    Raises:
        CheckpointError: For architectures other than the span model.
    """
    data = dict(data)
    architecture = data.get("architecture") or ARCHITECTURE
    if architecture != ARCHITECTURE:
        raise CheckpointError(
            f"config.architecture: got {architecture!r}; expected {ARCHITECTURE!r} "
            "(GLiNER2.5 boundary checkpoints are read by gliner2_core.architectures.boundary)"
        )
    _check_reference_keys(data)
    check_config_version(data.get("config_version"))
    span_head = data.get("span_head") or {}
    if span_head.get("span_mode", SPAN_MODE) != SPAN_MODE:
        raise CheckpointError(f"config.span_head.span_mode: got {span_head['span_mode']!r}; expected {SPAN_MODE!r}")
    defaults = ModelConfig()
    data["max_width"] = span_head.get("max_width", data.get("max_width") or defaults.max_width)
    if span_head.get("dropout") is not None:
        data["dropout"] = span_head["dropout"]
    data["counting_layer"] = data.get("counting_layer") or defaults.counting_layer
    data["token_pooling"] = data.get("token_pooling") or defaults.token_pooling
    data["config_version"] = CONFIG_VERSION
    return data
