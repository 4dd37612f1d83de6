"""Values to spans: where in the text an LLM's answer for one field is written.

An example's ``output`` holds values, not offsets. Each value is looked for, in order:

1. exactly;
2. ignoring case and runs of whitespace ("acme  corp" finds "ACME Corp");
3. by its meaning, for typed values: a number or amount among the text's numbers
   ("1250.0" finds "$1,250.00", "2" finds "two"), a date among the spans that read as that
   date ("2025-03-14" finds "March 14th, 2025"), a time among clock times ("15:00" finds "3 pm");
4. fuzzily, for strings with OCR-like noise: the window of as many words with the highest
   similarity, when it is at least :data:`FUZZY_MIN` ("Brightleaf Fods" finds "Brightleaf Foods").

A value that is not found is never invented as a span: :func:`align` returns ``None`` and the
caller reports it with its line and field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Any

from gliner2_integrations.pydantic.coerce import CoercionError, coerce_text
from gliner2_integrations.pydantic.shapes import MONEY

FUZZY_MIN = 0.85
MAX_WORDS = 12
_WORD = re.compile(r"\S+")
_NUMBERS = re.compile(r"(?:[A-Z]{3}\s?|[$€£¥₹]\s?)?-?\d[\d.,' ]*(?<=\d)")


def _exact(text: str, value: str) -> tuple[int, int] | None:
    index = text.find(value)
    return (index, index + len(value)) if index >= 0 else None


def _loose(text: str, value: str) -> tuple[int, int] | None:
    words = value.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE) or re.search(pattern, text, re.IGNORECASE)
    return match.span() if match else None


def _windows(text: str, max_words: int = MAX_WORDS):
    """``(start, end)`` of every run of 1..max_words words, trimmed of edge punctuation."""
    words = [m.span() for m in _WORD.finditer(text)]
    for i in range(len(words)):
        for j in range(i, min(len(words), i + max_words)):
            start, end = words[i][0], words[j][1]
            while end > start and text[end - 1] in ".,;:!?)]}\"'":
                end -= 1
            while start < end and text[start] in "([{\"'":
                start += 1
            if end > start:
                yield start, end


def _typed(text: str, value: Any, shape_kind: str, target: Any) -> tuple[int, int] | None:
    """The shortest span that coerces to ``value`` (numbers, dates, times)."""
    spans = []
    if shape_kind == "number":
        spans = [m.span() for m in MONEY.finditer(text)] + [m.span() for m in _NUMBERS.finditer(text)]
        spans += list(_windows(text, 2))  # "two", "no one"
    else:
        spans = list(_windows(text, 8))
    best = None
    for start, end in spans:
        try:
            got = coerce_text(text[start:end], shape_kind, target)
        except CoercionError:
            continue
        if _equal(got, value) and (best is None or end - start < best[1] - best[0]):
            best = (start, end)
    return best


def _equal(got: Any, value: Any) -> bool:
    if isinstance(value, (int, float, Decimal)) and isinstance(got, (int, float, Decimal)):
        return abs(float(got) - float(value)) < 1e-9
    return bool(got == value)


def _fuzzy(text: str, value: str) -> tuple[int, int] | None:
    size = len(value.split())
    target = value.lower()
    best, best_score = None, FUZZY_MIN
    for start, end in _windows(text, size + 1):
        if abs(len(text[start:end].split()) - size) > 1:
            continue
        score = difflib.SequenceMatcher(None, text[start:end].lower(), target).ratio()
        if score > best_score:
            best, best_score = (start, end), score
    return best


def align(text: str, value: Any, shape_kind: str = "text", target: Any = str) -> tuple[int, int] | None:
    """``(start, end)`` of ``value`` in ``text``, or ``None`` when it is not written there.

    Args:
        text: The example's text.
        value: The field's value as the model validated it (``str``, number, ``date``, ``time``...).
        shape_kind: :attr:`~gliner2_integrations.pydantic.annotations.Shape.kind` of the field.
        target: The field's Python type (for numbers).

    Example:
        >>> align("Total due: $1,250.00.", 1250.0, "number", float)
        (11, 20)
    """
    typed = shape_kind == "number" or isinstance(value, (dt.date, dt.time))
    if typed and shape_kind in ("number", "date", "datetime", "time"):
        return _typed(text, value, shape_kind, target)
    value = str(getattr(value, "value", value)).strip()
    if not value:
        return None
    return _exact(text, value) or _loose(text, value) or _fuzzy(text, value)
