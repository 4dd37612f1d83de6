"""GLiNER2.run: typed Extraction results, and extract() as their reference-dict view."""

import pickle

import pytest

from gliner2_core import Choice, Extraction, ExtractOptions, Record, Relation, Schema, Span, TaskKind, to_reference_dict

TEXTS = ["Tim Cook works for Apple in Paris.", "Steve Jobs founded Apple in London, the review was great.", ""]


def _schema():
    return (
        Schema()
        .entities(["person", "company"])
        .entities({"city": {"dtype": "str"}})
        .classification("sentiment", ["positive", "negative"])
        .classification("topics", ["tech", "travel"], multi_label=True)
        .structure("order")
        .field("item")
        .field("status", dtype="str", choices=["open", "closed"])
        .relations(["works_for"])
    )


def test_run_returns_one_typed_extraction_per_text_with_every_requested_key(tiny_model):
    results = tiny_model.run(TEXTS, _schema(), ExtractOptions(threshold=0.2))
    assert [type(r) for r in results] == [Extraction] * 3
    for text, result in zip(TEXTS, results):
        assert result.text is text
        assert list(result.entities) == ["person", "company", "city"]
        assert set(result.classifications) == {"sentiment", "topics"}
        assert list(result.records) == ["order"] and list(result.relations) == ["works_for"]
        assert len(result.entities["city"]) <= 1  # dtype "str": at most one span
        assert len(result.classifications["sentiment"]) == (1 if text else 0)


def test_every_span_of_an_extraction_indexes_the_users_text(tiny_model):
    results = tiny_model.run(TEXTS[:2], _schema(), threshold=0.0)
    mentions = [m for r in results for m in r.mentions()]
    assert {m.kind for m in mentions} >= {TaskKind.ENTITIES}
    for result in results:
        for mention in result.mentions():
            span = mention.span
            assert isinstance(span, Span)
            assert result.text[span.start : span.end].strip() == span.text
            assert 0.0 <= span.confidence <= 1.0


FLAGS = [{}, {"include_confidence": True}, {"include_spans": True}, {"include_confidence": True, "include_spans": True}]


@pytest.mark.parametrize("flags", FLAGS)
def test_extract_is_the_reference_dict_of_run(tiny_model, flags):
    schema = _schema()
    typed = tiny_model.run(TEXTS, schema, threshold=0.2)
    expected = [to_reference_dict(result, **flags) for result in typed]
    assert tiny_model.batch_extract(TEXTS, schema, threshold=0.2, **flags) == expected
    [single] = tiny_model.run(TEXTS[:1], schema, threshold=0.2)  # unbatched: padding moves floats by ~1e-7
    assert tiny_model.extract(TEXTS[0], schema, threshold=0.2, **flags) == to_reference_dict(single, **flags)


def test_run_accepts_options_and_keyword_overrides_together(tiny_model):
    options = ExtractOptions(threshold=0.9)
    low = tiny_model.run(TEXTS[:1], Schema().entities(["person"]), options, threshold=0.0)[0]
    high = tiny_model.run(TEXTS[:1], Schema().entities(["person"]), options)[0]
    assert len(low.entities["person"]) >= len(high.entities["person"])
    assert all(s.confidence >= 0.9 for s in high.entities["person"])


def test_a_field_threshold_overrides_the_call_threshold_for_that_field_only(tiny_model):
    schema = Schema().entities(["person", "company"])
    options = ExtractOptions(threshold=1.0, field_thresholds={"entities.person": 0.0})
    [result] = tiny_model.run(TEXTS[:1], schema, options)
    assert result.entities["person"]  # threshold 0 keeps the best non-overlapping spans
    assert all(span.confidence >= 1.0 for span in result.entities["company"])
    assert result.schema.entities.types[0].threshold == 0.0


def test_extractions_pickle_for_multiprocess_pipelines(tiny_model):
    [result] = tiny_model.run(TEXTS[:1], _schema(), threshold=0.0)
    assert pickle.loads(pickle.dumps(result)) == result


def test_record_relation_and_label_helpers_read_typed_values():
    span, other = Span("Tim Cook", 0.9, 0, 8), Span("Apple", 0.6, 19, 24)
    record = Record({"item": (span,), "status": ()})
    assert record.first("item") is span and record.first("status") is None
    assert Relation(span, other).confidence == 0.6
    extraction = Extraction(
        "Tim Cook works for Apple",
        Schema().classification("topics", ["tech", "travel"], multi_label=True).build(),
        classifications={"topics": (Choice("travel", 0.55), Choice("tech", 0.8))},
    )
    assert extraction.label("topics") == Choice("tech", 0.8)


def test_a_custom_runner_plugs_in_behind_run(tiny_checkpoint):
    from gliner2_core import GLiNER2
    from gliner2_core.architectures.span.loading import load_model

    class Fixed:
        def run(self, items, options):
            for text, spec in items:
                yield Extraction(text, spec, entities={"person": (Span(text, options.threshold, 0, len(text)),)})

    model, tokenizer = load_model(tiny_checkpoint)
    gliner = GLiNER2(model, tokenizer, runner=Fixed())
    assert gliner.extract("Ada", Schema().entities(["person"]), threshold=0.3, include_confidence=True) == {
        "entities": {"person": [{"text": "Ada", "confidence": 0.3}]}
    }
