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

import difflib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from gliner2_core.architectures.span.config import COUNTING_LAYERS
from gliner2_core.errors import SchemaError
from gliner2_core.training import checks
from gliner2_core.training.sampling import SamplingConfig

T = TypeVar("T")


@dataclass(frozen=True)
class LoraConfig:
    """Low-rank adapters on the encoder's linear layers (needs ``peft``)."""

    r: int = 16
    alpha: float = 32.0
    dropout: float = 0.05
    targets: tuple[str, ...] = ("query", "key", "value", "dense")

    def __post_init__(self) -> None:
        checks.integer("model.lora.r", self.r, 1)
        checks.number("model.lora.alpha", self.alpha, 0.0, above=True)
        checks.number("model.lora.dropout", self.dropout, 0.0, 1.0, below=True)
        checks.texts("model.lora.targets", self.targets, 'a list of module names, e.g. ["query", "value"]')


@dataclass(frozen=True)
class ModelSettings:
    base: str = "minilm"
    counting_layer: str = "count_lstm_v2"
    max_width: int = 8
    lora: LoraConfig | None = None

    def __post_init__(self) -> None:
        checks.text("model.base", self.base)
        if self.counting_layer not in COUNTING_LAYERS:
            raise SchemaError.invalid("model.counting_layer", self.counting_layer, COUNTING_LAYERS)
        checks.integer("model.max_width", self.max_width, 1, 64)
        if self.lora is not None and not isinstance(self.lora, LoraConfig):
            raise SchemaError.invalid("model.lora", self.lora, "a table such as [model.lora] with r = 16, or no lora key")


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

    def __post_init__(self) -> None:
        sources = 'a list of dataset names or .jsonl files, e.g. ["conll2003", "my_data.jsonl"]'
        checks.texts("data.train", self.train, sources)
        checks.texts("data.dev", self.dev, sources)
        checks.text("data.data_dir", self.data_dir, optional=True)
        checks.integer("data.max_per_source", self.max_per_source, 1)
        checks.integer("data.dev_examples", self.dev_examples, 1)
        checks.integer("data.max_words", self.max_words, 1)
        checks.number("data.pack_share", self.pack_share, 0.0, 1.0)
        checks.integer("data.pack_words", self.pack_words, 0)


@dataclass(frozen=True)
class OptimSettings:
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.05
    batch_size: int = 8
    grad_accum: int = 1
    max_grad_norm: float = 1.0

    def __post_init__(self) -> None:
        for name in ("encoder_lr", "head_lr", "weight_decay"):
            checks.number(f"optim.{name}", getattr(self, name), 0.0)
        checks.number("optim.warmup_ratio", self.warmup_ratio, 0.0, 1.0, below=True)
        checks.integer("optim.batch_size", self.batch_size, 1)
        checks.integer("optim.grad_accum", self.grad_accum, 1)
        checks.number("optim.max_grad_norm", self.max_grad_norm, 0.0, above=True)


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
        checks.integer("run.steps", self.steps, 1)
        checks.number("run.max_minutes", self.max_minutes, 0.0, above=True, optional=True)
        checks.integer("run.seed", self.seed, 0)
        checks.text("run.output_dir", self.output_dir)
        for name in ("eval_every", "save_every"):
            checks.integer(f"run.{name}", getattr(self, name), 0)
        checks.integer("run.log_every", self.log_every, 1)
        checks.integer("run.threads", self.threads, 1, optional=True)
        _check_device(self.device)
        if self.precision not in PRECISIONS:
            raise SchemaError.invalid("run.precision", self.precision, list(PRECISIONS))


def _check_device(device: Any) -> None:
    """``run.device`` is a device name torch knows (``cpu``, ``cuda``, ``cuda:1``, ``mps``)."""
    checks.text("run.device", device)
    import torch

    try:
        torch.device(device)
    except (RuntimeError, ValueError, TypeError):
        raise SchemaError.invalid("run.device", device, "a torch device such as 'cpu', 'cuda' or 'cuda:1'") from None


@dataclass(frozen=True)
class TrainConfig:
    model: ModelSettings = field(default_factory=ModelSettings)
    data: DataSettings = field(default_factory=DataSettings)
    optim: OptimSettings = field(default_factory=OptimSettings)
    sampling: SamplingConfig = field(default_factory=SamplingConfig)
    run: RunSettings = field(default_factory=RunSettings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _unknown_key(where: str, key: Any, known: list[str]) -> SchemaError:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return SchemaError(f"{where}: unknown key {key!r}{hint}; expected one of {', '.join(repr(k) for k in known)}")


def _build(cls: type[T], data: Mapping[str, Any], where: str) -> T:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise _unknown_key(f"{where} key" if where else "recipe key", key, sorted(known))
        default = getattr(cls(), key) if key != "lora" else LoraConfig()
        name = f"{where}.{key}" if where else key
        if is_dataclass(default):
            if not isinstance(value, Mapping):
                raise SchemaError.invalid(name, value, f"a table ([{name}]) of settings")
            value = _build(type(default), value, name)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return cls(**values)  # type: ignore[call-arg]


def read_recipe(path: str | Path) -> dict[str, Any]:
    """The settings of a TOML or JSON recipe file, as a dict.

    Raises:
        SchemaError: When the file cannot be read or does not parse (naming the line for TOML and JSON).
    """
    path = Path(path)
    if path.is_dir():
        raise SchemaError.invalid("recipe", str(path), "a TOML or JSON file (this is a folder)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise SchemaError(f"recipe: cannot read {str(path)!r}: {reason}") from err
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except (ValueError, RecursionError) as err:  # tomllib.TOMLDecodeError and json.JSONDecodeError are ValueErrors
        kind = "JSON" if path.suffix == ".json" else "TOML"
        raise SchemaError(f"recipe {str(path)!r}: invalid {kind}: {err}") from err
    if not isinstance(data, dict):
        raise SchemaError.invalid(f"recipe {str(path)!r}", type(data).__name__, "an object of settings tables")
    return data


def load_config(source: str | Path | Mapping[str, Any]) -> TrainConfig:
    """Read a :class:`TrainConfig` from a TOML/JSON file or a dict; unknown keys are errors.

    Raises:
        SchemaError: Naming the file, key or setting at fault (an unknown key with a "did you mean").
    """
    data = dict(source) if isinstance(source, Mapping) else read_recipe(source)
    return _build(TrainConfig, data, "")
