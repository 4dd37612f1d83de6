"""Estimate what an LLM extractor would cost for the same texts and schema (tokens counted offline)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_integrations.compare import tokens
from gliner2_integrations.compare.agreement import record_data
from gliner2_integrations.compare.prices import (
    BATCH_DISCOUNT,
    PRICES,
    PRICES_AS_OF,
    ModelPrice,
    is_reasoning_model,
    resolve_price,
)

if TYPE_CHECKING:
    from gliner2_integrations.compare.capture import CapturedRequest

logger = logging.getLogger(__name__)

PROMPT_CACHE_MIN_TOKENS = 1024
"""OpenAI caches prompt prefixes only from this length; shorter requests pay the full input price."""

CAPTURE_LIMIT = 50
"""Texts sent through the LangChain chain; later texts reuse the captured request template."""


@dataclass(frozen=True)
class RequestSet:
    """The requests an LLM extractor sends for some texts, and the replies assumed for them.

    Only the first texts go through the LangChain chain (about 10 ms each); the
    request of every later text is the captured template with its chunk as the
    user message, which counts the same because message tokens add up.

    Attributes:
        texts: Every text.
        requests: Captured requests (messages and tool schema) of the first texts.
        replies: The tool-call arguments assumed as each text's reply (drives the output estimate).
        output_basis: Where the replies come from: ``"gliner2 outputs"`` or ``"null records"``.
    """

    texts: list[str]
    requests: list[CapturedRequest]
    replies: list[dict[str, Any]]
    output_basis: str

    def input_tokens(self, encoding: str) -> list[int]:
        """Estimated prompt tokens of each text's request (messages, framing and tools)."""
        counted = [
            tokens.count_messages(r.messages, encoding) + tokens.count_tools(r.tools, encoding) for r in self.requests
        ]
        rest = self.texts[len(self.requests) :]
        if not rest:
            return counted
        template = self.requests[0]
        if template.messages[-1] != ("user", self.texts[0]):
            raise ValueError("the captured request does not end with the text as the user message; cannot reuse it")
        blank = (*template.messages[:-1], ("user", ""))
        static = tokens.count_messages(blank, encoding) + tokens.count_tools(template.tools, encoding)
        return counted + [static + tokens.count_text(text, encoding) for text in rest]


@dataclass(frozen=True)
class LlmEstimate:
    """Estimated cost of extracting the same texts with an LLM (``basis`` is always ``"estimated"``).

    Attributes:
        model: The LLM name asked for.
        price_key: The price-table entry used.
        encoding: tiktoken encoding used to count.
        texts: Number of texts counted.
        input_tokens_mean: Estimated prompt tokens per text (messages + framing + tool schema).
        output_tokens_mean: Estimated or given completion tokens per text.
        tool_schema_tokens: Part of the input spent on the tool (JSON schema) definition.
        system_tokens: Part of the input spent on the system message, with its framing.
        output_basis: ``"given"``, ``"gliner2 outputs"`` (our records as tool-call JSON) or ``"null records"``.
        price: USD per 1M tokens used.
        prices_as_of: Date of the price table.
        cost_per_1k: USD per 1,000 texts at list price.
        cost_per_1m: USD per 1M texts at list price.
        batch_cost_per_1k: USD per 1,000 texts through the Batch API (50% off).
        batch_cost_per_1m: USD per 1M texts through the Batch API.
        notes: Caveats that apply to this estimate.
    """

    model: str
    price_key: str
    encoding: str
    texts: int
    input_tokens_mean: float
    output_tokens_mean: float
    tool_schema_tokens: int
    system_tokens: int
    output_basis: str
    price: ModelPrice
    prices_as_of: str
    cost_per_1k: float
    cost_per_1m: float
    batch_cost_per_1k: float
    batch_cost_per_1m: float
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable fields, with ``basis: "estimated"``."""
        return {"basis": "estimated", **asdict(self)}


def build_requests(
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    outputs: Sequence[BaseModel | Mapping[str, Any] | None] | None = None,
    system_prompt: str | None = None,
    capture_limit: int = CAPTURE_LIMIT,
) -> RequestSet:
    """Capture the requests of ``prompt | chat.with_structured_output(model_cls)`` for the texts.

    Args:
        texts: One chunk per request.
        model_cls: The Pydantic model the LLM fills.
        outputs: The record expected back for each text (e.g. GLiNER2's), used as the tool-call
            arguments; without them every reply is the all-null record (a lower bound).
        system_prompt: Extraction instructions (default: LangChain's extraction-tutorial prompt).
        capture_limit: How many texts run through the chain (the rest reuse its request template).

    Returns:
        The captured requests and assumed replies.
    """
    from gliner2_integrations.compare import capture  # imports langchain-core

    texts = list(texts)
    if outputs is not None and len(outputs) != len(texts):
        raise ValueError(f"outputs: got {len(outputs)} records for {len(texts)} texts; expected one per text")
    records = outputs if outputs is not None else [None] * len(texts)
    replies = [record_data(record, model_cls) for record in records]
    prompt = capture.EXTRACTION_SYSTEM_PROMPT if system_prompt is None else system_prompt
    captured = texts[: max(1, capture_limit)]
    requests = capture.capture_requests(captured, model_cls, replies[: len(captured)], system_prompt=prompt)
    return RequestSet(texts, requests, replies, "gliner2 outputs" if outputs is not None else "null records")


def estimate_llm(
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    model: str = "gpt-4o",
    prices: Mapping[str, ModelPrice] = PRICES,
    output_tokens: float | None = None,
    outputs: Sequence[BaseModel | Mapping[str, Any] | None] | None = None,
    requests: RequestSet | None = None,
) -> LlmEstimate:
    """Estimate an LLM extractor's tokens and cost for the same texts and schema.

    The requests are built through LangChain's real ``with_structured_output``
    path (see :mod:`~gliner2_integrations.compare.capture`) and counted offline
    with tiktoken (see :mod:`~gliner2_integrations.compare.tokens`).

    Args:
        texts: The texts (chunks).
        model_cls: The Pydantic model to fill.
        model: LLM name; must have an entry in ``prices`` (dated snapshot names resolve to their family).
        prices: USD per 1M tokens by model name.
        output_tokens: Completion tokens per text; by default counted from each expected reply.
        outputs: Expected record per text (e.g. GLiNER2's ``GlinerCost.values``).
        requests: Requests already built by :func:`build_requests` (reused across models).

    Returns:
        The estimate.

    Raises:
        UnknownPriceError: ``model`` has no price.
        TokenizerUnavailableError: tiktoken's BPE file is not available offline.

    Example:
        >>> estimate = estimate_llm(texts, Contact, model="gpt-4o-mini", outputs=gliner_cost.values)  # doctest: +SKIP
        >>> estimate.input_tokens_mean, estimate.cost_per_1m  # doctest: +SKIP
    """
    price_key, price = resolve_price(model, prices)
    request_set = requests if requests is not None else build_requests(texts, model_cls, outputs=outputs)
    if not request_set.requests:
        raise ValueError("texts: got an empty list; expected at least one text")
    encoding = tokens.encoding_name(model)
    inputs = request_set.input_tokens(encoding)
    outs, output_basis = _output_tokens(request_set, encoding, output_tokens, len(inputs))
    return _estimate(model, price_key, price, encoding, request_set.requests[0], inputs, outs, output_basis)


def _output_tokens(
    request_set: RequestSet, encoding: str, output_tokens: float | None, texts: int
) -> tuple[list[float], str]:
    """Completion tokens per text and where they come from: the given number, or each expected reply counted."""
    if output_tokens is None:
        return [tokens.count_tool_call(reply, encoding) for reply in request_set.replies], request_set.output_basis
    return [float(output_tokens)] * texts, "given"


def _system_tokens(request: CapturedRequest, encoding: str) -> int:
    """Input tokens spent on the request's system message, with its framing."""
    return sum(
        tokens.TOKENS_PER_MESSAGE + tokens.count_text(role, encoding) + tokens.count_text(content, encoding)
        for role, content in request.messages
        if role == "system"
    )


def _estimate(
    model: str,
    price_key: str,
    price: ModelPrice,
    encoding: str,
    first: CapturedRequest,
    inputs: Sequence[float],
    outs: Sequence[float],
    output_basis: str,
) -> LlmEstimate:
    """Means and costs of the counted tokens, with the tool-schema and system parts of the first request."""
    input_mean, output_mean = sum(inputs) / len(inputs), sum(outs) / len(outs)
    per_text = price.cost(input_mean, output_mean)
    return LlmEstimate(
        model=model,
        price_key=price_key,
        encoding=encoding,
        texts=len(inputs),
        input_tokens_mean=input_mean,
        output_tokens_mean=output_mean,
        tool_schema_tokens=tokens.count_tools(first.tools, encoding),
        system_tokens=_system_tokens(first, encoding),
        output_basis=output_basis,
        price=price,
        prices_as_of=PRICES_AS_OF,
        cost_per_1k=per_text * 1_000,
        cost_per_1m=per_text * 1_000_000,
        batch_cost_per_1k=per_text * 1_000 * BATCH_DISCOUNT,
        batch_cost_per_1m=per_text * 1_000_000 * BATCH_DISCOUNT,
        notes=_notes(model, encoding, input_mean, output_basis),
    )


def _notes(model: str, encoding: str, input_mean: float, output_basis: str) -> list[str]:
    notes = [
        f"tokens estimated offline with tiktoken {encoding}: messages + 3 per message + 3 reply priming, "
        "tool schema counted as its JSON (approximate)"
    ]
    if output_basis == "null records":
        notes.append("output tokens counted from all-null records: a lower bound")
    if is_reasoning_model(model):
        notes.append(f"{model} spends hidden reasoning tokens, billed as output and not included: real cost is higher")
    if input_mean < PROMPT_CACHE_MIN_TOKENS:
        notes.append(
            f"prompts of ~{input_mean:.0f} tokens are below the {PROMPT_CACHE_MIN_TOKENS}-token prompt-cache minimum: "
            "no cached-input discount applies"
        )
    return notes
