"""Schema options are validated by type: no truthy strings, no silently ignored options."""

import pytest
import torch

from gliner2_core import Schema, SchemaError
from gliner2_core.decoding.classification import class_probabilities, decode_classification
from gliner2_core.processing.batch import collate
from gliner2_core.schema import parse_field_spec
from gliner2_core.schema.shortcuts import classification_schema, json_schema


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None])
def test_multi_label_must_be_a_boolean(value):
    with pytest.raises(SchemaError, match=rf"classification 'tone'.multi_label: got {value!r}; expected one of True, False"):
        Schema().classification("tone", ["formal", "casual"], multi_label=value)


def test_multi_label_as_a_string_in_the_dict_forms_is_refused():
    with pytest.raises(SchemaError, match="multi_label: got 'false'"):
        classification_schema({"tone": {"labels": ["formal", "casual"], "multi_label": "false"}})
    with pytest.raises(SchemaError, match="multi_label: got 'false'"):
        Schema.from_dict({"classifications": [{"task": "tone", "labels": ["a", "b"], "multi_label": "false"}]})


def test_top_k_without_multi_label_is_an_error_not_ignored():
    with pytest.raises(SchemaError, match=r"classification 'tone'.top_k: got 2; expected None unless multi_label=True"):
        Schema().classification("tone", ["formal", "casual", "angry"], top_k=2)
    spec = Schema().classification("tone", ["formal", "casual", "angry"], multi_label=True, top_k=2).build()
    assert spec.classifications[0].top_k == 2


@pytest.mark.parametrize("spec", ["price::float", "count::int", "paid::bool", "due::date", "price::str::number", "name::string"])
def test_a_type_name_in_a_field_spec_is_refused_not_read_as_a_description(spec):
    with pytest.raises(SchemaError, match=r"dtype: got .*; expected one of 'list', 'str'"):
        parse_field_spec(spec)
    with pytest.raises(SchemaError, match="dtype"):
        json_schema({"invoice": [spec]})


def test_descriptions_and_real_dtypes_in_field_specs_still_parse():
    assert parse_field_spec("price::str::the amount to pay") == {"name": "price", "dtype": "str", "description": "the amount to pay"}
    assert parse_field_spec("price::a floating amount") == {"name": "price", "description": "a floating amount"}


def test_softmax_over_a_single_label_is_refused():
    with pytest.raises(SchemaError, match=r"class_act: got 'softmax'; expected 'auto' or 'sigmoid' with a single label"):
        Schema().classification("spam", ["spam"], class_act="softmax")


def test_a_single_label_task_is_a_sigmoid_yes_no_question():
    task = Schema().classification("complaint", ["complaint"]).build().classifications[0]
    yes = class_probabilities(task, torch.tensor([2.0]))
    no = class_probabilities(task, torch.tensor([-2.0]))
    assert yes.item() == pytest.approx(torch.sigmoid(torch.tensor(2.0)).item())
    assert decode_classification(task, yes)[0].text == "complaint"
    assert decode_classification(task, no) == ()


def test_a_single_label_task_through_the_model_is_not_always_certain(tiny_model):
    texts = ["I hate this", "great movie", "the review was bad", "Tim Cook works for Apple"]
    schema = Schema().classification("sentiment", ["positive"])
    results = tiny_model.batch_extract(texts, schema, include_confidence=True)
    confidences = [r["sentiment"]["confidence"] for r in results if r["sentiment"] is not None]
    assert all(c < 1.0 for c in confidences)
    for result in results:  # answered only at or over cls_threshold
        assert result["sentiment"] is None or result["sentiment"]["confidence"] >= 0.5
    typed = tiny_model.run(texts, schema)
    logits = []
    for text in texts:
        rows = tiny_model.processor.encode(text, schema.build())
        with torch.inference_mode():
            logits.append(tiny_model.model(collate(rows)).tasks[0][0].class_logits.item())
    for extraction, logit in zip(typed, logits):
        p = torch.sigmoid(torch.tensor(logit)).item()
        chosen = extraction.classifications["sentiment"]
        assert (chosen[0].confidence == pytest.approx(p, abs=1e-6)) if p >= 0.5 else chosen == ()
