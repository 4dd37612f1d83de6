"""Splitting text into the words the model sees, with character offsets.

The word pattern is part of the checkpoint format: the published models were
trained on exactly these boundaries (URLs, e-mail addresses and @handles are one
word; words may join with ``-`` or ``_``; any other non-space character is a
word of its own). Matching runs on the original text and only the word is
lower-cased, so offsets stay valid even where lower-casing changes length.

The published pattern is one regular expression whose e-mail alternative
rescans the rest of a run of address characters at every word start, so a run
of ``n`` such characters without an ``@`` costs ``n**2`` steps ("." * 128_000
took a minute). Here the same words are found in linear time: e-mail addresses
are located first, each run of address characters examined once, and the rest
of the pattern (which never rescans) runs from each word start. The words and
offsets are identical to the published pattern's on every text (a property test
compares the two).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from gliner2_core.errors import SchemaError

TERMINAL_PUNCTUATION = (".", "!", "?")

# E-mail address pieces, exactly as in the published pattern (case-insensitive,
# so ``[a-z]`` also matches "ſ", "K", "ı" and "İ").
_LOCAL_CHAR = r"[a-z0-9._%+-]"
# A whole run of address characters that ends right before an "@": the
# look-behind rejects starts inside a run in one step, so each run is read once.
_LOCAL_PART = re.compile(rf"(?<!{_LOCAL_CHAR}){_LOCAL_CHAR}+(?=@)", re.IGNORECASE)
_DOMAIN = re.compile(r"[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern:
    """The published pattern without its e-mail alternative (found by :func:`_emails`)."""
    marks = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("M")
    )
    word_char = rf"[\w{marks}\u200c\u200d]"
    return re.compile(
        rf"""(?P<url>https?://[^\s]+|www\.[^\s]+)
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


def _emails(text: str) -> list[tuple[int, int, int]]:
    """Every run of address characters that an e-mail match may start in.

    Returns:
        ``(run_start, at_sign, match_end)`` per run, in text order: a match of
        the published e-mail alternative starting anywhere in
        ``[run_start, at_sign)`` ends at ``match_end``; it matches nowhere else.
    """
    if "@" not in text:
        return []
    found = []
    for local in _LOCAL_PART.finditer(text):
        domain = _DOMAIN.match(text, local.end() + 1)
        if domain is not None:
            found.append((local.start(), local.end(), domain.end()))
    return found


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every word, as the published pattern's ``finditer`` gives them."""
    pattern = _word_pattern()
    emails = _emails(text)
    if not emails:
        for match in pattern.finditer(text):
            yield match.span()
        return
    position, pending = 0, 0
    while True:
        for match in pattern.finditer(text, position):
            start = match.start()
            while pending < len(emails) and emails[pending][1] <= start:
                pending += 1
            if match.start("url") < 0 and pending < len(emails) and emails[pending][0] <= start:
                # The published pattern tries URLs, then e-mail addresses, then the rest.
                position = emails[pending][2]
                pending += 1
                yield start, position
                break
            yield match.span()
        else:
            return


def check_text(text: str, argument: str = "text") -> None:
    """Refuse text the tokenizer cannot encode (lone UTF-16 surrogates).

    Raises:
        SchemaError: Naming ``argument``, the surrogate and its index.
    """
    bad = _SURROGATE.search(text)
    if bad is not None:
        raise SchemaError(
            f"{argument}: got a string with the lone surrogate {bad.group()!r} at index {bad.start()}; expected "
            "valid Unicode text (lone surrogates come from decoding bytes with errors='surrogateescape'; "
            "decode with errors='replace' instead)"
        )


def split_words(text: str) -> Words:
    """Split ``text`` into lower-cased words with offsets into ``text``, in linear time.

    Raises:
        SchemaError: When ``text`` holds a lone surrogate (see :func:`check_text`).
    """
    check_text(text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _spans(text):
        words.append(text[start:end].lower())
        starts.append(start)
        ends.append(end)
    return Words(text, tuple(words), tuple(starts), tuple(ends))


def text_problem(text: object, argument: str) -> SchemaError | None:
    """Why ``text`` cannot be extracted from (not a string, or a lone surrogate), else ``None``."""
    if not isinstance(text, str):
        return SchemaError.invalid(argument, type(text).__name__, "a string")
    try:
        check_text(text, argument)
    except SchemaError as err:
        return err
    return None
