"""Offline LangChain chat models for the comparison tests (ECOSYSTEM.md section 5.4, recipe A)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

MODEL_NAME = "gpt-4o-2024-08-06"
USAGE = {
    "input_tokens": 300,
    "output_tokens": 25,
    "total_tokens": 325,
    "input_token_details": {"cache_read": 0},
    "output_token_details": {"reasoning": 0},
}


class ToolCallingFakeChatModel(GenericFakeChatModel):
    """GenericFakeChatModel that accepts tools, so ``with_structured_output`` runs its real tool path."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ToolCallingFakeChatModel:
        return self


def tool_call_replies(
    name: str, arguments: Sequence[Mapping[str, Any]], usage: Mapping[str, Any] | None = USAGE
) -> Iterator[AIMessage]:
    """An endless stream of tool-call replies cycling through ``arguments``."""
    counter = itertools.count()
    for args in itertools.cycle(arguments):
        yield AIMessage(
            content="",
            tool_calls=[{"name": name, "args": dict(args), "id": f"call_{next(counter)}"}],
            usage_metadata=dict(usage) if usage else None,
            response_metadata={"model_name": MODEL_NAME},
        )


def fake_chat_model(arguments: Sequence[Mapping[str, Any]], *, name: str = "Contact", **kwargs: Any):
    """A fake tool-calling chat model answering ``arguments`` in turn."""
    return ToolCallingFakeChatModel(messages=tool_call_replies(name, arguments, **kwargs))


def make_chat_model() -> ToolCallingFakeChatModel:
    """Factory for ``gliner2-kit compare --chat-model``."""
    return fake_chat_model([{"name": "Tim Cook", "company": "Apple", "city": None}])


def broken_factory() -> ToolCallingFakeChatModel:
    raise ConnectionError("no API key configured")
