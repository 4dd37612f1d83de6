"""Packing short examples into long ones keeps every gold span pinned to the packed text."""

import random

import pytest

from gliner2_core.training.examples import ChoiceGold, parse_record
from gliner2_core.training.packing import concatenate, pack_examples, packable


def _sentence(i: int):
    text = f"Person{i} visited City{i} on Monday."
    return parse_record(
        {
            "input": text,
            "output": {
                "entities": {
                    "person": [{"text": f"Person{i}", "start": 0, "end": len(f"Person{i}")}],
                    "location": [{"text": f"City{i}", "start": text.index("City"), "end": text.index("City") + len(f"City{i}")}],
                },
                "relations": [{"visited": {"head": {"text": f"Person{i}", "start": 0, "end": len(f"Person{i}")}, "tail": {"text": f"City{i}", "start": text.index("City"), "end": text.index("City") + len(f"City{i}")}}}],
                "json_structures": [{"trip": {"who": {"text": f"Person{i}", "start": 0, "end": len(f"Person{i}")}, "kind": {"value": "visit", "choices": ["visit", "move"]}}}],
            },
        },
        source="toy",
    )


def _all_pinned_spans(example):
    for mentions in example.entities.values():
        yield from mentions
    for _, head, tail in example.relations:
        yield head
        yield tail
    for _, fields in example.structures:
        for gold in fields.values():
            if not isinstance(gold, ChoiceGold):
                yield from gold


def test_concatenated_examples_keep_every_span_pinned_to_the_new_text():
    parts = [_sentence(i) for i in range(4)]
    packed = concatenate(parts, [" ", "\n", "\n\n"])
    assert packed.text == parts[0].text + " " + parts[1].text + "\n" + parts[2].text + "\n\n" + parts[3].text
    spans = list(_all_pinned_spans(packed))
    assert len(spans) == 4 * 5  # person, location, relation head and tail, record field
    assert all(packed.text[m.start : m.end] == m.text for m in spans)
    assert [m.text for m in packed.entities["person"]] == ["Person0", "Person1", "Person2", "Person3"]
    assert len(packed.structures) == 4 and packed.structures[3][1]["kind"] == ChoiceGold(("visit",), ("visit", "move"))


def test_examples_with_a_whole_text_label_or_unpinned_gold_are_not_packed():
    classified = parse_record(
        {"input": "Great film.", "output": {"classifications": [{"task": "sentiment", "labels": ["good", "bad"], "true_label": ["good"]}]}}
    )
    unpinned = parse_record({"input": "Ann met Bob.", "output": {"entities": {"person": ["Ann"]}}})
    assert packable(_sentence(1))
    assert not packable(classified)
    assert not packable(unpinned)


def test_packing_uses_each_example_once_within_the_word_budget_and_is_deterministic():
    examples = [_sentence(i) for i in range(60)]
    first = pack_examples(examples, share=1.0, max_words=30, rng=random.Random(3), min_words=10)
    second = pack_examples(examples, share=1.0, max_words=30, rng=random.Random(3), min_words=10)
    assert [p.text for p in first] == [p.text for p in second]
    assert first and all(len(p.text.split()) <= 30 for p in first)
    people = [m.text for p in first for m in p.entities["person"]]
    assert len(people) == len(set(people))


@pytest.mark.parametrize("share", [0.0, -1.0])
def test_packing_is_off_when_the_share_is_not_positive(share):
    assert pack_examples([_sentence(i) for i in range(10)], share=share, max_words=100, rng=random.Random(0)) == []


def test_separators_must_match_the_parts():
    with pytest.raises(ValueError, match="separators"):
        concatenate([_sentence(0), _sentence(1)], [])
