"""From span probabilities to character spans: thresholding and greedy selection.

:class:`Span` and :class:`Choice` are defined in :mod:`gliner2_core.extraction` (torch-free)
and re-exported here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import torch

from gliner2_core.extraction import Choice, Span
from gliner2_core.processing.words import Words
from gliner2_core.schema.spec import RegexValidator

__all__ = ["Choice", "Span", "find_spans", "keep_valid", "select"]


def find_spans(
    probs: torch.Tensor,
    threshold: float,
    words: Words,
    *,
    first_word: int,
    text_length: int,
    own: range | None = None,
) -> list[Span]:
    """Every span whose probability is ``>= threshold``, in (start, width) order.

    Args:
        probs: ``[n, W]`` probabilities over the row's text words.
        threshold: Inclusive cut-off.
        words: All words of the document.
        first_word: Document index of the row's first text word.
        text_length: Length of the user's text; spans are clipped to it (the model
            also reads an appended ``"."`` that is not the user's).
        own: Document word indices whose spans this row reports (long texts).

    Returns:
        Spans with offsets into the user's text.
    """
    n = probs.shape[0]
    hits = torch.nonzero(probs >= threshold).tolist()
    if not hits:
        return []
    values = probs[probs >= threshold].tolist()
    spans: list[Span] = []
    for (start, width), confidence in zip(hits, values):
        if start + width >= n:
            continue
        first = first_word + start
        if own is not None and first not in own:
            continue
        char_start, char_end = words.starts[first], min(words.ends[first + width], text_length)
        if char_start >= text_length:
            continue
        surface = words.text[char_start:char_end].strip()
        if surface:
            spans.append(Span(surface, confidence, char_start, char_end))
    return spans


def keep_valid(spans: Sequence[Span], validators: Sequence[RegexValidator]) -> list[Span]:
    """Drop spans that any validator rejects."""
    if not validators:
        return list(spans)
    return [s for s in spans if all(v.validate(s.text) for v in validators)]


def select(spans: Sequence[Span], dtype: str = "list") -> list[Span]:
    """Greedy non-overlapping selection by confidence (ties keep text order).

    ``dtype == "str"`` keeps only the best span. Kept spans never overlap, so
    their starts and ends are both sorted; one bisection finds the only kept
    span a candidate could touch (O(n log n) for a whole long document).
    """
    ranked = sorted(spans, key=lambda s: s.confidence, reverse=True)
    if dtype == "str":
        return ranked[:1]
    kept: list[Span] = []
    starts: list[int] = []
    ends: list[int] = []
    for span in ranked:
        index = bisect.bisect_right(starts, span.start)
        if index and ends[index - 1] > span.start:
            continue  # overlaps the kept span that starts at or before it
        if index < len(starts) and starts[index] < span.end:
            continue  # overlaps the next kept span
        starts.insert(index, span.start)
        ends.insert(index, span.end)
        kept.append(span)
    return kept
