"""Offline LLM estimates built through LangChain's real with_structured_output path."""

from __future__ import annotations

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool

from gliner2_integrations.compare import PRICES, UnknownPriceError, build_requests, estimate_llm
from gliner2_integrations.compare import tokens as tk
from gliner2_integrations.compare.capture import EXTRACTION_SYSTEM_PROMPT
from tests.gliner2_integrations.compare.models import Contact

TEXTS = [
    "Tim Cook, the chief executive of Apple, spoke in Cupertino on Tuesday.",
    "Please contact Jonas Weber, procurement manager at Siemens in Munich, about invoice 4471.",
]


@pytest.fixture(scope="module")
def requests():
    outputs = [Contact(name="Tim Cook", company="Apple", city="Cupertino"), None]
    return build_requests(TEXTS, Contact, outputs=outputs)


def test_request_carries_the_tool_schema_of_the_pydantic_model(requests):
    first = requests.requests[0]
    assert first.tools == (convert_to_openai_tool(Contact),)
    function = first.tools[0]["function"]
    assert function["name"] == "Contact"
    assert function["description"] == "A person mentioned in the text and where they work."
    assert set(function["parameters"]["properties"]) == {"name", "company", "city"}
    assert first.tool_choice == "any"


def test_request_has_the_extraction_system_prompt_then_the_chunk(requests):
    assert [r.messages for r in requests.requests] == [
        (("system", EXTRACTION_SYSTEM_PROMPT), ("user", text)) for text in TEXTS
    ]
    assert "return null" in EXTRACTION_SYSTEM_PROMPT


def test_input_tokens_are_messages_plus_framing_plus_tool_json(requests):
    estimate = estimate_llm(TEXTS, Contact, model="gpt-4o", requests=requests)
    expected = [
        tk.count_messages(r.messages, "o200k_base") + tk.count_tools(r.tools, "o200k_base") for r in requests.requests
    ]
    assert estimate.input_tokens_mean == pytest.approx(sum(expected) / 2)
    assert estimate.tool_schema_tokens == tk.count_text(tk.compact_json(convert_to_openai_tool(Contact)))
    assert estimate.encoding == "o200k_base"
    assert estimate.to_dict()["basis"] == "estimated"


def test_output_tokens_come_from_our_records_as_tool_call_json(requests):
    estimate = estimate_llm(TEXTS, Contact, model="gpt-4o", requests=requests)
    full = tk.count_tool_call({"name": "Tim Cook", "company": "Apple", "city": "Cupertino"})
    empty = tk.count_tool_call({"name": None, "company": None, "city": None})
    assert estimate.output_tokens_mean == pytest.approx((full + empty) / 2)
    assert estimate.output_basis == "gliner2 outputs"


def test_given_output_tokens_override_the_count_and_costs_follow_the_price(requests):
    estimate = estimate_llm(TEXTS, Contact, model="gpt-4o-mini", output_tokens=100, requests=requests)
    assert estimate.output_tokens_mean == 100 and estimate.output_basis == "given"
    per_text = PRICES["gpt-4o-mini"].cost(estimate.input_tokens_mean, 100)
    assert estimate.cost_per_1k == pytest.approx(per_text * 1_000)
    assert estimate.cost_per_1m == pytest.approx(per_text * 1_000_000)
    assert estimate.batch_cost_per_1m == pytest.approx(estimate.cost_per_1m / 2)


def test_without_records_the_output_is_the_null_record_and_labelled_a_lower_bound():
    estimate = estimate_llm(TEXTS[:1], Contact, model="gpt-4.1-nano")
    assert estimate.output_basis == "null records"
    assert any("lower bound" in note for note in estimate.notes)


def test_reasoning_models_say_their_estimate_excludes_reasoning_tokens(requests):
    estimate = estimate_llm(TEXTS, Contact, model="gpt-5-nano", requests=requests)
    assert any("reasoning" in note for note in estimate.notes)


def test_unknown_model_fails_before_building_requests():
    with pytest.raises(UnknownPriceError):
        estimate_llm(TEXTS, Contact, model="not-a-model")


def test_outputs_must_align_with_texts():
    with pytest.raises(ValueError, match="one per text"):
        build_requests(TEXTS, Contact, outputs=[None])


def test_texts_past_the_capture_limit_reuse_the_request_template_exactly(requests):
    partial = build_requests(TEXTS, Contact, capture_limit=1)
    assert len(partial.requests) == 1 and len(partial.replies) == 2
    assert partial.input_tokens("o200k_base") == requests.input_tokens("o200k_base")
