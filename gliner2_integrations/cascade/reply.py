"""The LLM's answer for the asked fields, read from whatever its structured output returned.

``with_structured_output(schema, include_raw=True)`` should give ``{"raw", "parsed",
"parsing_error"}`` with ``parsed`` an instance of the asked model. Chat models differ:
some give ``parsed`` as a dict or a JSON string, some ignore ``include_raw`` and return
the bare instance, dict, JSON string or ``AIMessage``. Each shape is read the same way;
when LangChain's parser failed, the tool call in ``raw`` is read instead. Each field is
validated on its own, so one bad value never drops the others' answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import BaseMessage
from pydantic import AliasChoices, BaseModel, ValidationError

from gliner2_integrations._runtime import describe_error
from gliner2_integrations.cascade.plan import field_values, is_empty

_INCLUDE_RAW_KEYS = frozenset({"raw", "parsed", "parsing_error"})
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_PREVIEW = 80


@dataclass(frozen=True)
class Answer:
    """What the LLM said for one text.

    Attributes:
        values: ``{field name: value}`` of the valid, non-empty answers (``null`` and ``[]`` left out).
        reply: The answer as JSON, every asked field present (``None``: nothing usable came back).
        usage: The call's ``usage_metadata``, when the provider reported it.
        problem: Why nothing could be used (call failure, unreadable reply), if so.
        rejected: ``{field name: why}`` for the answered values that failed validation.
    """

    values: dict[str, Any] = field(default_factory=dict)
    reply: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    problem: str | None = None
    rejected: dict[str, str] = field(default_factory=dict)


def read_reply(reply: Any, sub_cls: type[BaseModel]) -> Answer:
    """The :class:`Answer` in one structured-output reply (or the exception its call raised).

    Raises:
        BaseException: A cancellation or interrupt (``asyncio.CancelledError``, ``KeyboardInterrupt``)
            the batch returned in place of a reply: it is never turned into a result.
    """
    if _is_interrupt(reply):
        raise reply
    if isinstance(reply, AttributeError) and _is_interrupt(getattr(reply, "obj", None)):
        # langchain-core's agenerate reads ``.generations`` of a CancelledError its call raised
        raise reply.obj from reply  # type: ignore[misc]
    if isinstance(reply, Exception):
        return Answer(problem=describe_error(reply))
    raw, parsed, parsing_error = _parts(reply)
    usage = _usage(raw)
    args, problem = arguments(parsed)
    if args is None and isinstance(raw, BaseMessage) and raw is not parsed:  # the parser failed: read the call
        args, raw_problem = arguments(raw)
        problem = problem or raw_problem
    if args is None:
        if isinstance(parsing_error, BaseException):
            problem = describe_error(parsing_error)
        elif parsing_error:
            problem = str(parsing_error)
        return Answer(usage=usage, problem=problem or "no answer")
    values, rejected = _validated(sub_cls, args)
    reply_json = _as_json(sub_cls, values)
    kept = {name: value for name, value in values.items() if not is_empty(value)}
    return Answer(kept, reply_json, usage, None, rejected)


def _is_interrupt(value: Any) -> bool:
    """A cancellation or interrupt: a ``BaseException`` that is not an ``Exception``."""
    return isinstance(value, BaseException) and not isinstance(value, Exception)


def _parts(reply: Any) -> tuple[Any, Any, Any]:
    """``(raw, parsed, parsing_error)`` of an ``include_raw`` reply; a bare reply is its own ``parsed``."""
    is_include_raw = isinstance(reply, Mapping) and set(reply) <= _INCLUDE_RAW_KEYS
    if is_include_raw and ("parsed" in reply or isinstance(reply.get("raw"), BaseMessage)):
        return reply.get("raw"), reply.get("parsed"), reply.get("parsing_error")
    return (reply if isinstance(reply, BaseMessage) else None), reply, None


def arguments(parsed: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The answer's ``{key: value}`` arguments (keys: field names or aliases), or ``None`` and why not."""
    if parsed is None:
        return None, None
    if isinstance(parsed, BaseMessage):  # before BaseModel: messages are pydantic models too
        return _message_arguments(parsed)
    if isinstance(parsed, BaseModel):
        return field_values(parsed), None
    if isinstance(parsed, Mapping):
        return {str(key): value for key, value in parsed.items()}, None
    if isinstance(parsed, (str, bytes, bytearray)):
        return _json_object(parsed)
    if isinstance(parsed, (list, tuple)) and parsed:  # a tools parser without first_tool_only
        return arguments(parsed[0])
    return None, f"reply: got {type(parsed).__name__} ({_preview(parsed)}); expected the structured output"


def _json_object(text: str | bytes | bytearray) -> tuple[dict[str, Any] | None, str | None]:
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    fenced = _FENCE.match(text)
    try:
        data = json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return {str(key): value for key, value in data.items()}, None
    return None, f"reply: got the text {_preview(text)}; expected a JSON object"


def _message_arguments(message: BaseMessage) -> tuple[dict[str, Any] | None, str | None]:
    """The first tool call's arguments, else the message's text read as a JSON object."""
    calls = getattr(message, "tool_calls", None) or []
    if calls and isinstance(calls[0].get("args"), Mapping):
        return {str(key): value for key, value in calls[0]["args"].items()}, None
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid:
        return None, f"reply: the tool call is invalid ({invalid[0].get('error') or _preview(invalid[0])})"
    content = message.content if isinstance(message.content, str) else ""
    if not content.strip():
        return None, "reply: the message holds no tool call and no text"
    return _json_object(content)


def _validated(sub_cls: type[BaseModel], args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """``({field name: valid value}, {field name: why rejected})``: each field validated on its own."""
    names = _names_by_key(sub_cls)
    values: dict[str, Any] = {}
    rejected: dict[str, str] = {}
    for key, value in args.items():
        name = names.get(key)
        if name is None or name in values:  # a key the asked model does not have, or already read
            continue
        try:
            values[name] = getattr(sub_cls.model_validate({key: value}), name)
        except ValidationError as err:
            rejected[name] = err.errors()[0]["msg"] if err.errors() else str(err)
        except Exception as err:  # noqa: BLE001 - a validator raising anything: that value is rejected
            rejected[name] = describe_error(err)
    return values, rejected


def _names_by_key(sub_cls: type[BaseModel]) -> dict[str, str]:
    """Every key a field is accepted under (its name, alias, validation aliases) -> the field name."""
    names: dict[str, str] = {}
    for name, info in sub_cls.model_fields.items():
        keys = [name, info.alias]
        alias = info.validation_alias
        keys += list(alias.choices) if isinstance(alias, AliasChoices) else [alias]
        names.update({key: name for key in keys if isinstance(key, str)})
    return names


def _as_json(sub_cls: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """The validated answer as JSON data by field name, every asked field present (unanswered: null)."""
    try:
        return sub_cls.model_validate(values).model_dump(mode="json")
    except Exception:  # noqa: BLE001 - validated one by one above; keep what can be shown
        return {name: _jsonable(values.get(name)) for name in sub_cls.model_fields}


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def _usage(raw: Any) -> dict[str, Any] | None:
    usage = getattr(raw, "usage_metadata", None)
    return dict(usage) if isinstance(usage, Mapping) and usage else None


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _PREVIEW else text[: _PREVIEW - 3] + "..."
