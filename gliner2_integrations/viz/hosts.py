"""Views of LangChain documents tagged by our tagger and LlamaIndex nodes from our extractor.

Both hosts store the extraction as metadata (:func:`gliner2_integrations.metadata.to_metadata`),
in the nested ``"json"`` layout (``metadata["gliner2"]``) or the ``"flat"`` one
(``metadata["gliner2.spans.total"]``); both are read. Highlights need the tagger or
extractor to have run with ``include_spans=True`` (and ``include_confidence=True``
for scores); without them the view shows the extracted values only.

Offsets: the extraction's offsets are document offsets when the chunk knows its
place in its document (LangChain's ``start_index`` metadata, LlamaIndex's
``start_char_idx``), chunk offsets otherwise, and the metadata's ``offsets``
entry says which. The view shows the chunk, so document offsets are shifted by
the chunk's start (for metadata without ``offsets``: when every span then falls
inside the chunk), for plain-schema and Pydantic payloads alike.

Neither host library is imported here: documents and nodes are read through
their attributes (``page_content``/``metadata``; ``get_content``/``metadata``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from gliner2_core import SchemaError
from gliner2_integrations.viz.collect import output_parts
from gliner2_integrations.viz.document import Classification, Highlight, Record, RecordField, ViewDocument, value_text

SPANS_KEY = "spans"
CONFIDENCE_KEY = "confidence"
OFFSETS_KEY = "offsets"
OFFSETS_DOCUMENT = "document"
OFFSETS_CHUNK = "chunk"
_ERROR_SUFFIX = "error"


def from_langchain(documents: Iterable[Any], *, namespace: str = "gliner2") -> list[ViewDocument]:
    """Views of LangChain ``Document`` objects tagged by ``GLiNER2MetadataTagger``.

    Args:
        documents: Tagged documents (``page_content`` and ``metadata``).
        namespace: The tagger's ``namespace`` (its metadata key or key prefix).

    Raises:
        SchemaError: When an item has no ``page_content`` string.
    """
    views = []
    for index, doc in enumerate(documents):
        text = getattr(doc, "page_content", None)
        if not isinstance(text, str):
            raise SchemaError.invalid(f"documents[{index}].page_content", type(text).__name__, "a str")
        metadata = dict(getattr(doc, "metadata", None) or {})
        title = str(metadata.get("source") or getattr(doc, "id", None) or f"document {index + 1}")
        if metadata.get("start_index") is not None:
            title += f" @{metadata['start_index']}"
        views.append(_from_metadata(text, metadata, namespace, title, metadata.get("start_index")))
    return views


def from_llamaindex(nodes: Iterable[Any], *, namespace: str = "gliner2") -> list[ViewDocument]:
    """Views of LlamaIndex nodes processed by ``GLiNER2Extractor``.

    Args:
        nodes: Nodes (``TextNode`` and subclasses) with the extractor's metadata.
        namespace: The extractor's ``namespace``.

    Raises:
        SchemaError: When an item has no text.
    """
    views = []
    for index, node in enumerate(nodes):
        text = _node_text(node)
        if not isinstance(text, str):
            raise SchemaError.invalid(f"nodes[{index}]", type(node).__name__, "a LlamaIndex node with text")
        metadata = dict(getattr(node, "metadata", None) or {})
        name = metadata.get("file_name") or metadata.get("source") or getattr(node, "node_id", None)
        title = str(name or f"node {index + 1}")
        views.append(_from_metadata(text, metadata, namespace, title, getattr(node, "start_char_idx", None)))
    return views


def _node_text(node: Any) -> Any:
    get_content = getattr(node, "get_content", None)
    if callable(get_content):
        from llama_index.core.schema import MetadataMode  # a node exists, so llama-index is installed

        return get_content(metadata_mode=MetadataMode.NONE)
    return getattr(node, "text", None)


def _from_metadata(
    text: str, metadata: Mapping[str, Any], namespace: str, title: str, chunk_start: Any
) -> ViewDocument:
    payload = _payload(metadata, namespace)
    error = next((str(v) for k, v in metadata.items() if k.startswith(namespace) and k.endswith(_ERROR_SUFFIX)), None)
    spans = payload.pop(SPANS_KEY, None)
    confidence = payload.pop(CONFIDENCE_KEY, None)
    base = payload.pop(OFFSETS_KEY, None)
    if not isinstance(spans, Mapping):  # a plain-schema payload: mentions carry their offsets
        found, classifications, records = output_parts(_decoded(payload))
        shift = _shift([(h.start, h.end) for h in found], chunk_start, len(text), base)
        highlights = tuple(Highlight(h.start - shift, h.end - shift, h.label, h.field, h.confidence) for h in found)
        return ViewDocument(title, text, highlights, tuple(classifications), tuple(records), error)
    scores = confidence if isinstance(confidence, Mapping) else {}
    pairs = _span_pairs(spans, namespace)
    shift = _shift([pair for _, pair in pairs], chunk_start, len(text), base)
    highlights = tuple(
        Highlight(s - shift, e - shift, _label(path), path, _score(scores.get(path))) for path, (s, e) in pairs
    )
    classifications, records = _summaries(_decoded(payload), scores)
    return ViewDocument(title, text, highlights, tuple(classifications), tuple(records), error)


def _span_pairs(spans: Mapping[str, Any], namespace: str) -> list[tuple[str, tuple[int, int]]]:
    """``(field path, (start, end))`` of every stored span.

    Raises:
        SchemaError: Naming the metadata entry, when a span is not a ``[start, end]`` pair of integers.
    """
    pairs = []
    for path, value in spans.items():
        decoded = _decoded(value)
        for pair in decoded if isinstance(decoded, list) else [decoded]:
            if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(_is_offset(v) for v in pair)):
                raise SchemaError.invalid(f"metadata {namespace}.{SPANS_KEY}.{path}", pair, "[start, end] character offsets")
            pairs.append((str(path), (pair[0], pair[1])))
    return pairs


def _payload(metadata: Mapping[str, Any], namespace: str) -> dict[str, Any]:
    """The extraction payload: the nested dict (json layout) or the prefixed keys, re-nested one level (flat)."""
    nested = metadata.get(namespace)
    if isinstance(nested, Mapping):
        return dict(nested)
    if isinstance(nested, str):  # a json-layout payload serialised by a store
        try:
            decoded = json.loads(nested)
        except json.JSONDecodeError:
            decoded = None
        if isinstance(decoded, dict):
            return decoded
    prefix = f"{namespace}."
    payload: dict[str, Any] = {}
    for key, value in metadata.items():
        if not key.startswith(prefix):
            continue
        head, _, rest = key[len(prefix) :].partition(".")
        if rest:  # one level only: a span path such as "items.0.name" stays one key
            payload.setdefault(head, {})[rest] = value
        else:
            payload[head] = value
    return payload


def _decoded(value: Any) -> Any:
    """JSON strings (flat layout's encoded lists) decoded, recursively; other values unchanged."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return _decoded(json.loads(value))
        except json.JSONDecodeError:
            return value
    if isinstance(value, Mapping):
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def _shift(pairs: list[tuple[int, int]], chunk_start: Any, length: int, base: Any) -> int:
    """What to subtract from the stored offsets to get offsets into the chunk's text.

    The metadata says what its offsets count from (``offsets``: ``"document"`` or ``"chunk"``): document
    offsets are shifted by the chunk's start. Metadata without it (older tags) is shifted when the chunk
    knows its start and every span then falls inside the chunk.
    """
    known_start = _is_offset(chunk_start) and chunk_start > 0
    if base == OFFSETS_CHUNK or not known_start:
        return 0
    if base == OFFSETS_DOCUMENT:
        return chunk_start
    fits = bool(pairs) and all(0 <= s - chunk_start < e - chunk_start <= length for s, e in pairs)
    return chunk_start if fits else 0


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _label(path: str) -> str:
    parts = [p for p in path.split(".") if not p.isdigit()]
    return ".".join(parts) or path


def _score(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _summaries(payload: Mapping[str, Any], scores: Mapping[str, Any]) -> tuple[list[Classification], list[Record]]:
    """Record tables and classifications of a Pydantic-target payload."""
    classifications: list[Classification] = []
    records: list[Record] = []
    for key, value in payload.items():
        if key.endswith(_ERROR_SUFFIX):
            continue
        if isinstance(value, str):
            classifications.append(Classification(key, value))
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            classifications.extend(Classification(key, v) for v in value)
        elif isinstance(value, Mapping):
            fields = tuple(RecordField(str(k), value_text(v), _score(scores.get(str(k)))) for k, v in value.items())
            records.append(Record(key, fields))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    fields = tuple(RecordField(str(k), value_text(v)) for k, v in item.items())
                    records.append(Record(f"{key}[{index}]", fields))
    return classifications, records
