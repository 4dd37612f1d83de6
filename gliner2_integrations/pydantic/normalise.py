"""Reading kinds of values that :mod:`coerce` and :mod:`dates` do not: times, relative dates,
currencies and small number words.

Built on ``python-dateutil`` (its ``parser`` reads clock times, ``relativedelta`` moves
dates by weekdays and months); nothing here guesses: a span that is not clearly one value
raises :class:`NormaliseError`.

* Times: ``"15:30"``, ``"3 pm"``, ``"3:30 p.m."``, ``"15h30"``, ``"noon"``, ``"midnight"``,
  ``"half past two in the afternoon"``, ``"quarter to ten"``. A lone ``"3"`` is not a time.
* Relative dates, only against a ``reference_date``: ``"today"``, ``"tomorrow"``,
  ``"yesterday"``, ``"the day after tomorrow"``, ``"in 3 days"``, ``"2 weeks from now"``,
  ``"next Tuesday"`` (the first Tuesday after the reference, never the reference itself),
  ``"this Friday"``, ``"on Monday"``, ``"Monday"`` (the first one on or after the reference),
  ``"last Monday"``.
* Currencies: ISO 4217 codes and the common symbols (``"$"`` is USD unless the span says
  ``"C$"``, ``"CA$"``, ``"A$"``...).
* Number words: ``"zero"``/``"no"``/``"none"`` .. ``"twenty"``, for counts ("two workers").
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta


class NormaliseError(ValueError):
    """A span could not be read as the value asked for."""


_HOUR_NAMES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_WORD_HOURS = {w: i for i, w in enumerate(_HOUR_NAMES, 1)}
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER_WORDS.update({"no": 0, "none": 0, "nobody": 0, "no one": 0, "a single": 1, "a": 1, "an": 1, "a dozen": 12})

_CLOCK = re.compile(
    r"(?P<hour>[01]?\d|2[0-3])(?:\s*[:.h]\s*(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:hrs|h|uhr))?",
    re.IGNORECASE,
)
_WORDY = re.compile(
    r"(?:(?P<part>half|quarter|(?P<mins>\d{1,2}|ten|twenty|five|twenty-five)(?: minutes)?)\s+(?P<rel>past|to|after|before)\s+)?"
    r"(?P<hour>\w+)(?:\s+o'?clock)?(?:\s+in the\s+(?P<period>morning|afternoon|evening)|\s+at night|\s*(?P<ampm>[ap]\.?m\.?))?",
    re.IGNORECASE,
)
_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty-five": 25, "half": 30, "quarter": 15}


def parse_time(text: str) -> dt.time:
    """A clock time from a span.

    Example:
        >>> parse_time("3 pm"), parse_time("half past two in the afternoon")
        (datetime.time(15, 0), datetime.time(14, 30))

    Raises:
        NormaliseError: When the span is not clearly one time of day.
    """
    span = re.sub(r"^(?:at|around|about|by|from)\s+", "", text.strip().rstrip(".,;"), flags=re.IGNORECASE).strip()
    low = span.lower()
    if low in ("noon", "midday", "12 noon"):
        return dt.time(12, 0)
    if low == "midnight":
        return dt.time(0, 0)
    clock = _CLOCK.fullmatch(span)
    if clock is not None:
        if clock["minute"] is None and clock["ampm"] is None:
            raise NormaliseError(f"{text!r}: a lone number is not a time")
        try:
            return date_parser.parse(_dateutil_spelling(clock), default=dt.datetime(2000, 1, 1)).time()
        except (ValueError, OverflowError) as err:
            raise NormaliseError(f"{text!r} is not a time ({err})") from None
    return _wordy_time(span, text)


def _dateutil_spelling(clock: re.Match) -> str:
    ampm = (clock["ampm"] or "").replace(".", "").replace(" ", "")
    hour = int(clock["hour"])
    if ampm and not 1 <= hour <= 12:
        raise NormaliseError(f"{hour} is not a 12-hour clock hour")
    return f"{hour}:{clock['minute'] or '00'} {ampm}".strip()


def _wordy_time(span: str, text: str) -> dt.time:
    match = _WORDY.fullmatch(span)
    if match is None:
        raise NormaliseError(f"{text!r} is not a time (e.g. 15:30, 3 pm, noon)")
    hour_word = match["hour"].lower()
    hour = int(hour_word) if hour_word.isdigit() else _WORD_HOURS.get(hour_word)
    if hour is None or not 1 <= hour <= 12:
        raise NormaliseError(f"{text!r} is not a time (e.g. 15:30, 3 pm, noon)")
    if match["part"] is None and match["period"] is None and match["ampm"] is None and "o" not in span.lower()[-7:]:
        raise NormaliseError(f"{text!r}: a lone number is not a time")
    minute = 0
    if match["part"]:
        part = match["part"].lower().replace(" minutes", "")
        minute = int(part) if part.isdigit() else _MINUTE_WORDS.get(part, 0)
        if match["rel"].lower() in ("to", "before"):
            hour, minute = hour - 1 if hour > 1 else 12, 60 - minute
    period = (match["period"] or "").lower()
    ampm = (match["ampm"] or "").lower()
    if period in ("afternoon", "evening") or ampm.startswith("p") or "night" in span.lower():
        hour = hour % 12 + 12
    elif period == "morning" or ampm.startswith("a"):
        hour = hour % 12
    return dt.time(hour % 24, minute % 60)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = (
    r"(?P<weekday>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_UNITS = {"day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months", "months": "months"}
_RELATIVE = (
    (re.compile(r"(?:the )?day after tomorrow"), lambda m, ref: ref + dt.timedelta(days=2)),
    (re.compile(r"today|tonight|this (?:morning|afternoon|evening)"), lambda m, ref: ref),
    (re.compile(r"tomorrow(?: (?:morning|afternoon|evening|night))?"), lambda m, ref: ref + dt.timedelta(days=1)),
    (re.compile(r"yesterday"), lambda m, ref: ref - dt.timedelta(days=1)),
    (
        re.compile(r"in (?P<n>\d+|a|an|one|two|three|four|five|six|seven|ten) (?P<unit>days?|weeks?|months?)"),
        lambda m, ref: ref + relativedelta(**{_UNITS[m["unit"]]: _count(m["n"])}),
    ),
    (
        re.compile(
            r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|ten) (?P<unit>days?|weeks?|months?) (?:from now|later)"
        ),
        lambda m, ref: ref + relativedelta(**{_UNITS[m["unit"]]: _count(m["n"])}),
    ),
    (re.compile(rf"next {_WEEKDAY}"), lambda m, ref: _weekday(ref, m["weekday"], after=True)),
    (re.compile(rf"(?:(?:this|on|coming|this coming) )?{_WEEKDAY}"), lambda m, ref: _weekday(ref, m["weekday"])),
    (re.compile(rf"last {_WEEKDAY}"), lambda m, ref: _weekday(ref, m["weekday"], before=True)),
    (re.compile(r"next week"), lambda m, ref: ref + dt.timedelta(weeks=1)),
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _weekday(ref: dt.date, name: str, *, after: bool = False, before: bool = False) -> dt.date:
    target = next(i for i, day in enumerate(_WEEKDAYS) if day.startswith(name[:3]))
    if before:
        delta = (ref.weekday() - target) % 7 or 7
        return ref - dt.timedelta(days=delta)
    delta = (target - ref.weekday()) % 7
    if after and delta == 0:
        delta = 7
    return ref + dt.timedelta(days=delta)


def is_relative_date(text: str) -> bool:
    """True when the span is one of the relative spellings :func:`parse_relative_date` reads."""
    span = _relative_spelling(text)
    return any(pattern.fullmatch(span) for pattern, _ in _RELATIVE)


def _relative_spelling(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().rstrip(".,;!").lower())


def parse_relative_date(text: str, reference: dt.date) -> dt.date:
    """A relative date ("tomorrow", "next Tuesday", "in 3 days") against ``reference``.

    Example:
        >>> parse_relative_date("next Tuesday", dt.date(2025, 3, 12))  # a Wednesday
        datetime.date(2025, 3, 18)

    Raises:
        NormaliseError: When the span is not a relative date.
    """
    span = _relative_spelling(text)
    for pattern, resolve in _RELATIVE:
        match = pattern.fullmatch(span)
        if match is not None:
            return resolve(match, reference)
    raise NormaliseError(f"{text!r} is not a relative date (e.g. tomorrow, next Tuesday, in 3 days)")


ISO_CURRENCIES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "INR",
        "BRL",
        "MXN",
        "ZAR",
        "SGD",
        "HKD",
        "KRW",
        "TRY",
        "RUB",
        "ILS",
        "AED",
        "SAR",
        "THB",
        "IDR",
        "MYR",
        "PHP",
        "VND",
        "NGN",
        "EGP",
        "KES",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "TWD",
        "ISK",
        "UAH",
    ]
)
_SYMBOLS = (
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("US$", "USD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₴", "UAH"),
    ("₪", "ILS"),
    ("₫", "VND"),
    ("฿", "THB"),
)
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "yen": "JPY",
    "rupee": "INR",
    "rupees": "INR",
    "franc": "CHF",
    "francs": "CHF",
}


def currency_of(text: str) -> str | None:
    """The ISO code of the one currency a span names (``None`` when it names none or several).

    Example:
        >>> currency_of("1.234,56 EUR"), currency_of("C$ 40"), currency_of("$12")
        ('EUR', 'CAD', 'USD')
    """
    found = {code for code in re.findall(r"(?<![A-Za-z])[A-Z]{3}(?![A-Za-z])", text) if code in ISO_CURRENCIES}
    rest = text
    for symbol, code in _SYMBOLS:
        if symbol in rest:
            found.add(code)
            rest = rest.replace(symbol, " ")
    found.update(_CURRENCY_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _CURRENCY_WORDS)
    return next(iter(found)) if len(found) == 1 else None


def number_word(text: str) -> int | None:
    """A small count written in words ("two", "no one", "a dozen"), else ``None``."""
    words = re.sub(r"[^a-z\s-]", " ", text.lower()).split()
    if not words or re.search(r"\d", text):
        return None
    for size in (2, 1):
        head = " ".join(words[:size])
        if len(words) >= size and head in _NUMBER_WORDS and head not in ("a", "an"):
            return _NUMBER_WORDS[head]
    return None
