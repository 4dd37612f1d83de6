"""Entity attribute groups: parity with the reference (``gliner2==2.1.0``) on boundary checkpoints.

On the tiny random boundary checkpoints (built by the reference, every variant,
both candidate pools), the same schema with ``entity_attributes`` through our
builder / dict form and the reference's gives the same prompt (token ids), the
same entity spans and the same attributes on each span: single-label groups
(softmax), ``multi_label`` groups (sigmoid against the group threshold),
``applies_to``, ``qualify_labels``; probabilities within 1e-5. The comparisons
are made at thresholds where spans and multi-label attributes are found (the
test asserts they are). A single-label group's winner may differ only where its
top two probabilities tie within 1e-5 (float noise).

Normalised, as documented in docs/compatibility.md: our results keep every
entity label (``[]``, or ``None`` for a ``dtype="str"`` label, which the
reference gives as ``""`` without flags), and a structure with no instance as ``[]``.
"""

from __future__ import annotations

import pytest
from gliner2 import AutoExtractor
from gliner2 import Schema as ReferenceSchema

from gliner2_core import AttributeGroup, GLiNER2, Schema
from gliner2_core.errors import SchemaError
from tests.gliner2_core.architectures.boundary.compare import assert_same
from tests.gliner2_core.architectures.boundary.tiny_boundary import VARIANTS, build_reference_boundary
from tests.gliner2_core.parity.cases import TEXTS as CASE_TEXTS

pytestmark = pytest.mark.parity

ATOL = 1e-5
# Four varied texts (names, numbers and dates, punctuation, non-ASCII) keep the six variants affordable on a CPU.
TEXTS = CASE_TEXTS[:3] + CASE_TEXTS[4:5]
SCHEMAS = {
    "single_and_multi": {
        "entities": ["person", "company", "location"],
        "entity_attributes": {
            "sentiment": {"labels": ["positive", "negative", "neutral"]},
            "role": {
                "labels": ["ceo", "founder", "engineer"],
                "multi_label": True,
                "threshold": 0.3,
                "applies_to": ["person"],
            },
        },
    },
    # a label equal to an entity label needs qualify_labels; described labels, a str label with its own threshold
    "qualified_with_descriptions": {
        "entities": {
            "person": "a named human",
            "organisation": {"description": "a company or institution", "threshold": 0.4},
            "date": {"dtype": "str"},
        },
        "entity_attributes": {
            "kind": {"labels": ["person", "organisation", "place"], "qualify_labels": True},
            "tone": {
                "labels": ["formal", "casual"],
                "multi_label": True,
                "threshold": 0.6,
                "applies_to": ["person", "date"],
            },
        },
    },
    "with_other_tasks": {
        "entities": ["product", "city"],
        "entity_attributes": {"polarity": {"labels": ["good", "bad"]}},
        "classifications": [{"task": "sentiment", "labels": ["positive", "negative"]}],
        "structures": {
            "order": {"fields": [{"name": "item"}, {"name": "tier", "dtype": "str", "choices": ["basic", "pro"]}]}
        },
    },
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def models(request, tmp_path_factory):
    family, head = VARIANTS[request.param]
    folder = build_reference_boundary(tmp_path_factory.mktemp("attributes") / "ckpt", family, head)
    return AutoExtractor.from_pretrained(str(folder)).eval(), GLiNER2.from_pretrained(folder, backend="torch")


def _same(ours, theirs, path="result"):
    """Equal, floats within ATOL, keys in the same order; a single-label attribute may differ only on a
    tie (a shared pool can score a group's labels near 1/3 each, equal to within float noise)."""
    assert_same(ours, theirs, path, key_order=True, label_ties=True, atol=ATOL)


def _normalise(result, schema):
    """Every requested key present, as in our results (see the module docstring)."""
    result = dict(result)
    labels = schema["entities"]
    entities = dict(result.get("entities") or {})
    for name in labels:
        config = labels[name] if isinstance(labels, dict) else {}
        scalar = isinstance(config, dict) and config.get("dtype") == "str"
        if entities.get(name) == "" or (scalar and name not in entities):
            entities[name] = None
        entities.setdefault(name, [])
    result["entities"] = {name: entities[name] for name in labels}
    for name in schema.get("structures", {}):
        result.setdefault(name, [])
    return {key: result[key] for key in _our_key_order(schema) if key in result}


def _our_key_order(schema):
    return [*schema.get("structures", {}), "entities", *(c["task"] for c in schema.get("classifications", []))]


def _mentions(result):
    """Every entity span of a formatted result."""
    for value in result["entities"].values():
        yield from (value if isinstance(value, list) else [value] if value else [])


def test_token_ids_match_reference(models):
    ref, ours = models
    for schema in SCHEMAS.values():
        batch = ref.processor.collate_fn_inference([(t, ReferenceSchema.from_dict(schema)) for t in TEXTS])
        spec = Schema.from_dict(schema).build()
        for i, text in enumerate(TEXTS):
            expected = batch.input_ids[i, : batch.original_lengths[i]].tolist()
            assert list(ours.processor.encode(text, spec)[0].input_ids) == expected, text


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_entity_attributes_match_reference(models, schema_name):
    ref, ours = models
    schema = SCHEMAS[schema_name]
    groups = schema["entity_attributes"]
    attributed = multi_found = 0
    for options in (dict(threshold=0.3, include_confidence=True, include_spans=True), dict(threshold=0.5)):
        theirs = ref.batch_extract(TEXTS, ReferenceSchema.from_dict(schema), batch_size=len(TEXTS), **options)
        mine = ours.batch_extract(TEXTS, Schema.from_dict(schema), batch_size=3, **options)
        for text, a, b in zip(TEXTS, mine, theirs):
            _same(a, _normalise(b, schema), text)
            for mention in _mentions(a):
                attributed += any(name in mention for name in groups)
                multi_found += sum(bool(mention.get(n)) for n, g in groups.items() if g.get("multi_label"))
    assert attributed, "no entity span was found: the comparison would be empty"
    if any(g.get("multi_label") for g in groups.values()):
        assert multi_found, "no multi-label attribute reached its threshold"


def test_builder_schema_matches_dict_schema(models):
    _, ours = models
    built = (
        Schema()
        .entities(["person", "company", "location"])
        .entity_attributes(
            {
                "sentiment": AttributeGroup(["positive", "negative", "neutral"]),
                "role": AttributeGroup(
                    ["ceo", "founder", "engineer"], multi_label=True, threshold=0.3, applies_to=["person"]
                ),
            }
        )
    )
    from_dict = Schema.from_dict(SCHEMAS["single_and_multi"])
    assert built.build() == from_dict.build()
    options = dict(threshold=0.3, include_confidence=True)
    assert ours.batch_extract(TEXTS[:2], built, **options) == ours.batch_extract(TEXTS[:2], from_dict, **options)


def test_typed_results_carry_attributes_per_span(models):
    _, ours = models
    schema = Schema.from_dict(SCHEMAS["single_and_multi"])
    found = 0
    for extraction in ours.run(TEXTS, schema, threshold=0.3):
        for label in ("person", "company", "location"):
            pairs = list(extraction.attributes(label))
            assert [span for span, _ in pairs] == list(extraction.entities[label])
            for _, groups in pairs:
                assert list(groups) == (["sentiment", "role"] if label == "person" else ["sentiment"])
                (sentiment,) = groups["sentiment"]
                assert sentiment.text in ("positive", "negative", "neutral") and 0.0 < sentiment.confidence <= 1.0
                assert all(choice.confidence >= 0.3 for choice in groups.get("role", ()))
                found += 1
    assert found


def test_long_text_windows_keep_attributes(models):
    """A text split into windows: every span keeps the attributes of the window that owns it."""
    _, ours = models
    schema = Schema.from_dict(SCHEMAS["single_and_multi"])
    text = " ".join(TEXTS[:3])
    whole = ours.extract(text, schema, threshold=0.3, include_spans=True)
    windowed = ours.extract(text, schema, threshold=0.3, include_spans=True, max_len=24)
    spans = [mention for mention in _mentions(windowed)]
    assert spans and all("sentiment" in mention for mention in spans)
    assert whole["entities"].keys() == windowed["entities"].keys()


def test_span_checkpoint_refuses_attribute_groups(tmp_path):
    from tests.tiny import build_checkpoint

    model = GLiNER2.from_pretrained(build_checkpoint(tmp_path / "span"), backend="torch")
    schema = Schema.from_dict(SCHEMAS["single_and_multi"])
    with pytest.raises(SchemaError, match="entity_attributes.*boundary checkpoints only"):
        model.extract(TEXTS[0], schema)
