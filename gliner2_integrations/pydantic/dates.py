"""A small, strict date and datetime reader for extracted spans.

Accepted spellings (case-insensitive; a leading weekday, commas, ordinal
suffixes, "the" and "of" are ignored; a time may follow any of them)::

    2024-03-05   2024/03/05   2024-03-05T10:30:00Z   2024-03-05 10:30
    March 3rd, 2024   Mar. 3 2024   3 March 2024   the 3rd of March 2024   3-Mar-2024
    03/05/2024   3/5/24   05.03.2024   (numeric: see below)
    times: 10:30, 10:30:15, 3pm, 3:30 PM, with an optional zone: Z, UTC, GMT, +02:00

Numeric dates with slashes or dashes are read month first (``03/05/2024`` is
5 March, as in the US and in ``dateutil``) unless ``dayfirst=True``; a dotted date
(``05.03.2024``) is read day first, the European convention. When one number is
above 12 the order is clear either way. Two-digit years follow POSIX ``%y``:
00-68 -> 2000-2068, 69-99 -> 1969-1999. Anything else, including a date without
a day ("March 2024"), is not read: a parse failure, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WEEKDAYS = r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?"
_TIME = (
    r"(?:\s*(?:t|at)?\s*(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
    r"\s*(?P<ampm>[ap]\.?m\b\.?)?\s*(?P<zone>z|utc|gmt|[+-]\d{2}:?\d{2})?)?"
)
_PATTERNS = (
    ("ymd", re.compile(r"^(?P<year>\d{4})[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})" + _TIME + "$")),
    ("numeric", re.compile(r"^(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _TIME + "$")),
    ("mdy", re.compile(r"^" + _MONTH + r"\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})" + _TIME + "$")),
    ("dmy", re.compile(r"^(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>\d{4})" + _TIME + "$")),
)


class DateParseError(ValueError):
    """A span could not be read as a date (carries the reason)."""


def _normalise(text: str) -> str:
    """Lower-case and drop the words and marks that carry no date information."""
    text = text.strip().lower()
    text = re.sub(_WEEKDAYS, " ", text)
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    text = re.sub(r"\b(?:the|of|on)\b", " ", text)
    # "3-mar-2024" and "mar. 3" -> "3 mar 2024", "mar 3"
    text = re.sub(r"(?<=[a-z])\.(?=\s|\d|$)", " ", text)
    text = re.sub(r"(?<=\d)-(?=[a-z]{3})|(?<=[a-z])-(?=\d)", " ", text)
    text = text.replace(",", " ")
    return re.sub(r"\s+", " ", text).strip()


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= 68 else 1900
    return year


def _month_day(kind: str, match: re.Match, dayfirst: bool) -> tuple[int, int]:
    """``(month, day)`` of a match, resolving the order of numeric dates."""
    if kind in ("mdy", "dmy"):
        return _MONTHS[match["month"]], int(match["day"])
    a, b = int(match["a"]), int(match["b"])
    if kind == "ymd":
        return a, b
    day_first = dayfirst or match["sep"] == "."
    if a > 12 and b <= 12:
        day_first = True
    elif b > 12 and a <= 12:
        day_first = False
    return (b, a) if day_first else (a, b)


def _time(match: re.Match) -> dt.time | None:
    """The time of day of a match, or ``None`` when the span has none."""
    if match["hour"] is None:
        return None
    if match["minute"] is None and match["ampm"] is None:
        raise DateParseError("a lone number after the date is not a time")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise DateParseError(f"{hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if match["ampm"].startswith("p") else 0)
    micro = int((match["fraction"] or "0").ljust(6, "0"))
    return dt.time(hour, minute, int(match["second"] or 0), micro, tzinfo=_zone(match["zone"]))


def _zone(text: str | None) -> dt.tzinfo | None:
    if text is None:
        return None
    if text in ("z", "utc", "gmt"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_datetime(text: str, *, dayfirst: bool = False) -> tuple[dt.date, dt.time | None]:
    """Read a date and, when present, a time of day from a span.

    Args:
        text: The extracted span, e.g. ``"Tuesday, March 5th 2024 at 3pm"``.
        dayfirst: Read ambiguous slash/dash dates as day/month.

    Returns:
        ``(date, time or None)``.

    Raises:
        DateParseError: When the span is not one of the accepted spellings or not a real date.

    Example:
        >>> parse_datetime("3 March 2024")
        (datetime.date(2024, 3, 3), None)
    """
    normal = _normalise(text)
    for kind, pattern in _PATTERNS:
        match = pattern.match(normal)
        if match is None:
            continue
        month, day = _month_day(kind, match, dayfirst)
        try:
            return dt.date(_year(match["year"]), month, day), _time(match)
        except DateParseError:
            raise
        except ValueError as err:  # out-of-range day, month, hour or minute
            raise DateParseError(f"not a real date or time ({err})") from None
    raise DateParseError("not a recognised date (e.g. 2024-03-05, March 3, 2024, 3 March 2024, 03/05/2024)")


def parse_date(text: str, *, dayfirst: bool = False) -> dt.date:
    """A ``date`` from a span; a time in the span is ignored."""
    return parse_datetime(text, dayfirst=dayfirst)[0]


def parse_datetime_value(text: str, *, dayfirst: bool = False) -> dt.datetime:
    """A ``datetime`` from a span; a date alone gives midnight."""
    day, time = parse_datetime(text, dayfirst=dayfirst)
    return dt.datetime.combine(day, time or dt.time())
