"""CoNLL reading and tag decoding, on synthetic input (no data needed)."""

from __future__ import annotations

import pytest

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._bio import decode_chunks, label_set, read_conll, sentence_record
from gliner2_datasets.intents import parse_slots
from gliner2_datasets.ner import _join_handles


def test_decode_chunks_reads_iob2():
    assert decode_chunks(["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")]


def test_decode_chunks_reads_iob1_and_io():
    assert decode_chunks(["I-ORG", "I-ORG", "B-ORG", "O", "I-MISC"]) == [(0, 2, "ORG"), (2, 3, "ORG"), (4, 5, "MISC")]


def test_decode_chunks_starts_a_new_mention_when_the_type_changes():
    assert decode_chunks(["B-city", "I-city", "I-country"]) == [(0, 2, "city"), (2, 3, "country")]


def test_decode_chunks_reads_bilou():
    tags = ["U-Loc", "O", "B-Org", "I-Org", "L-Org", "B-Other", "L-Other", "U-Peop"]
    assert decode_chunks(tags) == [(0, 1, "Loc"), (2, 5, "Org"), (5, 7, "Other"), (7, 8, "Peop")]


def test_decode_chunks_keeps_hyphens_inside_types():
    assert decode_chunks(["B-creative-work", "I-creative-work"]) == [(0, 2, "creative-work")]


def test_decode_chunks_rejects_unknown_prefixes():
    with pytest.raises(TrainingDataError, match="X-PER"):
        decode_chunks(["X-PER"])


def test_read_conll_skips_docstart_and_blank_tokens(tmp_path):
    path = tmp_path / "sample.conll"
    path.write_text("-DOCSTART- O\n\nJohn B-PER\nlives O\n \tO\n\n\nin O\nParis B-LOC\n", encoding="utf-8")
    sentences = list(read_conll(path, separator=" "))
    assert sentences == [[("John", "B-PER"), ("lives", "O")], [("in", "O"), ("Paris", "B-LOC")]]


def test_read_conll_reports_a_line_without_separator(tmp_path):
    path = tmp_path / "broken.conll"
    path.write_text("John\tB-PER\nlives\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"broken.conll:2"):
        list(read_conll(path))


def test_sentence_record_pins_mentions_in_the_space_joined_text():
    labels = ["person", "location"]
    record = sentence_record(
        ["John", "Smith", "visited", "New", "York"],
        ["B-PER", "I-PER", "O", "B-LOC", "I-LOC"],
        {"PER": "person", "LOC": "location"},
        labels,
    )
    assert record == {
        "input": "John Smith visited New York",
        "output": {
            "entities": {
                "person": [{"text": "John Smith", "start": 0, "end": 10}],
                "location": [{"text": "New York", "start": 19, "end": 27}],
            }
        },
    }


def test_label_set_names_an_unknown_type_and_the_dataset():
    with pytest.raises(TrainingDataError, match=r"demo.*'FOO'"):
        label_set([[("x", "B-FOO")]], {"PER": "person"}, "demo")


def test_btc_handle_and_name_become_one_mention():
    sentence = [("@", "B-PER"), ("colgo", "B-PER"), ("hi", "O"), ("@", "B-ORG"), ("BBC", "B-ORG")]
    tags = [tag for _, tag in _join_handles(sentence)]
    assert decode_chunks(tags) == [(0, 2, "PER"), (3, 5, "ORG")]


def test_parse_slots_removes_brackets_and_pins_values():
    text, slots = parse_slots("wake me up at [time : eight] o'clock on [date : Friday ]")
    assert text == "wake me up at eight o'clock on Friday"
    assert [(slot, text[start:end]) for slot, start, end in slots] == [("time", "eight"), ("date", "Friday")]
