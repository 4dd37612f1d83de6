"""``GLiNER2Extractor``: a LlamaIndex metadata extractor running a local GLiNER2 model."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.extractors import BaseExtractor
from llama_index.core.schema import BaseNode, MetadataMode, TextNode

from gliner2_integrations._runtime import extractor_name
from gliner2_integrations.metadata import plan_merge
from gliner2_integrations.settings import MetadataSettings

logger = logging.getLogger(__name__)

# Public fields that change what the extractor writes; they feed ``schema_hash``.
_HASHED_OPTIONS = (
    "threshold", "policy", "many", "metadata_mode", "namespace", "flat_lists", "flat_nulls", "include_confidence",
    "include_spans",
)  # fmt: skip
# Payload entries that are bookkeeping for programs, not facts for an LLM (hidden from it by default).
_BOOKKEEPING = ("confidence", "spans", "offsets")


class GLiNER2Extractor(MetadataSettings, BaseExtractor):
    """Extract metadata for ``IngestionPipeline`` nodes with a local GLiNER2 model, batched.

    Reads each text node's own text (``MetadataMode.NONE``), makes one batched model call
    per ``aextract`` in a worker thread, and stores :func:`~gliner2_integrations.metadata.to_metadata`
    output: by default the vector-store-safe flat layout (the LangChain tagger's too), so
    vector stores that call ``node_to_metadata_dict(flat_metadata=True)`` accept it. The keys
    it adds go into each node's ``excluded_embed_metadata_keys``, so extracted values do not
    change embeddings; confidences, spans, their ``offsets`` base and error messages also go
    into ``excluded_llm_metadata_keys`` (all extracted keys with ``exclude_from_llm``). Span
    offsets are document offsets when the node has ``start_char_idx``, node offsets otherwise
    (``offsets`` says which). Nothing is lost by default: a key already in a node's metadata
    with another value stays, and ours goes under ``<key>_2`` with a warning (``on_conflict``).
    Each node succeeds or fails on its own: a failing node gets ``{error_key: message}``
    unless ``raise_on_error``; non-text and blank nodes get nothing.

    ``schema_hash`` (a public field) fingerprints the model's JSON schema, the GLiNER2 schema,
    the extractor name and the options, so the pipeline's cache key changes with the model.
    The loaded model lives in a private attribute, is loaded on first use and is not pickled
    when ``extractor`` is a name or path. The settings are
    :class:`~gliner2_integrations.settings.MetadataSettings`, shared with the LangChain tagger.

    Note:
        ``metadata_mode`` here is the *output* layout (``"flat"``/``"json"``); node text is always
        read without metadata. ``model`` and ``extractor`` are not serialised by ``to_dict``.
        For ``num_workers > 1``, split the documents first and run the extractor on the nodes
        (LlamaIndex's ``SentenceSplitter`` does not run in its worker processes).

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

    extractor_name: str = Field(default="", description="Name of the extractor (set automatically).")
    schema_hash: str = Field(default="", description="Fingerprint of model, schema and options (set automatically).")
    exclude_from_embed: bool = Field(default=True, description="Hide the extracted keys from the embedding text.")
    exclude_from_llm: bool = Field(
        default=False, description="Hide every extracted key from the LLM context (bookkeeping keys always are)."
    )

    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
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
        texts = [_content(nodes[i]) for i in text_nodes]
        outcomes = self.run(texts, where="nodes[{index}].text", many=self.many)
        metadata: list[dict[str, Any]] = [{} for _ in nodes]
        for index, outcome in zip(text_nodes, outcomes, strict=True):
            start = getattr(nodes[index], "start_char_idx", None)
            metadata[index] = self.metadata_for(outcome, span_offset=start if isinstance(start, int) else None)
        return metadata

    async def aprocess_nodes(
        self,
        nodes: Sequence[BaseNode],
        excluded_embed_metadata_keys: list[str] | None = None,
        excluded_llm_metadata_keys: list[str] | None = None,
        **kwargs: Any,
    ) -> list[BaseNode]:
        """Add the extracted metadata and hide its keys from embeddings (and bookkeeping from the LLM).

        ``IngestionPipeline`` passes no exclusion lists, so the extractor extends each node's
        lists itself with the keys it wrote; lists passed here are added as well.
        """
        new_nodes = list(nodes) if self.in_place else [deepcopy(node) for node in nodes]
        metadata_list = await self._aextract_with_retry(new_nodes)
        for node, extracted in zip(new_nodes, metadata_list, strict=True):
            written = plan_merge(node.metadata, extracted, on_conflict=self.on_conflict)  # raises under "error"
            node.metadata.update(written)
            embed_keys = (list(written) if self.exclude_from_embed else []) + (excluded_embed_metadata_keys or [])
            llm_keys = [key for key in written if self.exclude_from_llm or self._bookkeeping(key)]
            _extend_unique(node.excluded_embed_metadata_keys, embed_keys)
            _extend_unique(node.excluded_llm_metadata_keys, llm_keys + (excluded_llm_metadata_keys or []))
            if not self.disable_template_rewrite and isinstance(node, TextNode):
                node.text_template = self.node_text_template
        return new_nodes

    def _bookkeeping(self, key: str) -> bool:
        """A key holding confidences, spans, their offsets base or an error message (also ``<key>_2`` forms)."""
        if key == self.error_key or key.startswith(f"{self.error_key}_"):
            return True
        if self.metadata_mode != "flat":  # json: the whole payload is one key
            return False
        prefix = f"{self.namespace}." if self.namespace else ""
        if not key.startswith(prefix):
            return False
        head = key[len(prefix) :].split(".", 1)[0]  # "spans" in "gliner2.spans.person"; "offsets_2" on a conflict
        return head.split("_")[0] in _BOOKKEEPING


def _content(node: BaseNode) -> Any:
    """A node's own text; ``None`` when the node cannot give one (its error is reported for that node)."""
    try:
        return node.get_content(metadata_mode=MetadataMode.NONE)
    except Exception:  # noqa: BLE001 - a broken node fails on its own
        return None


def _extend_unique(target: list[str], keys: list[str]) -> None:
    for key in keys:
        if key not in target:
            target.append(key)
