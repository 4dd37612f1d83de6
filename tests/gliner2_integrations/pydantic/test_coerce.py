"""Coercion of extracted spans: numbers, dates, choices. Nothing is ever guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gliner2_integrations.pydantic.coerce import CoercionError, coerce_choice, coerce_number, parse_number
from gliner2_integrations.pydantic.dates import DateParseError, parse_date, parse_datetime_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,250.00", Decimal("1250.00")),
        ("$3", Decimal(3)),
        ("12%", Decimal(12)),
        ("-€4.5", Decimal("-4.5")),
        ("USD 1,250.00", Decimal("1250.00")),
        ("(1,250)", Decimal(-1250)),
        ("1.250.000", Decimal(1250000)),
        ("€ 1.250,99", Decimal("1250.99")),
        ("1 250,5", Decimal("1250.5")),
        ("3,5", Decimal("3.5")),
        ("2.5 million", Decimal(2500000)),
        ("5k", Decimal(5000)),
        ("12 kg", Decimal(12)),
        ("ID-7", Decimal(7)),
    ],
)
def test_numbers_are_read_from_common_spellings(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("twelve", "no number"),
        ("3 to 5", "several numbers"),
        ("5m", "ambiguous"),
        ("1,25,000", "well-formed"),
        ("1,250.00.5", "twice"),
    ],
)
def test_unreadable_numbers_raise_coercion_error(text, reason):
    with pytest.raises(CoercionError, match=reason):
        parse_number(text)


def test_number_targets_get_their_own_type():
    assert coerce_number("1,250.00", int) == 1250 and type(coerce_number("1,250.00", int)) is int
    assert coerce_number("$3.25", float) == 3.25
    assert coerce_number("3.10", Decimal) == Decimal("3.10")


def test_fractional_number_for_int_field_is_not_rounded():
    with pytest.raises(CoercionError, match="not a whole number"):
        coerce_number("12.5", int)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024/03/05", dt.date(2024, 3, 5)),
        ("March 3rd, 2024", dt.date(2024, 3, 3)),
        ("Mar. 3 2024", dt.date(2024, 3, 3)),
        ("3 March 2024", dt.date(2024, 3, 3)),
        ("the 3rd of March 2024", dt.date(2024, 3, 3)),
        ("3-Mar-2024", dt.date(2024, 3, 3)),
        ("Tuesday, March 5, 2024", dt.date(2024, 3, 5)),
        ("03/05/2024", dt.date(2024, 3, 5)),
        ("13/05/2024", dt.date(2024, 5, 13)),
        ("05.03.2024", dt.date(2024, 3, 5)),
        ("3/5/24", dt.date(2024, 3, 5)),
        ("2024-03-05T10:30:00Z", dt.date(2024, 3, 5)),
    ],
)
def test_dates_are_read_from_common_formats(text, day):
    assert parse_date(text) == day


def test_dayfirst_reads_ambiguous_numeric_dates_day_first():
    assert parse_date("03/05/2024", dayfirst=True) == dt.date(2024, 5, 3)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-03-05", dt.datetime(2024, 3, 5)),
        ("2024-03-05 10:30", dt.datetime(2024, 3, 5, 10, 30)),
        ("March 5th 2024 at 3pm", dt.datetime(2024, 3, 5, 15)),
        ("5 March 2024, 3:30 p.m.", dt.datetime(2024, 3, 5, 15, 30)),
        ("2024-03-05T10:30:00Z", dt.datetime(2024, 3, 5, 10, 30, tzinfo=dt.timezone.utc)),  # noqa: UP017 - dt.UTC needs Python 3.11
        ("2024-03-05T10:30:00+02:00", dt.datetime(2024, 3, 5, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ],
)
def test_datetimes_are_read_with_optional_time_and_zone(text, moment):
    assert parse_datetime_value(text) == moment


@pytest.mark.parametrize(
    "text", ["March 2024", "2024-02-30", "next Tuesday", "31/31/2024", "March 3 2024 17", "2024-03-05 25:00"]
)
def test_unreadable_dates_raise_instead_of_guessing(text):
    with pytest.raises(DateParseError):
        parse_date(text) if "25:00" not in text else parse_datetime_value(text)


def test_choice_labels_map_back_to_values_case_insensitively():
    choices = (("in progress", "in_progress"), ("open", "open"))
    assert coerce_choice("In Progress", choices) == "in_progress"
    with pytest.raises(CoercionError, match="not one of the choices"):
        coerce_choice("closed", choices)
