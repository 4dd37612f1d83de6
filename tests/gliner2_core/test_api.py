import pytest

from gliner2_core import Schema, SchemaError


def _everything():
    return (
        Schema()
        .entities(["person", "company"])
        .entities({"date": {"dtype": "str"}})
        .classification("sentiment", ["positive", "negative"])
        .classification("topics", ["tech", "travel"], multi_label=True)
        .structure("order")
        .field("item")
        .field("status", dtype="str", choices=["open", "closed"])
        .relations(["works_for"])
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_returns_the_empty_result_of_the_right_shape(tiny_model, text):
    assert tiny_model.extract(text, _everything()) == {
        "order": [],
        "entities": {"person": [], "company": [], "date": None},
        "sentiment": None,
        "topics": [],
        "relation_extraction": {"works_for": []},
    }


def test_every_requested_key_is_present_in_a_real_result(tiny_model):
    result = tiny_model.extract("Tim Cook works for Apple in Paris.", _everything())
    assert set(result) == {"order", "entities", "sentiment", "topics", "relation_extraction"}
    assert set(result["entities"]) == {"person", "company", "date"}
    assert set(result["relation_extraction"]) == {"works_for"}


def test_offsets_index_the_users_text_and_never_include_the_appended_period(tiny_model):
    text = "Tim Cook works for Apple in Paris"
    result = tiny_model.extract_entities(text, ["person", "company", "location"], threshold=0.0, include_spans=True)
    spans = [s for items in result["entities"].values() for s in items]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["end"] <= len(text)


def test_threshold_outside_unit_interval_names_the_option(tiny_model):
    with pytest.raises(SchemaError, match="threshold: got 1.5"):
        tiny_model.extract("text", Schema().entities(["person"]), threshold=1.5)


def test_a_non_string_text_in_a_batch_gets_an_empty_result_and_the_others_run(tiny_model):
    schema = Schema().entities(["person"])
    got = tiny_model.batch_extract(["Tim Cook", 42, "Tim Cook"], schema, threshold=0.0)
    assert got[1] == {"entities": {"person": []}} and got[0] == got[2] == tiny_model.extract(
        "Tim Cook", schema, threshold=0.0
    )


def test_a_single_non_string_text_is_refused(tiny_model):
    with pytest.raises(SchemaError, match=r"text: got 'int'"):
        tiny_model.extract(42, Schema().entities(["person"]))


def test_one_schema_per_text_must_match_the_number_of_texts(tiny_model):
    with pytest.raises(SchemaError, match="one schema per text"):
        tiny_model.batch_extract(["a", "b"], [Schema().entities(["person"])])


def test_a_single_string_is_not_accepted_as_a_batch(tiny_model):
    with pytest.raises(SchemaError, match="list of strings"):
        tiny_model.batch_extract("just one text", Schema().entities(["person"]))


def test_batch_results_do_not_depend_on_batch_size_or_neighbours(tiny_model):
    texts = [
        "Tim Cook works for Apple.",
        "Short.",
        "Steve Jobs founded Apple in 1976 with Steve Wozniak in California.",
    ]
    schema = Schema().entities(["person", "company"])
    one_by_one = [tiny_model.extract(t, schema, threshold=0.3, include_confidence=True) for t in texts]
    batched = tiny_model.batch_extract(texts, schema, batch_size=3, threshold=0.3, include_confidence=True)
    for a, b in zip(one_by_one, batched):
        assert a.keys() == b.keys()
        for label in a["entities"]:
            assert [x["text"] for x in a["entities"][label]] == [x["text"] for x in b["entities"][label]]
            for x, y in zip(a["entities"][label], b["entities"][label]):
                assert x["confidence"] == pytest.approx(y["confidence"], abs=1e-5)


def test_shortcuts_accept_the_reference_argument_forms(tiny_model):
    text = "Tim Cook works for Apple."
    assert set(tiny_model.extract_entities(text, {"person": "a human"})["entities"]) == {"person"}
    assert "intent" in tiny_model.classify_text(text, {"intent": {"labels": ["a", "b"], "multi_label": True}})
    assert "order" in tiny_model.extract_json(text, {"order": ["item::str", "status::[open|closed]"]})
    assert "relation_extraction" in tiny_model.extract_relations(text, ["works_for"])
    assert len(tiny_model.batch_extract_entities([text, text], ["person"])) == 2
