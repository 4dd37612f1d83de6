"""Synthetic structured-document records: valid, pinned, deterministic, split by type."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_core.training.examples import ChoiceGold, parse_record
from gliner2_datasets.synthetic import SPLIT_SIZES, TRAIN_TYPES, UNSEEN_TYPES, generate, load_synthetic
from gliner2_datasets.synthetic.generate import load_synthetic_unseen


def _spans(value: Any) -> Iterator[dict]:
    """Every pinned span inside a record's output."""
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys():
            yield value
        else:
            for item in value.values():
                yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


@pytest.fixture(scope="module")
def train_records() -> list[dict]:
    return list(generate("train", 3000, seed=11))


@pytest.fixture(scope="module")
def unseen_records() -> list[dict]:
    return list(generate("unseen", 600, seed=11))


def test_every_pinned_span_covers_exactly_its_text(train_records, unseen_records):
    checked = 0
    for record in train_records + unseen_records:
        for span in _spans(record["output"]):
            assert record["input"][span["start"] : span["end"]] == span["text"]
            assert span["text"] == span["text"].strip()
            checked += 1
    assert checked > 30000


def test_every_record_parses_as_training_data(train_records, unseen_records):
    examples = [parse_record(r, where=f"synthetic[{i}]") for i, r in enumerate(train_records + unseen_records)]
    assert all(example.structures for example in examples)
    assert sum(bool(example.entities) for example in examples) > 0.2 * len(examples)
    assert sum(bool(example.classifications) for example in examples) > 0.2 * len(examples)


def test_same_seed_gives_identical_records_and_other_seeds_differ():
    first = [json.dumps(r, sort_keys=True) for r in generate("train", 200, seed=5)]
    again = [json.dumps(r, sort_keys=True) for r in generate("train", 200, seed=5)]
    other = [json.dumps(r, sort_keys=True) for r in generate("train", 200, seed=6)]
    assert first == again
    assert len(set(first) & set(other)) == 0
    assert first[:50] == [json.dumps(r, sort_keys=True) for r in generate("train", 50, seed=5)]


def test_dev_split_draws_from_its_own_seed_space():
    train = {r["input"] for r in generate("train", 300, seed=0)}
    dev = {r["input"] for r in generate("dev", 300, seed=0)}
    assert not train & dev


def test_unseen_types_never_appear_as_labels_in_training_splits(train_records, unseen_records):
    assert set(UNSEEN_TYPES).isdisjoint(TRAIN_TYPES) and len(UNSEEN_TYPES) >= 2
    for record in train_records:
        for task in record["output"].get("classifications", []):
            assert set(task["labels"]).isdisjoint(UNSEEN_TYPES)
    true_labels = {t["true_label"][0] for r in unseen_records for t in r["output"].get("classifications", [])}
    assert true_labels == set(UNSEEN_TYPES)


def test_records_hold_absent_fields_choice_fields_and_several_instances(train_records):
    absent = choices = selected_none = multi = 0
    for record in train_records:
        example = parse_record(record)
        names = [name for name, _ in example.structures]
        multi += any(names.count(name) > 1 for name in names)
        for _, fields in example.structures:
            for gold in fields.values():
                if isinstance(gold, ChoiceGold):
                    choices += 1
                    selected_none += not gold.selected
                elif not gold:
                    absent += 1
    n = len(train_records)
    assert absent > 0.3 * n and choices > 0.5 * n and selected_none > 0.1 * n and multi > 0.3 * n


def test_field_names_are_paraphrased_across_records(train_records):
    invoice_totals = set()
    for record in train_records:
        for structure in record["output"]["json_structures"]:
            for name, fields in structure.items():
                if name in ("invoice", "bill"):
                    invoice_totals.update(k for k in fields if k in {"total", "amount due", "grand total", "total due"})
    assert len(invoice_totals) >= 3


def test_texts_are_between_short_one_liners_and_long_documents(train_records):
    words = [len(r["input"].split()) for r in train_records]
    assert min(words) >= 4 and max(words) <= 350
    assert sum(w < 25 for w in words) > 0.03 * len(words)
    assert sum(w > 120 for w in words) > 0.04 * len(words)


def test_readme_invoice_one_liner_is_generated(train_records):
    one_liners = [r for r in train_records if r["input"].startswith("Invoice from ") and "\n" not in r["input"]]
    assert one_liners
    fields = next(iter(one_liners[0]["output"]["json_structures"][0].values()))
    assert sum(bool(v) for v in fields.values() if isinstance(v, list)) >= 4


def test_generate_names_a_bad_split_and_the_valid_ones():
    with pytest.raises(TrainingDataError, match="'validation'.*train, dev, test, unseen"):
        next(generate("validation", 1, seed=0))


def test_loader_serves_fixed_sizes_within_the_word_limit():
    dev = list(load_synthetic(None, "dev", 60))  # type: ignore[arg-type]
    assert len(dev) == SPLIT_SIZES["dev"]
    assert all(len(r["input"].split()) <= 60 for r in dev)
    assert list(load_synthetic_unseen(None, "test", 400)) == list(load_synthetic(None, "unseen", 400))  # type: ignore[arg-type]
    with pytest.raises(TrainingDataError, match="'train'"):
        next(load_synthetic_unseen(None, "train", 400))  # type: ignore[arg-type]


DATE_LIKE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{4}-\d\d-\d\d\b")
CHECKS = {"email": re.compile(r"\S+@\S+\.\w+"), "money": re.compile(r"\d[\d.,]*[.,]\d\d\b"), "date": DATE_LIKE}


def test_marked_entity_labels_cover_every_email_amount_and_date_in_the_text(train_records, unseen_records):
    """An entity label in a record is complete: no e-mail, amount or numeric date of that kind is left unmarked."""
    checked = 0
    for record in train_records + unseen_records:
        entities = record["output"].get("entities") or {}
        text = record["input"]
        dates = [m.span() for m in DATE_LIKE.finditer(text)]
        for label, pattern in CHECKS.items():
            if label not in entities:
                continue
            covered = [(span["start"], span["end"]) for span in entities[label]]
            for match in pattern.finditer(text):
                if label == "money" and any(a < match.end() and match.start() < b for a, b in dates):
                    continue
                checked += 1
                assert any(a <= match.start() and match.end() <= b for a, b in covered), (label, match.group(), text)
    assert checked > 1000


def test_job_postings_include_one_line_prose_with_the_pydantic_fields(train_records):
    one_liners = []
    for record in train_records:
        text = record["input"]
        for structure in record["output"]["json_structures"]:
            name, fields = next(iter(structure.items()))
            if "\n" not in text and name in ("job posting", "job", "job offer", "vacancy", "position"):
                one_liners.append(fields)
    assert len(one_liners) > 10
    filled = [sum(isinstance(v, list) and bool(v) for v in fields.values()) for fields in one_liners]
    assert min(filled) >= 2 and sum(n >= 4 for n in filled) > len(filled) / 3


def test_receipts_include_upper_case_ocr_dumps(train_records):
    upper = [
        r["input"] for r in train_records if r["input"].isupper() and ("TOTAL" in r["input"] or "SUM " in r["input"])
    ]
    assert len(upper) > 20


def test_some_documents_arrive_inside_an_email_with_a_signature(train_records):
    wrapped = [r for r in train_records if len(r["output"]["json_structures"]) > 1 and "regards," in r["input"].lower()]
    assert len(wrapped) > 50


def test_every_value_fits_the_widest_span_the_model_can_predict(train_records, unseen_records):
    from gliner2_datasets.synthetic.values import MAX_SPAN_WORDS, span_words

    widths = [span_words(span["text"]) for r in train_records + unseen_records for span in _spans(r["output"])]
    assert max(widths) <= MAX_SPAN_WORDS
    assert sum(w >= 5 for w in widths) > 0.05 * len(widths)


def test_records_are_identical_across_processes_with_different_hash_seeds():
    import os
    import subprocess
    import sys

    script = (
        "import json, hashlib; from gliner2_datasets.synthetic import generate; "
        "print(hashlib.sha256(json.dumps(list(generate('dev', 60, seed=3))).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(digests) == 1
