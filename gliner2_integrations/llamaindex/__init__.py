"""LlamaIndex integration: :class:`GLiNER2Extractor`, a metadata extractor for ``IngestionPipeline``.

Depends on ``llama-index-core`` only (``pip install gliner2-kit[llamaindex]``).
``extractor`` takes a loaded ``GLiNER2``, a model name or path, or ``None`` for
the bundled model (loaded on first use, once per process).
"""

try:
    import llama_index.core  # noqa: F401
except ModuleNotFoundError as err:  # pragma: no cover - depends on the environment
    raise ModuleNotFoundError(
        "gliner2_integrations.llamaindex needs llama-index-core: pip install 'gliner2-kit[llamaindex]'", name=err.name
    ) from err

from gliner2_integrations.llamaindex.extractor import GLiNER2Extractor

__all__ = ["GLiNER2Extractor"]
