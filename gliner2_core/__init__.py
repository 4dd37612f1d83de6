"""gliner2_core: a GLiNER2 engine compatible with the published checkpoints.

Importing this package does not import torch; the model classes load lazily.
"""

from importlib import import_module
from typing import Any

from gliner2_core.errors import CheckpointError, GLiNER2Error, ModelNotFoundError, SchemaError, TrainingDataError
from gliner2_core.schema import RegexValidator, Schema, SchemaSpec, StructureBuilder

__version__ = "0.1.0"

_LAZY = {
    "GLiNER2": "gliner2_core.api",
    "ModelConfig": "gliner2_core.config",
}

__all__ = [
    "CheckpointError",
    "GLiNER2",
    "GLiNER2Error",
    "ModelConfig",
    "ModelNotFoundError",
    "RegexValidator",
    "Schema",
    "SchemaError",
    "SchemaSpec",
    "StructureBuilder",
    "TrainingDataError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gliner2_core' has no attribute {name!r}")
