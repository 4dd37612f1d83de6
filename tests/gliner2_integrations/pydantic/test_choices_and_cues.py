"""Text evidence the reader trusts: a choice written out, a value right after its field's name."""

from __future__ import annotations

import pytest

from gliner2_integrations.pydantic.choices import written_choice
from gliner2_integrations.pydantic.cues import labelled

CABINS = [("economy", "economy"), ("premium economy", "premium economy"), ("business", "business"), ("first", "first")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are now booked in Economy Class, seat 32C.", "economy"),
        ("I'm in premium economy and want to stay there.", "premium economy"),  # the longer option wins
        ("Upgrade from economy to business please.", None),  # two options written: the model decides
        ("Please move my flight to Friday.", None),
        ("The economyst wrote in.", None),  # whole words only
    ],
)
def test_written_choice_answers_only_when_exactly_one_option_is_written(text, expected):
    hit = written_choice(text, CABINS)
    assert (hit[0] if hit else None) == expected
    if hit:
        assert text[hit[1] : hit[2]].lower() == expected


def test_written_choice_reads_snake_case_options_as_words():
    hit = written_choice("It arrived as the wrong item, again.", [("wrong_item", "W"), ("damaged", "D")])
    assert hit is not None and hit[0] == "W"


@pytest.mark.parametrize(
    ("text", "value", "label", "expected"),
    [
        ("Subject: booking QX7P2L", "QX7P2L", "booking reference", True),
        ("hi, Rahul here, ref 8KD3MZ.", "8KD3MZ", "booking reference", True),  # a shorter form of the word
        ("Order #558201 arrived broken", "558201", "order id", True),
        ("Order no. 558201 arrived broken", "558201", "order id", True),
        ("DOB: 1987-06-02", "1987-06-02", "date of birth", True),  # initials
        ("Your flight LH 451 was moved", "LH 451", "booking reference", False),
        ("PNR: 2FJ9QA", "2FJ9QA", "booking reference", False),
        ("booking\nQX7P2L", "QX7P2L", "booking reference", False),  # the name must be on the value's line
    ],
)
def test_labelled_finds_a_value_written_right_after_its_field_name(text, value, label, expected):
    assert labelled(text, text.index(value), label) is expected


@pytest.mark.parametrize(
    ("text", "value", "label", "description", "expected"),
    [
        ("Invoice INV-17 from Acme Corp", "INV-17", "number", "the invoice number", True),
        ("Seller Acme, INV-17", "INV-17", "number", "the invoice number", False),
        # only the word before the label's last word: "booked flight" does not make "booking" a label word
        ("Booking ZP5K1D, flight EK 202", "ZP5K1D", "flight number", "the booked flight", False),
    ],
)
def test_labelled_reads_the_description_word_before_the_field_name(text, value, label, description, expected):
    assert labelled(text, text.index(value), label, description) is expected
