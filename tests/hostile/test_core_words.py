"""Hostile text at the word level: exact words and offsets, in linear time, never an exception.

Every expectation below is the published word pattern's (the reference
library's splitter is checked to agree), so the model sees hostile text exactly
as it saw its training data.
"""

from __future__ import annotations

import pytest
from gliner2.processing.word_splitter import WhitespaceTokenSplitter

from gliner2_core import SchemaError
from gliner2_core.processing.words import split_words

# (case id, text, expected words as (lower-cased word, start, end))
CASES = [
    ("empty", "", []),
    ("spaces-only", "   ", []),
    ("all-whitespace-kinds", " \t\n\r\x0b\x0c\u00a0\u2028\u2029\u3000", []),
    ("nul-between-words", "Tim\x00Cook", [("tim", 0, 3), ("\x00", 3, 4), ("cook", 4, 8)]),
    (
        "bell-and-escape",
        "a\x07b\x1b[31m",
        [("a", 0, 1), ("\x07", 1, 2), ("b", 2, 3), ("\x1b", 3, 4), ("[", 4, 5), ("31m", 5, 8)],
    ),
    ("zero-width-space", "Tim\u200bCook", [("tim", 0, 3), ("\u200b", 3, 4), ("cook", 4, 8)]),
    ("zero-width-joiner-inside-word", "ab\u200dcd", [("ab\u200dcd", 0, 5)]),
    ("byte-order-mark", "\ufeffTim", [("\ufeff", 0, 1), ("tim", 1, 4)]),
    ("hebrew-rtl", "שלום עולם", [("שלום", 0, 4), ("עולם", 5, 9)]),
    ("arabic-with-harakat", "مَرْحَبًا", [("مَرْحَبًا", 0, 9)]),
    ("rtl-override", "\u202eabc\u202c", [("\u202e", 0, 1), ("abc", 1, 4), ("\u202c", 4, 5)]),
    ("cjk-run-is-one-word", "東京タワー", [("東京タワー", 0, 5)]),
    ("cjk-punctuation", "東京。大阪", [("東京", 0, 2), ("。", 2, 3), ("大阪", 3, 5)]),
    (
        "emoji-zwj-family",
        "👩\u200d👩\u200d👧",
        [("👩", 0, 1), ("\u200d", 1, 2), ("👩", 2, 3), ("\u200d", 3, 4), ("👧", 4, 5)],
    ),
    ("emoji-skin-tone", "👍🏽ok", [("👍", 0, 1), ("🏽", 1, 2), ("ok", 2, 4)]),
    ("combining-marks-stack", "e\u0301\u0301\u0301x", [("e\u0301\u0301\u0301x", 0, 5)]),
    ("combining-mark-alone", "\u0301", [("\u0301", 0, 1)]),
    ("dotted-capital-i-lowercases-longer", "İZMİR", [("i̇zmi̇r", 0, 5)]),
    ("long-s-matches-https", "httpſ://x.io", [("httpſ://x.io", 0, 12)]),
    ("kelvin-sign-in-email", "\u212a@x.io", [("\u212a@x.io".lower(), 0, 6)]),
    (
        "html-tags",
        "<b>Tim</b>",
        [("<", 0, 1), ("b", 1, 2), (">", 2, 3), ("tim", 3, 6), ("<", 6, 7), ("/", 7, 8), ("b", 8, 9), (">", 9, 10)],
    ),
    (
        "script-tag",
        "<script>x()</script>",
        [
            ("<", 0, 1),
            ("script", 1, 7),
            (">", 7, 8),
            ("x", 8, 9),
            ("(", 9, 10),
            (")", 10, 11),
            ("<", 11, 12),
            ("/", 12, 13),
            ("script", 13, 19),
            (">", 19, 20),
        ],
    ),
    (
        "special-token-literal",
        "[E] [SEP_TEXT]",
        [("[", 0, 1), ("e", 1, 2), ("]", 2, 3), ("[", 4, 5), ("sep_text", 5, 13), ("]", 13, 14)],
    ),
    ("url-swallows-email", "www.a@b.cc", [("www.a@b.cc", 0, 10)]),
    ("email-after-handle", "@ab.cd@x.io", [("@ab", 0, 3), (".cd@x.io", 3, 11)]),
    ("email-then-email", "a@b.cc_d@e.ff", [("a@b.cc", 0, 6), ("_d@e.ff", 6, 13)]),
    ("at-signs-only", "@@@", [("@", 0, 1), ("@", 1, 2), ("@", 2, 3)]),
    ("dangling-hyphens", "-a-", [("-", 0, 1), ("a", 1, 2), ("-", 2, 3)]),
    ("digits-and-underscores", "__init__ 3_000", [("__init__", 0, 8), ("3_000", 9, 14)]),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_text_splits_into_the_published_words(case, text, expected):
    words = split_words(text)
    assert list(zip(words.words, words.starts, words.ends)) == expected
    assert [(w, s, e) for w, s, e in WhitespaceTokenSplitter()(text)] == expected


# Inputs the published pattern needs minutes to hours for; these must split at once.
HUGE = [
    ("million-dots", "." * 1_000_000, 1_000_000),
    ("million-chars-of-prose", "Tim Cook works for Apple in Paris. " * 28_572, 8 * 28_572),
    ("word-of-200k-letters", "a" * 200_000, 1),
    ("address-characters-without-at", "a.b-c%d+" * 125_000, 750_000),
    ("at-sign-after-a-long-run", "-" * 200_000 + "@x", 200_001),
    ("long-domain-without-dot", "a@" + "b" * 200_000, 2),
    ("many-emails", "a@b.cc " * 100_000, 100_000),
    ("hyphen-chain", "a-" * 200_000, 2),
]


@pytest.mark.parametrize(("case", "text", "count"), HUGE, ids=[c[0] for c in HUGE])
def test_huge_hostile_text_splits_with_every_offset_right(case, text, count):
    words = split_words(text)
    assert len(words) == count
    for index in (0, len(words) // 2, len(words) - 1):
        assert words.words[index] == text[words.starts[index] : words.ends[index]].lower()


@pytest.mark.parametrize(
    ("text", "index"),
    [("\ud800", 0), ("Tim \udfff Cook", 4), ("ok" * 1000 + "\udc80", 2000), ("\ud83d\ude00 joined by hand", 0)],
    ids=["lone-high-surrogate", "lone-low-surrogate", "surrogateescape-byte", "surrogate-pair-not-joined"],
)
def test_lone_surrogates_are_refused_naming_text_and_index(text, index):
    with pytest.raises(
        SchemaError,
        match=rf"^text: got a string with the lone surrogate '\\ud[89a-f][0-9a-f]{{2}}' at index {index}; expected valid Unicode",
    ):
        split_words(text)
