"""``CascadeExtractor``: GLiNER2 first, an LLM only for the fields it is not sure of."""

from __future__ import annotations

import dataclasses
import difflib
import json
import logging
import threading
from collections.abc import Sequence
from typing import Any

from langchain_core.runnables import RunnableConfig, RunnableSerializable
from langchain_core.runnables.config import get_config_list, run_in_executor
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from gliner2_core import SchemaError
from gliner2_integrations._inputs import text_problem
from gliner2_integrations._runtime import DEFAULTS, LazyExtractor, describe_error
from gliner2_integrations.cascade.chain import extraction_chain
from gliner2_integrations.cascade.merge import merge
from gliner2_integrations.cascade.options import check_names, check_settings, check_structured_output
from gliner2_integrations.cascade.plan import fields_to_ask, sub_model
from gliner2_integrations.cascade.reply import read_reply
from gliner2_integrations.cascade.result import CascadeResult
from gliner2_integrations.compare.capture import EXTRACTION_SYSTEM_PROMPT
from gliner2_integrations.langchain.inputs import text_of
from gliner2_integrations.pydantic import extract_model, schema_for

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

    GLiNER2's value stays whenever the LLM gives none (``null``, ``[]``) or one the model
    rejects (a field or model validator, a constraint): ``sources`` then says ``"gliner2"``
    and ``error`` says why. Models with aliases (``alias``, ``validation_alias``,
    ``alias_generator``, ``populate_by_name``) are filled by field name. In ``batch`` one
    bad input or one failed LLM call affects only its own text.

    Args:
        model: The Pydantic model class to fill.
        chat_model: Any LangChain chat model that supports ``with_structured_output`` (tool calling).
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` (the bundled gliner2-mini).

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.
        SchemaError: (a ``ValueError``) at construction, for an unknown option (with the closest
            known one), an option out of range, or a chat model without structured output.
        CascadeTypeError: (a ``SchemaError`` and a ``TypeError``) for a model instance given as
            ``model``, or a class given as ``chat_model``.

    Example:
        >>> from langchain_openai import ChatOpenAI  # doctest: +SKIP
        >>> cascade = CascadeExtractor(model=Invoice, chat_model=ChatOpenAI(model="gpt-4o-mini"))  # doctest: +SKIP
        >>> result = cascade.invoke("Invoice INV-17 from Acme Corp, total due $1,250.00.")  # doctest: +SKIP
        >>> result.value, result.sources  # doctest: +SKIP
        (Invoice(...), {'invoice_number': 'gliner2', 'seller': 'gliner2', 'total': 'llm', ...})
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

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
    system_prompt: str = Field(
        default=EXTRACTION_SYSTEM_PROMPT, description="The LLM's extraction instructions (sent as they are)."
    )
    record_to: str | None = Field(
        default=None,
        description="Append every final record to this JSONL file as an example line that "
        "`gliner2-kit adapt --examples` reads ({'text', 'output', 'sources'}).",
    )
    _holder: LazyExtractor = PrivateAttr()

    def __init__(self, **data: Any) -> None:
        data = check_settings(data, type(self).model_fields)  # our own errors, not pydantic's wrapped ones
        schema_for(data["model"])  # unsupported annotations fail now, naming the field
        model_cls = data["model"]
        check_structured_output(data["chat_model"], sub_model(model_cls, tuple(model_cls.model_fields)))
        super().__init__(**data)

    def model_post_init(self, context: Any, /) -> None:
        self._holder = LazyExtractor(self.extractor)

    @property
    def OutputType(self) -> Any:  # noqa: N802 - the Runnable API's name
        return CascadeResult

    # -- running ---------------------------------------------------------------------
    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> CascadeResult:  # noqa: A002
        _no_call_options(kwargs, "invoke")
        return self._call_with_config(self._invoke_one, input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> CascadeResult:  # noqa: A002
        _no_call_options(kwargs, "ainvoke")
        return (await self.abatch([input], config))[0]

    def batch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        check_names(kwargs, ("return_exceptions",), "batch: option")
        configs = get_config_list(config, len(inputs))
        texts, errors = self._texts(inputs, return_exceptions)
        good = [i for i in range(len(inputs)) if i not in errors]
        results = self._run([texts[i] for i in good], [configs[i] for i in good])
        return _in_place(len(inputs), errors, good, results)

    async def abatch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        check_names(kwargs, ("return_exceptions",), "abatch: option")
        configs = get_config_list(config, len(inputs))
        texts, errors = self._texts(inputs, return_exceptions)
        good = [i for i in range(len(inputs)) if i not in errors]
        sent, cfgs = [texts[i] for i in good], [configs[i] for i in good]
        gliner = await run_in_executor(cfgs[0] if cfgs else None, self._extract, sent)
        plans = self._plans(gliner, sent)
        replies: list[Any] = [None] * len(sent)
        for fields, indices in _groups(plans).items():
            try:
                answers = await self._chain(fields).abatch(
                    [{"text": sent[i]} for i in indices], [cfgs[i] for i in indices], return_exceptions=True
                )
            except Exception as err:  # noqa: BLE001 - e.g. a tool schema the chat model refuses: these texts only
                answers = [err] * len(indices)
            for i, answer in zip(indices, answers, strict=True):
                replies[i] = answer
        return _in_place(len(inputs), errors, good, self._finish(sent, gliner, plans, replies))

    # -- steps -----------------------------------------------------------------------
    def _invoke_one(self, item: Any, config: RunnableConfig) -> CascadeResult:
        return self._run([self._text(item, "input")], [config])[0]

    def _text(self, item: Any, where: str) -> str:
        text = text_of(item, where)
        problem = text_problem(text, where)  # not a str, or a lone surrogate no LLM request can carry
        if problem is not None:
            raise problem
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

    def _plans(self, gliner: list[Any], texts: list[str]) -> list[dict[str, str]]:
        return [
            fields_to_ask(r, self.model, self.min_confidence) if t.strip() else {}
            for r, t in zip(gliner, texts, strict=True)
        ]

    def _run(self, texts: list[str], configs: list[RunnableConfig]) -> list[CascadeResult]:
        gliner = self._extract(texts)
        plans = self._plans(gliner, texts)
        replies: list[Any] = [None] * len(texts)
        for fields, indices in _groups(plans).items():
            try:
                answers = self._chain(fields).batch(
                    [{"text": texts[i]} for i in indices], [configs[i] for i in indices], return_exceptions=True
                )
            except Exception as err:  # noqa: BLE001 - e.g. a tool schema the chat model refuses: these texts only
                answers = [err] * len(indices)
            for i, answer in zip(indices, answers, strict=True):
                replies[i] = answer
        return self._finish(texts, gliner, plans, replies)

    def _chain(self, fields: tuple[str, ...]) -> Any:
        return extraction_chain(self.chat_model, sub_model(self.model, fields), self.system_prompt)

    def _finish(
        self, texts: list[str], gliner: list[Any], plans: list[dict[str, str]], replies: list[Any]
    ) -> list[CascadeResult]:
        """Read every reply (a cancellation raises here, before anything is recorded), merge, record."""
        answers = [
            read_reply(reply, sub_model(self.model, tuple(plan))) if plan else None
            for plan, reply in zip(plans, replies, strict=True)
        ]
        logger.debug("cascade: %d of %d texts went to the LLM", sum(bool(p) for p in plans), len(texts))
        merged = [merge(self.model, g, p, a) for g, p, a in zip(gliner, plans, answers, strict=True)]
        return self._record(texts, merged)

    def _record(self, texts: list[str], results: list[CascadeResult]) -> list[CascadeResult]:
        """Append each final record as an ``adapt`` example line (``record_to``).

        A failed write (disk full, the file removed or made a folder) keeps every result,
        with the failure in its ``error`` and a warning logged: the LLM's answers are not lost.
        """
        if self.record_to is None:
            return results
        try:
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
        except Exception as err:  # noqa: BLE001 - OSError, or a value that cannot be JSON
            note = f"not recorded to {self.record_to}: {describe_error(err)}"
            logger.warning("cascade: %s", note)
            return [dataclasses.replace(r, error="; ".join(filter(None, (r.error, note)))) for r in results]
        return results


def _no_call_options(kwargs: dict[str, Any], method: str) -> None:
    """``invoke``/``ainvoke`` take no options: each is set once, at construction."""
    for name in kwargs:
        close = difflib.get_close_matches(name, list(CascadeExtractor.model_fields), n=1)
        option = close[0] if close else name
        raise SchemaError(
            f"{method}: got the option {name!r}; CascadeExtractor.{method} takes none: "
            f"set options at construction, e.g. CascadeExtractor(model=..., chat_model=..., {option}=...)"
        )


def _in_place(count: int, errors: dict[int, Exception], good: list[int], results: list[Any]) -> list[Any]:
    """The results of the ``good`` inputs and the ``errors`` of the others, in input order."""
    placed: list[Any] = [None] * count
    for index, error in errors.items():
        placed[index] = error
    for index, result in zip(good, results, strict=True):
        placed[index] = result
    return placed


def _groups(plans: Sequence[dict[str, str]]) -> dict[tuple[str, ...], list[int]]:
    """Text indices by the tuple of fields they ask (one LLM batch, one tool schema, per group)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for index, plan in enumerate(plans):
        if plan:
            groups.setdefault(tuple(plan), []).append(index)
    return groups
