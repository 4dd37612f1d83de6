"""The stdio transport with an answer for every line: malformed messages get a JSON-RPC error reply.

The SDK's stdio reader turns a line it cannot read as one JSON-RPC message into an
exception on its read stream, and the server drops it silently, so a client that
sent, say, a lone surrogate escape (``"\\ud800"``), a JSON batch array or very deep
nesting waits for an answer forever. Here every line the SDK reads is remembered
until the server side has seen what the SDK made of it; for a line it could not
read, the server writes a JSON-RPC error instead (``-32700`` parse error, or
``-32600`` invalid request naming what is wrong and where), with the request's
``id`` whenever it can be found, so the client's call ends with that error.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

logger = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
MAX_DEPTH = 100
"""Deepest nesting a message may have (the SDK's JSON reader refuses a little deeper, at about 200)."""
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_COLON = re.compile(r"\s*:\s*")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class RecordingStdin:
    """stdin's lines, decoded as UTF-8 (bad bytes replaced), each kept in ``lines`` until taken."""

    def __init__(self, source: Any = None) -> None:
        import anyio

        self._source = anyio.wrap_file(source if source is not None else sys.stdin.buffer)
        self.lines: deque[str] = deque()

    async def __aiter__(self) -> AsyncIterator[str]:
        async for raw in self._source:
            line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
            self.lines.append(line)
            yield line


async def run_stdio(server: Any) -> None:
    """Serve ``server`` (an ``MCPServer``) over stdin/stdout until stdin closes, answering malformed lines."""
    import anyio
    from mcp.server.stdio import stdio_server

    stdin = RecordingStdin()
    lowlevel = server._lowlevel_server  # the SDK's own run_stdio_async does the same
    async with stdio_server(stdin=stdin) as (read_stream, write_stream):  # type: ignore[arg-type]
        to_server, from_screen = anyio.create_memory_object_stream[Any](0)
        async with anyio.create_task_group() as group:
            group.start_soon(_screen, read_stream, stdin.lines, to_server, write_stream)
            await lowlevel.run(from_screen, write_stream, lowlevel.create_initialization_options())
            group.cancel_scope.cancel()


async def _screen(read_stream: Any, lines: deque[str], to_server: Any, write_stream: Any) -> None:
    """Pass the SDK's messages on to the server; answer each line it could not read with an error reply."""
    from mcp.shared.message import SessionMessage

    async with to_server:
        async for item in read_stream:
            line = lines.popleft() if lines else ""
            if not isinstance(item, Exception) and not _has_bad_id(item, line):
                await to_server.send(item)
                continue
            if not line.strip():  # a blank line between messages: nothing was asked
                continue
            for reply in error_replies(line, item if isinstance(item, Exception) else None):
                logger.warning("malformed JSON-RPC message answered with error %s", reply.error.message)
                await write_stream.send(SessionMessage(reply))


def _has_bad_id(item: Any, line: str) -> bool:
    """A request whose ``id`` is not a string or an integer (``true``, ``1.5``), which the SDK reads as a notification."""
    if type(item.message).__name__ != "JSONRPCNotification" or '"id"' not in line:
        return False
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(message, dict) and "id" in message


def error_replies(line: str, error: Exception | None = None) -> list[Any]:
    """The JSON-RPC error(s) answering one line that is not a valid JSON-RPC message.

    Example:
        >>> [reply] = error_replies('{"jsonrpc": "2.0", "id": 7, "method": "x", "params": {"t": "\\\\ud800"}}')
        >>> reply.id, reply.error.code
        (7, -32600)
    """
    try:
        message = json.loads(line, parse_constant=_refuse_constant)
    except RecursionError:
        return [_error(_top_level_id(line), INVALID_REQUEST, "Invalid request: " + _too_deep("the message"))]
    except _NotJSON as err:
        return [_error(_top_level_id(line), PARSE_ERROR, f"Parse error: {err}")]
    except ValueError as err:
        return [_error(None, PARSE_ERROR, f"Parse error: the line is not one JSON value ({err}); send one JSON-RPC message per line")]
    if isinstance(message, list):
        ids = [m.get("id") for m in message if isinstance(m, dict) and _request_id(m.get("id")) is not None]
        text = "Invalid request: JSON batch arrays are not supported by MCP; send one JSON-RPC message per line"
        return [_error(i, INVALID_REQUEST, text) for i in ids] or [_error(None, INVALID_REQUEST, text)]
    request_id = _request_id(message.get("id")) if isinstance(message, dict) else None
    if isinstance(message, dict) and "id" in message and request_id is None:
        text = f"Invalid request: id: got {json.dumps(message['id'])}; expected a string or an integer (none for a notification)"
        return [_error(None, INVALID_REQUEST, text)]
    return [_error(request_id, INVALID_REQUEST, "Invalid request: " + _problem(message, error))]


class _NotJSON(ValueError):
    """A value Python's reader accepts that JSON does not (``NaN``, ``Infinity``)."""


def _refuse_constant(name: str) -> Any:
    raise _NotJSON(f"{name} is not a JSON value; expected a number, or null for an unknown one")


def _problem(message: Any, error: Exception | None) -> str:
    """What makes a JSON value that Python reads fine unreadable as a JSON-RPC message, and where."""
    for path, value, depth in _walk(message):
        if depth > MAX_DEPTH:
            return _too_deep(path)
        if isinstance(value, str):
            found = _LONE_SURROGATE.search(value)
            if found:
                return (
                    f"{path} holds a lone surrogate {found.group()!r} at character {found.start()}; "
                    "expected valid Unicode (pair the surrogate or replace it with U+FFFD)"
                )
    if not isinstance(message, dict):
        return f"got a JSON {type(message).__name__}; expected a JSON-RPC 2.0 object"
    expected = 'expected a JSON-RPC 2.0 request, notification or response object (with "jsonrpc": "2.0")'
    return f"{_first_problem(error)}; {expected}" if _first_problem(error) else expected


def _first_problem(error: Exception | None) -> str:
    """The SDK's first validation problem (``jsonrpc: Field required``), or ``""``."""
    problems = getattr(error, "errors", None)
    try:
        first = problems()[0] if callable(problems) else None
    except (IndexError, TypeError):
        return ""
    if not first:
        return ""
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "message"
    return f"{where}: {first.get('msg', '')}"


def _walk(value: Any) -> Iterator[tuple[str, Any, int]]:
    """``(path, value, depth)`` of every value and key inside ``value``, without recursion."""
    stack = [("message", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        yield path, item, depth
        if isinstance(item, dict):
            for key, inner in item.items():
                yield f"{path} key {key!r}", key, depth + 1
                stack.append((f"{path}.{key}", inner, depth + 1))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", inner, depth + 1) for i, inner in enumerate(item))


def _top_level_id(line: str) -> Any:
    """The ``"id"`` member of an object too deep for the JSON reader, found by scanning its top level."""
    depth, index = 0, 0
    decoder = json.JSONDecoder()
    while index < len(line):
        char = line[index]
        if char == '"':
            token = _STRING.match(line, index)
            if token is None:
                return None
            index = token.end()
            colon = _COLON.match(line, index)
            if depth == 1 and token.group() == '"id"' and colon:
                try:
                    return _request_id(decoder.raw_decode(line, colon.end())[0])
                except ValueError:
                    return None
            continue
        depth += char in "[{"
        depth -= char in "]}"
        index += 1
    return None


def _request_id(value: Any) -> Any:
    """``value`` when it can be a JSON-RPC id (a string or an integer), else ``None``."""
    return value if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)) else None


def _too_deep(where: str) -> str:
    where = where if len(where) <= 80 else where[:77] + "..."
    return f"{where} is nested deeper than {MAX_DEPTH} levels; expected at most {MAX_DEPTH}"


def _error(request_id: Any, code: int, message: str) -> Any:
    import mcp_types as types

    safe = message.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate could not be written
    return types.JSONRPCError(jsonrpc="2.0", id=request_id, error=types.ErrorData(code=code, message=safe))
