"""Strategy "entities": the root's span fields as entity labels, its choice fields as classification tasks."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from gliner2_core import RegexValidator, SchemaError
from gliner2_integrations.pydantic import (
    ExtractionValidationError,
    extract_model,
    field_options,
    model_options,
    partial_model,
    schema_for,
    to_result,
)
from gliner2_integrations.pydantic.convert import CANDIDATE_FLOOR
from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.shapes import kind_validator
from tests.gliner2_integrations.pydantic.models import Address, LineItem, Person

TEXT = "Acme signed deal ABC with Ada Lovelace and Alan Turing in Berlin on 3 March 2024, founded 1999."


class Status(enum.Enum):
    OPEN = "open"
    IN_REVIEW = "in_review"


class Deal(BaseModel):
    """A deal mentioned in a text."""

    model_config = ConfigDict(
        json_schema_extra=model_options(
            strategy="entities",
            classifications={"sentiment": ["positive", "negative"]},
            entities={"product": "a product name"},
        )
    )

    company: str = Field(description="who signed")
    people: list[str] = []
    city: str | None = Field(default=None, json_schema_extra=field_options(threshold=0.4, validators=["^[A-Z]"]))
    code: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    founded: int | None = None
    signed: dt.date | None = None
    status: Status = Field(default=Status.OPEN, description="where the deal stands")
    topics: list[Literal["finance", "sport"]] = Field(default=[], json_schema_extra={"threshold": 0.3})
    confidential: bool | None = None
    headquarters: Address | None = None
    items: list[LineItem] = []


class Meeting(BaseModel):
    model_config = ConfigDict(json_schema_extra=model_options(strategy="entities"))

    people: list[str]
    city: str | None = None


def span(text: str, confidence: float = 0.9) -> dict:
    """A mention as ``include_confidence=True, include_spans=True`` formats it, located in TEXT."""
    start = TEXT.index(text)
    return {"text": text, "confidence": confidence, "start": start, "end": start + len(text)}


def label(name: str, confidence: float = 0.8) -> dict:
    return {"label": name, "confidence": confidence}


def deal_output(**overrides: Any) -> dict:
    """A full output for ``Deal`` in the exact shape the core returns; overrides replace root values by label."""
    root = {
        "company": span("Acme", 0.95),
        "people": [span("Ada Lovelace", 0.7), span("Alan Turing", 0.6)],
        "city": span("Berlin", 0.85),
        "code": span("ABC", 0.5),
        "founded": span("1999", 0.75),
        "signed": span("3 March 2024", 0.65),
        "product": [],
    }
    tasks = {
        "status": label("in review", 0.55),
        "topics": [label("finance", 0.9)],
        "confidential": label("no", 0.7),
        "sentiment": label("positive", 0.6),
    }
    for key, value in overrides.items():
        (tasks if key in tasks else root)[key] = value
    return {
        "deal headquarters": [{"city": span("Berlin"), "postcode": None}],
        "deal items": [{"name": span("ABC"), "quantity": {"text": "2", "confidence": 0.5}, "unit price": None}],
        "entities": root,
        **tasks,
    }


def one_field_model(annotation: Any, **field_kwargs: Any) -> type[BaseModel]:
    namespace: dict[str, Any] = {"__annotations__": {"value": annotation}}
    if field_kwargs:
        namespace["value"] = Field(**field_kwargs)
    return type("OneField", (BaseModel,), namespace)


# Conversion


def test_span_fields_become_entity_labels_and_the_root_is_no_structure():
    spec = schema_for(Deal).spec
    assert [s.name for s in spec.structures] == ["deal headquarters", "deal items"]
    # every span field asks for all its candidates; the mapping picks one for single-value fields
    assert [(e.name, e.dtype) for e in spec.entities.types] == [
        ("company", "list"),
        ("people", "list"),
        ("city", "list"),
        ("code", "list"),
        ("founded", "list"),
        ("signed", "list"),
        ("product", "list"),
    ]
    fields = {f.label for f in schema_for(Deal).root.fields}
    assert {e.threshold for e in spec.entities.types if e.name in fields} == {CANDIDATE_FLOOR}


@pytest.mark.parametrize(
    ("annotation", "dtype"),
    [
        (str, "list"),
        (str | None, "list"),
        (int, "list"),
        (float | None, "list"),
        (dt.date, "list"),
        (dt.datetime, "list"),
        (list[str], "list"),
        (set[str], "list"),
        (tuple[str, ...], "list"),
        (list[int], "list"),
        (list[str] | None, "list"),
    ],
)
def test_str_numbers_dates_and_their_lists_become_entity_labels_by_dtype(annotation, dtype):
    spec = schema_for(one_field_model(annotation), strategy="entities").spec
    assert (spec.structures, spec.classifications) == ((), ())
    assert [(e.name, e.dtype) for e in spec.entities.types] == [("value", dtype)]


def test_entity_labels_keep_label_description_threshold_and_validators():
    types = {e.name: e for e in schema_for(Deal).spec.entities.types}
    assert types["company"].description == "who signed"
    # the field's own threshold is the acceptance threshold of the mapping; the schema asks from the floor
    assert schema_for(Deal).root.fields[2].threshold == 0.4
    assert (types["city"].threshold, types["city"].validators) == (
        CANDIDATE_FLOOR,
        (RegexValidator("^[A-Z]", mode="partial", flags=0), kind_validator(FieldKind.NAME)),
    )
    assert types["code"].validators[0] == RegexValidator("^[A-Z]{3}$", mode="partial", flags=0)
    labelled = one_field_model(str, json_schema_extra=field_options(label="amount due"))
    assert schema_for(labelled, strategy="entities").spec.entities.names == ("amount due",)


def test_model_docstring_is_not_put_on_an_entity_label():
    assert schema_for(Address).spec.structures[0].fields[0].description == "A postal address."
    assert schema_for(Address, strategy="entities").spec.entities.types[0].description is None


def test_choice_fields_become_classification_tasks_named_by_field_label():
    tasks = {c.name: c for c in schema_for(Deal).spec.classifications}
    assert list(tasks) == ["status", "topics", "confidential", "sentiment"]
    status = tasks["status"]
    assert (status.labels, status.multi_label, status.prompt) == (("open", "in review"), False, "where the deal stands")


def test_list_of_choices_becomes_multi_label_task_with_the_field_threshold():
    topics = next(c for c in schema_for(Deal).spec.classifications if c.name == "topics")
    assert (topics.labels, topics.multi_label) == (("finance", "sport"), True)
    assert next(f for f in schema_for(Deal).root.fields if f.attr == "topics").threshold == 0.3  # applied when mapping


def test_bool_becomes_a_question_with_a_negated_answer():
    confidential = next(c for c in schema_for(Deal).spec.classifications if c.name == "confidential")
    assert (confidential.labels, confidential.multi_label) == (("confidential", "not confidential"), False)


def test_nested_models_stay_structures_as_under_the_record_strategy():
    entities, record = schema_for(Deal).spec, schema_for(Deal, strategy="record").spec
    assert entities.structures == record.structures[1:]
    assert [c.attr for c in schema_for(Deal).root.children] == ["headquarters", "items"]


def test_only_declared_extra_tasks_are_reported_as_extras():
    model_schema = schema_for(Deal)
    assert (model_schema.classifications, model_schema.entity_labels) == (("sentiment",), ("product",))
    assert model_schema.strategy == "entities"


def test_field_clashing_with_extra_entity_label_raises_naming_both():
    class Clash(BaseModel):
        model_config = ConfigDict(json_schema_extra=model_options(strategy="entities", entities=["person", "city"]))
        person_: str = Field(json_schema_extra=field_options(label="person"))

    with pytest.raises(SchemaError, match="field 'person_' becomes the entity label 'person'.*entities="):
        schema_for(Clash)


def test_field_clashing_with_extra_classification_raises_naming_both():
    class Clash(BaseModel):
        model_config = ConfigDict(json_schema_extra=model_options(classifications={"mood": ["calm", "angry"]}))
        mood: Literal["happy", "sad"]

    assert schema_for(Clash).spec.structures  # no clash as a record: the field is a structure field
    with pytest.raises(SchemaError, match="field 'mood' becomes the classification task 'mood'.*classifications="):
        schema_for(Clash, strategy="entities")


def test_strategy_argument_overrides_the_model_option():
    assert [s.name for s in schema_for(Deal, strategy="record").spec.structures][0] == "deal"
    assert schema_for(Person, strategy="entities").spec.entities.names == ("name", "age")


class UnknownStrategy(BaseModel):
    model_config = ConfigDict(json_schema_extra={"gliner2": {"strategy": "flat"}})
    name: str


@pytest.mark.parametrize(
    "convert", [lambda: schema_for(Person, strategy="entity"), lambda: schema_for(UnknownStrategy)]
)
def test_unknown_strategy_raises_schema_error_listing_the_valid_ones(convert):
    with pytest.raises(SchemaError, match="strategy.*expected one of 'record', 'entities'"):
        convert()


def test_model_options_sets_the_strategy():
    assert model_options(strategy="entities") == {"gliner2": {"strategy": "entities"}}


def test_schema_for_is_cached_per_class_name_and_strategy():
    assert schema_for(Deal) is schema_for(Deal, strategy="entities")
    assert schema_for(Person) is schema_for(Person, strategy="record")
    assert schema_for(Person, strategy="entities") is schema_for(Person, strategy="entities")
    assert schema_for(Person, strategy="entities") is not schema_for(Person)
    assert schema_for(Deal, name="x") is schema_for(Deal, name="x") is not schema_for(Deal)


# Mapping back


def test_complete_output_maps_to_a_validated_instance_with_evidence():
    result = to_result(deal_output(), schema_for(Deal))
    assert result.value == Deal(
        company="Acme",
        people=["Ada Lovelace", "Alan Turing"],
        city="Berlin",
        code="ABC",
        founded=1999,
        signed=dt.date(2024, 3, 3),
        status=Status.IN_REVIEW,
        topics=["finance"],
        confidential=False,
        headquarters=Address(city="Berlin"),
        items=[LineItem(name="ABC", quantity=2)],
    )
    assert type(result.value) is Deal and result.complete
    assert result.confidence["people"] == 0.6  # a list reports its weakest value
    assert (result.confidence["status"], result.confidence["headquarters.city"]) == (0.55, 0.9)
    assert [TEXT[s:e] for s, e in result.spans["people"]] == ["Ada Lovelace", "Alan Turing"]
    assert TEXT[slice(*result.spans["items.0.name"][0])] == "ABC"
    assert not {"status", "topics", "confidential"} & set(result.spans)  # classifications have no spans


def test_extra_tasks_are_reported_and_field_tasks_are_not():
    result = to_result(deal_output(product=[span("ABC")]), schema_for(Deal))
    assert (result.classifications, result.entities) == ({"sentiment": "positive"}, {"product": ["ABC"]})


def test_plain_output_without_confidence_or_spans_is_accepted():
    raw = {"entities": {"people": ["Ada", "Alan"], "city": "Berlin"}}
    result = to_result(raw, schema_for(Meeting))
    assert (result.value, result.confidence, result.spans) == (Meeting(people=["Ada", "Alan"], city="Berlin"), {}, {})
    plain = deal_output(status="open", topics=["finance", "sport"], confidential="yes")
    value = to_result(plain, schema_for(Deal)).value
    assert (value.status, value.topics, value.confidential) == (Status.OPEN, ["finance", "sport"], True)


def test_str_label_not_found_is_none_and_uses_the_field_default():
    result = to_result({"entities": {"people": [span("Ada Lovelace")], "city": None}}, schema_for(Meeting))
    assert result.value == Meeting(people=["Ada Lovelace"])


def test_choice_below_the_field_threshold_counts_as_not_found():
    result = to_result(deal_output(topics=[label("finance", 0.25)]), schema_for(Deal))
    assert result.value.topics == [] and "topics" not in result.confidence


def test_coercion_failure_is_reported_and_treated_as_not_found():
    result = to_result(deal_output(founded=span("Berlin")), schema_for(Deal))
    assert result.value.founded is None
    assert result.errors == ["founded: 'Berlin' is not a value of kind 'number'"]


def test_value_failing_pydantic_validation_is_removed_and_reported():
    # a span of its own (one text span fills one field: "Acme" is the company's)
    result = to_result(deal_output(code={"text": "Acmx", "confidence": 0.9}), schema_for(Deal))
    assert result.value.code is None and "code" not in result.confidence
    assert result.errors == ["code: String should match pattern '^[A-Z]{3}$' (got 'Acmx')"]


def test_required_field_missing_gives_a_partial_instance_under_partial_policy():
    result = to_result({"entities": {"people": [], "city": span("Berlin")}}, schema_for(Meeting))
    assert type(result.value) is partial_model(Meeting)
    assert (result.value.people, result.value.city, result.missing) == (None, "Berlin", ["people"])


def test_required_field_missing_drops_the_record_under_drop_policy():
    result = to_result({"entities": {"people": [], "city": span("Berlin")}}, schema_for(Meeting), policy="drop")
    assert (result.value, result.values, result.missing, result.confidence) == (None, [], ["people"], {})


def test_required_field_missing_raises_under_raise_policy():
    with pytest.raises(ExtractionValidationError, match="people") as caught:
        to_result({"entities": {"people": [], "city": None}}, schema_for(Meeting), policy="raise")
    assert caught.value.missing == ["people"]


def test_nothing_found_gives_no_value_and_lists_required_fields():
    result = to_result({"entities": {"people": [], "city": None}}, schema_for(Meeting))
    assert (result.value, result.values, result.missing) == (None, [], ["people"])


def test_nested_instances_without_root_values_still_make_a_record():
    raw = {"entities": {}, "deal headquarters": [{"city": span("Berlin"), "postcode": None}], "deal items": []}
    result = to_result(raw, schema_for(Deal))
    assert result.value.headquarters == Address(city="Berlin") and result.missing == ["company"]


def test_many_records_are_refused_with_a_value_error_naming_the_record_strategy():
    with pytest.raises(SchemaError, match="strategy 'record'") as caught:
        to_result(deal_output(), schema_for(Deal), many=True)
    assert isinstance(caught.value, ValueError)


class RecordingModel:
    """Stands in for GLiNER2: records the call and returns canned outputs."""

    def __init__(self, outputs: list[dict]) -> None:
        self.outputs = outputs
        self.calls: list[tuple] = []

    def batch_extract(self, texts, schema, **options):
        self.calls.append((list(texts), schema))
        return self.outputs[: len(texts)]


def test_extract_model_refuses_many_before_running_the_model():
    stub = RecordingModel([])
    with pytest.raises(SchemaError, match="many=True"):
        extract_model(stub, TEXT, Meeting, many=True)
    assert stub.calls == []


def test_extract_model_strategy_argument_selects_the_entities_schema():
    stub = RecordingModel([{"entities": {"name": span("Ada Lovelace"), "age": None}, "languages": []}])
    result = extract_model(stub, TEXT, Person, strategy="entities")
    assert stub.calls[0][1] is schema_for(Person, strategy="entities").spec
    assert result.value == Person(name="Ada Lovelace")


def test_integration_runtime_maps_a_model_with_the_entities_option():
    from gliner2_integrations._runtime import outcome_metadata, resolve_target, run_extraction

    target = resolve_target(Meeting)
    stub = RecordingModel([{"entities": {"people": [span("Ada Lovelace")], "city": span("Berlin")}}])
    (outcome,) = run_extraction(stub, [TEXT], target)
    assert stub.calls[0][1] is schema_for(Meeting).spec
    assert outcome.result.value == Meeting(people=["Ada Lovelace"], city="Berlin")
    metadata = outcome_metadata(outcome, target, error_key="error", raise_on_error=True, mode="json")
    assert metadata == {"gliner2": {"meeting": {"people": ["Ada Lovelace"], "city": "Berlin"}}}


# The bundled model


@pytest.fixture(scope="module")
def mini():
    from gliner2_core import GLiNER2

    return GLiNER2.from_pretrained()


def test_bundled_model_finds_people_and_city_as_entities(mini):
    result = extract_model(mini, "Angela Merkel met Emmanuel Macron in Berlin.", Meeting)
    assert result.value == Meeting(people=["Angela Merkel", "Emmanuel Macron"], city="Berlin")
    assert set(result.spans) == {"people", "city"} and result.complete
