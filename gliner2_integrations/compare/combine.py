"""``compare``: GLiNER2 measured on this CPU next to LLM extractors, in one report."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel

from gliner2_core.options import ExtractOptions
from gliner2_integrations.compare.cascade_hook import CascadeRow, CascadeRunner
from gliner2_integrations.compare.estimate import LlmEstimate, build_requests, estimate_llm
from gliner2_integrations.compare.gliner import GlinerCost, measure_gliner
from gliner2_integrations.compare.machine import machine_info
from gliner2_integrations.compare.measure import LlmMeasurement, measure_llm
from gliner2_integrations.compare.prices import (
    DEFAULT_CPU_PRICE_PER_HOUR,
    PRICES,
    ModelPrice,
    resolve_price,
)
from gliner2_integrations.compare.report import ComparisonReport

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from gliner2_core import GLiNER2

logger = logging.getLogger(__name__)
DEFAULT_OPTIONS = ExtractOptions()  # the core's defaults, never re-declared here

DEFAULT_LLMS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1-nano", "gpt-5-nano")
"""The LLMs estimated by default: the model we replace and the cheapest of each family."""


def compare(
    model: GLiNER2,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    llms: Sequence[str] = DEFAULT_LLMS,
    chat_model: BaseChatModel | None = None,
    sample: int = 20,
    batch_size: int = DEFAULT_OPTIONS.batch_size,
    cpu_price_per_hour: float = DEFAULT_CPU_PRICE_PER_HOUR,
    prices: Mapping[str, ModelPrice] = PRICES,
    output_tokens: float | None = None,
    threshold: float | None = None,
    label: str = "gliner2",
    cascade: CascadeRunner | None = None,
    min_confidence: float = 0.7,
) -> ComparisonReport:
    """Measure GLiNER2 on ``texts``, estimate each LLM in ``llms``, and measure ``chat_model`` if given.

    Args:
        model: A loaded :class:`gliner2_core.GLiNER2`.
        texts: The texts (chunks).
        model_cls: The Pydantic model to fill.
        llms: LLM names to estimate offline, with GLiNER2's records as their replies; each needs a price in ``prices``.
        chat_model: A real LangChain chat model to measure on ``sample`` texts (costs money).
        sample: Texts sent to ``chat_model``.
        batch_size: GLiNER2 texts per forward pass.
        cpu_price_per_hour: USD per vCPU-hour for GLiNER2's cost.
        prices: USD per 1M tokens by LLM name.
        output_tokens: LLM completion tokens per text, instead of counting GLiNER2's records as JSON.
        threshold: GLiNER2 extraction threshold.
        label: GLiNER2's row name (e.g. ``"gliner2-mini"``).
        cascade: Also run a cascade with ``chat_model`` on ``sample`` texts and add its row (needs
            ``chat_model``): pass :func:`gliner2_integrations.cascade.measure_cascade`.
        min_confidence: The cascade's confidence threshold for keeping GLiNER2's value.

    Returns:
        The report (``.table()``, ``.to_dict()``, ``.plot(path)``).

    Raises:
        UnknownPriceError: An LLM in ``llms`` has no price (checked before any work).
    """
    _check_request(llms, prices, cascade, chat_model)
    gliner = measure_gliner(
        model,
        texts,
        model_cls,
        batch_size=batch_size,
        cpu_price_per_hour=cpu_price_per_hour,
        threshold=threshold,
        label=label,
    )
    estimates = _estimates(texts, model_cls, llms, prices, output_tokens, gliner.values)
    measurements = _measurements(chat_model, texts, model_cls, sample, gliner.values, prices, output_tokens)
    llm = _cascade_llm(measurements, llms)
    cascade_row = _cascade_row(
        cascade, model, chat_model, texts[:sample], model_cls, llm, prices, gliner, threshold, min_confidence
    )
    return _report(gliner, estimates, measurements, cascade_row)


def _check_request(
    llms: Sequence[str],
    prices: Mapping[str, ModelPrice],
    cascade: CascadeRunner | None,
    chat_model: BaseChatModel | None,
) -> None:
    """Fail on an unknown LLM price or a cascade without its chat model, before measuring anything."""
    for name in llms:
        resolve_price(name, prices)
    if cascade is True:  # the runner lives in the cascade package, which this package does not import
        raise TypeError(
            "cascade: got True; expected a cascade runner such as gliner2_integrations.cascade.measure_cascade"
        )
    if cascade and chat_model is None:
        raise ValueError("cascade: needs chat_model (the LLM the cascade asks)")


def _estimates(
    texts: Sequence[str],
    model_cls: type[BaseModel],
    llms: Sequence[str],
    prices: Mapping[str, ModelPrice],
    output_tokens: float | None,
    references: Sequence[BaseModel | None],
) -> list[LlmEstimate]:
    """One offline estimate per LLM name, all from the same captured requests."""
    if not llms:
        return []
    requests = build_requests(texts, model_cls, outputs=references)
    return [
        estimate_llm(texts, model_cls, model=name, prices=prices, output_tokens=output_tokens, requests=requests)
        for name in llms
    ]


def _measurements(
    chat_model: BaseChatModel | None,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    sample: int,
    references: Sequence[BaseModel | None],
    prices: Mapping[str, ModelPrice],
    output_tokens: float | None,
) -> list[LlmMeasurement]:
    """The real chat model measured on ``sample`` texts, with our estimate for the same texts; none without one."""
    if chat_model is None:
        return []
    measured = measure_llm(chat_model, texts, model_cls, sample=sample, reference=references, prices=prices)
    return [_with_estimate(measured, texts, model_cls, references, prices, output_tokens)]


def _cascade_llm(measurements: Sequence[LlmMeasurement], llms: Sequence[str]) -> str:
    """The LLM a cascade is priced with: the measured chat model's name, else the first estimated LLM."""
    return (measurements[0].model_name if measurements else None) or (llms[0] if llms else "gpt-4o-mini")


def _cascade_row(
    cascade: CascadeRunner | None,
    model: GLiNER2,
    chat_model: BaseChatModel | None,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    llm: str,
    prices: Mapping[str, ModelPrice],
    gliner: GlinerCost,
    threshold: float | None,
    min_confidence: float,
) -> CascadeRow | None:
    """Run the cascade on ``texts`` and price it against sending them all to ``llm``; ``None`` without one."""
    if not cascade or chat_model is None:
        return None
    priced = dict(prices)
    priced.setdefault(llm, ModelPrice(input=0.0, output=0.0))  # an unpriced measured model: tokens only
    return cascade(
        model,
        chat_model,
        texts,
        model_cls,
        llm=llm,
        prices=priced,
        gliner_cost_per_1m=gliner.cost_per_1m,
        threshold=threshold,
        min_confidence=min_confidence,
    )


def _report(
    gliner: GlinerCost,
    estimates: list[LlmEstimate],
    measurements: list[LlmMeasurement],
    cascade_row: CascadeRow | None,
) -> ComparisonReport:
    """The rows, dated today, with the machine they were measured on."""
    return ComparisonReport(
        created=datetime.date.today().isoformat(),
        machine=machine_info(),
        gliner=gliner,
        estimates=estimates,
        measurements=measurements,
        cascade=cascade_row,
    )


def _with_estimate(
    measured: LlmMeasurement,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    references: Sequence[BaseModel | None],
    prices: Mapping[str, ModelPrice],
    output_tokens: float | None,
) -> LlmMeasurement:
    """Attach our offline estimate for the same sample, to calibrate the estimates against reality."""
    if measured.model_name is None:
        return measured
    n = measured.calls
    priced = dict(prices)
    priced.setdefault(measured.model_name, ModelPrice(input=0.0, output=0.0))  # tokens only; price unused
    estimate = estimate_llm(
        texts[:n],
        model_cls,
        model=measured.model_name,
        prices=priced,
        output_tokens=output_tokens,
        outputs=references[:n],
    )
    return dataclasses.replace(
        measured,
        estimated_input_tokens_mean=estimate.input_tokens_mean,
        estimated_output_tokens_mean=estimate.output_tokens_mean,
    )
