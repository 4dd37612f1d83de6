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
    r"(?:[A-Z]{3}|[A-Z]{0,2}[$€£¥₹])\s?-?\d[\d.,'\u00a0\u202f]*(?<=\d)(?:\s?(?:k|m|bn|mn|million|billion|Mio\.?|Mrd\.?|Tsd\.?))?"
    r"|-?\d[\d.,'\u00a0\u202f]*(?<=\d)(?:\s?(?:k|bn|mn|million|billion|Mio\.?|Mrd\.?|Tsd\.?))?"
    r"\s?(?:[A-Z]{3}\b|[$€£¥₹]|euros?|dollars?|pounds?)"
)
_SHAPES_IN_TEXT = {"email": EMAIL, "url": URL, "amount": MONEY}


def shaped_in(kind: FieldKind, text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every e-mail, URL, phone number or amount with a currency written in
    ``text`` (other kinds: none): values the encoder cannot score whole when they are longer than
    its span width, or that a small model scores below its floor."""
    pattern = {
        FieldKind.EMAIL: EMAIL,
        FieldKind.URL: URL,
        FieldKind.PHONE: _PHONE_IN_TEXT,
        FieldKind.AMOUNT: MONEY,
    }.get(kind)
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
            start, end = match.start(), stop
            break
    return _signed(text, start, end) if kind is FieldKind.AMOUNT else (start, end)


_OPEN_BRACKET = re.compile(r"\(\s*(?:[A-Z]{3}\s*|[$€£¥₹]\s*)?$")
_MINUS_BEFORE = re.compile(r"(?:^|(?<=\W))(?:minus|negative)\s+(?:[A-Z]{3}\s*)?$", re.IGNORECASE)


def _signed(text: str, start: int, end: int) -> tuple[int, int]:
    """An amount grown to its sign: accounting brackets ("(1,250.00)") or a minus word ("minus 5 dollars")."""
    before = text[max(0, start - 20) : start]
    bracket = _OPEN_BRACKET.search(before)
    if bracket and text[end : end + 1] == ")":
        return start - (len(before) - bracket.start()), end + 1
    minus = _MINUS_BEFORE.search(before)
    if minus:
        return start - (len(before) - minus.start()), end
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
    if _phone_like(text):
        return False  # "080-5521-3390" is a phone number, not an order number
    parts = text.split()
    if len(parts) == 2 and not all(_code_part(p) for p in parts):
        return False  # "LH 451" is one identifier, "ref 8KD3MZ" is a word and an identifier
    has_digit = any(c.isdigit() for c in text)
    code = len(text) >= 4 and text.replace("-", "").isalnum() and text.upper() == text and not text.isdigit()
    return has_digit or code


def _phone_like(text: str) -> bool:
    """Digits only, at least 9 of them, grouped as phone numbers are ("+49 30 5550", "206-555-0133")."""
    if any(c.isalpha() for c in text) or sum(c.isdigit() for c in text) < 9:
        return False
    return text.startswith(("+", "(")) or len(_PHONE_GAPS.findall(text)) >= 2


_PHONE_GAPS = re.compile(r"[\s().\-]+")


def _code_part(part: str) -> bool:
    return any(c.isdigit() for c in part) or (part.isalpha() and part.isupper() and len(part) <= 4)


def is_person(text: str) -> bool:
    """1-6 words made of letters (initials, hyphens and apostrophes allowed), no digits or ``@``."""
    bare = "".join(c for c in text if not unicodedata.category(c).startswith("M"))  # "Ti\u0301m" is a word
    words = bare.split()
    return 1 <= len(words) <= 6 and all(_PERSON_WORD.fullmatch(w.strip(",")) for w in words)


_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "madam",
        "mme",
        "mlle",
        "herr",
        "frau",
        "sr",
        "sra",
        "srta",
    ]
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "du",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "ten",
        "ter",
        "dos",
        "das",
    ]
)
_TRAILING = ",;:!?"


def tidy(kind: FieldKind, text: str, start: int, end: int) -> tuple[int, int]:
    """A span trimmed to the value it holds: a person without a leading title or lower-case
    role word ("Dr. Amara Nwosu", "pax Arjun Nair") or sentence punctuation after the name
    ("Leila Ahmadi."), a URL or e-mail without the full stop that ends its sentence."""
    if kind is FieldKind.PERSON:
        start, end = _trim_person(text, start, end)
    elif kind in (FieldKind.URL, FieldKind.EMAIL, FieldKind.IDENTIFIER):
        while end > start and text[end - 1] in _TRAILING + ".":
            end -= 1
    return start, end


def _trim_person(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    if len(words) > 1 and text[start:end].endswith(".") and len(text[start + words[-1][0] : end]) > 2:
        end -= 1  # "Leila Ahmadi." ends a sentence; "John F." keeps its initial
    while len(words) > 1:
        word = text[start + words[0][0] : start + words[0][1]]
        bare = word.rstrip(".").lower()
        later_capital = any(text[start + s].isupper() for s, _ in words[1:])
        if bare in _TITLES or (word.islower() and bare not in _PARTICLES and later_capital):
            words = words[1:]
            continue
        break
    return start + words[0][0], end


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
