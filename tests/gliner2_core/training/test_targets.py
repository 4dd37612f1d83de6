import random

from gliner2_core.processing.encoding import Processor
from gliner2_core.training import parse_record
from gliner2_core.training.sampling import LabelPool, SamplingConfig, sample_schema
from gliner2_core.training.targets import build_targets

NO_AUGMENT = SamplingConfig(drop_label=0.0, drop_field=0.0, synthetic_names=0.0, negative_tasks=0, structure_views=0.0)


def _row_and_targets(tiny_model, record):
    example = parse_record(record, source="t")
    spec, gold = sample_schema(example, LabelPool.from_examples([example]), NO_AUGMENT, random.Random(0))
    processor: Processor = tiny_model.processor
    (row,) = processor.encode(example.text, spec)
    return row, build_targets(row, gold, max_width=8)


def test_pinned_and_string_gold_map_to_the_same_word_span(tiny_model):
    text = "Ann met Bob and Bob left."
    row, targets = _row_and_targets(
        tiny_model, {"input": text, "output": {"entities": {"person": ["Bob", {"text": "Ann", "start": 0, "end": 3}]}}}
    )
    (target,) = targets
    assert target.count == 1
    # "Bob" occurs twice (string gold = every occurrence), "Ann" once (pinned)
    assert sorted(start for _, _, start, _ in target.spans) == [0, 2, 4]


def test_structure_instances_are_ordered_by_first_mention_and_choices_point_at_their_option(tiny_model):
    record = {
        "input": "Coffee was ordered, then tea.",
        "output": {
            "json_structures": [
                {"order": {"item": "tea", "size": {"value": "large", "choices": ["small", "large"]}}},
                {"order": {"item": "Coffee", "size": {"value": "small", "choices": ["small", "large"]}}},
            ]
        },
    }
    row, (target,) = _row_and_targets(tiny_model, record)
    assert target.count == 2
    fields = row.prompt.segments[0].fields
    item, size = fields.index("item"), fields.index("size")
    prefix = row.prompt.num_prefix_words
    items = {(k, start) for k, field, start, _ in target.spans if field == item}
    assert items == {(0, prefix + 0), (1, prefix + 5)}  # coffee (word 0) is instance 0, tea (word 5) instance 1
    slots = row.prompt.choice_slots[("order", "size")]
    choices = [c for c in row.prompt.spec.structures[0].fields if c.name == "size"][0].choices
    chosen = {(k, start) for k, field, start, width in target.spans if field == size}
    assert chosen == {(0, slots[choices.index("small")]), (1, slots[choices.index("large")])}  # coffee: small, tea: large


def test_classification_targets_are_multi_hot_over_the_shown_labels(tiny_model):
    record = {
        "input": "I love it.",
        "output": {"classifications": [{"task": "tone", "labels": ["happy", "sad", "angry"], "true_label": ["happy"]}]},
    }
    row, (target,) = _row_and_targets(tiny_model, record)
    shown = row.prompt.segments[0].fields
    assert target.labels == tuple(1.0 if label == "happy" else 0.0 for label in shown)
