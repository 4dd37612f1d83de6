# ruff: noqa: UP007, UP045 - the typing.Optional/Union spellings are tested on purpose
"""Model -> schema conversion: no GLiNER2 model needed."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

import pytest
from pydantic import BaseModel, ConfigDict, Field, constr

from gliner2_core import RegexValidator, SchemaError
from gliner2_integrations.pydantic import ModelSchema, field_options, model_options, schema_for
from gliner2_integrations.pydantic.convert import CANDIDATE_FLOOR
from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.labels import humanise, humanise_choice
from gliner2_integrations.pydantic.shapes import kind_validator
from tests.gliner2_integrations.pydantic.models import Invoice, SupportTicket


def fields_of(model_cls: type[BaseModel], structure: int = 0) -> dict:
    return {f.name: f for f in schema_for(model_cls).spec.structures[structure].fields}


def one_plan(annotation: Any, **field_kwargs: Any):
    """The field plan (kind, acceptance threshold) of a one-field model."""
    namespace = {"__annotations__": {"value": annotation}, "value": Field(**field_kwargs)}
    (plan,) = schema_for(type("OneField", (BaseModel,), namespace)).root.fields
    return plan


def one_field(annotation: Any, **field_kwargs: Any):
    """The schema field of a one-field model ``value: annotation = Field(**field_kwargs)``."""
    namespace = {"__annotations__": {"value": annotation}}
    if field_kwargs:
        namespace["value"] = Field(**field_kwargs)
    (field,) = fields_of(type("OneField", (BaseModel,), namespace)).values()
    return field


@pytest.mark.parametrize(
    ("identifier", "words"),
    [
        ("movie_title", "movie title"),
        ("camelCase", "camel case"),
        ("SupportTicket", "support ticket"),
        ("HTTPServer", "http server"),
        ("address_line2", "address line2"),
        ("_private_", "private"),
    ],
)
def test_identifiers_are_humanised_into_lowercase_words(identifier, words):
    assert humanise(identifier) == words


def test_choice_values_are_humanised_but_proper_names_keep_their_case():
    assert humanise_choice("in_progress") == "in progress"
    assert humanise_choice("HIGH_PRIORITY") == "high priority"
    assert humanise_choice("PayPal") == "PayPal"


def test_root_model_becomes_structure_named_from_class():
    assert [s.name for s in schema_for(SupportTicket).spec.structures] == ["support ticket"]


def test_name_argument_overrides_structure_name():
    assert schema_for(SupportTicket, name="ticket").spec.structures[0].name == "ticket"


def test_model_option_name_overrides_structure_name():
    class Named(BaseModel):
        model_config = ConfigDict(json_schema_extra=model_options(name="purchase order"))
        number: str

    assert schema_for(Named).spec.structures[0].name == "purchase order"


@pytest.mark.parametrize("annotation", [str, Optional[str], constr(min_length=1)])
def test_str_becomes_span_field_with_str_dtype(annotation):
    field = one_field(annotation)
    assert (field.dtype, field.choices) == ("list", None)  # every candidate; the mapping keeps one


@pytest.mark.parametrize(
    "annotation", [list[str], set[str], frozenset[str], tuple[str, ...], Optional[list[str]], list[Optional[str]]]
)
def test_str_collections_become_list_fields(annotation):
    field = one_field(annotation)
    assert (field.dtype, field.choices) == ("list", None)


@pytest.mark.parametrize(
    "annotation", [int, float, Decimal, dt.date, dt.datetime, Optional[int], Annotated[int, Field(gt=0)]]
)
def test_numbers_and_dates_become_str_span_fields(annotation):
    field = one_field(annotation)
    assert (field.dtype, field.choices) == ("list", None)  # every candidate; the mapping keeps one


@pytest.mark.parametrize("annotation", [list[int], list[Decimal], set[dt.date]])
def test_lists_of_numbers_and_dates_become_list_span_fields(annotation):
    assert one_field(annotation).dtype == "list"


def test_literal_field_becomes_choice_field():
    field = one_field(Literal["paid", "open", "in_progress"])
    assert (field.dtype, field.choices) == ("str", ("paid", "open", "in progress"))


def test_list_of_literal_becomes_multi_choice_field():
    field = one_field(list[Literal["english", "german"]])
    assert (field.dtype, field.choices) == ("list", ("english", "german"))


def test_str_enum_uses_humanised_values_as_choices():
    fields = fields_of(SupportTicket)
    assert fields["channel"].choices == ("email", "phone call", "web form")


def test_int_enum_uses_humanised_member_names_as_choices():
    assert fields_of(SupportTicket)["priority"].choices == ("low", "high priority")


def test_list_of_enum_becomes_multi_choice_field():
    class Color(enum.Enum):
        RED = "red"
        DARK_BLUE = "dark_blue"

    assert (one_field(list[Color]).dtype, one_field(list[Color]).choices) == ("list", ("red", "dark blue"))


def test_bool_becomes_yes_no_choice_field():
    field = fields_of(SupportTicket)["urgent"]
    assert (field.dtype, field.choices) == ("str", ("yes", "no"))


def test_field_labels_are_humanised_and_alias_is_not_used():
    class Movie(BaseModel):
        movie_title: str = Field(alias="title")
        releaseYear: int

    assert list(fields_of(Movie)) == ["movie title", "release year"]


def test_field_description_is_passed_to_the_schema():
    assert fields_of(Invoice)["number"].description == "the invoice number"


def test_class_docstring_first_paragraph_describes_first_field_without_description():
    assert fields_of(SupportTicket)["customer name"].description == "A customer support ticket."


def test_empty_description_option_disables_the_docstring():
    class Quiet(BaseModel):
        """Not shown to the model."""

        model_config = ConfigDict(json_schema_extra=model_options(description=""))
        name: str

    assert fields_of(Quiet)["name"].description is None


def test_gliner2_options_override_label_description_and_threshold():
    extra = field_options(label="amount due", description="money owed", threshold=0.3)
    field = one_field(float, description="shown to LLMs only", json_schema_extra=extra)
    assert (field.name, field.description, field.threshold) == ("amount due", "money owed", CANDIDATE_FLOOR)
    assert one_plan(float, json_schema_extra=extra).threshold == 0.3  # the mapping's acceptance threshold


def test_top_level_threshold_shorthand_sets_field_threshold():
    assert one_plan(str, json_schema_extra={"threshold": 0.25}).threshold == 0.25


def test_unknown_gliner2_option_raises_schema_error_naming_the_key():
    with pytest.raises(SchemaError, match="'treshold'"):
        one_field(str, json_schema_extra={"gliner2": {"treshold": 0.3}})


def test_out_of_range_threshold_raises_schema_error():
    with pytest.raises(SchemaError, match="threshold"):
        one_field(str, json_schema_extra={"gliner2": {"threshold": 1.5}})


def test_field_pattern_becomes_case_sensitive_search_regex_validator():
    validator, kind = one_field(str, pattern=r"^INV-\d+$").validators
    assert kind == kind_validator(FieldKind.PATTERN)
    assert validator == RegexValidator(r"^INV-\d+$", mode="partial", flags=0)


def test_constr_pattern_and_validator_option_strings_become_regex_validators():
    field = one_field(
        constr(pattern=r"\d"), json_schema_extra=field_options(validators=["^[A-Z]", RegexValidator("x")])
    )
    assert [v.pattern for v in field.validators][:3] == ["^[A-Z]", "x", r"\d"]
    assert field.validators[3:] == (kind_validator(FieldKind.PATTERN),)


def test_nested_model_becomes_its_own_structure_named_by_field_path():
    names = [s.name for s in schema_for(Invoice).spec.structures]
    assert names == ["invoice", "invoice billing address", "invoice items"]
    plan = schema_for(Invoice).root
    assert [(c.attr, c.many, c.required) for c in plan.children] == [
        ("billing_address", False, True),
        ("items", True, False),
    ]


def test_nested_model_docstring_and_field_options_reach_its_structure():
    class Location(BaseModel):
        """Ignored: the field description wins."""

        city: str
        street: Optional[str] = Field(default=None, json_schema_extra={"threshold": 0.6})

    class Shop(BaseModel):
        name: str
        location: Location = Field(description="where it is", json_schema_extra={"threshold": 0.2})

    city, street = schema_for(Shop).spec.structures[1].fields
    assert city.description == "where it is"
    city_plan, street_plan = schema_for(Shop).root.children[0].structure.fields
    assert (city_plan.threshold, street_plan.threshold) == (0.2, 0.6)  # acceptance thresholds of the mapping


def test_extra_classifications_and_entities_are_added_to_the_schema():
    spec = schema_for(SupportTicket).spec
    declared = [(c.name, c.labels, c.multi_label) for c in spec.classifications if c.name in ("sentiment", "topics")]
    assert declared == [
        ("sentiment", ("positive", "negative"), False),
        ("topics", ("billing", "shipping"), True),
    ]
    assert spec.entities.names == ("product", "person")
    assert dict((t.name, t.description) for t in spec.entities.types)["product"] == "a product name"


def test_model_with_only_extra_tasks_has_no_structure():
    class Tags(BaseModel):
        model_config = ConfigDict(json_schema_extra=model_options(entities=["city"]))

    spec = schema_for(Tags).spec
    assert (spec.structures, spec.entities.names) == ((), ("city",))


def test_schema_for_is_cached_per_class():
    assert schema_for(Invoice) is schema_for(Invoice)
    assert schema_for(Invoice, name=None) is schema_for(Invoice)
    assert isinstance(schema_for(Invoice), ModelSchema)


def test_fields_with_the_same_label_raise_schema_error():
    class Clash(BaseModel):
        movie_title: str
        movieTitle: str

    with pytest.raises(SchemaError, match="'movie_title' and 'movieTitle'"):
        schema_for(Clash)


def test_nested_model_docstring_describes_its_first_field():
    assert schema_for(Invoice).spec.structures[1].fields[0].description == "A postal address."
