"""Values to spans: exact, case/whitespace-insensitive, normalised, fuzzy; never invented."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gliner2_integrations.adapt import align

TEXT = "INVOICE  inv-17\nIssued March 14th, 2025 at 3 pm by Brightleaf Fods Ltd. Total due: $1,250.00 for two crates."


def found(value, kind="text", target=str):
    span = align(TEXT, value, kind, target)
    return None if span is None else TEXT[span[0] : span[1]]


@pytest.mark.parametrize(
    ("value", "kind", "target", "expected"),
    [
        ("inv-17", "text", str, "inv-17"),  # exact
        ("INV-17", "text", str, "inv-17"),  # case-insensitive
        ("invoice inv-17", "text", str, "INVOICE  inv-17"),  # whitespace runs
        (1250.0, "number", float, "$1,250.00"),  # an amount in another spelling
        (Decimal("1250.00"), "number", Decimal, "$1,250.00"),
        (2, "number", int, "two"),  # a count in words
        (dt.date(2025, 3, 14), "date", dt.date, "March 14th, 2025"),
        (dt.time(15, 0), "time", dt.time, "3 pm"),
        ("Brightleaf Foods Ltd", "text", str, "Brightleaf Fods Ltd"),  # OCR-like noise
    ],
)
def test_values_are_found_where_the_text_writes_them(value, kind, target, expected):
    assert found(value, kind, target) == expected


@pytest.mark.parametrize(
    ("value", "kind", "target"),
    [("Acme Corp", "text", str), (99.0, "number", float), (dt.date(2025, 3, 15), "date", dt.date)],
)
def test_a_value_not_in_the_text_is_not_aligned(value, kind, target):
    assert align(TEXT, value, kind, target) is None
