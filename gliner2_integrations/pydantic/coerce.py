"""Turning extracted spans and choices into Python values.

A span is coerced to the field's type (``int``, ``float``, ``Decimal``, ``date``,
``datetime``); a choice label back to its ``Literal`` value, ``Enum`` member or
``bool``. Every failure raises :class:`CoercionError` with the reason; the caller
treats the value as not found. Nothing is ever guessed:

* Numbers: exactly one number in the span, with optional sign, currency
  symbols or codes and units around it: ``"1,250.00"``, ``"$3"``, ``"-€4.5"``,
  ``"(1,250)"`` (accounting negative), ``"12%"`` (-> 12; percentages are not
  divided by 100), ``"1.250.000"``, ``"1 250,5"``, ``"3,5"`` (decimal comma),
  ``"2.5 million"``, ``"5k"``. ``"3 to 5"``, ``"twelve"``, ``"5m"``/``"5b"``
  (metres or millions?) and ``"12.5"`` for an ``int`` fail.
* Dates: see :mod:`gliner2_integrations.pydantic.dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from gliner2_integrations.pydantic.dates import DateParseError, parse_date, parse_datetime_value
from gliner2_integrations.pydantic.normalise import (
    NormaliseError,
    is_relative_date,
    number_word,
    parse_relative_date,
    parse_time,
)

_NUMBER = re.compile(r"\d(?:[\d,.'’ \u00a0\u202f_]*\d)?")
_SPACES = " \u00a0\u202f'’_"
_CURRENCY = "$€£¥₹₩₽₺₴₪₫฿¢"
_MULTIPLIERS = {
    "k": 3,
    "thousand": 3,
    "thousands": 3,
    "tsd": 3,
    "lakh": 5,
    "crore": 7,
    "mn": 6,
    "mln": 6,
    "mm": 6,
    "mio": 6,
    "million": 6,
    "millions": 6,
    "millionen": 6,
    "bn": 9,
    "bln": 9,
    "mrd": 9,
    "billion": 9,
    "billions": 9,
    "milliarde": 9,
    "milliarden": 9,
    "trillion": 12,
}
_SUFFIX = re.compile(r"^(?P<gap>\s*)(?P<word>[a-z]+)\b", re.IGNORECASE)


class CoercionError(ValueError):
    """An extracted value cannot be turned into the field's type."""


def _group_ok(integer: str, separators: str) -> bool:
    """True when ``integer`` is digits grouped by threes with ``separators`` (or not grouped at all)."""
    groups = re.split("[" + re.escape(separators) + "]", integer) if separators else [integer]
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _canonical(raw: str) -> str:
    """``"1,250.00"`` -> ``"1250.00"``: find the decimal mark, check the digit grouping."""
    marks = [c for c in raw if c in ",."]
    decimal = None
    if len(set(marks)) == 2:
        decimal = marks[-1]
    elif len(marks) == 1:
        after = raw.rsplit(marks[0], 1)[1]
        # "1,250" groups thousands; "3,5" and "1.250" (English) are decimals.
        decimal = None if marks[0] == "," and len(after) == 3 else marks[0]
    if decimal is not None and raw.count(decimal) > 1:
        raise CoercionError(f"{raw!r} has the decimal mark {decimal!r} twice")
    integer, _, fraction = raw.partition(decimal) if decimal else (raw, "", "")
    grouping = "".join(sorted(set(c for c in integer if not c.isdigit())))
    if re.search(r"\D", fraction) or not _group_ok(integer, grouping):
        raise CoercionError(f"{raw!r} is not a well-formed number (digit groups of three expected)")
    return re.sub(r"\D", "", integer) + ("." + fraction if fraction else "")


_MINUS_WORD = re.compile(r"(?:^|\W)(?:minus|negative|neg\.)\s*(?:[A-Z]{3}\s*)?$", re.IGNORECASE)


def _is_negative(prefix: str, suffix: str) -> bool:
    """A minus sign or word right before the number (currency symbols may sit between), or accounting brackets."""
    before = re.sub(r"(?<![A-Za-z])[A-Z]{3}$", "", prefix.rstrip(" \u00a0" + _CURRENCY)).rstrip(" \u00a0" + _CURRENCY)
    if _MINUS_WORD.search(prefix):
        return True
    if before.endswith("(") and suffix.lstrip(" \u00a0" + _CURRENCY + "%").startswith(")"):
        return True
    if before[-1:] in ("-", "−", "–"):
        return len(before) == 1 or not before[-2].isalnum()
    return False


def _scale(suffix: str) -> int:
    """Power of ten of a multiplier word after the number (``5k``, ``2.5 million``)."""
    match = _SUFFIX.match(suffix)
    if match is None:
        return 0
    word = match["word"].lower()
    if not match["gap"] and word in ("m", "b"):
        raise CoercionError(f"the suffix {match['word']!r} is ambiguous (a unit or a multiplier?)")
    if word == "k" and match["gap"]:
        return 0
    return _MULTIPLIERS.get(word, 0)


def parse_number(text: str) -> Decimal:
    """The one number written in a span.

    Args:
        text: The span, e.g. ``"USD 1,250.00"``.

    Returns:
        The exact value as a ``Decimal``.

    Raises:
        CoercionError: No number, several numbers, malformed grouping or an ambiguous suffix.

    Example:
        >>> parse_number("$1,250.50")
        Decimal('1250.50')
    """
    matches = list(_NUMBER.finditer(text))
    if not matches:
        raise CoercionError(f"no number in {text!r}")
    if len(matches) > 1:
        raise CoercionError(f"several numbers in {text!r}")
    match = matches[0]
    raw = match.group().strip(_SPACES)
    prefix, suffix = text[: match.start()], text[match.end() :]
    try:
        value = Decimal(_canonical(raw)) * 10 ** _scale(suffix)
    except InvalidOperation as err:  # pragma: no cover - _canonical only returns digits
        raise CoercionError(f"{text!r} is not a number") from err
    return -value if _is_negative(prefix, suffix) else value


def coerce_number(text: str, target: type) -> Any:
    """A span as ``int``, ``float`` or ``Decimal``; an ``int`` must be a whole number."""
    value = parse_number(text)
    if target is int:
        if value != value.to_integral_value():
            raise CoercionError(f"{text!r} is not a whole number")
        return int(value)
    if target is float:
        return float(value)
    return value


def coerce_text(
    text: str, kind: str, target: Any, *, dayfirst: bool = False, reference_date: dt.date | None = None
) -> Any:
    """Coerce one extracted span to a field's shape kind.

    Args:
        text: The span text.
        kind: ``text``, ``number``, ``date``, ``datetime`` or ``time``.
        target: The number type for ``number``.
        dayfirst: Date option, see :mod:`~gliner2_integrations.pydantic.dates`.
        reference_date: The day relative dates ("tomorrow", "next Tuesday") count from; without
            one they are not read.

    Returns:
        The Python value.

    Raises:
        CoercionError: When the span cannot be read.
    """
    try:
        if kind == "number":
            return _number_or_word(text, target)
        if kind == "time":
            return parse_time(text)
        if kind in ("date", "datetime"):
            return _date(text, kind, dayfirst, reference_date)
    except (DateParseError, NormaliseError) as err:
        raise CoercionError(f"{text!r}: {err}") from None
    return text.strip()


def _number_or_word(text: str, target: type) -> Any:
    try:
        return coerce_number(text, target)
    except CoercionError:
        count = number_word(text)
        if count is None:
            raise
        return target(count)


def _date(text: str, kind: str, dayfirst: bool, reference_date: dt.date | None) -> Any:
    try:
        return parse_date(text, dayfirst=dayfirst) if kind == "date" else parse_datetime_value(text, dayfirst=dayfirst)
    except DateParseError:
        if not is_relative_date(text):
            raise
        if reference_date is None:
            raise DateParseError("a relative date, and no reference_date was given") from None
        day = parse_relative_date(text, reference_date)
        return day if kind == "date" else dt.datetime.combine(day, dt.time())


def coerce_choice(label: str, choices: tuple[tuple[str, Any], ...]) -> Any:
    """The Python value (``Literal`` value, ``Enum`` member, ``True``/``False``) of a choice label."""
    for choice_label, value in choices:
        if choice_label.lower() == label.strip().lower():
            return value
    raise CoercionError(f"{label!r} is not one of the choices {[c for c, _ in choices]}")
