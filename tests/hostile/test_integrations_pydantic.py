"""Hostile arguments to ``extract_model`` and hostile models through every host (bundled model): exact outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.pydantic import ExtractionValidationError, UnsupportedModelError, extract_model
from tests.hostile.integrations_support import BAD_TEXTS, MERKEL, PickyVisit, Visit


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process (shared with every integration loading it by default)."""
    return load_extractor(None)


class StrictVisit(BaseModel):
    """A visit whose visitor must be named."""

    person: str
    location: str | None = None


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (None, "texts: got NoneType; expected a str or a list of str"),
        (42, "texts: got int; expected a str or a list of str"),
        (b"Angela Merkel", "texts: got bytes; expected a str or a list of str"),
        ({"Angela Merkel"}, "texts: got set; expected a str or a list of str"),
        ("Tim \ud800 Cook", "texts: holds a lone surrogate '\\ud800' at character 4"),
    ],
    ids=["none", "int", "bytes", "set", "lone-surrogate"],
)
def test_extract_model_refuses_a_bad_texts_argument_naming_it(bundled_model, texts, message):
    with pytest.raises(SchemaError) as raised:
        extract_model(bundled_model, texts, Visit)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("text", "message"), BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_extract_model_a_bad_text_in_a_list_fails_alone(bundled_model, text, message):
    ok, bad, other = extract_model(bundled_model, [MERKEL, text, "Steve Jobs visited London."], Visit)
    assert ok.value == Visit(person="Angela Merkel", location="Paris") and ok.error is None
    assert other.value == Visit(person="Steve Jobs", location="London")
    assert bad.value is None and not bad.complete and isinstance(bad.error, SchemaError)
    assert str(bad.error) == f"texts[1]: {message}" or str(bad.error).startswith(f"texts[1]: {message}")
    assert bad.errors == [f"SchemaError: {bad.error}"]


def test_extract_model_a_validator_raising_a_runtime_error_fails_only_its_text(bundled_model):
    ok, picky = extract_model(bundled_model, [MERKEL, "Steve Jobs visited London."], PickyVisit)
    assert ok.value == PickyVisit(person="Angela Merkel", location="Paris")
    assert picky.value is None
    assert picky.errors == ["PickyVisit validator raised RuntimeError: Steve is not allowed here"]


def test_extract_model_policy_raise_in_a_list_fails_only_the_text_missing_fields(bundled_model):
    ok, rain = extract_model(bundled_model, [MERKEL, "It rained all day."], StrictVisit, policy="raise")
    assert ok.value == StrictVisit(person="Angela Merkel", location="Paris")
    assert isinstance(rain.error, ExtractionValidationError) and rain.error.missing == ["person"]
    with pytest.raises(ExtractionValidationError, match="person"):  # one text: raised, as asked
        extract_model(bundled_model, "It rained all day.", StrictVisit, policy="raise")


def test_extract_model_a_text_that_breaks_the_model_fails_alone(bundled_model, monkeypatch):
    original = bundled_model.run

    def breaks_on_boom(texts, schema, options=None, **overrides):
        if any("BOOM" in text for text in texts):
            raise RuntimeError("cannot encode BOOM")
        return original(texts, schema, options, **overrides)

    monkeypatch.setattr(bundled_model, "run", breaks_on_boom)
    results = extract_model(bundled_model, [MERKEL] * 3 + ["BOOM"] + [MERKEL] * 4, Visit)
    assert [r.error is None for r in results] == [True, True, True, False, True, True, True, True]
    assert str(results[3].error) == "cannot encode BOOM"
    assert all(r.value.person == "Angela Merkel" for i, r in enumerate(results) if i != 3)


def test_extract_model_empty_list_and_blank_texts(bundled_model):
    assert extract_model(bundled_model, [], Visit) == []
    blank, spaces = extract_model(bundled_model, ["", "   "], Visit)
    assert (blank.value, blank.error, blank.missing) == (None, None, [])
    assert (spaces.value, spaces.error, spaces.missing) == (None, None, [])


def test_extract_model_a_200k_character_word_before_the_sentence_is_windowed(bundled_model):
    text = "x" * 200_000 + " " + MERKEL
    result = extract_model(bundled_model, text, Visit)
    assert result.value == Visit(person="Angela Merkel", location="Paris")
    assert result.spans["person"] == [(200_001, 200_014)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": float("nan")}, "threshold: got nan; expected a number between 0 and 1, or None (the model's default)"),
        ({"threshold": "0.5"}, "threshold: got '0.5'; expected a number between 0 and 1, or None (the model's default)"),
        ({"threshold": -0.1}, "threshold: got -0.1; expected a number between 0 and 1, or None (the model's default)"),
        ({"threshold": True}, "threshold: got True; expected a number between 0 and 1, or None (the model's default)"),
        ({"batch_size": 0}, "batch_size: got 0; expected a positive int"),
        ({"batch_size": "8"}, "batch_size: got '8'; expected a positive int"),
        ({"policy": "strict"}, "policy: got 'strict'; expected one of 'partial', 'drop', 'raise'"),
    ],
    ids=["nan-threshold", "str-threshold", "negative-threshold", "bool-threshold", "zero-batch", "str-batch", "policy"],
)
def test_extract_model_bad_options_are_refused_before_the_model_runs(bundled_model, kwargs, message):
    with pytest.raises(SchemaError) as raised:
        extract_model(bundled_model, MERKEL, Visit, **kwargs)
    assert str(raised.value) == message


@pytest.mark.parametrize("model", ["gliner2-mini", None, Visit], ids=["a-name", "none", "arguments-swapped"])
def test_extract_model_refuses_something_that_is_not_a_loaded_model(model):
    with pytest.raises(SchemaError, match=r"model: got \w+; expected a loaded GLiNER2"):
        extract_model(model, MERKEL, Visit)


def holder(annotation: Any) -> type[BaseModel]:
    return type("Holder", (BaseModel,), {"__annotations__": {"name": str, "bad_field": annotation}})


def hosts() -> dict[str, Callable[[type[BaseModel]], Any]]:
    from gliner2_integrations.langchain import GLiNER2MetadataTagger, GLiNER2StructuredOutput, create_extraction_tool
    from gliner2_integrations.llamaindex import GLiNER2Extractor

    return {
        "tagger": lambda model: GLiNER2MetadataTagger(model=model),
        "runnable": GLiNER2StructuredOutput,
        "tool": create_extraction_tool,
        "llamaindex": lambda model: GLiNER2Extractor(model=model),
    }


@pytest.mark.parametrize("host", ["tagger", "runnable", "tool", "llamaindex"])
@pytest.mark.parametrize("annotation", [dict[str, int], list[list[str]], bytes, tuple[str, int], list[bool]], ids=str)
def test_an_unsupported_pydantic_type_is_refused_by_every_host_naming_the_field(host, annotation):
    with pytest.raises(UnsupportedModelError, match="bad_field"):
        hosts()[host](holder(annotation))
