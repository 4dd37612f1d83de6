"""Training settings, split by concern, read from a small TOML or JSON file.

Example ``recipe.toml``::

    [model]
    base = "minilm"                 # "minilm" (bundled encoder), an encoder folder, or a GLiNER2 checkpoint
    counting_layer = "count_lstm_v2"

    [model.lora]                    # optional: train low-rank adapters instead of the encoder
    r = 32

    [data]
    train = ["conll2003", "wnut17", "my_data.jsonl"]   # dataset names (../shared/data) or JSONL files
    dev = ["conll2003"]

    [optim]
    encoder_lr = 5e-5
    head_lr = 1e-3

    [run]
    steps = 4000
    output_dir = "runs/my-model"
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from gliner2_core.errors import SchemaError
from gliner2_core.training.sampling import SamplingConfig

T = TypeVar("T")


@dataclass(frozen=True)
class LoraConfig:
    """Low-rank adapters on the encoder's linear layers (needs ``peft``)."""

    r: int = 16
    alpha: float = 32.0
    dropout: float = 0.05
    targets: tuple[str, ...] = ("query", "key", "value", "dense")


@dataclass(frozen=True)
class ModelSettings:
    base: str = "minilm"
    counting_layer: str = "count_lstm_v2"
    max_width: int = 8
    lora: LoraConfig | None = None


@dataclass(frozen=True)
class DataSettings:
    """Where examples come from: dataset names of ``../shared/data`` or JSONL files."""

    train: tuple[str, ...] = ()
    dev: tuple[str, ...] = ()
    data_dir: str | None = None
    max_per_source: int = 20_000
    dev_examples: int = 200
    max_words: int = 200
    pack_share: float = 0.0
    """Share of the packable examples also concatenated into long texts (see :mod:`~gliner2_core.training.packing`)."""
    pack_words: int = 0
    """Longest packed text in words (0: ``max_words``)."""


@dataclass(frozen=True)
class OptimSettings:
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.05
    batch_size: int = 8
    grad_accum: int = 1
    max_grad_norm: float = 1.0


PRECISIONS = ("fp32", "bf16", "auto")


@dataclass(frozen=True)
class RunSettings:
    steps: int = 1000
    max_minutes: float | None = None
    seed: int = 42
    output_dir: str = "runs/gliner2"
    eval_every: int = 500
    save_every: int = 250
    log_every: int = 10
    threads: int | None = None
    device: str = "cpu"
    precision: str = "fp32"
    """``fp32``; ``bf16``: forward and backward under bfloat16 autocast (weights and optimiser
    state stay fp32), worth it on CPUs with AVX512-BF16/AMX and on GPUs, many times slower on
    CPUs without them; or ``auto``: ``bf16`` where the device has native bfloat16, else ``fp32``."""

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise SchemaError.invalid("run.precision", self.precision, list(PRECISIONS))


@dataclass(frozen=True)
class TrainConfig:
    model: ModelSettings = field(default_factory=ModelSettings)
    data: DataSettings = field(default_factory=DataSettings)
    optim: OptimSettings = field(default_factory=OptimSettings)
    sampling: SamplingConfig = field(default_factory=SamplingConfig)
    run: RunSettings = field(default_factory=RunSettings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _build(cls: type[T], data: Mapping[str, Any], where: str) -> T:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise SchemaError.invalid(f"{where} key", key, sorted(known))
        default = getattr(cls(), key) if key != "lora" else LoraConfig()
        if is_dataclass(default) and isinstance(value, Mapping):
            value = _build(type(default), value, f"{where}.{key}")
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return cls(**values)  # type: ignore[call-arg]


def load_config(source: str | Path | Mapping[str, Any]) -> TrainConfig:
    """Read a :class:`TrainConfig` from a TOML/JSON file or a dict; unknown keys are errors."""
    if isinstance(source, Mapping):
        data = dict(source)
    else:
        path = Path(source)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    return _build(TrainConfig, data, "config")
