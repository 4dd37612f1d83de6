"""The cascade with the bundled GLiNER2 and langchain-core fake chat models answering with tool calls and usage."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from langchain_core.documents import Document
from langchain_core.messages import AIMessage
from pydantic import BaseModel, Field

from gliner2_core import SchemaError
from gliner2_integrations.cascade import CascadeExtractor, cascade_report
from gliner2_integrations.compare.capture import RecordingChatModel
from tests.gliner2_integrations.compare.fakes import USAGE

TEXT = "Angela Merkel lives in Berlin."
TEXTS = [TEXT, "Emmanuel Macron lives in Paris.", "Olaf Scholz lives in Hamburg."]


class Person(BaseModel):
    """A person mentioned in the text."""

    name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")
    email: str | None = Field(None, description="an e-mail address", pattern=r"^\S+@\S+$")


class Place(BaseModel):
    """Where the text takes place."""

    city: str | None = Field(None, description="a city")


def recorder(*answers: dict, usage: dict | None = USAGE, name: str = "Person") -> RecordingChatModel:
    """A fake tool-calling chat model that records each request and answers ``answers`` in turn."""
    replies = (
        AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"c{i}"}], usage_metadata=usage)
        for i, args in enumerate(itertools.cycle(answers))
    )
    return RecordingChatModel(messages=replies)


def test_fields_gliner2_misses_are_asked_of_the_llm_alone_with_the_text(bundled_model):
    chat = recorder({"email": "angela@example.org"})
    result = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model, min_confidence=0.5).invoke(TEXT)
    assert result.value == Person(name="Angela Merkel", city="Berlin", email="angela@example.org")
    assert result.sources == {"name": "gliner2", "city": "gliner2", "email": "llm"}
    assert result.asked == {"email": "missing"}
    [request] = chat.requests
    assert request.messages[-1] == ("user", TEXT)
    [tool] = request.tools
    assert tool["function"]["name"] == "Person"
    assert set(tool["function"]["parameters"]["properties"]) == {"email"}
    assert result.usage["input_tokens"] == USAGE["input_tokens"]
    assert result.gliner.confidence["name"] > 0.5


def test_fields_below_the_confidence_threshold_are_re_asked_and_the_llm_answer_wins(bundled_model):
    chat = recorder({"name": "Dr. Angela Merkel", "city": "Berlin", "email": None})
    result = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.asked["name"].startswith("low confidence (") and result.asked["email"] == "missing"
    # the LLM's null for the e-mail fills nothing: that field stays GLiNER2's (empty)
    assert result.sources == {"name": "llm", "city": "llm", "email": "gliner2"}
    assert result.value == Person(name="Dr. Angela Merkel", city="Berlin", email=None)


def test_texts_gliner2_is_sure_of_never_reach_the_llm(bundled_model):
    chat = recorder({"city": None}, name="Place")
    cascade = CascadeExtractor(model=Place, chat_model=chat, extractor=bundled_model, min_confidence=0.0)
    results = cascade.batch(TEXTS)
    sure = [r for r in results if not r.used_llm]
    assert sure, "GLiNER2 finds at least one of these cities"
    for r in sure:
        assert r.value.city is not None and r.value == r.gliner.value
        assert r.sources == {"city": "gliner2"} and r.gliner.confidence["city"] >= 0.0
    # only the texts with a field GLiNER2 did not find were sent, each once
    sent = sorted(request.messages[-1][1] for request in chat.requests)
    assert sent == sorted(t for t, r in zip(TEXTS, results, strict=True) if r.used_llm)
    assert all(set(r.asked.values()) == {"missing"} for r in results if r.used_llm)


def test_an_llm_value_that_fails_validation_keeps_gliner2s(bundled_model):
    chat = recorder({"email": "not an address"})
    result = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model).invoke(TEXT)
    assert result.sources["email"] == "gliner2" and result.value.email is None
    assert "email" in result.error and result.value.name == "Angela Merkel"


def test_an_llm_failure_keeps_gliner2s_record_and_says_why(bundled_model):
    class Broken(RecordingChatModel):
        def _generate(self, *args, **kwargs):
            raise ConnectionError("no API key")

    result = CascadeExtractor(model=Person, chat_model=Broken(messages=iter([])), extractor=bundled_model).invoke(TEXT)
    assert result.value.name == "Angela Merkel" and result.sources["email"] == "gliner2"
    assert result.error == "LLM answer not used: ConnectionError: no API key"


def test_batch_makes_one_gliner2_call_and_accepts_documents_messages_and_dicts(bundled_model, spy):
    calls = spy(bundled_model)
    chat = recorder({"email": None})
    cascade = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model)
    inputs = [TEXT, Document(TEXTS[1]), {"text": TEXTS[2]}, 42]
    results = cascade.batch(inputs, return_exceptions=True)
    assert len(calls) == 1 and calls[0]["texts"] == [TEXT, TEXTS[1], TEXTS[2]]
    assert results[0].value.name == "Angela Merkel" and results[0].sources["name"] == "gliner2"
    assert isinstance(results[3], SchemaError) and "inputs[3]" in str(results[3])
    assert len(chat.requests) == 3  # e-mail is missing in every text
    with pytest.raises(SchemaError, match="inputs\\[3\\]"):
        cascade.batch(inputs)


def test_async_paths_give_the_same_results_as_sync_ones(bundled_model):
    cascade = CascadeExtractor(model=Person, chat_model=recorder({"email": "x@y.z"}), extractor=bundled_model)
    sync = cascade.batch(TEXTS)
    async_results = asyncio.run(cascade.abatch(TEXTS))
    single = asyncio.run(cascade.ainvoke(TEXT))
    assert [r.value for r in async_results] == [r.value for r in sync]
    assert [r.sources for r in async_results] == [r.sources for r in sync]
    assert single.value == sync[0].value


def test_report_prices_the_cascade_against_sending_everything_to_the_llm(bundled_model):
    chat = recorder({"email": None})
    results = CascadeExtractor(model=Person, chat_model=chat, extractor=bundled_model).batch(TEXTS)
    report = cascade_report(TEXTS, results, Person, llm="gpt-4o-mini", gliner_cost_per_1m=2.5)
    assert report.texts == 3 and report.texts_to_llm == 3 and report.fields == 3
    assert report.fields_to_llm == sum(len(r.asked) for r in results) >= 3
    assert report.share_fields == pytest.approx(report.fields_to_llm / 9)
    assert report.reported_input_tokens == 3 * USAGE["input_tokens"]
    assert 0 < report.input_tokens_mean < report.all_llm_input_tokens_mean  # one field's schema, not three
    assert report.output_tokens_mean < report.all_llm_output_tokens_mean
    assert report.total_cost_per_1m == pytest.approx(report.cost_per_1m + 2.5)
    assert 0 < report.saving < 1
    table = report.table()
    assert "| gpt-4o-mini only | 100% | 100% |" in table
    assert f"| cascade: gliner2 + gpt-4o-mini | 100% | {report.share_fields:.0%} |" in table


def test_construction_rejects_what_cannot_run(bundled_model):
    with pytest.raises(ValueError, match="chat_model: got 'object'; expected a LangChain chat model"):
        CascadeExtractor(model=Person, chat_model=object(), extractor=bundled_model)
    with pytest.raises(ValueError, match="min_confidence"):
        CascadeExtractor(model=Person, chat_model=recorder({}), min_confidence=2)
