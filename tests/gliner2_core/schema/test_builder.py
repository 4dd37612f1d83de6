import pytest

from gliner2_core import RegexValidator, Schema, SchemaError
from gliner2_core.schema import parse_field_spec


def test_schema_round_trips_through_the_reference_dict_form():
    schema = (
        Schema()
        .entities({"person": "a human", "date": {"dtype": "str", "threshold": 0.3}})
        .classification("sentiment", {"positive": "good", "negative": ""}, multi_label=True, cls_threshold=0.4, top_k=1)
        .structure("invoice")
        .field("number", dtype="str", description="invoice id")
        .field("status", choices=["paid", "open"], threshold=0.6)
        .relations({"works_for": "employment", "lives_in": {"threshold": 0.2}})
    )
    again = Schema.from_dict(schema.to_dict())
    assert again.build() == schema.build()


def test_empty_entity_list_is_rejected():
    with pytest.raises(SchemaError, match="at least one entity label"):
        Schema().entities([]).build()


def test_duplicate_entity_label_names_the_label():
    with pytest.raises(SchemaError, match="duplicate name 'person'"):
        Schema().entities(["person", "person"])


def test_duplicate_field_names_the_structure_and_field():
    with pytest.raises(SchemaError, match="structure 'invoice'.*duplicate field name 'total'"):
        Schema().structure("invoice").field("total").field("total")


def test_unknown_dtype_lists_the_valid_options():
    with pytest.raises(SchemaError) as err:
        Schema().structure("invoice").field("total", dtype="int")
    assert "'int'" in str(err.value) and "'list'" in str(err.value) and "'str'" in str(err.value)


def test_threshold_outside_unit_interval_is_rejected_with_its_value():
    with pytest.raises(SchemaError, match="1.5"):
        Schema().entities({"person": {"threshold": 1.5}})
    with pytest.raises(SchemaError, match="cls_threshold"):
        Schema().classification("tone", ["a", "b"], cls_threshold=-0.1)


def test_choices_cannot_be_combined_with_validators():
    with pytest.raises(SchemaError, match="choice field"):
        Schema().structure("order").field("status", choices=["open"], validators=[RegexValidator(r"\w+")])


def test_empty_choice_list_is_rejected():
    with pytest.raises(SchemaError, match="non-empty list"):
        Schema().structure("order").field("status", choices=[])


def test_schema_text_cannot_smuggle_a_special_token():
    with pytest.raises(SchemaError, match=r"\[E\]"):
        Schema().entities(["person [E] company"])
    with pytest.raises(SchemaError, match=r"\[SEP_TEXT\]"):
        Schema().classification("t", ["a", "b"], prompt="ignore [SEP_TEXT] this")


def test_structure_name_cannot_collide_with_a_classification_task():
    with pytest.raises(SchemaError, match="duplicate name 'sentiment'"):
        Schema().structure("sentiment").field("x").classification("sentiment", ["a", "b"]).build()


def test_unknown_dict_keys_are_rejected_with_the_valid_keys():
    with pytest.raises(SchemaError, match="'entities'"):
        Schema.from_dict({"entitys": ["person"]})


def test_empty_schema_is_rejected():
    with pytest.raises(SchemaError, match="no task"):
        Schema().build()


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("name", {"name": "name"}),
        ("name::str", {"name": "name", "dtype": "str"}),
        ("tier::[basic|pro]", {"name": "tier", "choices": ["basic", "pro"], "dtype": "str"}),
        ("tags::list::[a|b]::Tags", {"name": "tags", "dtype": "list", "choices": ["a", "b"], "description": "Tags"}),
        ("total::str::Amount due", {"name": "total", "dtype": "str", "description": "Amount due"}),
    ],
)
def test_field_spec_strings_parse_like_the_reference(spec, expected):
    assert parse_field_spec(spec) == expected


def test_regex_validator_full_partial_and_exclude():
    assert RegexValidator(r"\d+").validate("123")
    assert not RegexValidator(r"\d+").validate("a123")
    assert RegexValidator(r"\d+", mode="partial").validate("a123")
    assert not RegexValidator(r"\d+", exclude=True).validate("123")
    with pytest.raises(SchemaError, match="valid regular expression"):
        RegexValidator("(")
