"""ExtractOptions: one home for every extraction option, validated by type."""

import pickle
import typing

import pytest

from gliner2_core import ExtractOptions, Schema, SchemaError
from gliner2_core.options import OptionKwargs, threshold_paths


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("include_confidence", "no", "include_confidence: got 'no'; expected one of True, False"),
        ("include_spans", 1, "include_spans: got 1; expected one of True, False"),
        ("threshold", "0.5", "threshold: got '0.5'; expected a number between 0 and 1"),
        ("threshold", True, "threshold: got True"),
        ("threshold", 1.5, "threshold: got 1.5"),
        ("batch_size", 0, "batch_size: got 0; expected a positive integer"),
        ("batch_size", 8.0, "batch_size: got 8.0"),
        ("max_len", "100", "max_len: got '100'"),
        ("field_thresholds", {"entities.person": 2}, r"field_thresholds\['entities.person'\]: got 2"),
        ("field_thresholds", [("entities.person", 0.2)], "field_thresholds: got"),
    ],
)
def test_a_bad_option_names_the_option_the_value_and_what_is_valid(option, value, message):
    with pytest.raises(SchemaError, match=message):
        ExtractOptions(**{option: value})


def test_an_unknown_option_lists_the_valid_names():
    with pytest.raises(SchemaError, match="extraction option: got 'treshold'; expected one of 'threshold'"):
        ExtractOptions.build(treshold=0.3)


def test_build_applies_keyword_overrides_to_the_given_options():
    base = ExtractOptions(threshold=0.3, batch_size=4)
    built = ExtractOptions.build(base, include_spans=True)
    assert (built.threshold, built.batch_size, built.include_spans) == (0.3, 4, True)
    assert ExtractOptions.build() == ExtractOptions()
    assert ExtractOptions.build(base) is base


def test_options_are_frozen_hashable_and_picklable():
    options = ExtractOptions(field_thresholds={"entities.person": 0.2})
    with pytest.raises(AttributeError):
        options.threshold = 0.1  # type: ignore[misc]
    assert hash(options) == hash(ExtractOptions(field_thresholds={"entities.person": 0.2}))
    assert pickle.loads(pickle.dumps(options)) == options


def test_the_keyword_typeddict_lists_exactly_the_option_fields():
    assert tuple(typing.get_type_hints(OptionKwargs)) == ExtractOptions.names()


def test_field_thresholds_are_written_into_the_schema_fields():
    spec = (
        Schema().entities(["person", "city"]).structure("invoice").field("total", dtype="str").relations(["works_for"]).build()
    )
    options = ExtractOptions(
        field_thresholds={"entities.city": 0.1, "invoice.total": 0.2, "relation_extraction.works_for": 0.3}
    )
    applied = options.apply_to(spec)
    assert [e.threshold for e in applied.entities.types] == [None, 0.1]
    assert applied.structures[0].fields[0].threshold == 0.2
    assert applied.relations[0].threshold == 0.3
    assert spec.entities.types[1].threshold is None  # the original spec is unchanged


def test_a_field_threshold_path_missing_from_the_schema_lists_the_valid_paths():
    spec = Schema().entities(["person"]).build()
    assert threshold_paths(spec) == {"entities.person"}
    with pytest.raises(SchemaError, match=r"field_thresholds key: got 'entities.persn'; expected one of 'entities.person'"):
        ExtractOptions(field_thresholds={"entities.persn": 0.2}).apply_to(spec)


def test_the_public_methods_validate_options_by_type_before_running(tiny_model):
    with pytest.raises(SchemaError, match="include_confidence: got 'no'"):
        tiny_model.extract("Tim Cook", Schema().entities(["person"]), include_confidence="no")
    with pytest.raises(SchemaError, match="extraction option: got 'thresold'"):
        tiny_model.extract_entities("Tim Cook", ["person"], thresold=0.2)


def test_no_threshold_means_the_models_calibrated_defaults_and_a_number_applies_everywhere():
    assert ExtractOptions().threshold is None
    assert ExtractOptions().thresholds() == (0.5, 0.5)
    assert ExtractOptions().thresholds(record_threshold=0.25) == (0.5, 0.25)
    assert ExtractOptions(threshold=0.7).thresholds(record_threshold=0.25) == (0.7, 0.7)
