"""Hostile arguments, inputs and LLMs through the cascade (bundled model, real langchain-core): exact outcomes."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.compare.capture import RecordingChatModel
from tests.hostile.integrations_support import BAD_TEXTS, MERKEL, ODD_PREFIXES, PickyVisit, Visit


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process (shared with every integration loading it by default)."""
    return load_extractor(None)


def answering(*answers: dict, name: str = "Visit") -> RecordingChatModel:
    """A fake tool-calling chat model answering ``answers`` in turn (and recording each request)."""
    replies = (
        AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"c{i}"}])
        for i, args in enumerate(itertools.cycle(answers))
    )
    return RecordingChatModel(messages=replies)


# -- construction: every bad argument refused up front, naming it ------------------------------------
@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("treshold", 0.3, "CascadeExtractor option: got 'treshold'; did you mean 'threshold'?"),
        ("min_confidance", 0.3, "CascadeExtractor option: got 'min_confidance'; did you mean 'min_confidence'?"),
        ("recordto", "x.jsonl", "CascadeExtractor option: got 'recordto'; did you mean 'record_to'?"),
        ("min_confidence", 1.5, "min_confidence: got 1.5; expected a number between 0 and 1"),
        ("min_confidence", float("nan"), "min_confidence: got nan; expected a number between 0 and 1"),
        ("min_confidence", True, "min_confidence: got True; expected a number between 0 and 1"),
        ("min_confidence", "0.5", "min_confidence: got '0.5'; expected a number between 0 and 1"),
        ("threshold", float("inf"), "threshold: got inf; expected a number between 0 and 1"),
        ("threshold", "high", "threshold: got 'high'; expected a number between 0 and 1"),
        ("batch_size", 0, "batch_size: got 0; expected a positive int"),
        ("batch_size", 2.5, "batch_size: got 2.5; expected a positive int"),
        ("system_prompt", None, "system_prompt: got 'NoneType'; expected a str"),
        ("record_to", 42, "record_to: got 42; expected a JSONL file path"),
        ("record_to", "", "record_to: got ''; expected a JSONL file path"),
    ],
)
def test_a_bad_or_misspelt_option_is_refused_naming_it(option, value, message):
    with pytest.raises(SchemaError) as raised:
        CascadeExtractor(model=Visit, chat_model=answering({}), **{option: value})
    assert str(raised.value).startswith(message)


def test_a_model_instance_for_the_model_class_is_a_type_error_naming_the_argument():
    with pytest.raises(TypeError) as raised:
        CascadeExtractor(model=Visit(person="x"), chat_model=answering({}))
    assert str(raised.value).startswith("model: got an instance of Visit (Visit(person='x', location=None)); ")
    assert str(raised.value).endswith("expected the model class itself: model=Visit")


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (dict, "model: got type (<class 'dict'>); expected a pydantic BaseModel subclass"),
        ("Visit", "model: got str ('Visit'); expected a pydantic BaseModel subclass"),
        (None, "model: got NoneType (None); expected a pydantic BaseModel subclass"),
    ],
)
def test_a_model_that_is_no_pydantic_class_is_refused_naming_it(model, message):
    with pytest.raises(TypeError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        CascadeExtractor(model=model, chat_model=answering({}))


def test_a_model_without_fields_is_refused_at_construction():
    class Empty(BaseModel):
        pass

    with pytest.raises(TypeError, match="model Empty: has no fields to extract"):
        CascadeExtractor(model=Empty, chat_model=answering({}))


@pytest.mark.parametrize(
    ("chat_model", "message"),
    [
        (RecordingChatModel, "chat_model: got the class RecordingChatModel; expected an instance"),
        (object(), "chat_model: got 'object'; expected a LangChain chat model with with_structured_output"),
        (None, "chat_model: got 'NoneType'; expected a LangChain chat model"),
        (
            GenericFakeChatModel(messages=iter([])),
            "chat_model: GenericFakeChatModel.with_structured_output(...) failed (NotImplementedError",
        ),
    ],
    ids=["class", "object", "none", "no-tool-calling"],
)
def test_a_chat_model_that_cannot_answer_is_refused_at_construction(chat_model, message):
    with pytest.raises(SchemaError) as raised:
        CascadeExtractor(model=Visit, chat_model=chat_model)
    assert str(raised.value).startswith(message)


def test_missing_arguments_are_named():
    with pytest.raises(SchemaError, match="^chat_model: missing"):
        CascadeExtractor(model=Visit)
    with pytest.raises(SchemaError, match="^model: missing"):
        CascadeExtractor(chat_model=answering({}))


def test_record_to_a_folder_is_refused_and_a_path_object_is_accepted(tmp_path, bundled_model):
    with pytest.raises(SchemaError, match="record_to: got '.*'; expected a file path, not a folder"):
        CascadeExtractor(model=Visit, chat_model=answering({}), record_to=tmp_path)
    cascade = CascadeExtractor(
        model=Visit, chat_model=answering({}), extractor=bundled_model, record_to=tmp_path / "r.jsonl"
    )
    cascade.invoke(MERKEL)
    assert "Angela Merkel" in (tmp_path / "r.jsonl").read_text(encoding="utf-8")


# -- calls: options are not taken per call ----------------------------------------------------------
def test_an_option_given_to_invoke_is_refused_with_the_construction_option(bundled_model):
    cascade = CascadeExtractor(model=Visit, chat_model=answering({}), extractor=bundled_model)
    with pytest.raises(
        SchemaError, match=r"^invoke: got the option 'treshold'; .*CascadeExtractor\(.*threshold=\.\.\.\)"
    ):
        cascade.invoke(MERKEL, treshold=0.3)
    with pytest.raises(SchemaError, match="^batch: option: got 'return_exception'; did you mean 'return_exceptions'"):
        cascade.batch([MERKEL], return_exception=True)


# -- inputs: one bad item never fails or drops the others -------------------------------------------
@pytest.mark.parametrize(("text", "message"), BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_a_bad_input_in_a_batch_fails_alone_naming_its_position(bundled_model, text, message):
    chat = answering({"location": None})
    cascade = CascadeExtractor(model=Visit, chat_model=chat, extractor=bundled_model)
    ok, bad, other = cascade.batch([MERKEL, text, "Steve Jobs visited London."], return_exceptions=True)
    assert ok.value == Visit(person="Angela Merkel", location="Paris")
    assert other.value == Visit(person="Steve Jobs", location="London")
    assert isinstance(bad, SchemaError) and str(bad).startswith("inputs[1]: ")
    assert all("\ud800" not in request.messages[-1][1] for request in chat.requests)  # never sent to the LLM


@pytest.mark.parametrize("prefix", ODD_PREFIXES.values(), ids=ODD_PREFIXES.keys())
def test_odd_text_reaches_the_llm_as_it_is(bundled_model, prefix):
    chat = answering({"person": None, "location": None})
    cascade = CascadeExtractor(model=Visit, chat_model=chat, extractor=bundled_model, min_confidence=1.0)
    result = cascade.invoke(prefix + MERKEL)
    assert result.value.person.endswith("Angela Merkel") and result.value.location == "Paris"
    assert [request.messages[-1] for request in chat.requests] == [("user", prefix + MERKEL)]


def test_braces_in_the_system_prompt_and_the_text_are_sent_literally(bundled_model):
    chat = answering({"location": "Paris"})
    prompt = 'Return JSON like {"person": "..."}; keep {{doubled}} and { lone braces.'
    cascade = CascadeExtractor(
        model=Visit, chat_model=chat, extractor=bundled_model, system_prompt=prompt, min_confidence=1.0
    )
    text = "Angela Merkel {visited} Paris {0} {"
    result = cascade.invoke(text)
    assert result.value.person == "Angela Merkel"
    assert chat.requests[0].messages == (("system", prompt), ("user", text))


def test_a_validator_raising_a_runtime_error_on_the_llm_value_keeps_gliner2s(bundled_model):
    chat = answering({"person": "Steve Jobs", "location": "Paris"}, name="PickyVisit")
    cascade = CascadeExtractor(model=PickyVisit, chat_model=chat, extractor=bundled_model, min_confidence=1.0)
    result = cascade.invoke(MERKEL)
    assert result.value == PickyVisit(person="Angela Merkel", location="Paris")
    assert result.sources["person"] == "gliner2"
    assert "['person'] (person: RuntimeError: Steve is not allowed here)" in result.error


def test_a_failed_llm_call_for_one_text_leaves_the_others_their_answers(bundled_model):
    class FailsOnSteve(RecordingChatModel):
        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            if "Steve" in messages[-1].content:
                raise TimeoutError("the provider timed out")
            return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

    replies = (AIMessage(content="", tool_calls=[{"name": "Visit", "args": {"person": "Angela M."}, "id": "c"}]),)
    chat = FailsOnSteve(messages=itertools.cycle(replies))
    cascade = CascadeExtractor(model=Visit, chat_model=chat, extractor=bundled_model, min_confidence=1.0)
    angela, steve = cascade.batch([MERKEL, "Steve Jobs visited London."])
    assert angela.value.person == "Angela M." and angela.sources["person"] == "llm" and angela.error is None
    assert steve.value == Visit(person="Steve Jobs", location="London")
    assert steve.error == "LLM answer not used: TimeoutError: the provider timed out"


def test_an_llm_answer_for_fields_not_asked_or_unknown_is_ignored(bundled_model):
    chat = answering({"person": "Somebody Else", "location": "Rome", "password": "x"})
    cascade = CascadeExtractor(model=Visit, chat_model=chat, extractor=bundled_model, min_confidence=0.0)
    result = cascade.invoke("Angela Merkel visited.")
    assert result.asked == {"location": "missing"}
    assert result.value == Visit(person="Angela Merkel", location="Rome")


def test_a_record_file_that_cannot_be_written_keeps_every_result_and_says_so(tmp_path, bundled_model, caplog):
    folder = tmp_path / "gone"
    folder.mkdir()
    record = folder / "r.jsonl"
    chat = answering({"location": "Paris"})
    cascade = CascadeExtractor(model=Visit, chat_model=chat, extractor=bundled_model, record_to=str(record))
    folder.rmdir()  # removed after construction
    first, second = cascade.batch([MERKEL, "Steve Jobs visited London."])
    assert first.value == Visit(person="Angela Merkel", location="Paris")
    assert second.value == Visit(person="Steve Jobs", location="London")
    for result in (first, second):
        assert result.error.startswith(f"not recorded to {record}: FileNotFoundError")
    assert any("not recorded to" in message for message in caplog.messages)
    assert not Path(record).exists()
