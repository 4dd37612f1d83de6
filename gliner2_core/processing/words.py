"""Splitting text into the words the model sees, with character offsets.

The word pattern is part of the checkpoint format: the published models were
trained on exactly these boundaries (URLs, e-mail addresses and @handles are one
word; words may join with ``-`` or ``_``; any other non-space character is a
word of its own). Matching runs on the original text and only the word is
lower-cased, so offsets stay valid even where lower-casing changes length.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TERMINAL_PUNCTUATION = (".", "!", "?")


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern:
    marks = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("M")
    )
    word_char = rf"[\w{marks}\u200c\u200d]"
    return re.compile(
        rf"""(?:https?://[^\s]+|www\.[^\s]+)
        |[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{{2,}}
        |@[a-z0-9_]+
        |{word_char}+(?:[-_]{word_char}+)*
        |\S""",
        re.VERBOSE | re.IGNORECASE,
    )


@dataclass(frozen=True)
class Words:
    """The words of one text: lower-cased forms and ``[start, end)`` character offsets."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


def model_text(text: str) -> str:
    """The string the model reads: the text with ``"."`` appended unless it ends in ``.!?``.

    Offsets of every word inside ``text`` are unchanged by the suffix.
    """
    return text if text.endswith(TERMINAL_PUNCTUATION) else text + "."


def split_words(text: str) -> Words:
    """Split ``text`` into lower-cased words with offsets into ``text``."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _word_pattern().finditer(text):
        words.append(match.group().lower())
        starts.append(match.start())
        ends.append(match.end())
    return Words(text, tuple(words), tuple(starts), tuple(ends))
