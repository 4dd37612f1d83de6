"""Windowing, span and split helpers, on synthetic text (no data needed)."""

from __future__ import annotations

import pytest

from gliner2_datasets.splits import assign_split, carve_dev, text_key
from gliner2_datasets.text import (
    join_tokens,
    locate,
    pinned,
    rebase,
    sentence_offsets,
    strip_offsets,
    truncate_words,
    window_offsets,
)

DOCUMENT = (
    "Acme Corp was breached on Monday. Attackers stole the records of 4,000 customers.\n\n"
    "The company said the intrusion began in March! Investigators from Blue Team Ltd are on site. "
    "A patch for the web server is expected soon."
)


def _word_count(text: str) -> int:
    return len(text.split())


def test_join_tokens_offsets_index_the_joined_text():
    text, offsets = join_tokens(["New", "York", "'s", "mayor"])
    assert text == "New York 's mayor"
    assert [text[start:end] for start, end in offsets] == ["New", "York", "'s", "mayor"]


def test_sentence_offsets_split_at_terminal_punctuation_and_line_breaks():
    sentences = [DOCUMENT[start:end] for start, end in sentence_offsets(DOCUMENT)]
    assert sentences == [
        "Acme Corp was breached on Monday.",
        "Attackers stole the records of 4,000 customers.",
        "The company said the intrusion began in March!",
        "Investigators from Blue Team Ltd are on site.",
        "A patch for the web server is expected soon.",
    ]


def test_sentence_offsets_keep_closing_quotes_with_their_sentence():
    text = 'He said "stop." Then he left.'
    assert [text[start:end] for start, end in sentence_offsets(text)] == ['He said "stop."', "Then he left."]


@pytest.mark.parametrize("max_words", [1, 3, 7, 12, 20, 200])
def test_window_offsets_cover_every_word_once_within_max_words(max_words):
    windows = window_offsets(DOCUMENT, max_words)
    assert all(_word_count(DOCUMENT[start:end]) <= max_words for start, end in windows)
    assert " ".join(DOCUMENT[start:end] for start, end in windows).split() == DOCUMENT.split()
    assert all(earlier[1] <= later[0] for earlier, later in zip(windows, windows[1:], strict=False))


def test_window_offsets_prefer_sentence_ends():
    windows = [DOCUMENT[start:end] for start, end in window_offsets(DOCUMENT, 16)]
    assert windows[0] == "Acme Corp was breached on Monday. Attackers stole the records of 4,000 customers."
    assert all(window.endswith((".", "!")) for window in windows)


def test_window_offsets_cut_a_sentence_longer_than_max_words():
    text = "one two three four five six seven."
    assert [text[start:end] for start, end in window_offsets(text, 3)] == ["one two three", "four five six", "seven."]


def test_window_offsets_reject_non_positive_max_words():
    with pytest.raises(ValueError, match="max_words"):
        window_offsets(DOCUMENT, 0)


def test_rebase_moves_spans_into_each_window_and_drops_spans_across_edges():
    names = ["Acme Corp", "4,000 customers", "Blue Team Ltd", "web server"]
    spans = [pinned(DOCUMENT, DOCUMENT.index(name), DOCUMENT.index(name) + len(name)) for name in names]
    windows = window_offsets(DOCUMENT, 16)
    crossing = pinned(DOCUMENT, windows[0][1] - len("customers."), windows[1][0] + len("The"))
    kept = []
    for window in windows:
        window_text = DOCUMENT[window[0] : window[1]]
        assert rebase(crossing, window, window_text) is None
        for span in spans:
            moved = rebase(span, window, window_text)
            if moved is not None:
                assert window_text[moved["start"] : moved["end"]] == moved["text"] == span["text"]
                kept.append(moved["text"])
    assert sorted(kept) == sorted(names)


def test_rebase_returns_none_for_a_span_outside_the_window():
    span = pinned(DOCUMENT, 0, 4)
    assert rebase(span, (10, 40), DOCUMENT[10:40]) is None


def test_pinned_rejects_empty_or_out_of_range_offsets():
    with pytest.raises(ValueError):
        pinned("abc", 2, 2)
    with pytest.raises(ValueError):
        pinned("abc", 1, 4)


def test_strip_offsets_trims_whitespace_and_rejects_blank_ranges():
    text = "  Infosys Limited\n"
    start, end = strip_offsets(text, 0, len(text))
    assert text[start:end] == "Infosys Limited"
    assert strip_offsets(text, 0, 2) is None


def test_locate_recovers_a_shifted_offset_and_gives_up_far_away():
    text = "The Managing Director of a company held to ransom by hackers"
    assert locate(text, "hackers", text.index("hackers") + 1) == text.index("hackers")
    assert locate(text, "Managing", 1) == 4
    assert locate(text, "hackers", 0, radius=10) is None


def test_truncate_words_keeps_the_first_words_and_their_spacing():
    assert truncate_words("one  two\nthree four", 3) == "one  two\nthree"
    assert truncate_words("  short text ", 10) == "short text"


def test_assign_split_is_deterministic_and_roughly_80_10_10():
    keys = [f"example {index}" for index in range(5000)]
    splits = [assign_split(key) for key in keys]
    assert splits == [assign_split(key) for key in keys]
    shares = {name: splits.count(name) / len(keys) for name in ("train", "dev", "test")}
    assert shares["train"] == pytest.approx(0.8, abs=0.03)
    assert shares["dev"] == pytest.approx(0.1, abs=0.02)
    assert shares["test"] == pytest.approx(0.1, abs=0.02)


def test_carve_dev_never_assigns_test():
    assert {carve_dev(f"review {index}") for index in range(2000)} == {"train", "dev"}


def test_text_key_folds_case_and_whitespace():
    assert text_key("Hello   World\n") == text_key("hello world")
