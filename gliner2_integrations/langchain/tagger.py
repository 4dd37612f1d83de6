"""``GLiNER2MetadataTagger``: a local replacement for ``create_metadata_tagger`` / ``OpenAIMetadataTagger``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.documents import Document
from langchain_core.documents.transformers import BaseDocumentTransformer
from langchain_core.runnables.config import run_in_executor
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from gliner2_integrations._runtime import LazyExtractor, Outcome, outcome_metadata, resolve_target, run_extraction
from gliner2_integrations.metadata import merge_metadata

logger = logging.getLogger(__name__)


class GLiNER2MetadataTagger(BaseDocumentTransformer, BaseModel):
    """Tag documents with metadata extracted by a local GLiNER2 model, in one batched call.

    Returns new documents with the same ``page_content``, ``id`` and metadata plus the
    extracted metadata (see :func:`gliner2_integrations.metadata.to_metadata` for its
    shape). On a key collision the document's own value wins by default, as with
    ``OpenAIMetadataTagger``. A document whose extraction fails keeps its metadata and
    gets ``{error_key: "<Error>: <message>"}`` instead, unless ``raise_on_error``; no
    document is ever dropped. Blank documents are not sent to the model and get no
    extracted metadata. Extract after splitting to get per-chunk metadata (splitters
    copy a document's metadata to all of its chunks).

    Args:
        model: A Pydantic model class (validated records) or a ``Schema``/``SchemaSpec``/schema dict.
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` for the bundled model
            (loaded on first use, shared per process).

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.

    Example:
        >>> from pydantic import BaseModel, Field
        >>> class Visit(BaseModel):
        ...     person: str | None = Field(None, description="a person's name")
        ...     city: str | None = None
        >>> tagger = GLiNER2MetadataTagger(model=Visit, metadata_mode="flat")
        >>> docs = tagger.transform_documents([Document("Angela Merkel visited Paris.", id="d1")])  # doctest: +SKIP
        >>> docs[0].metadata  # doctest: +SKIP
        {'gliner2.visit.person': 'Angela Merkel', 'gliner2.visit.city': 'Paris'}
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model: Any = Field(description="Pydantic model class, or a Schema / SchemaSpec / schema dict.")
    extractor: Any = Field(default=None, description="GLiNER2 instance, model name or path; None = bundled model.")
    threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="Default span/choice confidence threshold.")
    batch_size: int = Field(default=8, ge=1, le=1024, description="Texts per forward pass.")
    policy: Literal["partial", "drop", "raise"] = Field(
        default="partial",
        description="Required fields not found: keep a partial record, drop it, or fail the document.",
    )
    many: bool = Field(default=False, description="Store every record found in a document (a list), not the first.")
    metadata_mode: Literal["json", "flat"] = Field(
        default="json", description="'json': the payload nested under the namespace key; 'flat': one key per value."
    )
    namespace: str | None = Field(default="gliner2", min_length=1, description="Key (json) or key prefix (flat).")
    flat_lists: Literal["keep", "json"] = Field(
        default="keep", description="Flat mode: keep lists of strings as lists, or JSON-encode them."
    )
    on_conflict: Literal["keep", "overwrite", "error"] = Field(
        default="keep", description="A key already in the document's metadata: keep it, overwrite it, or fail."
    )
    include_confidence: bool = Field(default=False, description="Store per-field confidences under 'confidence'.")
    include_spans: bool = Field(default=False, description="Store per-field [start, end] offsets under 'spans'.")
    raise_on_error: bool = Field(default=False, description="Raise on a failing document instead of tagging it.")
    error_key: str = Field(default="gliner2_error", min_length=1, description="Metadata key for a failure message.")

    _target: Any = PrivateAttr(default=None)
    _extractor: LazyExtractor = PrivateAttr(default=None)  # type: ignore[assignment]

    def model_post_init(self, context: Any, /) -> None:
        self._target = resolve_target(self.model)
        self._extractor = LazyExtractor(self.extractor)

    def transform_documents(self, documents: Sequence[Document], **kwargs: Any) -> Sequence[Document]:
        """Tag documents (one batched model call); returns new documents in the same order.

        Raises:
            Exception: A document's extraction error, only when ``raise_on_error``.
        """
        documents = list(documents)
        if not documents:
            return []
        outcomes = run_extraction(
            self._extractor.get(),
            [doc.page_content for doc in documents],
            self._target,
            threshold=self.threshold,
            batch_size=self.batch_size,
            policy=self.policy,
            many=self.many,
        )
        logger.debug("tagged %d documents", len(documents))
        return [self._tag(doc, outcome) for doc, outcome in zip(documents, outcomes, strict=True)]

    async def atransform_documents(self, documents: Sequence[Document], **kwargs: Any) -> Sequence[Document]:
        """Like :meth:`transform_documents`, with the model running in a worker thread (the loop stays free)."""
        return await run_in_executor(None, self.transform_documents, documents, **kwargs)

    def _tag(self, document: Document, outcome: Outcome) -> Document:
        extracted = outcome_metadata(
            outcome,
            self._target,
            error_key=self.error_key,
            raise_on_error=self.raise_on_error,
            mode=self.metadata_mode,
            namespace=self.namespace,
            many=self.many,
            include_confidence=self.include_confidence,
            include_spans=self.include_spans,
            lists=self.flat_lists,
        )
        if self.error_key in extracted:  # our own key: a fresh failure replaces a stale one
            metadata = {**document.metadata, **extracted}
        else:
            metadata = merge_metadata(document.metadata, extracted, on_conflict=self.on_conflict)
        return document.model_copy(update={"metadata": metadata})
