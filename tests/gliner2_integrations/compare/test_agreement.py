"""Field-level agreement between two extractors."""

from __future__ import annotations

import pytest

from gliner2_integrations.compare import field_agreement
from gliner2_integrations.compare.agreement import normalise
from tests.gliner2_integrations.compare.models import Address, Contact, Order


def test_strings_match_after_case_whitespace_and_punctuation_normalisation():
    assert normalise("  Tim   COOK. ") == normalise("tim cook")
    assert normalise("") is None and normalise([]) is None
    assert normalise(1250) == normalise(1250.0)
    assert normalise(["b", "A"]) == normalise(["a", "b"])


def test_agreement_counts_every_field_and_filled_agreement_ignores_double_nulls():
    ours = [Contact(name="Tim Cook", company="Apple"), Contact(name="Jonas Weber")]
    theirs = [Contact(name="tim cook", company="Apple Inc."), Contact(name="Jonas Weber", city="Munich")]
    result = field_agreement(ours, theirs, Contact)
    # text 1: name agrees, company differs, city null/null agrees; text 2: name agrees, company agrees (null), city differs
    assert result.pairs == 6 and result.texts == 2
    assert result.agreement == pytest.approx(4 / 6)
    assert result.filled_pairs == 4
    assert result.filled_agreement == pytest.approx(2 / 4)
    assert result.per_field == {"city": 0.5, "company": 0.5, "name": 1.0}


def test_missing_record_counts_as_all_null_and_skipped_texts_are_left_out():
    ours = [None, Contact(name="A")]
    theirs = [Contact(), Contact(name="B")]
    result = field_agreement(ours, theirs, Contact, skip=[1])
    assert result.texts == 1
    assert result.agreement == 1.0
    assert result.filled_agreement is None


def test_nested_objects_compare_leaf_by_leaf_and_lists_ignore_order():
    ours = [Order(customer="Ada", total=12, tags=["x", "y"], address=None)]
    theirs = [{"customer": "ADA", "total": 12.0, "tags": ["y", "x"], "address": {"city": "Paris", "street": None}}]
    result = field_agreement(ours, theirs, Order)
    assert set(result.per_field) == {"customer", "total", "tags", "address.city", "address.street"}
    assert result.per_field["address.city"] == 0.0
    assert result.agreement == pytest.approx(4 / 5)
    assert Address  # the nested model is part of Order's schema


def test_lengths_must_match():
    with pytest.raises(ValueError, match="equal lengths"):
        field_agreement([None], [], Contact)
