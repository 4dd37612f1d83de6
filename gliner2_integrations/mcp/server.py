"""The GLiNER2 MCP server: four extraction tools over the official ``mcp`` SDK.

Tools (each result is structured content with character offsets and confidences):

* ``extract_entities(text, labels, threshold?)``: mentions of each entity type;
* ``classify_text(text, labels, multi_label?, threshold?)``: the chosen label(s);
* ``extract_json(text, json_schema, threshold?)``: a record shaped by a JSON Schema
  (e.g. ``Model.model_json_schema()``; see :mod:`.json_schema` for what fits), each
  field decoded by its kind as ``extract_model`` does (numbers, dates, choices, yes/no);
* ``extract(text, schema, threshold?)``: any GLiNER2 schema in the dict form
  (entities, classifications, structures, relations at once).

The model loads once, when the server is built; calls are serialised on it. A bad
argument (wrong type, unknown option, unsupported JSON Schema) comes back to the
agent as a tool error naming the argument, the value and the valid options; the
server keeps running.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import Field

from gliner2_core.errors import GLiNER2Error
from gliner2_integrations.mcp.json_schema import model_from_json_schema
from gliner2_integrations.mcp.results import (
    ClassificationResult,
    EntitiesResult,
    ExtractResult,
    FieldValue,
    LabelScore,
    RecordsResult,
    Span,
)

if TYPE_CHECKING:
    from mcp.server import MCPServer

logger = logging.getLogger(__name__)

Transport = Literal["stdio", "streamable-http"]
TRANSPORTS: tuple[str, ...] = ("stdio", "streamable-http")
SERVER_NAME = "gliner2"
INSTRUCTIONS = (
    "Local GLiNER2 extraction: copies entities, labels and record fields out of the text you pass, "
    "with character offsets (start, end) into that text and a confidence per value. It never invents "
    "values: a field it cannot find is empty."
)
# strict: JSON true/false or "0.5" is refused rather than read as 1.0/0.0/0.5 (a bool is not a number)
Threshold = Annotated[
    float | None, Field(ge=0.0, le=1.0, strict=True, description="minimum confidence, 0-1 (server default if omitted)")
]
T = TypeVar("T")


class ExtractionTools:
    """The tool functions, bound to one loaded model.

    Args:
        model: A loaded ``GLiNER2``.
        threshold: Default confidence threshold (``None``: the model's calibrated defaults).
    """

    def __init__(self, model: Any, threshold: float | None = None) -> None:
        from gliner2_integrations._inputs import extract_options

        self.model = model
        self.threshold = threshold
        self.options = extract_options(threshold=threshold)  # the server's one ExtractOptions
        self._lock = threading.Lock()  # the SDK runs sync tools in worker threads

    def _call(self, fn: Callable[[], T]) -> T:
        from mcp.server.mcpserver.exceptions import ToolError

        try:
            with self._lock:
                return fn()
        except (GLiNER2Error, ValueError, TypeError) as err:  # the caller's mistake: tell the agent
            raise ToolError(f"{type(err).__name__}: {err}") from err

    def extract_entities(
        self,
        text: Annotated[str, Field(description="the text to read")],
        labels: Annotated[
            list[str] | dict[str, str],
            Field(description='entity types, e.g. ["person", "company"], or {type: description}'),
        ],
        threshold: Threshold = None,
    ) -> EntitiesResult:
        """Find mentions of the given entity types in the text (with offsets and confidences)."""
        extraction = self._run(text, {"entities": labels}, threshold)
        spans = [_span(label, s) for label, found in extraction.entities.items() for s in found]
        return EntitiesResult(entities=sorted(spans, key=lambda s: (s.start, s.end)))

    def classify_text(
        self,
        text: Annotated[str, Field(description="the text to classify")],
        labels: Annotated[list[str], Field(description="the candidate labels", min_length=1)],
        multi_label: Annotated[bool, Field(strict=True, description="allow several labels (true or false)")] = False,
        threshold: Threshold = None,
    ) -> ClassificationResult:
        """Choose the label (or, with multi_label, every label) that fits the whole text."""
        task: dict[str, Any] = {"task": "label", "labels": labels, "multi_label": multi_label}
        if threshold is not None:
            task["cls_threshold"] = threshold
        extraction = self._run(text, {"classifications": [task]}, None)
        chosen = sorted(extraction.classifications["label"], key=lambda c: -c.confidence)
        return ClassificationResult(labels=[LabelScore(label=c.text, confidence=c.confidence) for c in chosen])

    def extract_json(
        self,
        text: Annotated[str, Field(description="the text to read")],
        json_schema: Annotated[
            dict[str, Any], Field(description="a JSON Schema of a flat object (e.g. a Pydantic model's schema)")
        ],
        threshold: Threshold = None,
    ) -> RecordsResult:
        """Fill a record shaped by a JSON Schema with values from the text, each read as its property's type."""
        from gliner2_integrations.pydantic import extract_model

        name, model_cls, keys = self._call(lambda: model_from_json_schema(json_schema))
        chosen = self.threshold if threshold is None else threshold
        result = self._call(lambda: extract_model(self.model, text, model_cls, threshold=chosen))
        if result.value is None:
            return RecordsResult(structure=name, records=[])
        data = result.value.model_dump(mode="json")
        record = {keys[attr]: _field_values(text, data[attr], result, attr) for attr in keys}
        return RecordsResult(structure=name, records=[record] if any(record.values()) else [])

    def extract(
        self,
        text: Annotated[str, Field(description="the text to read")],
        schema: Annotated[
            dict[str, Any],
            Field(
                description='a GLiNER2 schema: {"entities": [...], "classifications": [{"task", "labels"}], '
                '"structures": {name: {"fields": [...]}}, "relations": [...]}'
            ),
        ],
        threshold: Threshold = None,
    ) -> ExtractResult:
        """Run a full GLiNER2 schema (entities, classifications, structures, relations) in one pass."""
        from gliner2_integrations._reference import reference_dict

        extraction = self._run(text, schema, threshold)
        spans = [_span(_mention_label(m), m.span) for m in extraction.mentions()]
        classifications = {
            task: [
                LabelScore(label=c.text, confidence=c.confidence) for c in sorted(chosen, key=lambda c: -c.confidence)
            ]
            for task, chosen in extraction.classifications.items()
        }
        output = reference_dict(extraction)  # the tool's JSON promise: reference shapes, with confidences and offsets
        return ExtractResult(
            spans=sorted(spans, key=lambda s: (s.start, s.end)), classifications=classifications, output=output
        )

    def _run(self, text: str, schema: Any, threshold: float | None) -> Any:
        """The typed ``Extraction`` of one text (schema and option errors become tool errors)."""

        def run() -> Any:
            options = self.options if threshold is None else self.options.replace(threshold=threshold)
            return self.model.run([text], schema, options)[0]

        return self._call(run)


def _span(label: str, span: Any) -> Span:
    return Span(label=label, text=span.text, start=span.start, end=span.end, confidence=span.confidence)


def _field_values(text: str, value: Any, result: Any, attr: str) -> list[FieldValue]:
    """One field of an ``extract_model`` result as values with their text, offsets, confidence and typed value."""
    items = [] if value is None else value if isinstance(value, list) else [value]
    spans = result.spans.get(attr, [])
    confidence = result.confidence.get(attr, 0.0)
    out = []
    for index, item in enumerate(items):
        start, end = spans[index] if len(spans) == len(items) else (None, None)
        shown = (
            text[start:end]
            if start is not None
            else ("true" if item is True else "false" if item is False else str(item))
        )
        out.append(FieldValue(text=shown, start=start, end=end, confidence=confidence, value=item))
    return out


def _mention_label(mention: Any) -> str:
    """``person`` for an entity, ``invoice.total`` for a record field, ``works for.head`` for a relation argument."""
    return mention.field if mention.task == "entities" else f"{mention.task}.{mention.field}"


def build_server(extractor: Any = None, *, threshold: float | None = None, name: str = SERVER_NAME) -> MCPServer:
    """An ``MCPServer`` with the four tools; the model is loaded now.

    Args:
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` (the bundled gliner2-mini).
        threshold: Default confidence threshold of the tools (``None``: the model's calibrated defaults).
        name: The server name clients show.

    Raises:
        SchemaError: When ``threshold`` is not in [0, 1].
    """
    from mcp.server import MCPServer

    from gliner2_integrations._inputs import extract_options
    from gliner2_integrations._runtime import load_extractor

    options = extract_options(threshold=threshold)  # before the model loads
    tools = ExtractionTools(load_extractor(extractor), options.threshold)
    server: MCPServer = MCPServer(name, instructions=INSTRUCTIONS, log_level="WARNING")
    for tool in (tools.extract_entities, tools.classify_text, tools.extract_json, tools.extract):
        server.add_tool(tool, name=tool.__name__, structured_output=True)
    return server


def serve(
    extractor: Any = None,
    *,
    transport: Transport = "stdio",
    host: str = "127.0.0.1",
    port: int = 8000,
    threshold: float | None = None,
    allowed_hosts: Sequence[str] = (),
) -> None:
    """Build the server and run it until the client disconnects (stdio) or the process is stopped (HTTP).

    Over stdio a line that is not one valid JSON-RPC message gets a JSON-RPC error reply
    (:mod:`.stdio`). Over HTTP, DNS-rebinding protection stays on for every ``host``
    (:func:`.http.transport_security`); the address and port are checked before the model loads.

    Args:
        extractor: As for :func:`build_server`.
        transport: ``"stdio"`` (desktop agents start the process) or ``"streamable-http"``.
        host: HTTP bind address (default: localhost only).
        port: HTTP port, 1-65535.
        threshold: Default confidence threshold (``None``: the model's calibrated defaults).
        allowed_hosts: More ``Host`` header names to accept over HTTP (how clients reach this machine).

    Raises:
        SchemaError: On an unknown transport, or a bad host, port or allowed host.
        OSError: When nothing can listen on ``host:port`` (in use, not an address of this machine).
    """
    import anyio

    from gliner2_core import SchemaError
    from gliner2_integrations.mcp.http import bracketed, check_port, transport_security
    from gliner2_integrations.mcp.stdio import run_stdio

    if transport not in TRANSPORTS:
        raise SchemaError.invalid("transport", transport, TRANSPORTS)
    if transport == "stdio":
        server = build_server(extractor, threshold=threshold)
        anyio.run(run_stdio, server)
        return
    security = transport_security(host, allowed_hosts)
    check_port(host, port)
    server = build_server(extractor, threshold=threshold)
    logger.info("serving MCP over streamable HTTP on http://%s:%d/mcp", bracketed(host), port)
    server.run("streamable-http", host=host, port=port, transport_security=security)
