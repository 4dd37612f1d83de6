"""gliner2_core: a GLiNER2 engine compatible with the published checkpoints.

Importing this package does not import torch; the model classes load lazily.

The typed contract: ``GLiNER2.run(texts, schema, options)`` takes an
:class:`ExtractOptions` and returns one :class:`Extraction` per text (entities,
classifications, records and relations as :class:`Span`, :class:`Choice`,
:class:`Record` and :class:`Relation` objects with confidences and offsets);
``extract`` and its siblings return :func:`to_reference_dict` of it.
"""

from importlib import import_module
from typing import Any

from gliner2_core.decoding.format import to_reference_dict
from gliner2_core.errors import CheckpointError, GLiNER2Error, ModelNotFoundError, SchemaError, TrainingDataError
from gliner2_core.extraction import Choice, Extraction, Mention, Record, Relation, Span
from gliner2_core.options import ExtractOptions
from gliner2_core.schema import AttributeGroup, RegexValidator, Schema, SchemaSpec, StructureBuilder, TaskKind

__version__ = "0.1.0"

_LAZY = {
    "GLiNER2": "gliner2_core.api",
    "ModelConfig": "gliner2_core.architectures.span.config",
}

__all__ = [
    "AttributeGroup",
    "CheckpointError",
    "Choice",
    "ExtractOptions",
    "Extraction",
    "GLiNER2",
    "GLiNER2Error",
    "Mention",
    "ModelConfig",
    "ModelNotFoundError",
    "Record",
    "RegexValidator",
    "Relation",
    "Schema",
    "SchemaError",
    "SchemaSpec",
    "Span",
    "StructureBuilder",
    "TaskKind",
    "TrainingDataError",
    "__version__",
    "to_reference_dict",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gliner2_core' has no attribute {name!r}")
