"""GLiNER2's value stays whenever the LLM gives none or one validation rejects (bundled model, real langchain-core)."""

from __future__ import annotations

import itertools

import pytest
from langchain_core.messages import AIMessage
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from gliner2_integrations.cascade import CascadeExtractor
from gliner2_integrations.compare.capture import RecordingChatModel

TEXT = "Angela Merkel lives in Berlin."


def answering(name: str, *answers: dict) -> RecordingChatModel:
    """A fake tool-calling chat model answering the tool ``name`` with ``answers`` in turn."""
    replies = (
        AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"c{i}"}])
        for i, args in enumerate(itertools.cycle(answers))
    )
    return RecordingChatModel(messages=replies)


class Person(BaseModel):
    """A person mentioned in the text."""

    name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")
    email: str | None = Field(None, description="an e-mail address")


class NoTitles(BaseModel):
    """A person whose name carries no title (a model validator says so)."""

    name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")

    @model_validator(mode="after")
    def no_title(self) -> NoTitles:
        if self.name and self.name.startswith("Dr."):
            raise ValueError("no titles in names")
        return self


class Invoice(BaseModel):
    """An invoice; both fields are required."""

    number: str = Field(description="the invoice number")
    total: float = Field(description="the total amount due")


def cascade(model, chat, bundled_model, **options) -> CascadeExtractor:
    return CascadeExtractor(model=model, chat_model=chat, extractor=bundled_model, **options)


def test_an_llm_null_keeps_gliner2s_values_and_sources_say_gliner2(bundled_model):
    chat = answering("Person", {"name": None, "city": None, "email": None})
    result = cascade(Person, chat, bundled_model, min_confidence=1.0).invoke(TEXT)
    assert set(result.asked) == {"name", "city", "email"}  # all asked: confidences are below 1.0
    assert result.value == result.gliner.value == Person(name="Angela Merkel", city="Berlin")
    assert result.sources == {"name": "gliner2", "city": "gliner2", "email": "gliner2"}
    assert result.llm_reply == {"name": None, "city": None, "email": None} and result.error is None


def test_an_llm_empty_list_keeps_gliner2s_list(bundled_model):
    class Visit(BaseModel):
        people: list[str] = Field(default_factory=list, description="people's names")

    result = cascade(Visit, answering("Visit", {"people": []}), bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value.people == ["Angela Merkel"] and result.sources == {"people": "gliner2"}


def test_a_model_validator_rejecting_one_llm_value_keeps_gliner2s_and_the_other_llm_values(bundled_model):
    chat = answering("NoTitles", {"name": "Dr. Angela Merkel", "city": "Bonn"})
    result = cascade(NoTitles, chat, bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value == NoTitles(name="Angela Merkel", city="Bonn")
    assert result.sources == {"name": "gliner2", "city": "llm"}
    assert result.error == (
        "LLM values rejected by validation, GLiNER2's kept: ['name'] (name: Value error, no titles in names)"
    )


def test_a_field_constraint_rejecting_the_llm_value_keeps_gliner2s(bundled_model):
    class Named(BaseModel):
        name: str | None = Field(None, description="a person's name", max_length=20)

    result = cascade(Named, answering("Named", {"name": "A" * 50}), bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value.name == "Angela Merkel" and result.sources == {"name": "gliner2"}
    assert "['name']" in result.error and "at most 20 characters" in result.error


def test_one_llm_value_of_the_wrong_type_does_not_drop_the_others(bundled_model):
    chat = answering("Person", {"name": 42, "city": "Bonn", "email": "angela@example.org"})
    result = cascade(Person, chat, bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value == Person(name="Angela Merkel", city="Bonn", email="angela@example.org")
    assert result.sources == {"name": "gliner2", "city": "llm", "email": "llm"}
    assert "['name'] (name: Input should be a valid string)" in result.error


def test_required_fields_gliner2_cannot_find_are_completed_by_the_llm(bundled_model):
    chat = answering("Invoice", {"number": "INV-17", "total": 1250.0})
    result = cascade(Invoice, chat, bundled_model).invoke("Hello there.")
    assert type(result.value) is Invoice and result.value == Invoice(number="INV-17", total=1250.0)
    assert result.sources == {"number": "llm", "total": "llm"}


def test_required_fields_nobody_finds_give_the_partial_record(bundled_model):
    result = cascade(Invoice, answering("Invoice", {"number": None, "total": "a lot"}), bundled_model).invoke("Hi.")
    assert isinstance(result.value, Invoice) and result.value.number is None and result.value.total is None
    assert result.sources == {"number": "gliner2", "total": "gliner2"} and "['total']" in result.error


class Aliased(BaseModel):
    """A person, fields under aliases."""

    full_name: str | None = Field(None, alias="fullName", description="a person's name")
    city: str | None = Field(None, alias="town", description="a city")
    email: str | None = Field(None, alias="mail", description="an e-mail address")


class ValidationAliased(BaseModel):
    """A person, one field read under other names."""

    full_name: str | None = Field(
        None, validation_alias=AliasChoices("fullName", "name"), description="a person's name"
    )
    city: str | None = Field(None, validation_alias="town", description="a city")
    email: str | None = Field(None, description="an e-mail address")


class ByName(BaseModel):
    """A person, fields under aliases or their names."""

    model_config = ConfigDict(populate_by_name=True)
    full_name: str | None = Field(None, alias="fullName", description="a person's name")
    city: str | None = Field(None, description="a city")
    email: str | None = Field(None, alias="mail", description="an e-mail address")


class Generated(BaseModel):
    """A person, camelCase aliases generated."""

    model_config = ConfigDict(alias_generator=to_camel)
    full_name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")
    email_address: str | None = Field(None, description="an e-mail address")


ALIASED = {
    "alias": (Aliased, {"mail": "angela@example.org"}),
    "alias-answered-by-field-name": (Aliased, {"email": "angela@example.org"}),
    "validation-alias": (ValidationAliased, {"email": "angela@example.org"}),
    "populate-by-name": (ByName, {"mail": "angela@example.org"}),
    "alias-generator": (Generated, {"emailAddress": "angela@example.org"}),
}


@pytest.mark.parametrize(("model", "answer"), ALIASED.values(), ids=ALIASED.keys())
def test_models_with_aliases_keep_gliner2s_values_and_take_the_llms(bundled_model, model, answer):
    result = cascade(model, answering(model.__name__, answer), bundled_model).invoke(TEXT)
    email = next(name for name in model.model_fields if name.startswith("email"))
    assert result.value.full_name == "Angela Merkel" and result.value.city == "Berlin"
    assert getattr(result.value, email) == "angela@example.org"
    assert result.sources == {"full_name": "gliner2", "city": "gliner2", email: "llm"} and result.error is None


def test_the_llm_sees_the_fields_under_their_aliases(bundled_model):
    chat = answering("Generated", {"emailAddress": None})
    cascade(Generated, chat, bundled_model).invoke(TEXT)
    [request] = chat.requests
    assert set(request.tools[0]["function"]["parameters"]["properties"]) == {"emailAddress"}


def test_every_asked_alias_field_the_llm_answers_is_used(bundled_model):
    chat = answering("Aliased", {"fullName": "Angela Dorothea Merkel", "town": "Bonn", "mail": "a@b.org"})
    result = cascade(Aliased, chat, bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value == Aliased(fullName="Angela Dorothea Merkel", town="Bonn", mail="a@b.org")
    assert set(result.sources.values()) == {"llm"}


def test_a_field_validator_on_an_aliased_field_keeps_gliner2s_value(bundled_model):
    class Strict(BaseModel):
        full_name: str | None = Field(None, alias="fullName", description="a person's name")

        @field_validator("full_name")
        @classmethod
        def no_digits(cls, value: str | None) -> str | None:
            if value and any(c.isdigit() for c in value):
                raise ValueError("digits in a name")
            return value

    result = cascade(Strict, answering("Strict", {"fullName": "R2D2"}), bundled_model, min_confidence=1.0).invoke(TEXT)
    assert result.value.full_name == "Angela Merkel" and result.sources == {"full_name": "gliner2"}
