"""Measuring a real chat model, here a LangChain fake that returns tool calls with usage metadata."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage

from gliner2_integrations.compare import PRICES, measure_llm
from tests.gliner2_integrations.compare.fakes import MODEL_NAME, ToolCallingFakeChatModel, fake_chat_model
from tests.gliner2_integrations.compare.models import Contact

TEXTS = ["Tim Cook runs Apple in Cupertino.", "Jonas Weber works at Siemens.", "Nothing here."]


def test_measured_tokens_and_cost_come_from_usage_metadata():
    chat = fake_chat_model([{"name": "Tim Cook", "company": "Apple"}])
    result = measure_llm(chat, TEXTS, Contact, sample=2)
    assert result.calls == 2 and result.usage_reported == 2
    assert (result.input_tokens_mean, result.output_tokens_mean) == (300, 25)
    assert result.model_name == MODEL_NAME and result.price_key == "gpt-4o"
    assert result.cost_per_1m == pytest.approx(PRICES["gpt-4o"].cost(300, 25) * 1_000_000)
    assert result.batch_cost_per_1m == pytest.approx(result.cost_per_1m / 2)
    assert result.usage_by_model[MODEL_NAME]["input_tokens"] == 600
    assert result.latency_mean_s is not None and result.latency_mean_s >= 0
    assert [r.name for r in result.records] == ["Tim Cook", "Tim Cook"]
    assert result.to_dict()["basis"] == "measured"


def test_agreement_with_reference_records_is_field_level():
    chat = fake_chat_model([{"name": "Tim Cook", "company": "Apple"}, {"name": "Jonas Weber", "company": "BMW"}])
    reference = [Contact(name="tim cook", company="Apple"), Contact(name="Jonas Weber", company="Siemens")]
    result = measure_llm(chat, TEXTS, Contact, sample=2, reference=reference)
    assert result.agreement.texts == 2
    assert result.agreement.agreement == pytest.approx(5 / 6)
    assert result.agreement.filled_agreement == pytest.approx(3 / 4)


def test_unparseable_replies_are_counted_and_left_out_of_agreement():
    chat = fake_chat_model([{"name": "Tim Cook"}, {"name": ["not", "a", "string"]}])
    result = measure_llm(chat, TEXTS, Contact, sample=2, reference=[Contact(name="Tim Cook"), Contact()])
    assert result.parse_failures == 1
    assert result.records[1] is None
    assert result.agreement.texts == 1 and result.agreement.agreement == 1.0


def test_missing_usage_or_unknown_model_gives_unknown_cost_not_zero():
    chat = fake_chat_model([{"name": "A"}], usage=None)
    result = measure_llm(chat, TEXTS, Contact, sample=1)
    assert result.usage_reported == 0 and result.input_tokens_mean is None
    assert result.cost_per_1m is None

    def replies():
        while True:
            yield AIMessage(
                content="",
                tool_calls=[{"name": "Contact", "args": {}, "id": "c"}],
                usage_metadata={"input_tokens": 10, "output_tokens": 1, "total_tokens": 11},
                response_metadata={"model_name": "mystery-llm"},
            )

    result = measure_llm(ToolCallingFakeChatModel(messages=replies()), TEXTS, Contact, sample=1)
    assert result.input_tokens_mean == 10 and result.price_key is None and result.cost_per_1m is None


def test_every_call_failing_raises():
    class Broken(ToolCallingFakeChatModel):
        def _generate(self, *args, **kwargs):
            raise ConnectionError("offline")

    with pytest.raises(RuntimeError, match="all 2 LLM calls failed"):
        measure_llm(Broken(messages=iter([])), TEXTS, Contact, sample=2)


def test_sample_must_be_positive():
    with pytest.raises(ValueError, match="sample"):
        measure_llm(fake_chat_model([{}]), TEXTS, Contact, sample=0)
