"""Which spans can be a field's kind: the shape check of every span kind.

:func:`fits` answers "can this span be a value of this kind?" (an e-mail never fills an
identifier, a date never fills a time, a word never fills a number, a name never runs
across a line break). :class:`KindValidator` hands the same test to the core's decoder, so
a span that cannot be the field's kind is dropped before the best spans are selected, and
a shaped span the model scored below a wrongly shaped one is still found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gliner2_core import RegexValidator
from gliner2_integrations.pydantic.coerce import CoercionError, parse_number
from gliner2_integrations.pydantic.dates import DateParseError, parse_date, parse_datetime
from gliner2_integrations.pydantic.kinds import MULTILINE_KINDS, FieldKind
from gliner2_integrations.pydantic.normalise import (
    NormaliseError,
    currency_of,
    is_relative_date,
    number_word,
    parse_time,
)

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/[^\s<>\"']*", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+|00)?[\d(][\d\s().\-/]{5,}\d(?:\s*(?:ext\.?|x)\s*\d{1,5})?", re.IGNORECASE)
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+|00)?[\d(][\d ().\-/]{5,}\d(?!\w)")
_IDENTIFIER = re.compile(r"#?[\w][\w\-/.#:]*(?: [\w\-/.#:]+)?")
_PERSON_WORD = re.compile(r"[^\W\d_][\w.'\-]*", re.UNICODE)
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")


MONEY = re.compile(
    r"(?:[A-Z]{3}|[A-Z]{0,2}[$€£¥₹])\s?-?\d[\d.,'\u00a0\u202f]*(?<=\d)(?:\s?(?:k|m|bn|million|billion))?"
    r"|-?\d[\d.,'\u00a0\u202f]*(?<=\d)\s?(?:[A-Z]{3}\b|[$€£¥₹]|euros?|dollars?|pounds?)"
)
_SHAPES_IN_TEXT = {"email": EMAIL, "url": URL, "amount": MONEY}


def shaped_in(kind: FieldKind, text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every e-mail, URL or phone number written in ``text`` (other kinds: none):
    values the encoder cannot score whole when they are longer than its span width."""
    pattern = {FieldKind.EMAIL: EMAIL, FieldKind.URL: URL, FieldKind.PHONE: _PHONE_IN_TEXT}.get(kind)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        stop = match.start() + len(match.group().rstrip(".,;:!?)]}'\""))
        if fits(kind, text[match.start() : stop]):
            found.append((match.start(), stop))
    return found


def widen(kind: FieldKind, text: str, start: int, end: int) -> tuple[int, int]:
    """A span grown to the whole shaped value around it: an encoder's span is at most ``max_width``
    words, so a long URL or an amount's currency code can lie past its end."""
    pattern = _SHAPES_IN_TEXT.get(kind.value)
    if pattern is None:
        return start, end
    for match in pattern.finditer(text, max(0, start - 200), min(len(text), end + 200)):
        stop = match.start() + len(match.group().rstrip(".,;:!?)]}'\""))
        if match.start() <= start and end <= stop:
            return match.start(), stop
    return start, end


def is_email(text: str) -> bool:
    return EMAIL.fullmatch(text.strip()) is not None


def is_url(text: str) -> bool:
    text = text.strip()
    return URL.fullmatch(text) is not None and not is_email(text)


def is_phone(text: str) -> bool:
    text = text.strip()
    if _PHONE.fullmatch(text) is None or _is_date(text):
        return False
    digits = sum(c.isdigit() for c in text)
    return 7 <= digits <= 15


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except DateParseError:
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except CoercionError:
        return number_word(text) is not None
    return True


def _is_time(text: str) -> bool:
    try:
        parse_time(text)
    except NormaliseError:
        return False
    return True


def is_identifier(text: str) -> bool:
    """One token (or two: "LH 451") with a digit, or an all-capitals code of 4+ characters;
    never an e-mail, URL, phone-like run, date or amount with a currency."""
    text = text.strip()
    if _IDENTIFIER.fullmatch(text) is None or len(text) > 40 or is_email(text) or is_url(text):
        return False
    if _is_date(text) or currency_of(text) is not None and _is_number(text):
        return False
    parts = text.split()
    if len(parts) == 2 and not all(_code_part(p) for p in parts):
        return False  # "LH 451" is one identifier, "ref 8KD3MZ" is a word and an identifier
    has_digit = any(c.isdigit() for c in text)
    code = len(text) >= 4 and text.replace("-", "").isalnum() and text.upper() == text and not text.isdigit()
    return has_digit or code


def _code_part(part: str) -> bool:
    return any(c.isdigit() for c in part) or (part.isalpha() and part.isupper() and len(part) <= 4)


def is_person(text: str) -> bool:
    """1-6 words made of letters (initials, hyphens and apostrophes allowed), no digits or ``@``."""
    bare = "".join(c for c in text if not unicodedata.category(c).startswith("M"))  # "Ti\u0301m" is a word
    words = bare.split()
    return 1 <= len(words) <= 6 and all(_PERSON_WORD.fullmatch(w.strip(",")) for w in words)


def fits(kind: FieldKind, text: str) -> bool:
    """True when ``text`` can be a value of ``kind`` (see the module docstring).

    Example:
        >>> fits(FieldKind.IDENTIFIER, "CC-99172"), fits(FieldKind.IDENTIFIER, "ops@shopnow.io")
        (True, False)
        >>> fits(FieldKind.PERSON, "Dev Patel\\nHarbour & Vine Wines")
        False
    """
    text = text.strip()
    if not text:
        return False
    if kind not in MULTILINE_KINDS and _LINE_BREAK.search(text):
        return False
    check = _CHECKS.get(kind)
    return True if check is None else check(text)


def _not_contact(text: str) -> bool:
    return not (is_email(text) or is_url(text) or is_phone(text))


def _is_amount(text: str) -> bool:
    return any(c.isdigit() for c in text) and _is_number(text) and not is_phone(text) and not _is_date(text)


def _is_percent(text: str) -> bool:
    return _is_amount(text) and currency_of(text) is None


def _is_count(text: str) -> bool:
    return _is_number(text) and not is_phone(text) and not _is_date(text) and currency_of(text) is None


def _is_datetime(text: str) -> bool:
    try:
        parse_datetime(text)
    except DateParseError:
        return is_relative_date(text)
    return True


def _is_currency(text: str) -> bool:
    return currency_of(text) is not None and not any(c.isdigit() for c in text)


_CHECKS = {
    FieldKind.EMAIL: is_email,
    FieldKind.URL: is_url,
    FieldKind.PHONE: is_phone,
    FieldKind.IDENTIFIER: is_identifier,
    FieldKind.DATE: lambda t: _is_date(t) or is_relative_date(t),
    FieldKind.DATETIME: _is_datetime,
    FieldKind.TIME: _is_time,
    FieldKind.AMOUNT: _is_amount,
    FieldKind.PERCENT: _is_percent,
    FieldKind.NUMBER: _is_count,
    FieldKind.CURRENCY: _is_currency,
    FieldKind.PERSON: lambda t: is_person(t) and _not_contact(t),
    FieldKind.NAME: lambda t: _not_contact(t) and not _is_date(t),
    FieldKind.ADDRESS: lambda t: not (is_email(t) or is_url(t)),
}


@dataclass(frozen=True)
class KindValidator(RegexValidator):
    """A core span validator that keeps only spans :func:`fits` the field's kind.

    The pattern is informative only (it is the line-break rule); :meth:`validate` runs the
    full shape check of :data:`kind`.
    """

    kind: str = FieldKind.NAME.value

    def validate(self, text: str) -> bool:
        kind = FieldKind(self.kind)
        if kind.value in _SHAPES_IN_TEXT:  # may be part of a longer shaped value: widened, then checked
            return _part_of_shape(kind, text)
        return fits(kind, text)


def _part_of_shape(kind: FieldKind, text: str) -> bool:
    if _LINE_BREAK.search(text):
        return False
    if kind is FieldKind.AMOUNT:
        return any(c.isdigit() for c in text) and len(text.split()) <= 4
    return not any(c.isspace() for c in text.strip())


def kind_validator(kind: FieldKind) -> KindValidator:
    """The validator the schema carries for a field of ``kind``."""
    return KindValidator(r"[^\r\n]*" if kind not in MULTILINE_KINDS else r"(?s).*", kind=kind.value)
