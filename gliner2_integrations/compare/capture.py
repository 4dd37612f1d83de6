"""Build the requests an LLM extractor really sends, through LangChain's ``with_structured_output`` path.

This module imports langchain-core at import time; the rest of the package
imports it only when an LLM is estimated or measured.

:class:`RecordingChatModel` is a chat-model stand-in: it implements
``bind_tools`` as ``ChatOpenAI`` does (tools converted with
``convert_to_openai_tool`` and bound as request parameters), records every
request it receives, and answers with a tool call carrying the arguments we
expect the LLM to return, so the whole chain, parser included, runs offline.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatResult
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, Field

EXTRACTION_SYSTEM_PROMPT = (
    "You are an expert extraction algorithm. "
    "Only extract relevant information from the text. "
    "If you do not know the value of an attribute asked to extract, "
    "return null for the attribute's value."
)
"""The system prompt of LangChain's extraction tutorial."""

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}


@dataclass(frozen=True)
class CapturedRequest:
    """One chat request as the provider would receive it.

    Attributes:
        messages: ``(role, content)`` pairs with OpenAI role names.
        tools: Tool definitions in OpenAI format (``{"type": "function", "function": {...}}``).
        tool_choice: The tool choice LangChain asked for (``"any"`` for structured output).
    """

    messages: tuple[tuple[str, str], ...]
    tools: tuple[dict[str, Any], ...] = ()
    tool_choice: str | None = None


class RecordingChatModel(GenericFakeChatModel):
    """A fake tool-calling chat model that records the requests LangChain sends it.

    Example:
        >>> recorder = RecordingChatModel(messages=iter([]))
        >>> chain = extraction_prompt() | recorder.with_structured_output(MyModel)  # doctest: +SKIP
    """

    requests: list[CapturedRequest] = Field(default_factory=list)

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any) -> Runnable:
        """Bind tools the way provider integrations do: converted to OpenAI tool dicts."""
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def record(self, messages: Sequence[BaseMessage], options: Mapping[str, Any]) -> CapturedRequest:
        """Append the request made of ``messages`` and the bound ``options`` (``tools``, ``tool_choice``); return it.

        Subclasses that answer differently call this from their own ``_generate``.
        """
        request = CapturedRequest(
            messages=tuple((_ROLES.get(m.type, m.type), message_text(m)) for m in messages),
            tools=tuple(options.get("tools") or ()),
            tool_choice=options.get("tool_choice"),
        )
        self.requests.append(request)
        return request

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.record(messages, kwargs)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def message_text(message: BaseMessage) -> str:
    """The text of a message; multimodal content keeps only its text parts."""
    if isinstance(message.content, str):
        return message.content
    parts = [part if isinstance(part, str) else str(part.get("text", "")) for part in message.content]
    return "".join(parts)


def extraction_prompt(system_prompt: str = EXTRACTION_SYSTEM_PROMPT) -> ChatPromptTemplate:
    """The extraction prompt: the system instructions, then the chunk as the user message."""
    return ChatPromptTemplate.from_messages([SystemMessage(content=system_prompt), ("human", "{text}")])


def structured_chain(chat_model: BaseChatModel, model_cls: type[BaseModel], system_prompt: str) -> Runnable:
    """``prompt | chat_model.with_structured_output(model_cls, include_raw=True)``."""
    return extraction_prompt(system_prompt) | chat_model.with_structured_output(model_cls, include_raw=True)


def tool_name(model_cls: type[BaseModel]) -> str:
    """The function name LangChain gives the model's tool."""
    return convert_to_openai_tool(model_cls)["function"]["name"]


def capture_requests(
    texts: Sequence[str],
    model_cls: type[BaseModel],
    replies: Sequence[Mapping[str, Any]],
    *,
    system_prompt: str = EXTRACTION_SYSTEM_PROMPT,
) -> list[CapturedRequest]:
    """Run the LLM-extractor chain on each text against a recorder and return what it sent.

    Args:
        texts: One chunk per request.
        model_cls: The Pydantic model the extractor fills.
        replies: Tool-call arguments the stand-in answers with, one per text.
        system_prompt: The extraction instructions.

    Returns:
        One captured request per text, in order.
    """
    name = tool_name(model_cls)
    recorder = RecordingChatModel(messages=_tool_call_replies(name, replies))
    chain = structured_chain(recorder, model_cls, system_prompt)
    for text in texts:  # sequentially: requests are recorded in text order
        chain.invoke({"text": text})
    return recorder.requests


def _tool_call_replies(name: str, replies: Sequence[Mapping[str, Any]]) -> Iterator[AIMessage]:
    counter = itertools.count()
    return (
        AIMessage(content="", tool_calls=[{"name": name, "args": dict(args), "id": f"call_{next(counter)}"}])
        for args in replies
    )
