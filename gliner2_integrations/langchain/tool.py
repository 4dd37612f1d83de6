"""``create_extraction_tool``: Pydantic-model extraction as an agent tool (content and artifact)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_core.runnables.config import run_in_executor
from langchain_core.tools import StructuredTool, ToolException
from pydantic import BaseModel, Field

from gliner2_core.errors import GLiNER2Error
from gliner2_integrations.langchain.structured import GLiNER2StructuredOutput
from gliner2_integrations.pydantic.annotations import type_repr
from gliner2_integrations.pydantic.labels import humanise
from gliner2_integrations.settings import DEFAULTS


class ExtractionInput(BaseModel):
    """Arguments of an extraction tool."""

    text: str = Field(description="The text to extract from, verbatim.")
    threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        allow_inf_nan=False,
        description="Confidence threshold (0-1); lower finds more. Default: the tool's.",
    )


def create_extraction_tool(
    model: type[BaseModel],
    *,
    extractor: Any = None,
    name: str | None = None,
    description: str | None = None,
    threshold: float | None = DEFAULTS.threshold,
    policy: str = "partial",
    handle_tool_error: bool = True,
) -> StructuredTool:
    """A tool that fills ``model`` from a text with a local GLiNER2 model.

    The tool takes ``{"text": str, "threshold": float | None}`` and uses
    ``response_format="content_and_artifact"``: called with a ``ToolCall`` it yields a
    ``ToolMessage`` whose content is the record as JSON (``null`` under policy ``"drop"``
    when none was found) and whose ``artifact`` is the instance itself. Its description
    lists the model's fields so an agent knows what comes back.

    Args:
        model: The Pydantic model class to fill.
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` for the bundled model.
        name: Tool name (default ``extract_<model name>``, e.g. ``extract_support_ticket``).
        description: Tool description (default: built from the model's docstring and fields).
        threshold: Default confidence threshold.
        policy: ``"partial"``, ``"drop"`` or ``"raise"`` for required fields not found.
        handle_tool_error: Return extraction errors (e.g. missing required fields under ``"raise"``) and invalid
            arguments (naming each one) to the agent as an error ``ToolMessage`` instead of raising.

    Returns:
        A ``StructuredTool``.

    Raises:
        UnsupportedModelError: (a ``TypeError``) for a model GLiNER2 cannot express.

    Example:
        >>> tool = create_extraction_tool(SupportTicket)  # doctest: +SKIP
        >>> message = tool.invoke({"type": "tool_call", "id": "1", "name": tool.name,
        ...                        "args": {"text": "Order 42 from Ada is late."}})  # doctest: +SKIP
        >>> message.content, message.artifact  # doctest: +SKIP
        ('{"customer_name":"Ada","order_number":42}', SupportTicket(customer_name='Ada', order_number=42))
    """
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"model: got {model!r}; expected a pydantic BaseModel subclass")
    runnable = GLiNER2StructuredOutput(model, extractor=extractor, threshold=threshold, policy=policy)
    extract, aextract = _tool_functions(runnable)
    return StructuredTool.from_function(
        func=extract,
        coroutine=aextract,
        name=name or f"extract_{humanise(model.__name__).replace(' ', '_')}",
        description=description or describe_model(model),
        args_schema=ExtractionInput,
        response_format="content_and_artifact",
        handle_tool_error=handle_tool_error,
        handle_validation_error=validation_message if handle_tool_error else False,
    )


def _tool_functions(
    runnable: GLiNER2StructuredOutput,
) -> tuple[Callable[..., tuple[str, Any]], Callable[..., Awaitable[tuple[str, Any]]]]:
    """The tool's sync and async functions: ``(JSON content, instance)`` for one text.

    A GLiNER2 error (an invalid text, missing required fields under ``"raise"``) becomes a
    ``ToolException``, which ``handle_tool_error`` hands to the agent.
    """

    def extract(text: str, threshold: float | None = None) -> tuple[str, Any]:
        (output,) = runnable.extract([text], threshold=threshold, where="text")
        if isinstance(output, GLiNER2Error):
            raise ToolException(str(output)) from output
        if isinstance(output, Exception):
            raise output
        return (output.model_dump_json() if output is not None else "null"), output

    async def aextract(text: str, threshold: float | None = None) -> tuple[str, Any]:
        return await run_in_executor(None, extract, text, threshold)

    return extract, aextract


def validation_message(error: Exception) -> str:
    """What the agent reads when its arguments are invalid: each bad argument, its value and what is valid."""
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return f"Invalid tool arguments: {error}"
    problems = []
    for item in errors():
        where = ".".join(str(part) for part in item.get("loc", ())) or "arguments"
        value = item.get("input")
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        problems.append(f"{where}: got {shown}; {item.get('msg', 'invalid')}")
    return "Invalid tool arguments (expected {'text': str, 'threshold': number 0-1 or null}): " + "; ".join(problems)


def describe_model(model: type[BaseModel]) -> str:
    """A tool description: what the model is and the fields it returns (type, required, description)."""
    doc = inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
    lines = [
        f"Extract a {model.__name__} record from a text with a local GLiNER2 model (values are copied from the text)."
    ]
    if doc and not doc.startswith(f"{model.__name__}("):  # pydantic's default docstring is not a description
        lines.append(f"{model.__name__}: {doc}")
    lines.append("Returns JSON with the fields:")
    for attr, info in model.model_fields.items():
        required = "required" if info.is_required() else "optional"
        text = f"- {attr} ({type_repr(info.annotation)}, {required})"
        lines.append(f"{text}: {info.description}" if info.description else text)
    lines.append("Fields not found in the text are null.")
    return "\n".join(lines)
