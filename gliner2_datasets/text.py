"""Text helpers shared by the converters: token joining, alignment, windows and spans.

Every gold span the converters emit is *pinned*: ``{"text", "start", "end"}`` with
character offsets into the record's ``input`` (end exclusive). The helpers here
build such spans from offsets, so ``input[start:end] == text`` holds by
construction, and move them into windows of long documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

Span = dict[str, Any]
"""A pinned span: ``{"text": str, "start": int, "end": int}``."""

Offsets = tuple[int, int]

_WORD = re.compile(r"\S+")
# A sentence ends after terminal punctuation (plus closing quotes or brackets)
# followed by whitespace, or at a line break; group 1 or 2 is the gap between.
_SENTENCE_GAP = re.compile(r"""[.!?]["'\u201d\u2019)\]]*(\s+)|(\s*\n\s*)""")


def pinned(text: str, start: int, end: int) -> Span:
    """Build a pinned span over ``text[start:end]``.

    Args:
        text: The record's input text.
        start: First character of the span.
        end: One past the last character.

    Returns:
        ``{"text": text[start:end], "start": start, "end": end}``.

    Raises:
        ValueError: If the range is empty or outside ``text``.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span [{start}, {end}) is empty or outside a text of {len(text)} characters")
    return {"text": text[start:end], "start": start, "end": end}


def strip_offsets(text: str, start: int, end: int) -> Offsets | None:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace.

    Returns:
        The trimmed offsets, or ``None`` when only whitespace is left.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[Offsets]]:
    """Join tokens with single spaces.

    Returns:
        The text and each token's ``(start, end)`` character offsets in it.
    """
    offsets: list[Offsets] = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def locate(text: str, surface: str, hint: int, radius: int = 64) -> int | None:
    """Find the occurrence of ``surface`` nearest to a (possibly shifted) offset.

    Some sources give character offsets that are off by a few characters for a
    whole document. This recovers the intended occurrence.

    Args:
        text: The document.
        surface: The annotated string.
        hint: The offset the source gives.
        radius: How far from ``hint`` an occurrence may start.

    Returns:
        The start offset, or ``None`` when no occurrence lies within ``radius``.
    """
    if not surface:
        return None
    best: int | None = None
    found = text.find(surface, max(0, hint - radius), hint + radius + len(surface))
    while found != -1:
        if best is None or abs(found - hint) < abs(best - hint):
            best = found
        found = text.find(surface, found + 1, hint + radius + len(surface))
    return best


def truncate_words(text: str, max_words: int) -> str:
    """Keep the first ``max_words`` whitespace-separated words of ``text``.

    The whitespace between the kept words is preserved as is.
    """
    words = list(_WORD.finditer(text))
    if len(words) <= max_words:
        return text.strip()
    return text[words[0].start() : words[max_words - 1].end()]


def sentence_offsets(text: str) -> list[Offsets]:
    """Split ``text`` into sentences and lines by a simple punctuation rule.

    Returns:
        ``(start, end)`` of each sentence, without surrounding whitespace.
    """
    sentences: list[Offsets] = []
    position = 0
    for match in _SENTENCE_GAP.finditer(text):
        gap_start, gap_end = match.span(1) if match.group(1) is not None else match.span(2)
        trimmed = strip_offsets(text, position, gap_start)
        if trimmed:
            sentences.append(trimmed)
        position = gap_end
    trimmed = strip_offsets(text, position, len(text))
    if trimmed:
        sentences.append(trimmed)
    return sentences


def window_offsets(text: str, max_words: int) -> list[Offsets]:
    """Cut ``text`` into windows of at most ``max_words`` words, at sentence ends where possible.

    Whole sentences are packed greedily; a sentence longer than ``max_words``
    is cut at word boundaries.

    Args:
        text: The document.
        max_words: Most whitespace-separated words per window.

    Returns:
        ``(start, end)`` of each window, in order. ``text[start:end]`` has at
        most ``max_words`` words.

    Raises:
        ValueError: If ``max_words`` is not positive.
    """
    if max_words < 1:
        raise ValueError(f"max_words: got {max_words}; expected a positive integer")
    windows: list[Offsets] = []
    current: Offsets | None = None
    count = 0
    for start, end, words in _sentence_pieces(text, max_words):
        if current is not None and count + words <= max_words:
            current, count = (current[0], end), count + words
            continue
        if current is not None:
            windows.append(current)
        current, count = (start, end), words
    if current is not None:
        windows.append(current)
    return windows


def _sentence_pieces(text: str, max_words: int) -> list[tuple[int, int, int]]:
    """Sentences of ``text`` cut to at most ``max_words`` words: ``(start, end, words)``."""
    pieces = []
    for sentence_start, sentence_end in sentence_offsets(text):
        words = [match.span() for match in _WORD.finditer(text, sentence_start, sentence_end)]
        for first in range(0, len(words), max_words):
            chunk = words[first : first + max_words]
            pieces.append((chunk[0][0], chunk[-1][1], len(chunk)))
    return pieces


def rebase(span: Span, window: Offsets, window_text: str) -> Span | None:
    """Move a pinned span of a document into one of its windows.

    Args:
        span: A pinned span over the whole document.
        window: The window's ``(start, end)`` in the document.
        window_text: The window's text, ``document[start:end]``.

    Returns:
        The span with offsets relative to the window, or ``None`` when it does
        not lie wholly inside the window.
    """
    start, end = span["start"], span["end"]
    if start < window[0] or end > window[1]:
        return None
    return pinned(window_text, start - window[0], end - window[0])
