"""``GLiNER2Extractor``: a LlamaIndex metadata extractor running a local GLiNER2 model."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence
from copy import deepcopy
from typing import Any, Literal

from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.extractors import BaseExtractor
from llama_index.core.schema import BaseNode, MetadataMode, TextNode

from gliner2_integrations._runtime import (
    ExtractionTarget,
    LazyExtractor,
    extractor_name,
    outcome_metadata,
    resolve_target,
    run_extraction,
)
from gliner2_integrations.metadata import merge_metadata

logger = logging.getLogger(__name__)

# Public fields that change what the extractor writes; they feed ``schema_hash``.
_HASHED_OPTIONS = (
    "threshold", "policy", "many", "metadata_mode", "namespace", "flat_lists", "include_confidence", "include_spans",
)  # fmt: skip


class GLiNER2Extractor(BaseExtractor):
    """Extract metadata for ``IngestionPipeline`` nodes with a local GLiNER2 model, batched.

    Reads each text node's own text (``MetadataMode.NONE``), makes one batched model call
    per ``aextract`` in a worker thread, and stores :func:`~gliner2_integrations.metadata.to_metadata`
    output: flat, scalar-only values by default, so vector stores that call
    ``node_to_metadata_dict(flat_metadata=True)`` accept them. The keys it adds go into each
    node's ``excluded_embed_metadata_keys`` (and ``excluded_llm_metadata_keys`` with
    ``exclude_from_llm``), so extracted values do not change embeddings. Span offsets are
    document offsets when the node has ``start_char_idx``. A node whose extraction fails gets
    ``{error_key: message}`` unless ``raise_on_error``; non-text and blank nodes get nothing.

    ``schema_hash`` (a public field) fingerprints the model's JSON schema, the GLiNER2 schema,
    the extractor name and the options, so the pipeline's cache key changes with the model.
    The loaded model lives in a private attribute, is loaded on first use and is not pickled
    when ``extractor`` is a name or path, so ``num_workers > 1`` works.

    Note:
        ``metadata_mode`` here is the *output* format (``"flat"``/``"json"``); node text is always
        read without metadata. ``model`` and ``extractor`` are not serialised by ``to_dict``.

    Example:
        >>> from llama_index.core.ingestion import IngestionPipeline
        >>> from llama_index.core.node_parser import SentenceSplitter
        >>> pipeline = IngestionPipeline(
        ...     transformations=[SentenceSplitter(), GLiNER2Extractor(model=Visit, namespace="visit")]
        ... )  # doctest: +SKIP
        >>> nodes = pipeline.run(documents=[Document(text="Angela Merkel visited Paris.")])  # doctest: +SKIP
        >>> nodes[0].metadata  # doctest: +SKIP
        {'visit.visit.person': 'Angela Merkel', 'visit.visit.city': 'Paris'}
    """

    model: Any = Field(exclude=True, description="Pydantic model class, or a Schema / SchemaSpec / schema dict.")
    extractor: Any = Field(
        default=None, exclude=True, description="GLiNER2 instance, model name or path; None = bundled model."
    )
    extractor_name: str = Field(default="", description="Name of the extractor (set automatically).")
    schema_hash: str = Field(default="", description="Fingerprint of model, schema and options (set automatically).")
    threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="Default span/choice confidence threshold.")
    batch_size: int = Field(default=8, ge=1, le=1024, description="Texts per forward pass.")
    policy: Literal["partial", "drop", "raise"] = Field(
        default="partial", description="Required fields not found: keep a partial record, drop it, or fail the node."
    )
    many: bool = Field(default=False, description="Store every record found in a node (a list), not the first.")
    metadata_mode: Literal["json", "flat"] = Field(  # type: ignore[assignment]
        default="flat", description="Output format: 'flat' (one scalar per key) or 'json' (nested under the namespace)."
    )
    namespace: str | None = Field(default="gliner2", min_length=1, description="Key (json) or key prefix (flat).")
    flat_lists: Literal["keep", "json"] = Field(
        default="json", description="Flat mode: JSON-encode lists of strings (scalars only) or keep them as lists."
    )
    include_confidence: bool = Field(default=False, description="Store per-field confidences under 'confidence'.")
    include_spans: bool = Field(default=False, description="Store per-field [start, end] document offsets.")
    on_conflict: Literal["keep", "overwrite", "error"] = Field(
        default="overwrite",
        description="A key already in the node's metadata: keep, overwrite (LlamaIndex's way), fail.",
    )
    exclude_from_embed: bool = Field(default=True, description="Hide the extracted keys from the embedding text.")
    exclude_from_llm: bool = Field(default=False, description="Hide the extracted keys from the LLM context too.")
    raise_on_error: bool = Field(default=False, description="Raise on a failing node instead of recording the error.")
    error_key: str = Field(default="gliner2_error", min_length=1, description="Metadata key for a failure message.")

    _target: ExtractionTarget = PrivateAttr(default=None)  # type: ignore[assignment]
    _extractor: LazyExtractor = PrivateAttr(default=None)  # type: ignore[assignment]

    def model_post_init(self, context: Any, /) -> None:
        self._target = resolve_target(self.model)
        self._extractor = LazyExtractor(self.extractor)
        self.extractor_name = extractor_name(self.extractor)
        options = {name: getattr(self, name) for name in _HASHED_OPTIONS}
        text = json.dumps([self._target.fingerprint, self.extractor_name, options], sort_keys=True)
        self.schema_hash = hashlib.sha256(text.encode()).hexdigest()

    @classmethod
    def class_name(cls) -> str:
        return "GLiNER2Extractor"

    async def aextract(self, nodes: Sequence[BaseNode]) -> list[dict[str, Any]]:
        """One metadata dict per node; the model runs in a worker thread."""
        return await asyncio.get_running_loop().run_in_executor(None, self._extract, list(nodes))

    def _extract(self, nodes: list[BaseNode]) -> list[dict[str, Any]]:
        text_nodes = [i for i, node in enumerate(nodes) if isinstance(node, TextNode) or not self.is_text_node_only]
        if len(text_nodes) < len(nodes):
            kinds = sorted({type(node).__name__ for node in nodes if not isinstance(node, TextNode)})
            logger.warning(
                "GLiNER2Extractor: skipped %d node(s) that are not text nodes (%s); split documents into nodes "
                "first, or set is_text_node_only=False",
                len(nodes) - len(text_nodes),
                ", ".join(kinds),
            )
        texts = [nodes[i].get_content(metadata_mode=MetadataMode.NONE) for i in text_nodes]
        outcomes = run_extraction(
            self._extractor.get() if texts else None,  # type: ignore[arg-type]
            texts,
            self._target,
            threshold=self.threshold,
            batch_size=self.batch_size,
            policy=self.policy,
            many=self.many,
        )
        metadata: list[dict[str, Any]] = [{} for _ in nodes]
        for index, outcome in zip(text_nodes, outcomes, strict=True):
            metadata[index] = outcome_metadata(
                outcome,
                self._target,
                error_key=self.error_key,
                raise_on_error=self.raise_on_error,
                mode=self.metadata_mode,
                namespace=self.namespace,
                many=self.many,
                include_confidence=self.include_confidence,
                include_spans=self.include_spans,
                span_offset=getattr(nodes[index], "start_char_idx", None) or 0,
                lists=self.flat_lists,
            )
        return metadata

    async def aprocess_nodes(
        self,
        nodes: Sequence[BaseNode],
        excluded_embed_metadata_keys: list[str] | None = None,
        excluded_llm_metadata_keys: list[str] | None = None,
        **kwargs: Any,
    ) -> list[BaseNode]:
        """Add the extracted metadata and hide its keys from embeddings (and the LLM, if asked).

        ``IngestionPipeline`` passes no exclusion lists, so the extractor extends each node's
        lists itself with the keys it wrote; lists passed here are added as well.
        """
        new_nodes = list(nodes) if self.in_place else [deepcopy(node) for node in nodes]
        metadata_list = await self._aextract_with_retry(new_nodes)
        for node, extracted in zip(new_nodes, metadata_list, strict=True):
            written = self._write(node, extracted)
            embed_keys = (written if self.exclude_from_embed else []) + (excluded_embed_metadata_keys or [])
            llm_keys = (written if self.exclude_from_llm else []) + (excluded_llm_metadata_keys or [])
            _extend_unique(node.excluded_embed_metadata_keys, embed_keys)
            _extend_unique(node.excluded_llm_metadata_keys, llm_keys)
            if not self.disable_template_rewrite and isinstance(node, TextNode):
                node.text_template = self.node_text_template
        return new_nodes

    def _write(self, node: BaseNode, extracted: dict[str, Any]) -> list[str]:
        """Merge ``extracted`` into the node's metadata (in place); returns the keys written."""
        if self.error_key in extracted:  # our own key: a fresh failure replaces a stale one
            node.metadata.update(extracted)
            return list(extracted)
        merge_metadata(node.metadata, extracted, on_conflict=self.on_conflict)  # raises under "error"
        keep = self.on_conflict == "keep"
        written = [key for key in extracted if not (keep and key in node.metadata)]
        node.metadata.update({key: extracted[key] for key in written})
        return written


def _extend_unique(target: list[str], keys: list[str]) -> None:
    for key in keys:
        if key not in target:
            target.append(key)
