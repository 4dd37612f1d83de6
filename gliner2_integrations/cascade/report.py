"""What the cascade saved: the share of texts and fields that went to the LLM, tokens and dollars.

Both sides are counted the same way, offline with tiktoken, from the requests
LangChain's ``with_structured_output`` sends (:mod:`gliner2_integrations.compare.estimate`):
the cascade's real requests (only the asked fields' tool schema, only the texts
that needed the LLM; the LLM's real answers as output) against one request per
text for the whole model (the final records as output). Tokens the provider
reported (``usage_metadata``) are given beside the estimate; prices come from
:data:`gliner2_integrations.compare.PRICES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from gliner2_integrations.cascade.plan import sub_model
from gliner2_integrations.cascade.result import CascadeResult
from gliner2_integrations.compare import tokens
from gliner2_integrations.compare.agreement import record_data
from gliner2_integrations.compare.estimate import estimate_llm
from gliner2_integrations.compare.prices import BATCH_DISCOUNT, PRICES, PRICES_AS_OF, ModelPrice, resolve_price


@dataclass(frozen=True)
class CascadeReport:
    """The cascade on some texts, against sending every text to the same LLM.

    Attributes:
        llm: The LLM name priced (``price_key``: its table entry).
        texts: Texts run.
        texts_to_llm: Texts with at least one field asked of the LLM.
        fields: Top-level fields per record.
        fields_to_llm: (text, field) pairs asked of the LLM.
        llm_errors: Texts whose LLM answer could not be used.
        input_tokens_mean / output_tokens_mean: Estimated LLM tokens per text, cascade.
        all_llm_input_tokens_mean / all_llm_output_tokens_mean: Estimated tokens per text, everything to the LLM.
        reported_input_tokens / reported_output_tokens: Sum of the provider's ``usage_metadata`` (``None``: not reported).
        cost_per_1m: USD per 1M texts of the cascade's LLM calls (list price).
        all_llm_cost_per_1m: USD per 1M texts sending everything to the LLM.
        gliner_cost_per_1m: USD per 1M texts of GLiNER2's CPU time, when measured.
    """

    llm: str
    price_key: str
    texts: int
    texts_to_llm: int
    fields: int
    fields_to_llm: int
    llm_errors: int
    input_tokens_mean: float
    output_tokens_mean: float
    all_llm_input_tokens_mean: float
    all_llm_output_tokens_mean: float
    reported_input_tokens: int | None
    reported_output_tokens: int | None
    cost_per_1m: float
    all_llm_cost_per_1m: float
    gliner_cost_per_1m: float | None = None
    prices_as_of: str = PRICES_AS_OF

    @property
    def share_texts(self) -> float:
        return self.texts_to_llm / self.texts if self.texts else 0.0

    @property
    def share_fields(self) -> float:
        total = self.texts * self.fields
        return self.fields_to_llm / total if total else 0.0

    @property
    def total_cost_per_1m(self) -> float:
        """LLM calls plus GLiNER2's CPU time (when measured)."""
        return self.cost_per_1m + (self.gliner_cost_per_1m or 0.0)

    @property
    def saving(self) -> float:
        """Share of the all-LLM cost the cascade does not spend (GLiNER2's CPU included)."""
        return 1.0 - self.total_cost_per_1m / self.all_llm_cost_per_1m if self.all_llm_cost_per_1m else 0.0

    def rows(self) -> list[tuple[str, ...]]:
        """``(system, texts to LLM, fields to LLM, tokens in/out per text, $ per 1M texts, Batch API)``."""
        all_batch = self.all_llm_cost_per_1m * BATCH_DISCOUNT
        cascade_batch = self.cost_per_1m * BATCH_DISCOUNT + (self.gliner_cost_per_1m or 0.0)
        return [
            (
                f"{self.llm} only",
                "100%",
                "100%",
                f"~{self.all_llm_input_tokens_mean:.0f} / ~{self.all_llm_output_tokens_mean:.0f}",
                _usd(self.all_llm_cost_per_1m),
                _usd(all_batch),
            ),
            (
                f"cascade: gliner2 + {self.llm}",
                f"{self.share_texts:.0%}",
                f"{self.share_fields:.0%}",
                f"~{self.input_tokens_mean:.0f} / ~{self.output_tokens_mean:.0f}",
                _usd(self.total_cost_per_1m),
                _usd(cascade_batch),
            ),
        ]

    def table(self) -> str:
        """A Markdown table of :meth:`rows` with a line on the saving."""
        header = (
            "system",
            "texts to LLM",
            "fields to LLM",
            "LLM tokens in/out per text",
            "$ per 1M texts",
            "Batch API",
        )
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows()]
        reported = (
            f"; provider-reported tokens: {self.reported_input_tokens} in / {self.reported_output_tokens} out"
            if self.reported_input_tokens is not None
            else ""
        )
        lines.append(
            f"\n{self.texts} texts; the cascade spends {1 - self.saving:.0%} of the all-LLM cost "
            f"(tokens estimated with tiktoken; {self.llm} list prices as of {self.prices_as_of}{reported})."
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "share_texts": self.share_texts,
            "share_fields": self.share_fields,
            "saving": self.saving,
        }


def cascade_report(
    texts: Sequence[str],
    results: Sequence[CascadeResult],
    model_cls: type[BaseModel],
    *,
    llm: str,
    prices: Mapping[str, ModelPrice] = PRICES,
    gliner_cost_per_1m: float | None = None,
) -> CascadeReport:
    """Price a cascade run against sending every text to ``llm``.

    Args:
        texts: The texts, in order.
        results: The cascade's result for each text.
        model_cls: The Pydantic model.
        llm: LLM name in ``prices`` (dated snapshot names resolve to their family).
        prices: USD per 1M tokens by model name.
        gliner_cost_per_1m: GLiNER2's CPU cost per 1M texts (e.g. ``GlinerCost.cost_per_1m``), if measured.

    Raises:
        UnknownPriceError: ``llm`` has no price.
        ValueError: ``texts`` and ``results`` differ in length, or are empty.
    """
    if len(texts) != len(results) or not texts:
        raise ValueError(
            f"texts/results: got {len(texts)} texts and {len(results)} results; expected as many, at least one"
        )
    price_key, price = resolve_price(llm, prices)
    encoding = tokens.encoding_name(llm)
    inputs, outputs = _cascade_tokens(texts, results, model_cls, encoding)
    everything = estimate_llm(texts, model_cls, model=llm, prices=prices, outputs=[r.value for r in results])
    usages = [r.usage for r in results if r.usage]
    n = len(texts)
    return CascadeReport(
        llm=llm,
        price_key=price_key,
        texts=n,
        texts_to_llm=sum(r.used_llm for r in results),
        fields=len(model_cls.model_fields),
        fields_to_llm=sum(len(r.asked) for r in results),
        llm_errors=sum(r.used_llm and r.llm_reply is None for r in results),
        input_tokens_mean=inputs / n,
        output_tokens_mean=outputs / n,
        all_llm_input_tokens_mean=everything.input_tokens_mean,
        all_llm_output_tokens_mean=everything.output_tokens_mean,
        reported_input_tokens=sum(int(u.get("input_tokens", 0)) for u in usages) if usages else None,
        reported_output_tokens=sum(int(u.get("output_tokens", 0)) for u in usages) if usages else None,
        cost_per_1m=price.cost(inputs / n, outputs / n) * 1_000_000,
        all_llm_cost_per_1m=everything.cost_per_1m,
        gliner_cost_per_1m=gliner_cost_per_1m,
    )


def _cascade_tokens(
    texts: Sequence[str], results: Sequence[CascadeResult], model_cls: type[BaseModel], encoding: str
) -> tuple[int, int]:
    """Estimated input and output tokens of every LLM request the cascade made, summed."""
    from gliner2_integrations.compare import capture

    groups: dict[tuple[str, ...], list[int]] = {}
    for index, result in enumerate(results):
        if result.asked:
            groups.setdefault(tuple(result.asked), []).append(index)
    total_in = total_out = 0
    for fields, indices in groups.items():
        narrow = sub_model(model_cls, fields)
        replies = [record_data(results[i].llm_reply, narrow) for i in indices]
        requests = capture.capture_requests([texts[i] for i in indices], narrow, replies)
        total_in += sum(
            tokens.count_messages(r.messages, encoding) + tokens.count_tools(r.tools, encoding) for r in requests
        )
        total_out += sum(tokens.count_tool_call(reply, encoding) for reply in replies)
    return total_in, total_out


def _usd(value: float) -> str:
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}" if value >= 1 else f"${value:#.2g}"
