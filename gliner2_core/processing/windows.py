"""Planning overlapping word windows for texts longer than the encoder window.

Consecutive windows overlap by at least ``2 * max_width`` words. Each window
*owns* the span starts between the midpoints of its overlaps, so every start
position belongs to exactly one window, and any span of up to ``max_width`` words
that starts in the owned range lies wholly inside that window. Merging the
windows' results is then a plain union: nothing is found twice and nothing that
straddles a window edge is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """Words ``[start, end)`` of a document; span starts in ``[own_start, own_end)`` belong to it."""

    start: int
    end: int
    own_start: int
    own_end: int


def _fill(lengths: Sequence[int], start: int, budget: int, max_words: int | None) -> int:
    end, total = start, 0
    while end < len(lengths) and total + lengths[end] <= budget and (max_words is None or end - start < max_words):
        total += lengths[end]
        end += 1
    return max(end, start + 1)  # a word longer than the budget still gets a window of its own


def plan_windows(
    lengths: Sequence[int], *, budget: int, max_words: int | None = None, min_overlap: int = 16
) -> list[Window]:
    """Split words into windows that fit ``budget`` subwords (and ``max_words`` words).

    Args:
        lengths: Subword count of every word.
        budget: Subwords available for text in one encoder row.
        max_words: Optional cap on words per window.
        min_overlap: Words shared by neighbouring windows (twice the longest span).

    Returns:
        One window when everything fits, else overlapping windows covering all words.
    """
    n = len(lengths)
    spans: list[tuple] = []
    start = 0
    while True:
        end = _fill(lengths, start, budget, max_words)
        spans.append((start, end))
        if end >= n:
            break
        size = end - start
        overlap = min(max(min_overlap, size // 8), size // 2)
        start = max(end - overlap, start + 1)
    windows: list[Window] = []
    for index, (start, end) in enumerate(spans):
        own_start = 0 if index == 0 else windows[-1].own_end
        own_end = n if index == len(spans) - 1 else (spans[index + 1][0] + end) // 2
        windows.append(Window(start, end, own_start, own_end))
    return windows
