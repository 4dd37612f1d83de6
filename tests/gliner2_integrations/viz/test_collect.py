"""Reading extraction results into viewer documents: reference-shape outputs and Pydantic results."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from gliner2_core import SchemaError
from gliner2_integrations.pydantic import extract_model
from gliner2_integrations.viz import Highlight, ViewDocument, from_output, from_result, segments

TEXT = "Angela Merkel works for Siemens in Berlin. Call John Smith in Paris."


class Contact(BaseModel):
    """A person and the city they are in."""

    name: str | None = Field(None, description="a person's name")
    city: str | None = Field(None, description="a city")


@pytest.fixture(scope="module")
def full_output(bundled_model):
    schema = (
        bundled_model.create_schema()
        .entities(["person", "organisation"])
        .classification("sentiment", ["positive", "negative", "neutral"])
        .structure("contact")
        .field("name", dtype="str")
        .field("city", dtype="str")
        .relations(["works for"])
    )
    return bundled_model.extract(TEXT, schema, include_confidence=True, include_spans=True)


def test_every_span_of_a_real_output_becomes_a_highlight_over_its_own_text(full_output):
    view = from_output(TEXT, full_output, title="a.txt")
    mentions = [m for ms in full_output["entities"].values() for m in ms]
    assert mentions, "the bundled model finds the people and companies of this sentence"
    entity_highlights = [h for h in view.highlights if h.field.startswith("entities.")]
    assert len(entity_highlights) == len(mentions)
    for h in view.highlights:
        assert 0 <= h.start < h.end <= len(TEXT) and h.confidence is not None
    by_text = {TEXT[h.start : h.end]: h for h in entity_highlights}
    for label, found in full_output["entities"].items():
        for mention in found:
            assert by_text[mention["text"]].label == label
            assert by_text[mention["text"]].confidence == pytest.approx(mention["confidence"])


def test_classifications_records_and_relations_become_summaries(full_output):
    view = from_output(TEXT, full_output)
    assert [(c.task, c.label) for c in view.classifications] == [("sentiment", full_output["sentiment"]["label"])]
    names = [r.name for r in view.records]
    assert "contact[0]" in names
    relation_highlights = [h for h in view.highlights if h.label == "works for"]
    assert {h.field.rsplit(".", 1)[1] for h in relation_highlights} <= {"head", "tail"}
    contact = next(r for r in view.records if r.name == "contact[0]")
    assert [f.name for f in contact.fields] == ["name", "city"]


def test_output_without_spans_is_summarised_but_not_highlighted(bundled_model):
    plain = bundled_model.extract_entities(TEXT, ["person"])
    view = from_output(TEXT, plain)
    assert view.highlights == ()


def test_multi_label_classification_lists_every_label():
    output = {"topics": [{"label": "sport", "confidence": 0.9}, {"label": "food", "confidence": 0.7}]}
    view = from_output("x", output)
    assert [(c.label, c.confidence) for c in view.classifications] == [("sport", 0.9), ("food", 0.7)]


def test_pydantic_result_spans_become_highlights_labelled_by_field(bundled_model):
    result = extract_model(bundled_model, "Angela Merkel lives in Berlin.", Contact)
    view = from_result("Angela Merkel lives in Berlin.", result, title="r")
    assert {h.label for h in view.highlights} == set(result.spans)
    for h in view.highlights:
        assert (h.start, h.end) in result.spans[h.field]
        assert h.confidence == pytest.approx(result.confidence[h.field])
    assert view.records[0].name == "Contact"


def test_segments_cut_overlapping_spans_at_every_boundary():
    spans = [Highlight(0, 4, "a", "a"), Highlight(2, 6, "b", "b"), Highlight(2, 4, "c", "c")]
    assert segments("abcdefgh", spans) == [(0, 2, [0]), (2, 4, [0, 1, 2]), (4, 6, [1]), (6, 8, [])]


def test_a_span_outside_the_text_is_refused_naming_the_document_and_field():
    with pytest.raises(SchemaError, match=r"'doc'.*'entities.person'.*\(3, 9\)"):
        ViewDocument("doc", "abcd", (Highlight(3, 9, "person", "entities.person"),))


def test_an_output_that_is_not_a_dict_is_refused():
    with pytest.raises(SchemaError, match="output"):
        from_output("text", ["not", "a", "dict"])


def test_typed_extraction_gives_the_same_highlights_as_its_reference_dict(bundled_model, full_output):
    from gliner2_integrations.viz import from_extraction

    schema = (
        bundled_model.create_schema()
        .entities(["person", "organisation"])
        .classification("sentiment", ["positive", "negative", "neutral"])
        .structure("contact")
        .field("name", dtype="str")
        .field("city", dtype="str")
        .relations(["works for"])
    )
    [extraction] = bundled_model.run([TEXT], schema)
    typed = from_extraction(extraction, title="t")
    reference = from_output(TEXT, full_output, title="t")

    def key(view):
        return sorted((h.start, h.end, h.label, h.field, round(h.confidence, 5)) for h in view.highlights)

    assert key(typed) == key(reference)
    assert [(c.task, c.label) for c in typed.classifications] == [(c.task, c.label) for c in reference.classifications]
    assert [r.name for r in typed.records] == [r.name for r in reference.records]
