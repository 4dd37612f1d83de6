"""Training: the reference data format, the paper's losses, augmentation, checkpoints.

Example:
    >>> from gliner2_core.training import Trainer, load_config
    >>> Trainer(load_config("recipes/gliner2-mini.toml")).train()   # doctest: +SKIP

Importing this package does not import torch (the dataset converters stay light).
"""

from importlib import import_module
from typing import Any

_LAZY = {
    "LoraConfig": "gliner2_core.training.config",
    "TrainConfig": "gliner2_core.training.config",
    "load_config": "gliner2_core.training.config",
    "SamplingConfig": "gliner2_core.training.sampling",
    "TrainingExample": "gliner2_core.training.examples",
    "parse_record": "gliner2_core.training.examples",
    "read_jsonl": "gliner2_core.training.examples",
    "Trainer": "gliner2_core.training.trainer",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gliner2_core.training' has no attribute {name!r}")
