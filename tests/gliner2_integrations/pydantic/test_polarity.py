"""Yes/no fields: a negated mention answers False, a plain one True, none (or a hedge) None."""

from __future__ import annotations

import pytest

from gliner2_integrations.pydantic.polarity import key_words, stated


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("This is urgent, the line is down.", "urgent", True),
        ("Not urgent, whenever you get a chance.", "urgent", False),
        ("Sorry, no pets.", "pets allowed", False),
        ("Cats welcome! Pets allowed.", "pets allowed", True),
        ("Pets aren't allowed, unfortunately.", "pets allowed", False),
        ("no remote sadly", "remote", False),
        ("Fully remote role.", "remote", True),
        ("The invoice is unpaid.", "paid", False),
        ("It has not been paid yet.", "paid", False),
        ("paid? No.", "paid", False),
        ("Receipt attached: no", "receipt attached", False),
        ("The receipt isn't attached yet.", "receipt attached", False),
        ("Follow-up: not required", "follow up needed", False),
        ("Pets considered on application.", "pets allowed", None),
        ("Lovely flat near the park.", "pets allowed", None),
        ("Agent: Is this urgent?\n[10:45] Customer: not really, I have another kettle", "urgent", False),
        ("Is it urgent? Yes, very.", "urgent", True),
        ("Is this urgent?", "urgent", None),  # asked, never answered
        ("The court has not yet scheduled the main hearing.", "hearing scheduled", False),
    ],
)
def test_stated_reads_the_polarity_of_a_mention(text, label, expected):
    assert stated(text, label) is expected


def test_key_words_drop_function_words():
    assert key_words("is virtual") == ["virtual"]
    assert key_words("refund requested") == ["refund"]
