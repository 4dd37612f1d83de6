"""LangChain integration: GLiNER2 as a metadata tagger, a structured-output Runnable and a tool.

Depends on ``langchain-core`` only (``pip install gliner2-kit[langchain]``):

* :class:`GLiNER2MetadataTagger`: a ``BaseDocumentTransformer`` replacing
  ``create_metadata_tagger`` / ``OpenAIMetadataTagger``;
* :class:`GLiNER2StructuredOutput` and :func:`with_structured_output`: a
  ``Runnable[str | Document, Model]`` for the slot of ``llm.with_structured_output(Model)``;
* :func:`create_extraction_tool`: a ``StructuredTool`` returning the record as JSON
  content and the instance as artifact.

Each takes ``extractor``: a loaded ``GLiNER2``, a model name or path, or ``None``
for the bundled model (loaded on first use, once per process).
"""

try:
    import langchain_core  # noqa: F401
except ModuleNotFoundError as err:  # pragma: no cover - depends on the environment
    raise ModuleNotFoundError(
        "gliner2_integrations.langchain needs langchain-core: pip install 'gliner2-kit[langchain]'", name=err.name
    ) from err

from gliner2_integrations.langchain.structured import GLiNER2StructuredOutput, with_structured_output
from gliner2_integrations.langchain.tagger import GLiNER2MetadataTagger
from gliner2_integrations.langchain.tool import create_extraction_tool

__all__ = [
    "GLiNER2MetadataTagger",
    "GLiNER2StructuredOutput",
    "create_extraction_tool",
    "with_structured_output",
]
