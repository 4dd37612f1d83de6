"""Dated LLM and CPU prices, and the cost arithmetic.

LLM prices are list prices in USD per 1M tokens. Source: the
``MODEL_COST_PER_1K_TOKENS`` table of ``langchain_community/callbacks/openai_info.py``
(langchain-community 0.4.2), which matched OpenAI's pricing page when copied.
**Prices change: re-check https://openai.com/api/pricing before publishing a
number**, and pass your own table (``prices=`` or ``--prices prices.json``).

The CPU price is per vCPU-hour: an AWS ``c7i.large`` (2 vCPU, 4 GiB; Intel
Sapphire Rapids) costs $0.08925 per hour on demand, Linux, us-east-1, so one
vCPU-hour is $0.044625 (``c6a.large``: $0.0765/h, $0.03825 per vCPU-hour).
These were the published on-demand rates when written; they were not re-checked
from this (offline) environment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gliner2_core import SchemaError
from gliner2_integrations.compare.errors import UnknownPriceError

PRICES_AS_OF = "2026-11"
"""Month the LLM price table was copied; users must re-check before relying on it."""

BATCH_DISCOUNT = 0.5
"""OpenAI's Batch API bills input and output at 50% of the list price (24-hour turnaround)."""

DEFAULT_CPU_PRICE_PER_HOUR = 0.08925 / 2
"""USD per vCPU-hour: AWS c7i.large on demand (us-east-1, Linux, $0.08925/h) divided by its 2 vCPUs."""

CPU_PRICE_SOURCE = "AWS c7i.large on-demand, us-east-1 Linux, $0.08925/h / 2 vCPU"


@dataclass(frozen=True)
class ModelPrice:
    """List price of one LLM, in USD per 1M tokens.

    Attributes:
        input: Uncached input (prompt) tokens.
        output: Output tokens (reasoning tokens are billed as output too).
        cached_input: Input tokens served from the prompt cache, when the model has such a price.
    """

    input: float
    output: float
    cached_input: float | None = None

    def cost(self, input_tokens: float, output_tokens: float, *, cached_input_tokens: float = 0.0) -> float:
        """USD for the given token counts; cached tokens are part of ``input_tokens``.

        Example:
            >>> PRICES["gpt-4o"].cost(10_000 * 800, 10_000 * 100)
            30.0
        """
        cached_price = self.input if self.cached_input is None else self.cached_input
        uncached = input_tokens - cached_input_tokens
        return (uncached * self.input + cached_input_tokens * cached_price + output_tokens * self.output) / 1_000_000


PRICES: dict[str, ModelPrice] = {
    "gpt-4o": ModelPrice(input=2.50, cached_input=1.25, output=10.00),
    "gpt-4o-2024-05-13": ModelPrice(input=5.00, output=15.00),
    "gpt-4o-mini": ModelPrice(input=0.15, cached_input=0.075, output=0.60),
    "gpt-4.1": ModelPrice(input=2.00, cached_input=0.50, output=8.00),
    "gpt-4.1-mini": ModelPrice(input=0.40, cached_input=0.10, output=1.60),
    "gpt-4.1-nano": ModelPrice(input=0.10, cached_input=0.025, output=0.40),
    "gpt-5": ModelPrice(input=1.25, cached_input=0.125, output=10.00),
    "gpt-5-mini": ModelPrice(input=0.25, cached_input=0.025, output=2.00),
    "gpt-5-nano": ModelPrice(input=0.05, cached_input=0.005, output=0.40),
}
"""Default price table (see the module docstring for its source and date)."""

REASONING_PREFIXES = ("gpt-5", "o1", "o3", "o4")
"""Model families that spend hidden reasoning tokens, billed as output and not in our estimate."""

_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def resolve_price(model: str, prices: Mapping[str, ModelPrice] = PRICES) -> tuple[str, ModelPrice]:
    """The table entry for a model name, accepting dated snapshot names.

    An exact entry wins (``gpt-4o-2024-05-13`` has its own price); otherwise a
    trailing ``-YYYY-MM-DD`` is dropped (``gpt-4o-2024-08-06`` -> ``gpt-4o``).

    Returns:
        The table key that matched and its price.

    Raises:
        UnknownPriceError: No entry matches; unknown models are never priced at $0.
    """
    for key in (model, _DATED.sub("", model)):
        if key in prices:
            return key, prices[key]
    raise UnknownPriceError(model, prices)


def is_reasoning_model(model: str) -> bool:
    """True for families whose hidden reasoning tokens are billed as output."""
    return model.startswith(REASONING_PREFIXES)


def load_prices(path: str | Path, base: Mapping[str, ModelPrice] = PRICES) -> dict[str, ModelPrice]:
    """Read a JSON price file and merge it over ``base``.

    The file maps model names to USD per 1M tokens::

        {"gpt-4o": {"input": 2.5, "cached_input": 1.25, "output": 10.0},
         "my-model": {"input": 0.2, "output": 0.8}}

    Raises:
        SchemaError: The file is not such a mapping, or a price is missing or negative.
        OSError: The file cannot be read.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SchemaError.invalid(f"prices file {str(path)!r}", type(data).__name__, "a JSON object of model -> prices")
    merged = dict(base)
    for name, entry in data.items():
        merged[name] = _price_from_json(f"prices file {str(path)!r}.{name}", entry)
    return merged


def _price_from_json(where: str, entry: object) -> ModelPrice:
    if not isinstance(entry, dict) or not {"input", "output"} <= entry.keys():
        raise SchemaError.invalid(where, entry, 'an object with "input", "output" and optionally "cached_input"')
    unknown = entry.keys() - {"input", "output", "cached_input"}
    if unknown:
        raise SchemaError.invalid(f"{where} key", sorted(unknown)[0], ["input", "output", "cached_input"])
    for key, value in entry.items():
        if value is None and key == "cached_input":
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise SchemaError.invalid(f"{where}.{key}", value, "a non-negative number (USD per 1M tokens)")
    cached = entry.get("cached_input")
    return ModelPrice(
        input=float(entry["input"]),
        output=float(entry["output"]),
        cached_input=None if cached is None else float(cached),
    )
