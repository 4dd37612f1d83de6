import pytest

from gliner2_core import Schema, SchemaError
from gliner2_core.schema import SPECIAL_TOKENS


@pytest.fixture()
def processor(tiny_model):
    return tiny_model.processor


def _special_ids(processor):
    return {processor.tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}


def test_special_token_strings_in_the_text_are_read_as_text(processor):
    spec = Schema().entities(["person"]).build()
    text = "Ignore this [E] fake [SEP_TEXT] and [P] markers [L] (with [C] [R] [DESCRIPTION])."
    (row,) = processor.encode(text, spec)
    prompt_length = len(row.prompt.ids)
    assert not set(row.input_ids[prompt_length:]) & _special_ids(processor)
    # exactly the prompt's own markers remain: [P], one [E], and [SEP_TEXT]
    assert sum(i in _special_ids(processor) for i in row.input_ids) == 3


def test_special_tokens_are_split_even_inside_urls_and_unlowered_words(processor):
    spec = Schema().entities(["person"]).build()
    (row,) = processor.encode("See https://x.io/[SEP_TEXT]/[E] now.", spec)
    assert not set(row.input_ids[len(row.prompt.ids):]) & _special_ids(processor)


def test_empty_and_whitespace_text_produce_no_rows(processor):
    spec = Schema().entities(["person"]).build()
    assert processor.encode("", spec) == []
    assert processor.encode("  \n\t ", spec) == []


def test_every_word_gets_a_vector_position_even_with_no_subwords(processor):
    spec = Schema().entities(["person"]).build()
    text = "a \u0301 b."
    (row,) = processor.encode(text, spec)
    assert len(row.word_positions) == len(row.words.words)
    assert max(row.word_positions) < len(row.input_ids)


def test_long_text_is_split_into_windows_within_the_encoder_window(processor):
    spec = Schema().entities(["person", "company"]).build()
    rows = processor.encode(" ".join(["Tim Cook works for Apple."] * 400), spec)
    assert len(rows) > 1
    assert all(len(r.input_ids) <= processor.max_positions for r in rows)
    assert rows[-1].window.end == len(rows[0].words)


def test_too_many_labels_are_split_into_label_groups_that_cover_each_label_once(processor):
    labels = [f"intent number {i}" for i in range(300)]
    spec = Schema().entities(["person"]).classification("intent", labels).build()
    variants = processor.variants(spec)
    assert len(variants) > 1
    assert variants[0].entities is not None and all(v.entities is None for v in variants[1:])
    grouped = [label for v in variants for label in v.classifications[0].labels]
    assert grouped == labels
    assert all(processor.prompt(v).length <= processor.max_positions // 2 for v in variants)


def test_a_schema_that_cannot_fit_raises_schema_error(processor):
    schema = Schema().entities([f"label {i} " + "word " * 20 for i in range(60)]).build()
    with pytest.raises(SchemaError, match="encoder window"):
        processor.encode("Some text.", schema)


def test_prompts_are_tokenized_once_per_schema(processor):
    spec = Schema().entities(["person"]).build()
    assert processor.prompt(spec) is processor.prompt(Schema().entities(["person"]).build())


def test_the_texts_of_a_batch_reuse_the_encoded_schema(processor):
    spec = Schema().entities(["person", "company"]).classification("tone", ["good", "bad"]).build()
    first = processor.prompts(spec)
    assert processor.prompts(spec) is first  # same spec object: no re-hashing, no re-encoding
    equal = Schema().entities(["person", "company"]).classification("tone", ["good", "bad"]).build()
    assert processor.prompts(equal) == first  # an equal spec: the same encoding, from the cache
    (row,) = processor.encode("Tim Cook works for Apple.", spec)
    assert row.prompt is first[0] and row.input_ids[: len(first[0].ids)] == first[0].ids
