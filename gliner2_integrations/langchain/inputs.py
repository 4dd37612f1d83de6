"""The text of an LCEL input: what a ``with_structured_output`` user may pass to our runnable.

Accepted, as a chat model's structured output would accept them: a ``str``; a
``Document`` (its ``page_content``); a message (its text); a prompt value or a list
of messages (the last human message's text: the system instructions of a prompt are
not the text to extract from); a dict holding the text under one of
:data:`TEXT_KEYS`, or holding a single string value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Union

from langchain_core.documents import Document
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.prompt_values import PromptValue

from gliner2_core import SchemaError

TEXT_KEYS: tuple[str, ...] = ("text", "input", "content", "page_content", "question", "query")
StructuredInput = Union[str, Document, BaseMessage, PromptValue, dict[str, Any]]  # noqa: UP007 - a runtime type
EXPECTED = (
    "a str, a Document, a message, a prompt value, a list of messages, or a dict with the text under one of "
    + ", ".join(repr(key) for key in TEXT_KEYS)
)


def text_of(item: Any, where: str) -> Any:
    """The text to extract from ``item`` (not checked further: a ``Document`` may hold ``None``).

    Raises:
        SchemaError: Naming ``where``, the input's type and the accepted inputs.
    """
    if isinstance(item, str):
        return item
    if isinstance(item, Document):
        return item.page_content
    if isinstance(item, BaseMessage):
        return message_text(item)
    if isinstance(item, PromptValue):
        return _messages_text(item.to_messages())
    if isinstance(item, Sequence) and item and all(isinstance(m, BaseMessage) for m in item):
        return _messages_text(list(item))
    if isinstance(item, Mapping):
        return _dict_text(item, where)
    raise SchemaError(f"{where}: got {type(item).__name__}; expected {EXPECTED}")


def message_text(message: BaseMessage) -> str:
    """A message's text: its string content, or its text parts joined by newlines."""
    content = message.content
    if isinstance(content, str):
        return content
    parts = [part if isinstance(part, str) else part.get("text", "") for part in content if _is_text_part(part)]
    return "\n".join(parts)


def _is_text_part(part: Any) -> bool:
    return isinstance(part, str) or (isinstance(part, Mapping) and part.get("type") == "text")


def _messages_text(messages: list[BaseMessage]) -> str:
    human = [m for m in messages if isinstance(m, HumanMessage)]
    return message_text(human[-1]) if human else "\n".join(message_text(m) for m in messages)


def _dict_text(item: Mapping[Any, Any], where: str) -> Any:
    for key in TEXT_KEYS:
        if key in item:
            return text_of(item[key], f"{where}[{key!r}]") if not isinstance(item[key], str) else item[key]
    strings = [value for value in item.values() if isinstance(value, str)]
    if len(strings) == 1:
        return strings[0]
    raise SchemaError(
        f"{where}: got a dict with keys {sorted(map(str, item))[:10]}; expected the text under one of "
        + ", ".join(repr(key) for key in TEXT_KEYS)
        + " (or a dict with exactly one string value)"
    )
