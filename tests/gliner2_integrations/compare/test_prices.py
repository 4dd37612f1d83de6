"""Price table, name resolution and cost arithmetic."""

from __future__ import annotations

import json

import pytest

from gliner2_core import GLiNER2Error, SchemaError
from gliner2_integrations.compare import BATCH_DISCOUNT, PRICES, PRICES_AS_OF, UnknownPriceError, load_prices
from gliner2_integrations.compare.prices import DEFAULT_CPU_PRICE_PER_HOUR, ModelPrice, resolve_price


def test_worked_example_costs_thirty_dollars_on_gpt_4o():
    # 10,000 chunks x (500 chunk + 300 prompt/schema tokens) in, 100 out each (ECOSYSTEM.md 5.1)
    assert PRICES["gpt-4o"].cost(10_000 * (500 + 300), 10_000 * 100) == pytest.approx(30.00)
    assert PRICES["gpt-4o-mini"].cost(10_000 * 800, 10_000 * 100) == pytest.approx(1.80)


def test_cached_input_tokens_are_billed_at_the_cached_price():
    price = PRICES["gpt-4o"]
    assert price.cost(1_000_000, 0, cached_input_tokens=1_000_000) == pytest.approx(1.25)
    no_cache_price = PRICES["gpt-4o-2024-05-13"]
    assert no_cache_price.cost(1_000_000, 0, cached_input_tokens=1_000_000) == pytest.approx(5.00)


def test_table_is_dated_and_covers_the_documented_models():
    assert PRICES_AS_OF == "2026-11"
    assert BATCH_DISCOUNT == 0.5
    expected = {"gpt-4o", "gpt-4o-2024-05-13", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"}
    expected |= {"gpt-5", "gpt-5-mini", "gpt-5-nano"}
    assert set(PRICES) == expected
    assert (PRICES["gpt-5"].input, PRICES["gpt-5"].cached_input, PRICES["gpt-5"].output) == (1.25, 0.125, 10.00)
    assert pytest.approx(0.044625) == DEFAULT_CPU_PRICE_PER_HOUR


def test_dated_snapshot_names_resolve_to_their_family_unless_priced_themselves():
    assert resolve_price("gpt-4o-2024-08-06")[0] == "gpt-4o"
    assert resolve_price("gpt-4o-2024-05-13")[0] == "gpt-4o-2024-05-13"
    assert resolve_price("gpt-4.1-mini-2025-04-14")[0] == "gpt-4.1-mini"


def test_unknown_model_raises_instead_of_costing_nothing():
    with pytest.raises(UnknownPriceError, match="'claude-x'.*gpt-4o") as info:
        resolve_price("claude-x")
    assert isinstance(info.value, ValueError) and isinstance(info.value, GLiNER2Error)


def test_price_file_merges_over_the_default_table(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"gpt-4o": {"input": 2.0, "output": 8.0}, "local-llm": {"input": 0.1, "output": 0.2}}))
    prices = load_prices(path)
    assert prices["gpt-4o"] == ModelPrice(input=2.0, output=8.0)
    assert prices["local-llm"].cost(1_000_000, 1_000_000) == pytest.approx(0.3)
    assert prices["gpt-4o-mini"] == PRICES["gpt-4o-mini"]


@pytest.mark.parametrize(
    "content",
    [
        '["gpt-4o"]',
        '{"m": {"input": 1}}',
        '{"m": {"input": -1, "output": 1}}',
        '{"m": {"input": 1, "output": 1, "x": 2}}',
    ],
)
def test_malformed_price_file_is_a_schema_error(tmp_path, content):
    path = tmp_path / "prices.json"
    path.write_text(content)
    with pytest.raises(SchemaError):
        load_prices(path)
