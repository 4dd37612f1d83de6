"""``GLiNER2MetadataTagger``: a local replacement for ``create_metadata_tagger`` / ``OpenAIMetadataTagger``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.documents.transformers import BaseDocumentTransformer
from langchain_core.runnables.config import run_in_executor

from gliner2_core import SchemaError
from gliner2_integrations._runtime import Outcome
from gliner2_integrations.metadata import merge_metadata
from gliner2_integrations.settings import MetadataSettings

logger = logging.getLogger(__name__)


class GLiNER2MetadataTagger(BaseDocumentTransformer, MetadataSettings):
    """Tag documents with metadata extracted by a local GLiNER2 model, in one batched call.

    Returns new documents with the same ``page_content``, ``id`` and metadata plus the
    extracted metadata (see :func:`gliner2_integrations.metadata.to_metadata` for its
    shape; by default the vector-store-safe flat layout, as in the LlamaIndex extractor).
    Nothing is ever lost by default: when a key is already in a document's metadata with
    another value, the document keeps it and the extracted value goes under ``<key>_2``,
    with a warning (``on_conflict``). Each document succeeds or fails on its own: one
    whose text is not a ``str`` (``None``, bytes) or whose extraction fails keeps its
    metadata and gets ``{error_key: "<Error>: <message>"}`` instead, unless
    ``raise_on_error``; no document is ever dropped. Blank documents are not sent to the
    model and get no extracted metadata. Extract after splitting to get per-chunk
    metadata (splitters copy a document's metadata to all of its chunks).

    With ``include_spans``, offsets are document offsets when the chunk carries
    ``start_index`` (``RecursiveCharacterTextSplitter(add_start_index=True)``), chunk
    offsets otherwise; ``offsets`` in the metadata says which.

    The settings are :class:`~gliner2_integrations.settings.MetadataSettings`, shared with
    the LlamaIndex extractor.

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.

    Example:
        >>> from pydantic import BaseModel, Field
        >>> class Visit(BaseModel):
        ...     person: str | None = Field(None, description="a person's name")
        ...     city: str | None = None
        >>> tagger = GLiNER2MetadataTagger(model=Visit)
        >>> docs = tagger.transform_documents([Document("Angela Merkel visited Paris.", id="d1")])  # doctest: +SKIP
        >>> docs[0].metadata  # doctest: +SKIP
        {'gliner2.visit.person': 'Angela Merkel', 'gliner2.visit.city': 'Paris'}
    """

    def transform_documents(self, documents: Sequence[Document], **kwargs: Any) -> Sequence[Document]:
        """Tag documents (one batched model call); returns new documents in the same order.

        Raises:
            SchemaError: When an item is not a ``Document`` (naming its position), before anything runs.
            Exception: A document's extraction error, only when ``raise_on_error``.
        """
        documents = list(documents)
        for index, document in enumerate(documents):
            if not isinstance(document, Document):
                raise SchemaError.invalid(f"documents[{index}]", type(document).__name__, "a langchain_core Document")
        if not documents:
            return []
        outcomes = self.run(
            [doc.page_content for doc in documents],
            where="documents[{index}].page_content",
            many=self.many,
        )
        logger.debug("tagged %d documents", len(documents))
        return [self._tag(doc, outcome) for doc, outcome in zip(documents, outcomes, strict=True)]

    async def atransform_documents(self, documents: Sequence[Document], **kwargs: Any) -> Sequence[Document]:
        """Like :meth:`transform_documents`, with the model running in a worker thread (the loop stays free)."""
        return await run_in_executor(None, self.transform_documents, documents, **kwargs)

    def _tag(self, document: Document, outcome: Outcome) -> Document:
        metadata = document.metadata if isinstance(document.metadata, dict) else {}
        extracted = self.metadata_for(outcome, span_offset=_start_index(metadata))
        merged = merge_metadata(metadata, extracted, on_conflict=self.on_conflict)
        return document.model_copy(update={"metadata": merged})


def _start_index(metadata: dict[str, Any]) -> int | None:
    """The chunk's start in its document (LangChain splitters' ``start_index``), when it is an int."""
    value = metadata.get("start_index")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
