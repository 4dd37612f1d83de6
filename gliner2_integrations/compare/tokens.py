"""Offline token counting for OpenAI-style chat requests (an estimate, never a bill).

tiktoken downloads its BPE files on first use, which fails offline. When
``TIKTOKEN_CACHE_DIR`` is not set, the files bundled with llama-index-core
(``llama_index/core/_static/tiktoken_cache``: ``o200k_base`` and ``cl100k_base``)
are used instead; the variable is set only while the encoding loads.

The request estimate follows OpenAI's cookbook recipe for chat messages: each
message costs its role and content tokens plus 3, and the reply is primed with 3
more. Tools are counted as the tokens of their compact JSON; the API renders them
differently (a TypeScript-like namespace), so treat that part as an
approximation to be calibrated against one real ``usage_metadata``.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gliner2_integrations.compare.errors import TokenizerUnavailableError

if TYPE_CHECKING:
    import tiktoken

logger = logging.getLogger(__name__)

TOKENS_PER_MESSAGE = 3
"""Framing tokens per chat message (``<|start|>{role}<|message|>...<|end|>``), per OpenAI's cookbook."""

REPLY_PRIMING_TOKENS = 3
"""Tokens that prime the assistant reply (``<|start|>assistant<|message|>``)."""

TOOL_CALL_OVERHEAD_TOKENS = 7
"""Approximate framing of one tool call in the reply: the function name, call id and delimiters."""

_ENCODING_FALLBACK = "o200k_base"


def bundled_cache_dir() -> Path | None:
    """llama-index-core's bundled tiktoken cache folder, found without importing llama-index."""
    try:
        spec = importlib.util.find_spec("llama_index.core")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache"
    return folder if folder.is_dir() else None


def encoding_name(model: str) -> str:
    """tiktoken's encoding for a model name (``o200k_base`` for gpt-4o/4.1/5, ``cl100k_base`` for gpt-4/3.5).

    Unknown names fall back to ``o200k_base`` with a warning.
    """
    import tiktoken

    try:
        return tiktoken.encoding_name_for_model(model)
    except KeyError:
        logger.warning("no tiktoken encoding known for %r; counting with %s", model, _ENCODING_FALLBACK)
        return _ENCODING_FALLBACK


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """Load a tiktoken encoding without the network.

    Raises:
        TokenizerUnavailableError: Neither ``TIKTOKEN_CACHE_DIR`` nor llama-index-core's bundled
            cache holds the file.
    """
    import tiktoken

    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    bundled = bundled_cache_dir()
    if previous is None and bundled is not None:
        os.environ["TIKTOKEN_CACHE_DIR"] = str(bundled)
    try:
        return tiktoken.get_encoding(name)
    except Exception as err:  # tiktoken raises requests/urllib errors when it tries to download
        raise TokenizerUnavailableError(
            f"tiktoken encoding {name!r} is not available offline ({type(err).__name__}: {err}); "
            "install llama-index-core (it bundles o200k_base and cl100k_base) or set TIKTOKEN_CACHE_DIR"
        ) from err
    finally:
        if previous is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)


def count_text(text: str, encoding: str = _ENCODING_FALLBACK) -> int:
    """Tokens of a string; special-token strings in user text are counted as ordinary text."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def count_messages(messages: Iterable[tuple[str, str]], encoding: str = _ENCODING_FALLBACK) -> int:
    """Prompt tokens of ``(role, content)`` messages, including per-message framing and reply priming."""
    total = REPLY_PRIMING_TOKENS
    for role, content in messages:
        total += TOKENS_PER_MESSAGE + count_text(role, encoding) + count_text(content, encoding)
    return total


def count_tools(tools: Sequence[Mapping[str, Any]], encoding: str = _ENCODING_FALLBACK) -> int:
    """Tokens of the tool definitions, counted as their compact JSON (an approximation)."""
    return sum(count_text(compact_json(tool), encoding) for tool in tools)


def count_tool_call(arguments: Mapping[str, Any], encoding: str = _ENCODING_FALLBACK) -> int:
    """Output tokens of one tool call whose arguments are ``arguments``: their JSON plus call framing."""
    return count_text(compact_json(arguments), encoding) + TOOL_CALL_OVERHEAD_TOKENS


def compact_json(value: Any) -> str:
    """JSON without spaces, as OpenAI models write tool-call arguments."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
