"""Structure record modes (``mode``/``anchor``) and field ``cardinality``/``exclusive`` in the builder and the dict form."""

from __future__ import annotations

import pytest

from gliner2_core.errors import SchemaError
from gliner2_core.schema.builder import Schema
from gliner2_core.schema.shortcuts import json_schema


def _natural() -> Schema:
    return (
        Schema()
        .structure("order", mode="natural", anchor="id")
        .field("items", cardinality="one_or_more", exclusive=True)
        .field("id", dtype="str", cardinality="required_one")
        .structure("note")
        .field("text", dtype="str")
    )


def test_builder_and_dict_form_round_trip():
    schema = _natural()
    data = schema.to_dict()
    assert data["structures"]["order"] == {
        "fields": [
            {"name": "items", "cardinality": "one_or_more", "exclusive": True},
            {"name": "id", "dtype": "str", "cardinality": "required_one"},
        ],
        "mode": "natural",
        "anchor": "id",
    }
    assert data["structures"]["note"] == {"fields": [{"name": "text", "dtype": "str"}]}  # no mode: unchanged
    assert Schema.from_dict(data).build() == schema.build()


def test_natural_anchor_defaults_to_the_first_field():
    spec = Schema().structure("deal", mode="natural").field("buyer").field("item").build()
    assert spec.structures[0].anchor == "buyer"


def test_reference_dict_form_is_read():
    spec = Schema.from_dict(
        {"structures": {"deal": {"mode": "natural", "fields": [{"name": "buyer", "dtype": "str", "exclusive": True}]}}}
    ).build()
    structure = spec.structures[0]
    assert (structure.mode, structure.anchor, structure.fields[0].exclusive) == ("natural", "buyer", True)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Schema().structure("o", mode="latent", anchor="id").field("id").build(), "no anchor with mode='latent'"),
        (
            lambda: Schema().structure("o", mode="anchorless", occurrence_policy="most").field("id").build(),
            "occurrence_policy: got 'most'",
        ),
        (lambda: Schema().structure("o", mode="sideways"), "structure 'o'.mode: got 'sideways'; expected one of 'natural'"),
        (lambda: Schema().structure("o", anchor="id").field("id").build(), "no anchor without mode='natural'"),
        (lambda: Schema().structure("o", mode="natural", anchor="x").field("id").build(), "anchor: got 'x'; expected one of 'id'"),
        (lambda: Schema().structure("o").field("id", cardinality="many"), "cardinality: got 'many'"),
        (lambda: Schema().structure("o").field("id", exclusive="yes"), "exclusive: got 'yes'"),
        (
            lambda: Schema.from_dict({"structures": {"o": {"fields": ["id"], "occurrence_policy": "all"}}}).build(),
            "no occurrence_policy without a record mode",
        ),
        (lambda: Schema.from_dict({"structures": {"o": {"fields": ["id"], "pattern": "x"}}}), "option"),
    ],
)
def test_invalid_record_settings_are_refused(build, message):
    with pytest.raises(SchemaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()


@pytest.mark.parametrize("mode", ["latent", "anchorless"])
def test_latent_and_anchorless_modes_have_no_anchor_and_round_trip(mode):
    data = {"structures": {"o": {"mode": mode, "occurrence_policy": "first", "fields": [{"name": "id"}, {"name": "x"}]}}}
    schema = Schema.from_dict(data)
    structure = schema.build().structures[0]
    assert (structure.mode, structure.anchor, structure.occurrence_policy) == (mode, None, "first")
    assert Schema.from_dict(schema.to_dict()).build() == schema.build()


def test_json_schema_forms_records_only_when_asked():
    structures = {"order": ["id::str", "items", "tier::[a|b]"]}
    plain = json_schema(structures).build().structures[0]
    assert plain.mode is None and all(f.cardinality is None and not f.exclusive for f in plain.fields)
    formed = json_schema(structures, records=True).build().structures[0]
    assert (formed.mode, formed.anchor) == ("natural", "id")
    assert [(f.cardinality, f.exclusive) for f in formed.fields] == [
        ("required_one", True),
        ("zero_or_more", True),
        ("required_one", True),
    ]
