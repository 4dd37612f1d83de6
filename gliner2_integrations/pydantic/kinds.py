"""Field kinds: what kind of value each Pydantic field holds, and so how it is decoded.

Every field gets one :class:`FieldKind`, inferred from its annotation first, then from its
name and description, and overridable with ``field_options(kind=...)``. The kind decides
which spans may fill the field (:mod:`~gliner2_integrations.pydantic.shapes`), how a span
becomes a value (:mod:`~gliner2_integrations.pydantic.coerce`) and which head answers it.

=============  =======================================  ==========================================
kind           inferred from                            decoded as
=============  =======================================  ==========================================
``email``      ``EmailStr``; names/descriptions with    a span shaped ``name@domain.tld``
               "email", "e-mail" (these three kinds also
                                                        from the description)
``url``        ``HttpUrl``/``AnyUrl``; "url",           a span starting ``http(s)://``/``www.``
               "website", "link", "homepage"            or shaped ``domain.tld/...``
``phone``      "phone", "mobile", "telephone", "fax"    7-15 digits with ``+ ( ) - . space``
``identifier`` "id", "number", "code", "reference",     one token (or two, "LH 451") with a
               "ref", "sku", "booking", "case",         digit, or an all-capitals code; never an
               "invoice", "order", "tracking"           e-mail, URL, date or amount
``date``       ``date``                                 a span read as a date (year, month, day);
                                                        relative dates with ``reference_date``
``datetime``   ``datetime``                             a date with an optional time
``time``       ``datetime.time``; "time" in the name    "15:30", "3 pm", "noon" -> ``time``
``amount``     numbers named "amount", "price",         a number with optional currency
               "total", "cost", "fee", "rent",          ("$1,250.00", "1.234,56 EUR"); the
               "salary", "balance", "refund", ...       currency fills a ``currency`` field
``percent``    numbers named "percent", "rate",         a number with ``%`` or "percent"
               "discount", "share"
``number``     other ``int``/``float``/``Decimal``      one number (digits, or "two" .. "twenty")
``currency``   fields named "currency"                  a code or symbol; else the currency of
                                                        the record's amount
``person``     "name" of a person ("customer",          1-6 words with letters, no digits, no
               "patient", "organizer", "contact",       ``@``, on one line
               "author", "employee", "guest", ...)
``name``       other ``str`` fields (company,           a span on one line
               product, place, title)
``address``    "address", "street", "location"          a span that may run across lines
``text``       "description", "summary", "notes",       free text, may run across lines
               "reason", "message", "comment"
``pattern``    ``str`` with ``Field(pattern=...)``,       a span on one line that the pattern
               ``constr(pattern=...)``                  accepts (the pattern is the shape)
``choice``     ``Literal``/``Enum``                     classification of the text (abstains
                                                        when no label is confident)
``bool``       ``bool``                                 a yes/no/not-stated question built from
                                                        the field's name and description
=============  =======================================  ==========================================

A kind must fit the annotation (``kind="email"`` on an ``int`` field is refused, naming the
field and the kinds that fit).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from gliner2_core import SchemaError


class FieldKind(str, enum.Enum):  # noqa: UP042 - a str enum that also compares equal to its value
    """The kind of value a field holds (see the module table)."""

    EMAIL = "email"
    URL = "url"
    PHONE = "phone"
    IDENTIFIER = "identifier"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    AMOUNT = "amount"
    PERCENT = "percent"
    NUMBER = "number"
    CURRENCY = "currency"
    PERSON = "person"
    NAME = "name"
    ADDRESS = "address"
    TEXT = "text"
    PATTERN = "pattern"
    CHOICE = "choice"
    BOOL = "bool"


KINDS: tuple[str, ...] = tuple(k.value for k in FieldKind)
SPAN_KINDS = frozenset(FieldKind) - {FieldKind.CHOICE, FieldKind.BOOL}
MULTILINE_KINDS = frozenset({FieldKind.ADDRESS, FieldKind.TEXT})
"""Kinds whose spans may run across a line break; every other span stays in its line."""

# Kinds that fit each shape kind of annotations.analyse.
_FITS: dict[str, frozenset[FieldKind]] = {
    "text": SPAN_KINDS,
    "number": frozenset({FieldKind.NUMBER, FieldKind.AMOUNT, FieldKind.PERCENT}),
    "date": frozenset({FieldKind.DATE}),
    "datetime": frozenset({FieldKind.DATETIME, FieldKind.DATE}),
    "time": frozenset({FieldKind.TIME}),
    "bool": frozenset({FieldKind.BOOL}),
    "choice": frozenset({FieldKind.CHOICE}),
}

_WORD_RULES: tuple[tuple[FieldKind, str], ...] = (
    (FieldKind.EMAIL, r"e-?mail"),
    (FieldKind.URL, r"url|website|web site|link|homepage|web page|webpage"),
    (FieldKind.PHONE, r"phone|telephone|mobile|cell|fax|tel"),
    (FieldKind.CURRENCY, r"currency"),
    (FieldKind.TIME, r"time|hour|o'clock"),
    (FieldKind.DATE, r"date|deadline|dob|birthday|birthdate"),
    (FieldKind.PERCENT, r"percent|percentage|rate|discount|share|pct"),
    (
        FieldKind.AMOUNT,
        r"amount|price|total|cost|fee|fees|rent|salary|pay|wage|balance|refund|budget|revenue|charge|"
        r"payment|deposit|subtotal|tax|value|income|spend|spent|sum",
    ),
    (
        FieldKind.IDENTIFIER,
        r"id|ids|number|no|num|code|reference|ref|sku|isbn|iban|booking|case|invoice|order|tracking|"
        r"ticket|account|serial|confirmation|flight|policy|claim|plate|zip|postcode|postal",
    ),
    (FieldKind.ADDRESS, r"address|street|addr"),
    (FieldKind.TEXT, r"description|summary|notes|note|reason|message|comment|comments|details|body|symptoms"),
    (
        FieldKind.PERSON,
        r"person|customer|client|patient|organizer|organiser|contact|author|employee|guest|passenger|"
        r"attendee|attendees|manager|owner|recipient|sender|applicant|candidate|speaker|doctor|lawyer|"
        r"tenant|landlord|buyer|seller|driver|reporter|assignee|requester|user|member|people|who",
    ),
)
_NAME_WORDS = {"name", "names", "full", "first", "last"}
_COMPANY_WORDS = {"company", "organization", "organisation", "vendor", "supplier", "employer", "business", "brand"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def kind_from_words(label: str, description: str | None) -> FieldKind | None:
    """The kind a field's name (then its description) suggests for a text or number field.

    The name decides when one of its words matches a rule (the last matching word wins:
    "order email" is an e-mail, "email order id" an identifier); the description is read
    only when the name says nothing.
    """
    words = _words(label)
    for source in (words, _words(description or "")):
        if not source:
            continue
        strong = source is words  # a description's words are noisy ("where the case is filed"): only contact kinds
        if set(source) & _COMPANY_WORDS:
            return FieldKind.NAME
        best: tuple[int, FieldKind] | None = None
        for kind, pattern in _WORD_RULES:
            rule = re.compile(rf"(?:{pattern})")
            if not strong and kind not in (FieldKind.EMAIL, FieldKind.URL, FieldKind.PHONE):
                continue
            for index, word in enumerate(source):
                if rule.fullmatch(word) and (best is None or index > best[0]):
                    best = (index, kind)
        if best is not None:
            return best[1]
        if source is words and set(words) & _NAME_WORDS:
            return FieldKind.PERSON if words[0] in ("name", "full") or len(words) == 1 else None
    return None


def infer_kind(
    shape_kind: str, label: str, description: str | None, annotation: Any, patterns: tuple = ()
) -> FieldKind:
    """The kind of one field from its annotation's shape, then its name and description.

    Args:
        shape_kind: :attr:`~gliner2_integrations.pydantic.annotations.Shape.kind`.
        label: The humanised field name.
        description: The field description.
        annotation: The raw annotation (for ``EmailStr``/``HttpUrl``).
        patterns: The field's ``pattern`` constraints (a patterned string is kind ``pattern``).
    """
    special = _special_type(annotation)
    if special is not None:
        return special
    if shape_kind in ("bool", "choice", "date", "datetime", "time"):
        return FieldKind(shape_kind)
    if shape_kind == "text" and patterns:
        return FieldKind.PATTERN
    hinted = kind_from_words(label, description)
    if shape_kind == "number":
        if hinted in (FieldKind.AMOUNT, FieldKind.PERCENT):
            return hinted
        return FieldKind.NUMBER
    if hinted is None:
        return FieldKind.NAME
    if hinted is FieldKind.TIME and _words(label)[-1:] not in (["time"], ["hour"]):
        return FieldKind.NAME  # "lifetime", "time zone" are not clock times
    return hinted


def _special_type(annotation: Any) -> FieldKind | None:
    """``EmailStr``/``NameEmail`` -> e-mail, pydantic URL types -> URL (searched through Optional/list)."""
    seen = [annotation]
    while seen:
        item = seen.pop()
        name = getattr(item, "__name__", "") or ""
        if name in ("EmailStr", "NameEmail"):
            return FieldKind.EMAIL
        if name.endswith("Url") or name.endswith("Dsn"):
            return FieldKind.URL
        seen.extend(getattr(item, "__args__", ()) or ())
    return None


def check_kind(given: Any, shape_kind: str, where: str) -> FieldKind:
    """A kind from ``field_options(kind=...)``, checked against the annotation.

    Raises:
        SchemaError: For an unknown kind (listing :data:`KINDS`) or one the annotation cannot hold
            (listing the kinds that fit it).
    """
    try:
        kind = FieldKind(given)
    except ValueError:
        raise SchemaError.invalid(f"{where} option 'kind'", given, KINDS) from None
    fits = _FITS.get(shape_kind, frozenset())
    if kind not in fits:
        raise SchemaError.invalid(
            f"{where} option 'kind' (the annotation holds {shape_kind} values)",
            kind.value,
            sorted(k.value for k in fits),
        )
    return kind
