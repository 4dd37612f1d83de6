"""``CascadeExtractor``: GLiNER2 first, an LLM only for the fields it is not sure of."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig, RunnableSerializable
from langchain_core.runnables.config import run_in_executor
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from gliner2_core import SchemaError
from gliner2_integrations._runtime import DEFAULTS, LazyExtractor, describe_error, empty_instance
from gliner2_integrations.cascade.plan import field_default, fields_to_ask, sub_model
from gliner2_integrations.cascade.result import CascadeResult, Source
from gliner2_integrations.compare.capture import EXTRACTION_SYSTEM_PROMPT, structured_chain
from gliner2_integrations.langchain.inputs import text_of
from gliner2_integrations.pydantic import extract_model, partial_model, schema_for

logger = logging.getLogger(__name__)
_RECORD_LOCK = threading.Lock()


class CascadeExtractor(RunnableSerializable[Any, CascadeResult]):
    """A ``Runnable[str | Document | message | dict, CascadeResult]`` filling a Pydantic model, cheaply.

    For each text GLiNER2 extracts the whole model locally; the top-level fields it
    did not find, scored below ``min_confidence``, or whose value failed validation
    are then asked of ``chat_model`` through ``with_structured_output`` (a model
    with only those fields, and the text). The result says which source filled
    each field. ``batch``/``abatch`` make one batched GLiNER2 call and one LLM
    batch per set of asked fields; texts GLiNER2 is sure of never reach the LLM.
    :func:`~gliner2_integrations.cascade.cascade_report` prices the saving.

    Args:
        model: The Pydantic model class to fill.
        chat_model: Any LangChain chat model that supports ``with_structured_output`` (tool calling).
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` (the bundled gliner2-mini).

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.

    Example:
        >>> from langchain_openai import ChatOpenAI  # doctest: +SKIP
        >>> cascade = CascadeExtractor(model=Invoice, chat_model=ChatOpenAI(model="gpt-4o-mini"))  # doctest: +SKIP
        >>> result = cascade.invoke("Invoice INV-17 from Acme Corp, total due $1,250.00.")  # doctest: +SKIP
        >>> result.value, result.sources  # doctest: +SKIP
        (Invoice(...), {'invoice_number': 'gliner2', 'seller': 'gliner2', 'total': 'llm', ...})
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model: type[BaseModel] = Field(description="The Pydantic model class to fill.")
    chat_model: Any = Field(description="The LangChain chat model asked for the fields GLiNER2 is not sure of.")
    extractor: Any = Field(default=None, description="GLiNER2 model, name or path; None: the bundled model.")
    min_confidence: float = Field(default=0.7, ge=0.0, le=1.0, description="Re-ask fields scored below this.")
    threshold: float | None = Field(
        default=DEFAULTS.threshold,
        ge=0.0,
        le=1.0,
        description="GLiNER2 extraction threshold; None: the model's calibrated defaults.",
    )
    batch_size: int = Field(default=DEFAULTS.batch_size, ge=1, description="GLiNER2 texts per forward pass.")
    system_prompt: str = Field(default=EXTRACTION_SYSTEM_PROMPT, description="The LLM's extraction instructions.")
    record_to: str | None = Field(
        default=None,
        description="Append every final record to this JSONL file as an example line that "
        "`gliner2-kit adapt --examples` reads ({'text', 'output', 'sources'}).",
    )
    _holder: LazyExtractor = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        if not (isinstance(self.model, type) and issubclass(self.model, BaseModel)):
            raise SchemaError.invalid("model", self.model, "a pydantic BaseModel subclass")
        schema_for(self.model)  # unsupported annotations fail now, naming the field
        if not callable(getattr(self.chat_model, "with_structured_output", None)):
            raise SchemaError.invalid(
                "chat_model", type(self.chat_model).__name__, "a LangChain chat model with with_structured_output"
            )
        if self.record_to is not None and not Path(self.record_to).resolve().parent.is_dir():
            raise SchemaError.invalid("record_to", self.record_to, "a file path in an existing folder")
        self._holder = LazyExtractor(self.extractor)

    @property
    def OutputType(self) -> Any:  # noqa: N802 - the Runnable API's name
        return CascadeResult

    # -- running ---------------------------------------------------------------------
    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> CascadeResult:  # noqa: A002
        return self._call_with_config(self._invoke_one, input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> CascadeResult:  # noqa: A002
        return (await self.abatch([input], config))[0]

    def batch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        texts, errors = self._texts(inputs, return_exceptions)
        results = iter(self._run([t for t in texts if t is not None], _first(config)))
        return [errors[i] if i in errors else next(results) for i in range(len(inputs))]

    async def abatch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        texts, errors = self._texts(inputs, return_exceptions)
        sent = [t for t in texts if t is not None]
        cfg = _first(config)
        gliner = await run_in_executor(cfg, self._extract, sent)
        plans = [
            fields_to_ask(r, self.model, self.min_confidence) if t.strip() else {}
            for r, t in zip(gliner, sent, strict=True)
        ]
        replies: list[Any] = [None] * len(sent)
        for fields, indices in _groups(plans).items():
            chain = structured_chain(self.chat_model, sub_model(self.model, fields), self.system_prompt)
            answers = await chain.abatch([{"text": sent[i]} for i in indices], cfg, return_exceptions=True)
            for i, answer in zip(indices, answers, strict=True):
                replies[i] = answer
        merged = [self._merge(r, p, a) for r, p, a in zip(gliner, plans, replies, strict=True)]
        self._record(sent, merged)
        results = iter(merged)
        return [errors[i] if i in errors else next(results) for i in range(len(inputs))]

    # -- steps -----------------------------------------------------------------------
    def _invoke_one(self, item: Any, config: RunnableConfig) -> CascadeResult:
        return self._run([self._text(item, "input")], config)[0]

    def _text(self, item: Any, where: str) -> str:
        text = text_of(item, where)
        if not isinstance(text, str):
            raise SchemaError.invalid(where, type(text).__name__, "text (a str)")
        return text

    def _texts(self, inputs: Sequence[Any], return_exceptions: bool) -> tuple[list[str | None], dict[int, Exception]]:
        texts: list[str | None] = []
        errors: dict[int, Exception] = {}
        for index, item in enumerate(inputs):
            try:
                texts.append(self._text(item, f"inputs[{index}]"))
            except SchemaError as err:
                if not return_exceptions:
                    raise
                errors[index] = err
                texts.append(None)
        return texts, errors

    def _extract(self, texts: list[str]) -> list[Any]:
        if not texts:
            return []
        model = self._holder.get()
        return extract_model(model, texts, self.model, threshold=self.threshold, batch_size=self.batch_size)

    def _run(self, texts: list[str], config: RunnableConfig | None) -> list[CascadeResult]:
        gliner = self._extract(texts)
        plans = [
            fields_to_ask(r, self.model, self.min_confidence) if t.strip() else {}
            for r, t in zip(gliner, texts, strict=True)
        ]
        replies: list[Any] = [None] * len(texts)
        for fields, indices in _groups(plans).items():
            chain = structured_chain(self.chat_model, sub_model(self.model, fields), self.system_prompt)
            answers = chain.batch([{"text": texts[i]} for i in indices], config, return_exceptions=True)
            for i, answer in zip(indices, answers, strict=True):
                replies[i] = answer
        logger.debug("cascade: %d of %d texts went to the LLM", sum(bool(p) for p in plans), len(texts))
        merged = [self._merge(r, p, a) for r, p, a in zip(gliner, plans, replies, strict=True)]
        self._record(texts, merged)
        return merged

    def _record(self, texts: list[str], results: list[CascadeResult]) -> None:
        """Append each final record as an ``adapt`` example line (``record_to``)."""
        if self.record_to is None:
            return
        lines = [
            json.dumps(
                {
                    "text": text,
                    "output": result.value.model_dump(mode="json", by_alias=True),
                    "sources": result.sources,
                },
                ensure_ascii=False,
            )
            for text, result in zip(texts, results, strict=True)
            if result.value is not None and text.strip()
        ]
        if lines:
            with _RECORD_LOCK, open(self.record_to, "a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")

    def _merge(self, gliner: Any, asked: dict[str, str], reply: Any) -> CascadeResult:
        """GLiNER2's record with the LLM's answers for the asked fields (a rejected LLM value keeps GLiNER2's)."""
        sources: dict[str, Source] = dict.fromkeys(self.model.model_fields, "gliner2")
        base = gliner.value if gliner.value is not None else empty_instance(self.model)
        if not asked:
            return CascadeResult(base, sources, {}, gliner)
        if isinstance(reply, Exception) or reply is None or reply.get("parsed") is None:
            reason = reply if isinstance(reply, Exception) else (reply or {}).get("parsing_error")
            usage = _usage(reply)
            return CascadeResult(
                base,
                sources,
                asked,
                gliner,
                None,
                usage,
                f"LLM answer not used: {describe_error(reason) if reason else 'no answer'}",
            )
        answer = reply["parsed"].model_dump()
        own = gliner.value.model_dump() if gliner.value is not None else {}
        data = dict(own)
        for name in asked:
            data[name] = field_default(self.model, name) if answer.get(name) is None else answer[name]
            sources[name] = "llm"
        value, rejected = _validate(self.model, data, own, set(asked))
        for name in rejected:
            sources[name] = "gliner2"
        error = f"LLM values rejected by validation: {sorted(rejected)}" if rejected else None
        reply_json = reply["parsed"].model_dump(mode="json")
        return CascadeResult(value, sources, asked, gliner, reply_json, _usage(reply), error)


def _validate(
    model_cls: type[BaseModel], data: dict[str, Any], own: dict[str, Any], asked: set[str]
) -> tuple[BaseModel | None, set[str]]:
    """The validated record, and the asked fields whose LLM value had to be replaced by GLiNER2's."""
    try:
        return model_cls.model_validate(data), set()
    except ValidationError as err:
        rejected = {str(e["loc"][0]) for e in err.errors() if e["loc"] and str(e["loc"][0]) in asked}
    for name in rejected:
        data[name] = own.get(name, field_default(model_cls, name))
    for cls in (model_cls, partial_model(model_cls)):  # required fields nobody found: the partial view
        try:
            return cls.model_validate(data), rejected
        except ValidationError:
            continue
    return None, rejected


def _usage(reply: Any) -> dict[str, Any] | None:
    raw = reply.get("raw") if isinstance(reply, dict) else None
    usage = getattr(raw, "usage_metadata", None)
    return dict(usage) if usage else None


def _groups(plans: Sequence[dict[str, str]]) -> dict[tuple[str, ...], list[int]]:
    """Text indices by the tuple of fields they ask (one LLM batch, one tool schema, per group)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, plan in enumerate(plans):
        if plan:
            groups.setdefault(tuple(plan), []).append(index)
    return groups


def _first(config: RunnableConfig | list[RunnableConfig] | None) -> RunnableConfig | None:
    return config[0] if isinstance(config, list) and config else config if isinstance(config, dict) else None
