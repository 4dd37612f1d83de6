"""Entity attribute groups in the schema: the reference's names, validation and dict form.

The reference (``gliner2==2.1.0``) is installed in the test environment; the
dict form is compared with its ``Schema.to_dict`` and read back by its
``Schema.from_dict``.
"""

import pytest
from gliner2 import AttributeGroup as ReferenceGroup
from gliner2 import Schema as ReferenceSchema

from gliner2_core import AttributeGroup, Schema, SchemaError
from gliner2_core.processing.prompt import build_segments

GROUPS = {
    "sentiment": AttributeGroup(["positive", "negative"]),
    "role": AttributeGroup(["ceo", "founder"], multi_label=True, threshold=0.3, applies_to=["person"]),
    "kind": AttributeGroup(["person", "place"], qualify_labels=True),
}


def _schema() -> Schema:
    return Schema().entities({"person": "a human", "company": {"threshold": 0.4}}).entity_attributes(GROUPS)


def test_attribute_groups_round_trip_through_the_dict_form():
    schema = _schema()
    again = Schema.from_dict(schema.to_dict())
    assert again.build() == schema.build()
    assert again.to_dict() == schema.to_dict()


def test_dict_form_is_the_reference_dict_form():
    reference = (
        ReferenceSchema()
        .entities({"person": "a human", "company": {"threshold": 0.4}})
        .entity_attributes(
            {
                "sentiment": ReferenceGroup(["positive", "negative"]),
                "role": ReferenceGroup(["ceo", "founder"], multi_label=True, threshold=0.3, applies_to=["person"]),
                "kind": ReferenceGroup(["person", "place"], qualify_labels=True),
            }
        )
    )
    ours = _schema().to_dict()
    assert ours == reference.to_dict()
    assert ReferenceSchema.from_dict(ours).to_dict() == ours


def test_attribute_labels_follow_the_entity_labels_in_the_prompt_sorted_like_the_reference():
    spec = _schema().build()
    assert spec.entities.names == ("person", "company")
    assert spec.entities.prompt_names == (
        "person",
        "company",
        "ceo",
        "founder",
        "kind: person",
        "kind: place",
        "negative",
        "positive",
    )
    reference = ReferenceSchema.from_dict(_schema().to_dict()).build()
    assert tuple(reference["entities"]) == spec.entities.prompt_names
    (segment,) = build_segments(spec)
    assert segment.fields == spec.entities.prompt_names


def test_group_options_accept_a_dict_and_calling_again_replaces_the_groups():
    schema = (
        Schema().entities(["person"]).entity_attributes({"tone": {"labels": ["formal", "casual"], "multi_label": True}})
    )
    assert schema.build().entities.attributes == (("tone", AttributeGroup(("formal", "casual"), multi_label=True)),)
    schema.entity_attributes({"mood": AttributeGroup(["calm"])})
    assert [name for name, _ in schema.build().entities.attributes] == ["mood"]
    assert schema.entity_attributes({}).build().entities.prompt_names == ("person",)


def test_chaining_from_a_structure_builder_reaches_the_schema():
    schema = (
        Schema()
        .entities(["person"])
        .structure("deal")
        .field("item")
        .entity_attributes({"tone": {"labels": ["formal"]}})
    )
    assert schema.build().entities.attributes[0][0] == "tone"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Schema().entity_attributes({"tone": AttributeGroup(["formal"])}), r"call entities\(\) before"),
        (lambda: Schema().entities(["person"]).entity_attributes(["tone"]), "a dict of group name"),
        (
            lambda: Schema().entities(["person"]).entity_attributes({"text": AttributeGroup(["a"])}),
            "'text'.*other than",
        ),
        (lambda: Schema().entities(["person"]).entity_attributes({"": AttributeGroup(["a"])}), "group name: got ''"),
        (
            lambda: Schema().entities(["person"]).entity_attributes({"tone": 3}),
            r"\['tone'\]: got 3; expected an AttributeGroup",
        ),
        (lambda: AttributeGroup([]), "labels: got \\[\\]; expected a non-empty list"),
        (lambda: AttributeGroup("positive"), "expected a non-empty list"),
        (lambda: AttributeGroup(["a", " "]), "got ' '; expected a non-empty string"),
        (lambda: AttributeGroup(["a", "a"]), "duplicate label 'a'"),
        (lambda: AttributeGroup(["a"], threshold=1.5), "threshold: got 1.5; expected a number between 0 and 1"),
        (lambda: AttributeGroup(["a"], multi_label="yes"), "multi_label: got 'yes'; expected one of True, False"),
        (lambda: AttributeGroup(["a [E]"]), "reserved marker"),
        (
            lambda: (
                Schema().entities(["person"]).entity_attributes({"tone": AttributeGroup(["a"], applies_to=["city"])})
            ),
            r"\['tone'\].applies_to: got 'city'; expected one of 'person'",
        ),
        (
            lambda: (
                Schema()
                .entities(["person"])
                .entity_attributes({"x": AttributeGroup(["a"]), "y": AttributeGroup(["a"])})
            ),
            "label 'a' is in both 'x' and 'y'",
        ),
        (
            lambda: Schema().entities(["person", "place"]).entity_attributes({"kind": AttributeGroup(["place"])}),
            r"\['kind'\].labels: got 'place'.*qualify_labels=True: the model reads 'kind: place'",
        ),
        (
            lambda: Schema().entities(["person"]).entity_attributes({"tone": {"labels": ["a"], "cutoff": 0.2}}),
            r"\['tone'\] option: got 'cutoff'; expected one of 'labels'",
        ),
    ],
)
def test_bad_groups_are_refused_naming_the_setting_and_the_value(call, message):
    with pytest.raises(SchemaError, match=message):
        call()


def test_dict_form_refuses_attributes_without_entities_and_unknown_options():
    with pytest.raises(SchemaError, match="entity_attributes: got .*expected a schema with 'entities'"):
        Schema.from_dict(
            {"classifications": [{"task": "t", "labels": ["a", "b"]}], "entity_attributes": {"g": {"labels": ["x"]}}}
        )
    with pytest.raises(SchemaError, match=r"\['g'\]: got \{'multi_label': True\}; expected a dict with 'labels'"):
        Schema.from_dict({"entities": ["person"], "entity_attributes": {"g": {"multi_label": True}}})
