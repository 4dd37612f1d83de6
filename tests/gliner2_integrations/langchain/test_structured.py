"""GLiNER2StructuredOutput: the with_structured_output slot, batching, exceptions, callbacks, async."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from gliner2_core import SchemaError
from gliner2_integrations.langchain import GLiNER2StructuredOutput, with_structured_output
from gliner2_integrations.pydantic import ExtractionValidationError, partial_model
from tests.gliner2_integrations.langchain.models import StrictVisit, Visit

TEXTS = ["Tim Cook works at Apple in Paris.", "Steve Jobs founded Apple.", "The company released a new iPhone."]


class Recorder(BaseCallbackHandler):
    """Records chain events (the handler runs inline: no thread pool)."""

    run_inline = True

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def on_chain_start(self, serialized, inputs, **kwargs):
        self.events.append(("start", inputs))

    def on_chain_end(self, outputs, **kwargs):
        self.events.append(("end", outputs))

    def on_chain_error(self, error, **kwargs):
        self.events.append(("error", error))


def test_invoke_returns_a_validated_instance(bundled_model):
    chain = GLiNER2StructuredOutput(Visit, extractor=bundled_model)
    assert chain.invoke("Angela Merkel visited Paris.") == Visit(person="Angela Merkel", location="Paris")
    assert chain.invoke(Document("Angela Merkel visited Paris.")).person == "Angela Merkel"


def test_with_structured_output_drops_into_an_lcel_chain(bundled_model):
    chain = RunnableLambda(lambda message: message["text"]) | with_structured_output(Visit, extractor=bundled_model)
    assert chain.invoke({"text": "Angela Merkel visited Paris."}).location == "Paris"


def test_include_raw_returns_raw_parsed_and_parsing_error_without_raising(bundled_model):
    chain = GLiNER2StructuredOutput(StrictVisit, extractor=bundled_model, policy="raise", include_raw=True)
    ok = chain.invoke("Angela Merkel visited Paris.")
    assert ok["parsed"].person == "Angela Merkel" and ok["parsing_error"] is None
    assert ok["raw"]["entities"]["person"][0]["text"] == "Angela Merkel"  # the bundled model reads fields as entities
    failed = chain.invoke("It rained all day.")
    assert failed["parsed"] is None and isinstance(failed["parsing_error"], ExtractionValidationError)
    assert failed["raw"] == {"entities": {"person": [], "location": []}}


def test_batch_makes_one_model_call_and_returns_failing_items_as_exceptions(tiny_model, spy):
    calls = spy(tiny_model)
    chain = GLiNER2StructuredOutput(Visit, extractor=tiny_model)
    outputs = chain.batch([TEXTS[0], 42, Document(TEXTS[1])], return_exceptions=True)
    assert len(calls) == 1 and calls[0]["texts"] == [TEXTS[0], TEXTS[1]]
    assert isinstance(outputs[0], Visit) and isinstance(outputs[2], Visit)
    assert isinstance(outputs[1], SchemaError) and str(outputs[1]).startswith("inputs[1]: got int; expected a str")


def test_batch_without_return_exceptions_raises_the_first_error(tiny_model):
    with pytest.raises(SchemaError, match=r"inputs\[1\]: got int; expected a str, a Document, a message"):
        GLiNER2StructuredOutput(Visit, extractor=tiny_model).batch([TEXTS[0], 42])


def test_batch_of_a_failing_policy_only_fails_that_input(bundled_model):
    chain = GLiNER2StructuredOutput(StrictVisit, extractor=bundled_model, policy="raise")
    ok, failed = chain.batch(["Angela Merkel visited Paris.", "It rained all day."], return_exceptions=True)
    assert ok.person == "Angela Merkel" and isinstance(failed, ExtractionValidationError)


def test_callbacks_see_one_start_and_one_end_or_error_per_input(tiny_model):
    recorder = Recorder()
    chain = GLiNER2StructuredOutput(Visit, extractor=tiny_model)
    chain.batch([TEXTS[0], 42], config={"callbacks": [recorder]}, return_exceptions=True)
    kinds = sorted(kind for kind, _ in recorder.events)
    assert kinds == ["end", "error", "start", "start"]
    recorder.events.clear()
    chain.invoke(TEXTS[0], config={"callbacks": [recorder]})
    assert [kind for kind, _ in recorder.events] == ["start", "end"]
    assert isinstance(recorder.events[1][1], Visit)


@pytest.mark.asyncio
async def test_async_invoke_and_batch_match_sync_and_run_off_the_loop_thread(tiny_model, spy):
    calls = spy(tiny_model)
    chain = GLiNER2StructuredOutput(Visit, extractor=tiny_model, threshold=0.3)
    recorder = Recorder()
    assert await chain.ainvoke(TEXTS[0], config={"callbacks": [recorder]}) == chain.invoke(TEXTS[0])
    assert await chain.abatch(TEXTS) == chain.batch(TEXTS)
    outputs = await chain.abatch([TEXTS[0], 42], return_exceptions=True)
    assert isinstance(outputs[1], SchemaError)
    assert calls[0]["thread"] is not threading.current_thread()
    assert [kind for kind, _ in recorder.events] == ["start", "end"]


def test_when_nothing_is_found_partial_gives_an_empty_instance_and_drop_gives_none(tiny_model):
    options = {"extractor": tiny_model, "threshold": 1.0}
    assert GLiNER2StructuredOutput(Visit, **options).invoke(TEXTS[0]) == Visit()
    empty = GLiNER2StructuredOutput(StrictVisit, **options).invoke(TEXTS[0])
    assert isinstance(empty, partial_model(StrictVisit)) and empty.person is None
    assert GLiNER2StructuredOutput(Visit, policy="drop", **options).invoke(TEXTS[0]) is None


def test_a_schema_dict_gives_the_plain_output(bundled_model):
    chain = GLiNER2StructuredOutput({"entities": ["person", "location"]}, extractor=bundled_model)
    assert chain.invoke("Angela Merkel visited Paris.") == {
        "entities": {"person": ["Angela Merkel"], "location": ["Paris"]}
    }


def test_input_and_output_schemas_describe_a_text_and_the_model():
    chain = GLiNER2StructuredOutput(Visit)  # the bundled model is not loaded for this
    assert chain.get_output_schema() is Visit
    input_schema = chain.get_input_schema()
    assert input_schema.model_validate("some text").root == "some text"
    assert GLiNER2StructuredOutput(Visit, include_raw=True).OutputType is dict


def test_an_unsupported_pydantic_type_raises_type_error_at_construction():
    from pydantic import BaseModel

    class Scores(BaseModel):
        values: dict[str, float]

    with pytest.raises(TypeError, match="values"):
        with_structured_output(Scores)
