"""A stand-in LLM for dry runs: it answers ``null`` for every field it is asked, offline.

With it, ``gliner2-kit compare --cascade --chat-model gliner2_integrations.cascade.offline:null_chat_model``
measures what a cascade would send to an LLM (which texts, which fields, how many tokens)
without an API key: GLiNER2's decisions are real, the LLM's answers are empty.
"""

from __future__ import annotations

import itertools
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from gliner2_integrations.compare.capture import RecordingChatModel, message_text

_IDS = itertools.count()


class NullAnswerChatModel(RecordingChatModel):
    """Records each request and answers its tool call with every argument ``null`` (no usage reported)."""

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        tools = self.record(messages, kwargs).tools
        function = tools[0]["function"] if tools else {"name": "record"}
        properties = function.get("parameters", {}).get("properties", {})
        call = {"name": function["name"], "args": dict.fromkeys(properties), "id": f"call_{next(_IDS)}"}
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="", tool_calls=[call]))])


class GoldAnswerChatModel(NullAnswerChatModel):
    """A stand-in LLM that answers from known outputs: for a request whose message contains one of
    the ``answers``' texts, each asked field gets that text's value (``null`` for unknown texts).

    It measures a cascade offline as if its LLM were always right (the share of fields sent, and
    the accuracy the cascade reaches), e.g. on a labelled suite.
    """

    answers: dict[str, dict[str, Any]] = {}

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        result = super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)
        asked = "\n".join(message_text(m) for m in messages)
        gold = next((values for text, values in self.answers.items() if text and text in asked), {})
        call = result.generations[0].message.tool_calls[0]
        call["args"] = {name: gold.get(name) for name in call["args"]}
        return result


def null_chat_model() -> NullAnswerChatModel:
    """Factory for ``--chat-model``: the stand-in LLM (see the module docstring)."""
    return NullAnswerChatModel(messages=iter(()))
