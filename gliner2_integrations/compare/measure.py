"""Measure a real LLM extractor: tokens from ``usage_metadata``, latency, parse failures, agreement."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_integrations.compare.agreement import FieldAgreement, field_agreement
from gliner2_integrations.compare.errors import UnknownPriceError
from gliner2_integrations.compare.prices import BATCH_DISCOUNT, PRICES, ModelPrice, resolve_price

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LlmMeasurement:
    """Measured behaviour of a real chat model on a sample of texts (``basis`` is ``"measured"``).

    Token means are over the calls that reported ``usage_metadata``; costs are those
    means at the model's list price, and ``None`` when the price or the usage is unknown.

    Attributes:
        label: Row name (the reported model name unless given).
        model_name: ``response_metadata["model_name"]`` of the replies, when reported.
        price_key: The price-table entry used, if any.
        calls: Requests sent.
        call_errors: Requests that raised (network, rate limit, ...).
        parse_failures: Replies that did not parse into the model.
        usage_reported: Replies that carried ``usage_metadata``.
        input_tokens_mean: Measured prompt tokens per call.
        output_tokens_mean: Measured completion tokens per call (reasoning included).
        cached_input_tokens_mean: Prompt tokens served from the provider's cache, per call.
        reasoning_tokens_mean: Hidden reasoning tokens per call.
        latency_mean_s: Mean seconds per call (sequential calls).
        latency_p50_s: Median seconds per call.
        latency_max_s: Slowest call.
        cost_per_1k: USD per 1,000 texts from measured tokens.
        cost_per_1m: USD per 1M texts from measured tokens.
        batch_cost_per_1m: USD per 1M texts through the Batch API (50% off).
        agreement: Field-level agreement with the reference records (GLiNER2's), when given.
        estimated_input_tokens_mean: Our offline estimate for the same sample, for calibration.
        estimated_output_tokens_mean: Our offline output estimate for the same sample.
        usage_by_model: Totals from ``get_usage_metadata_callback``, keyed by reported model name.
        records: Parsed records per sampled text (``None`` on failure; not serialised).
    """

    label: str
    model_name: str | None
    price_key: str | None
    calls: int
    call_errors: int
    parse_failures: int
    usage_reported: int
    input_tokens_mean: float | None
    output_tokens_mean: float | None
    cached_input_tokens_mean: float | None
    reasoning_tokens_mean: float | None
    latency_mean_s: float | None
    latency_p50_s: float | None
    latency_max_s: float | None
    cost_per_1k: float | None
    cost_per_1m: float | None
    batch_cost_per_1m: float | None
    agreement: FieldAgreement | None = None
    estimated_input_tokens_mean: float | None = None
    estimated_output_tokens_mean: float | None = None
    usage_by_model: dict[str, Any] = field(default_factory=dict)
    records: list[BaseModel | None] = field(default_factory=list, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable fields (records left out), with ``basis: "measured"``."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "records"}
        data["agreement"] = None if self.agreement is None else asdict(self.agreement)
        return {"basis": "measured", **data}


def measure_llm(
    chat_model: BaseChatModel,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    sample: int = 20,
    reference: Sequence[BaseModel | Mapping[str, Any] | None] | None = None,
    prices: Mapping[str, ModelPrice] = PRICES,
    price_model: str | None = None,
    system_prompt: str | None = None,
    label: str | None = None,
) -> LlmMeasurement:
    """Run ``prompt | chat_model.with_structured_output(model_cls, include_raw=True)`` on a sample.

    Calls are sequential, so latency is per call; throughput with concurrent calls is higher.

    Args:
        chat_model: Any LangChain chat model with tool calling (or its own structured output).
        texts: The texts; the first ``sample`` are sent.
        model_cls: The Pydantic model to fill.
        sample: How many texts to send.
        reference: Records to compare with (e.g. GLiNER2's), aligned with ``texts``.
        prices: USD per 1M tokens by model name.
        price_model: Price-table entry to use; by default the reported model name.
        system_prompt: Extraction instructions (default: LangChain's extraction-tutorial prompt).
        label: Row name in reports.

    Returns:
        The measurement.

    Raises:
        ValueError: ``sample`` is below 1 or there are no texts.
        RuntimeError: Every call failed (the first error is chained).
    """
    from gliner2_integrations.compare import capture

    batch = _sample(texts, sample)
    prompt = capture.EXTRACTION_SYSTEM_PROMPT if system_prompt is None else system_prompt
    calls = _call_each(capture.structured_chain(chat_model, model_cls, prompt), batch)
    model_name = sorted(calls.names)[0] if calls.names else _configured_name(chat_model)
    price_key, price = _price(price_model or model_name, prices)
    agreement = None
    if reference is not None:
        agreement = field_agreement(list(reference)[: len(batch)], calls.records, model_cls, skip=calls.failed)
    return _measurement(
        calls,
        label=label or model_name or type(chat_model).__name__,
        model_name=model_name,
        price_key=price_key,
        price=price,
        agreement=agreement,
    )


@dataclass
class _Calls:
    """What the sampled calls gave back, one entry per text where the field is per text.

    Attributes:
        records: The parsed record of each text (``None``: the call failed or the reply did not parse).
        usages: ``usage_metadata`` of the replies that reported it.
        latencies: Seconds per call that returned.
        failed: Indices of the texts whose call raised or whose reply did not parse.
        errors: The exceptions of the calls that raised.
        names: Model names the replies reported.
        usage_by_model: Totals from ``get_usage_metadata_callback``, keyed by reported model name.
    """

    records: list[BaseModel | None] = field(default_factory=list)
    usages: list[Mapping[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    usage_by_model: dict[str, Any] = field(default_factory=dict)


def _sample(texts: Sequence[str], sample: int) -> list[str]:
    """The first ``sample`` texts; raises on a sample below 1 or no texts."""
    if sample < 1:
        raise ValueError(f"sample: got {sample}; expected an integer >= 1")
    batch = list(texts)[:sample]
    if not batch:
        raise ValueError("texts: got an empty list; expected at least one text")
    return batch


def _call_each(chain: Runnable[Any, Any], batch: Sequence[str]) -> _Calls:
    """Invoke ``chain`` on each text in turn, timing it; raises when every call failed."""
    from langchain_core.callbacks import get_usage_metadata_callback

    calls = _Calls()
    with get_usage_metadata_callback() as usage_callback:
        for index, text in enumerate(batch):
            start = time.perf_counter()
            try:
                out = chain.invoke({"text": text})
            except Exception as err:  # a provider error must not lose the rest of the sample
                logger.warning("LLM call %d failed: %s: %s", index, type(err).__name__, err)
                calls.errors.append(err)
                calls.failed.append(index)
                calls.records.append(None)
                continue
            calls.latencies.append(time.perf_counter() - start)
            _read_reply(calls, index, out)
    if len(calls.errors) == len(batch):
        raise RuntimeError(f"all {len(batch)} LLM calls failed; first error: {calls.errors[0]}") from calls.errors[0]
    calls.usage_by_model = {name: dict(usage) for name, usage in usage_callback.usage_metadata.items()}
    return calls


def _read_reply(calls: _Calls, index: int, out: Mapping[str, Any]) -> None:
    """Add one ``include_raw=True`` reply to ``calls``: its record (or parse failure), usage and model name."""
    raw, parsed = out["raw"], out["parsed"]
    if out.get("parsing_error") is not None or parsed is None:
        logger.info("LLM reply %d did not parse: %s", index, out.get("parsing_error"))
        calls.failed.append(index)
    calls.records.append(parsed)
    if getattr(raw, "usage_metadata", None):
        calls.usages.append(raw.usage_metadata)
    name = getattr(raw, "response_metadata", {}).get("model_name")
    if name:
        calls.names.add(name)


def _measurement(
    calls: _Calls,
    *,
    label: str,
    model_name: str | None,
    price_key: str | None,
    price: ModelPrice | None,
    agreement: FieldAgreement | None,
) -> LlmMeasurement:
    """Token means, latencies and costs of ``calls``, as the measurement."""
    usages, latencies = calls.usages, calls.latencies
    tokens_in = _mean([u.get("input_tokens", 0) for u in usages])
    tokens_out = _mean([u.get("output_tokens", 0) for u in usages])
    cached = _mean([(u.get("input_token_details") or {}).get("cache_read", 0) or 0 for u in usages])
    per_text = None
    if price is not None and tokens_in is not None and tokens_out is not None:
        per_text = price.cost(tokens_in, tokens_out, cached_input_tokens=cached or 0.0)
    return LlmMeasurement(
        label=label,
        model_name=model_name,
        price_key=price_key,
        calls=len(calls.records),
        call_errors=len(calls.errors),
        parse_failures=len(calls.failed) - len(calls.errors),
        usage_reported=len(usages),
        input_tokens_mean=tokens_in,
        output_tokens_mean=tokens_out,
        cached_input_tokens_mean=cached,
        reasoning_tokens_mean=_mean([(u.get("output_token_details") or {}).get("reasoning", 0) or 0 for u in usages]),
        latency_mean_s=_mean(latencies),
        latency_p50_s=statistics.median(latencies) if latencies else None,
        latency_max_s=max(latencies) if latencies else None,
        cost_per_1k=None if per_text is None else per_text * 1_000,
        cost_per_1m=None if per_text is None else per_text * 1_000_000,
        batch_cost_per_1m=None if per_text is None else per_text * 1_000_000 * BATCH_DISCOUNT,
        agreement=agreement,
        usage_by_model=calls.usage_by_model,
        records=calls.records,
    )


def _configured_name(chat_model: Any) -> str | None:
    for attribute in ("model_name", "model"):
        value = getattr(chat_model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return None


def _price(model: str | None, prices: Mapping[str, ModelPrice]) -> tuple[str | None, ModelPrice | None]:
    if model is None:
        logger.warning("the chat model reported no model name: measured cost is unknown (pass price_model=)")
        return None, None
    try:
        return resolve_price(model, prices)
    except UnknownPriceError as err:
        logger.warning("%s: measured cost is unknown", err)
        return None, None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
