"""Shape checks: a span that cannot be the field's kind is never used for it."""

from __future__ import annotations

import pytest

from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.shapes import fits, shaped_in, widen

K = FieldKind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (K.IDENTIFIER, "CC-99172", True),
        (K.IDENTIFIER, "LH 451", True),
        (K.IDENTIFIER, "QX7P2L", True),
        (K.IDENTIFIER, "ops@shopnow.io", False),  # an e-mail never fills an order id
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
