"""Whatever shape a chat model's structured output takes, the cascade reads it or says why not (bundled model)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, Field

from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.compare.capture import RecordingChatModel

TEXT = "Angela Merkel lives in Berlin."
EMAIL = "angela@example.org"


class Person(BaseModel):
    """A person mentioned in the text."""

    name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")
    email: str | None = Field(None, description="an e-mail address")


class Shaped(BaseChatModel):
    """A chat model whose ``with_structured_output`` returns ``reply`` (built per call) as it is."""

    reply: Any = None
    accepts_include_raw: bool = True

    @property
    def _llm_type(self) -> str:
        return "shaped"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=""))])

    def with_structured_output(self, schema, **kwargs) -> Runnable:
        if "include_raw" in kwargs and not self.accepts_include_raw:
            raise TypeError("with_structured_output() got an unexpected keyword argument 'include_raw'")
        return RunnableLambda(lambda _: self.reply(schema))


def tool_call(args: dict) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": "Person", "args": args, "id": "c0"}])


SHAPES = {
    "include-raw-parsed-instance": lambda s: {"raw": tool_call({}), "parsed": s(email=EMAIL), "parsing_error": None},
    "include-raw-parsed-dict": lambda s: {"raw": tool_call({}), "parsed": {"email": EMAIL}, "parsing_error": None},
    "include-raw-parsed-json-string": lambda s: {
        "raw": None,
        "parsed": f'{{"email": "{EMAIL}"}}',
        "parsing_error": None,
    },
    "bare-instance": lambda s: s(email=EMAIL),
    "bare-dict": lambda s: {"email": EMAIL},
    "bare-json-string": lambda s: f'{{"email": "{EMAIL}"}}',
    "bare-json-bytes": lambda s: f'{{"email": "{EMAIL}"}}'.encode(),
    "fenced-json-string": lambda s: f'```json\n{{"email": "{EMAIL}"}}\n```',
    "bare-ai-message-with-tool-call": lambda s: tool_call({"email": EMAIL}),
    "bare-ai-message-with-json-text": lambda s: AIMessage(content=f'{{"email": "{EMAIL}"}}'),
    "list-of-instances": lambda s: [s(email=EMAIL)],
    "parser-failed-tool-call-kept-in-raw": lambda s: {
        "raw": tool_call({"email": EMAIL}),
        "parsed": None,
        "parsing_error": ValueError("could not parse"),
    },
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_structured_output_shape_gives_the_llms_value(bundled_model, shape):
    cascade = CascadeExtractor(model=Person, chat_model=Shaped(reply=shape), extractor=bundled_model)
    for result in (cascade.invoke(TEXT), asyncio.run(cascade.ainvoke(TEXT))):
        assert result.value == Person(name="Angela Merkel", city="Berlin", email=EMAIL)
        assert result.sources == {"name": "gliner2", "city": "gliner2", "email": "llm"} and result.error is None
        assert result.llm_reply == {"email": EMAIL}


def test_a_chat_model_without_include_raw_is_asked_without_it(bundled_model):
    chat = Shaped(reply=lambda s: s(email=EMAIL), accepts_include_raw=False)
    result = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model).invoke(TEXT)
    assert result.value.email == EMAIL and result.sources["email"] == "llm"


UNREADABLE = {
    "free-text": (
        lambda s: "Sorry, I cannot help.",
        "reply: got the text 'Sorry, I cannot help.'; expected a JSON object",
    ),
    "json-array": (lambda s: "[1, 2]", "reply: got the text '[1, 2]'; expected a JSON object"),
    "number": (lambda s: 5, "reply: got int (5); expected the structured output"),
    "empty-message": (lambda s: AIMessage(content=""), "reply: the message holds no tool call and no text"),
    "nothing": (lambda s: None, "no answer"),
    "parsing-error": (
        lambda s: {"raw": AIMessage(content=""), "parsed": None, "parsing_error": ValueError("bad arguments")},
        "ValueError: bad arguments",
    ),
}


@pytest.mark.parametrize(("shape", "why"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_an_unreadable_reply_keeps_gliner2s_record_and_says_why(bundled_model, shape, why):
    result = CascadeExtractor(model=Person, chat_model=Shaped(reply=shape), extractor=bundled_model).invoke(TEXT)
    assert result.value == Person(name="Angela Merkel", city="Berlin") and result.llm_reply is None
    assert set(result.sources.values()) == {"gliner2"} and result.error == f"LLM answer not used: {why}"


def test_an_invalid_tool_call_is_reported_with_its_error(bundled_model):
    bad = AIMessage(content="", invalid_tool_calls=[{"name": "Person", "args": "{", "id": "c0", "error": "bad JSON"}])
    chat = RecordingChatModel(messages=iter([bad]))
    result = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model).invoke(TEXT)
    assert result.value.name == "Angela Merkel"
    assert result.error == "LLM answer not used: reply: the tool call is invalid (bad JSON)"


class Cancelled(RecordingChatModel):
    """A chat model whose call is cancelled (as an HTTP client's cancelled request is)."""

    def _generate(self, *args, **kwargs):
        raise asyncio.CancelledError

    async def _agenerate(self, *args, **kwargs):
        raise asyncio.CancelledError


def test_a_cancelled_llm_call_raises_cancelled_error_on_every_path(bundled_model):
    cascade = CascadeExtractor(model=Person, chat_model=Cancelled(messages=iter([])), extractor=bundled_model)
    with pytest.raises(asyncio.CancelledError):
        cascade.invoke(TEXT)
    with pytest.raises(asyncio.CancelledError):
        cascade.batch([TEXT], return_exceptions=True)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cascade.ainvoke(TEXT))
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cascade.abatch([TEXT], return_exceptions=True))


def test_cancelling_the_task_waiting_on_the_llm_raises_cancelled_error(bundled_model):
    calls: list[asyncio.Event] = []

    class Slow(RecordingChatModel):
        async def _agenerate(self, *args, **kwargs):
            calls[0].set()
            await asyncio.sleep(60)

    cascade = CascadeExtractor(model=Person, chat_model=Slow(messages=iter([])), extractor=bundled_model)

    async def cancel_while_waiting() -> None:
        calls.append(asyncio.Event())
        task = asyncio.ensure_future(cascade.ainvoke(TEXT))
        await asyncio.wait_for(calls[0].wait(), timeout=30)  # the LLM call has started
        task.cancel()
        await task

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cancel_while_waiting())


def test_an_interrupt_in_the_llm_call_is_not_swallowed(bundled_model):
    class Interrupted(RecordingChatModel):
        def _generate(self, *args, **kwargs):
            raise KeyboardInterrupt

    cascade = CascadeExtractor(model=Person, chat_model=Interrupted(messages=iter([])), extractor=bundled_model)
    with pytest.raises(KeyboardInterrupt):
        cascade.batch([TEXT], return_exceptions=True)
