"""Shape checks: a span that cannot be the field's kind is never used for it."""

from __future__ import annotations

import pytest

from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.shapes import fits, shaped_in, tidy, widen

K = FieldKind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (K.IDENTIFIER, "CC-99172", True),
        (K.IDENTIFIER, "LH 451", True),
        (K.IDENTIFIER, "QX7P2L", True),
        (K.IDENTIFIER, "ops@shopnow.io", False),  # an e-mail never fills an order id
        (K.IDENTIFIER, "080-5521-3390", False),  # nor a phone number
        (K.IDENTIFIER, "+44 20 7946 0958", False),
        (K.IDENTIFIER, "2401873", True),  # a plain run of digits can still be an id
        (K.IDENTIFIER, "24-3-05512-1 SEA", True),
        (K.IDENTIFIER, "ref 8KD3MZ", False),
        (K.IDENTIFIER, "March 14, 2025", False),
        (K.IDENTIFIER, "CC-99172. Contact: Priya Raman, ops@shopnow.io", False),
        (K.EMAIL, "ops@shopnow.io", True),
        (K.EMAIL, "Priya Raman", False),
        (K.URL, "https://status.acme.io/incident/42", True),
        (K.URL, "ops@shopnow.io", False),
        (K.PHONE, "(617) 555-0143", True),
        (K.PHONE, "+49 30 5550 2871", True),
        (K.PHONE, "2025-03-14", False),
        (K.PHONE, "12", False),
        (K.TIME, "3 pm", True),
        (K.TIME, "15:30", True),
        (K.TIME, "March 14, 2025", False),  # a date never fills a time field
        (K.TIME, "3", False),
        (K.DATE, "March 14, 2025", True),
        (K.DATE, "March 2025", False),  # no day: not guessed
        (K.DATE, "next Tuesday", True),  # read only with a reference_date
        (K.AMOUNT, "$1,250.00", True),
        (K.AMOUNT, "1.234,56 EUR", True),
        (K.AMOUNT, "Aurora Desk Lamp", False),  # a word never fills a number
        (K.NUMBER, "two", True),
        (K.NUMBER, "rent", False),
        (K.PERSON, "Tomás Ferreira", True),
        (K.PERSON, "Dev Patel\nHarbour & Vine Wines", False),  # never across a line break
        (K.PERSON, "dev@harbourvine.co.uk", False),
        (K.NAME, "Lumen Analytics, Inc.\nAttn", False),
        (K.NAME, "Lumen Analytics, Inc.", True),
        (K.ADDRESS, "14 Elm Street\nApt 3B", True),  # addresses may run across lines
        (K.TEXT, "line one\nline two", True),
    ],
)
def test_fits_accepts_only_spans_of_the_kind(kind, text, expected):
    assert fits(kind, text) is expected


def test_widen_grows_a_span_to_the_whole_url_and_trims_the_full_stop():
    text = "Updates: https://status.acme.io/incident/42. Careers: https://acme.io/jobs"
    start = text.index("status")
    assert text.__getitem__(slice(*widen(K.URL, text, start, start + 6))) == "https://status.acme.io/incident/42"


def test_widen_grows_an_amount_to_its_currency_code():
    text = "Rent 1.450 EUR per month"
    start = text.index("1.450")
    assert text.__getitem__(slice(*widen(K.AMOUNT, text, start, start + 5))) == "1.450 EUR"


def test_shaped_in_finds_every_email_and_url_of_a_text():
    text = "Write to a@b.io or c.d@e.co.uk, see https://x.io/a and www.y.org."
    assert [text[s:e] for s, e in shaped_in(K.EMAIL, text)] == ["a@b.io", "c.d@e.co.uk"]
    assert [text[s:e] for s, e in shaped_in(K.URL, text)] == ["https://x.io/a", "www.y.org"]


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (K.PERSON, "Dr. Amara Nwosu", "Amara Nwosu"),
        (K.PERSON, "Mr Hamid Karimi", "Hamid Karimi"),
        (K.PERSON, "pax Arjun Nair", "Arjun Nair"),  # a lower-case role word before the name
        (K.PERSON, "Leila Ahmadi.", "Leila Ahmadi"),
        (K.PERSON, "John F.", "John F."),  # an initial keeps its full stop
        (K.PERSON, "Ludwig van Beethoven", "Ludwig van Beethoven"),
        (K.PERSON, "Dr.", "Dr."),  # nothing left to trim to
        (K.URL, "https://hexafreight.be/incident.", "https://hexafreight.be/incident"),
        (K.IDENTIFIER, "CC-99172,", "CC-99172"),
        (K.NAME, "Tanaka Precision K.K.", "Tanaka Precision K.K."),
    ],
)
def test_tidy_trims_a_span_to_the_value_it_holds(kind, text, expected):
    start, end = tidy(kind, text, 0, len(text))
    assert text[start:end] == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Total due (1,250.00) after credit", "1,250.00", "(1,250.00)"),
        ("Balance: (USD 40.00).", "USD 40.00", "(USD 40.00)"),
        ("a refund of minus 5 dollars", "5 dollars", "minus 5 dollars"),
        ("Budget 1,5 Mio. EUR approved", "1,5", "1,5 Mio."),
    ],
)
def test_widen_grows_an_amount_to_its_sign_and_scale(text, span, expected):
    start = text.index(span)
    got = widen(K.AMOUNT, text, start, start + len(span))
    assert text[got[0] : got[1]].startswith(expected)
