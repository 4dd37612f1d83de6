"""The outputs the README shows for the bundled model are what the bundled model returns.

When a new bundled model changes one of them, update the README with the new output
(and say so in the model card) rather than this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.pydantic import extract_model

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled():
    return load_extractor(None)


def _shown(call: str) -> str:
    """The ``# ...`` line that follows ``call`` in the README's quick start."""
    match = re.search(re.escape(call) + r"\n# (.+)\n", README)
    assert match, f"the README no longer shows {call!r}"
    return match.group(1)


def test_quick_start_outputs_are_true(bundled):
    call = 'model.extract_entities("Angela Merkel met Emmanuel Macron in Berlin.", ["person", "location"])'
    entities = bundled.extract_entities("Angela Merkel met Emmanuel Macron in Berlin.", ["person", "location"])
    assert repr(entities) == _shown(call)
    call = 'model.classify_text("Please cancel my reservation tonight.", {"intent": ["book flight", "cancel reservation"]})'
    intent = bundled.classify_text("Please cancel my reservation tonight.", {"intent": ["book flight", "cancel reservation"]})
    assert repr(intent) == _shown(call)


class Invoice(BaseModel):
    """An invoice or a shop receipt."""

    number: str | None = Field(None, description="the invoice number")
    vendor: str | None = Field(None, description="the seller")
    total: float | None = Field(None, description="the total amount due")


def test_the_pydantic_invoice_example_is_true(bundled):
    for line in ('number: str | None = Field(None, description="the invoice number")', 'vendor: str | None = Field(None, description="the seller")', 'total: float | None = Field(None, description="the total amount due")'):
        assert line in README
    result = extract_model(bundled, "Invoice INV-17 from Acme Corp, total due $1,250.00.", Invoice)
    assert repr(result.value) == re.search(r"result\.value +# (Invoice\(.*?\)):", README).group(1)
