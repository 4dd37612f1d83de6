"""gliner2_integrations: GLiNER2 for application frameworks.

Each integration is a subpackage imported on its own, so importing this package
imports neither torch nor any host library:

* ``gliner2_integrations.pydantic``: Pydantic models <-> GLiNER2 schemas and
  validated results (``schema_for``, ``extract_model``, ``to_result``);
* ``gliner2_integrations.langchain`` / ``.llamaindex``: the metadata tagger, the
  structured-output runnable and tool, the ``IngestionPipeline`` extractor; they share
  one settings block, ``gliner2_integrations.settings``, and one metadata layout,
  ``gliner2_integrations.metadata``. In every host one bad document fails alone, with
  an error naming it, and no default ever overwrites a user's metadata.

The Pydantic names are also available here, loaded on first use.
"""

from importlib import import_module
from typing import Any

_LAZY = {
    "ExtractionResult": "gliner2_integrations.pydantic",
    "ExtractionValidationError": "gliner2_integrations.pydantic",
    "MissingPolicy": "gliner2_integrations.pydantic",
    "ModelSchema": "gliner2_integrations.pydantic",
    "UnsupportedModelError": "gliner2_integrations.pydantic",
    "extract_model": "gliner2_integrations.pydantic",
    "schema_for": "gliner2_integrations.pydantic",
    "to_result": "gliner2_integrations.pydantic",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gliner2_integrations' has no attribute {name!r}")
