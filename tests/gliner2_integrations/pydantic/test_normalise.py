"""Normalisers: times, relative dates, currencies, number words and amounts with their currency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gliner2_integrations.pydantic.coerce import CoercionError, coerce_text, parse_number
from gliner2_integrations.pydantic.normalise import (
    NormaliseError,
    currency_of,
    number_word,
    parse_relative_date,
    parse_time,
)

WEDNESDAY = dt.date(2025, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 pm", dt.time(15, 0)),
        ("3:30 p.m.", dt.time(15, 30)),
        ("15:30", dt.time(15, 30)),
        ("15h30", dt.time(15, 30)),
        ("9.45 am", dt.time(9, 45)),
        ("noon", dt.time(12, 0)),
        ("midnight", dt.time(0, 0)),
        ("half past two in the afternoon", dt.time(14, 30)),
        ("quarter to ten", dt.time(9, 45)),
        ("at 7 pm", dt.time(19, 0)),
    ],
)
def test_parse_time_reads_clock_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["3", "March 14, 2025", "13 pm", "soon", "25:00"])
def test_parse_time_refuses_what_is_not_clearly_a_time(text):
    with pytest.raises(NormaliseError):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WEDNESDAY),
        ("tomorrow", dt.date(2025, 3, 13)),
        ("yesterday", dt.date(2025, 3, 11)),
        ("the day after tomorrow", dt.date(2025, 3, 14)),
        ("next Tuesday", dt.date(2025, 3, 18)),
        ("next Wednesday", dt.date(2025, 3, 19)),  # never the reference day itself
        ("this Friday", dt.date(2025, 3, 14)),
        ("Friday", dt.date(2025, 3, 14)),
        ("last Monday", dt.date(2025, 3, 10)),
        ("in 3 days", dt.date(2025, 3, 15)),
        ("in two weeks", dt.date(2025, 3, 26)),
        ("2 weeks from now", dt.date(2025, 3, 26)),
        ("in a month", dt.date(2025, 4, 12)),
    ],
)
def test_relative_dates_are_read_against_the_reference_date(text, expected):
    assert parse_relative_date(text, WEDNESDAY) == expected


def test_a_relative_date_without_a_reference_date_stays_unread():
    with pytest.raises(CoercionError, match="no reference_date"):
        coerce_text("next Tuesday", "date", dt.date)
    assert coerce_text("next Tuesday", "date", dt.date, reference_date=WEDNESDAY) == dt.date(2025, 3, 18)


def test_a_date_without_a_day_is_still_not_guessed():
    with pytest.raises(CoercionError):
        coerce_text("March 2025", "date", dt.date, reference_date=WEDNESDAY)


def test_time_fields_are_coerced_to_time():
    assert coerce_text("3 pm", "time", dt.time) == dt.time(15, 0)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1,250.00", Decimal("1250.00"), "USD"),
        ("1.234,56 EUR", Decimal("1234.56"), "EUR"),
        ("CAD 120,000", Decimal("120000"), "CAD"),
        ("€ 89,90", Decimal("89.90"), "EUR"),
        ("C$ 40", Decimal("40"), "CAD"),
        ("£980 pcm", Decimal("980"), "GBP"),
        ("(1,250.00)", Decimal("-1250.00"), None),
        ("2.5 million", Decimal("2500000.0"), None),
    ],
)
def test_amounts_give_their_value_and_currency(text, value, currency):
    assert (parse_number(text), currency_of(text)) == (value, currency)


def test_a_span_naming_two_currencies_has_none():
    assert currency_of("$5 or €4") is None


@pytest.mark.parametrize(("text", "count"), [("two workers", 2), ("No one", 0), ("twelve", 12), ("3 people", None)])
def test_number_words_read_small_counts(text, count):
    assert number_word(text) == count


def test_int_fields_read_number_words():
    assert coerce_text("two", "number", int) == 2


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_written_amounts_read_back_their_value(value):
    text = f"{value:,.2f}"
    if value < 0:
        text = "-" + text.lstrip("-")
    assert parse_number(f"USD {text}") == value


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_24_hour_times_read_back(hour, minute):
    assert parse_time(f"{hour:02d}:{minute:02d}") == dt.time(hour, minute)
