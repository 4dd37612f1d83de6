"""``GLiNER2StructuredOutput``: a local ``llm.with_structured_output(Model)`` for LCEL chains."""

from __future__ import annotations

from typing import Any, Literal, Union

from langchain_core.documents import Document
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from langchain_core.runnables.config import run_in_executor
from pydantic import ConfigDict, Field, PrivateAttr

from gliner2_integrations._runtime import ExtractionTarget, LazyExtractor, Outcome, resolve_target, run_extraction
from gliner2_integrations.metadata import to_metadata

StructuredInput = Union[str, Document]  # noqa: UP007 - a runtime type for the input schema


class GLiNER2StructuredOutput(RunnableSerializable[StructuredInput, Any]):
    """A ``Runnable[str | Document, Model]`` filling a Pydantic model with a local GLiNER2 model.

    It fits the LCEL slot of ``llm.with_structured_output(Model)``: ``invoke`` returns a
    validated instance; ``include_raw=True`` returns ``{"raw", "parsed", "parsing_error"}``
    and never raises on extraction errors. ``batch``/``abatch`` make one batched model
    call and honour ``return_exceptions``; callbacks see one start/end/error per input.

    When no record is found, policy ``"partial"`` returns an instance with no values
    (the model's partial view when it has required fields), ``"drop"`` returns ``None``
    and ``"raise"`` raises ``ExtractionValidationError`` naming the missing fields. With
    a schema instead of a model class the output is the plain GLiNER2 output dict.

    Args:
        model: A Pydantic model class (or a ``Schema``/``SchemaSpec``/schema dict); may be positional.

    Raises:
        UnsupportedModelError: (a ``TypeError``) at construction, for a model GLiNER2 cannot express.

    Example:
        >>> from pydantic import BaseModel
        >>> class Visit(BaseModel):
        ...     person: str | None = None
        ...     city: str | None = None
        >>> chain = GLiNER2StructuredOutput(Visit)
        >>> chain.invoke("Angela Merkel visited Paris.")  # doctest: +SKIP
        Visit(person='Angela Merkel', city='Paris')
        >>> chain.batch(["...", 42], return_exceptions=True)  # doctest: +SKIP
        [Visit(person=None, city=None), TypeError('input: got int; expected a str or a Document')]
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model: Any = Field(description="Pydantic model class, or a Schema / SchemaSpec / schema dict.")
    extractor: Any = Field(default=None, description="GLiNER2 instance, model name or path; None = bundled model.")
    include_raw: bool = Field(default=False, description="Return {'raw', 'parsed', 'parsing_error'}; never raise.")
    policy: Literal["partial", "drop", "raise"] = Field(
        default="partial", description="Required fields not found: partial instance, None, or raise."
    )
    threshold: float = Field(default=0.5, ge=0.0, le=1.0, description="Default span/choice confidence threshold.")
    batch_size: int = Field(default=8, ge=1, le=1024, description="Texts per forward pass.")

    _target: ExtractionTarget = PrivateAttr(default=None)  # type: ignore[assignment]
    _extractor: LazyExtractor = PrivateAttr(default=None)  # type: ignore[assignment]

    def __init__(self, model: Any = None, /, **kwargs: Any) -> None:
        if model is not None:
            kwargs["model"] = model
        super().__init__(**kwargs)

    def model_post_init(self, context: Any, /) -> None:
        self._target = resolve_target(self.model)
        self._extractor = LazyExtractor(self.extractor)

    # -- types -----------------------------------------------------------------------
    @property
    def InputType(self) -> Any:  # noqa: N802 - the Runnable API's name
        return StructuredInput

    @property
    def OutputType(self) -> Any:  # noqa: N802
        model_cls = self._target.model_cls
        return model_cls if model_cls is not None and not self.include_raw else dict

    # -- running ---------------------------------------------------------------------
    def invoke(self, input: StructuredInput, config: RunnableConfig | None = None, **kwargs: Any) -> Any:  # noqa: A002
        return self._call_with_config(self._invoke_one, input, config)

    async def ainvoke(self, input: StructuredInput, config: RunnableConfig | None = None, **kwargs: Any) -> Any:  # noqa: A002
        return await self._acall_with_config(self._ainvoke_one, input, config)

    def batch(
        self,
        inputs: list[StructuredInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """One batched model call for all inputs; a failing input raises (or is returned, with ``return_exceptions``)."""
        if not inputs:
            return []
        return self._batch_with_config(self._run, list(inputs), config, return_exceptions=return_exceptions)

    async def abatch(
        self,
        inputs: list[StructuredInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """:meth:`batch` with the model running in a worker thread."""
        if not inputs:
            return []
        return await self._abatch_with_config(self._arun, list(inputs), config, return_exceptions=return_exceptions)

    def extract(self, inputs: list[Any], *, threshold: float | None = None) -> list[Any]:
        """Outputs (or exceptions, in place) for many inputs, without callbacks: the engine behind every method."""
        texts: list[str | None] = [_text_of(item) for item in inputs]
        valid = [i for i, text in enumerate(texts) if text is not None]
        outcomes = run_extraction(
            self._extractor.get(),
            [texts[i] or "" for i in valid],
            self._target,
            threshold=self.threshold if threshold is None else threshold,
            batch_size=self.batch_size,
            policy=self.policy,
            skip_blank=False,
        )
        outputs: list[Any] = [
            TypeError(f"input: got {type(item).__name__}; expected a str or a Document") for item in inputs
        ]
        for index, outcome in zip(valid, outcomes, strict=True):
            outputs[index] = self._output(outcome)
        return outputs

    def _run(self, inputs: list[Any]) -> list[Any]:
        return self.extract(inputs)

    async def _arun(self, inputs: list[Any]) -> list[Any]:
        return await run_in_executor(None, self.extract, inputs)

    def _invoke_one(self, input_: Any) -> Any:
        (output,) = self.extract([input_])
        if isinstance(output, Exception):
            raise output
        return output

    async def _ainvoke_one(self, input_: Any) -> Any:
        return await run_in_executor(None, self._invoke_one, input_)

    def _output(self, outcome: Outcome) -> Any:
        """The parsed value, or the exception; with ``include_raw`` always the LangChain-style dict."""
        parsed: Any = outcome.error
        if outcome.error is None:
            parsed = self._parsed(outcome)
        if not self.include_raw:
            return parsed
        error = parsed if isinstance(parsed, Exception) else None
        return {"raw": outcome.raw, "parsed": None if error else parsed, "parsing_error": error}

    def _parsed(self, outcome: Outcome) -> Any:
        if outcome.result is None:  # a plain schema: the plain output (texts and labels)
            return to_metadata(outcome.raw or {}, namespace=None)
        return outcome.result.value


def _text_of(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, Document):
        return item.page_content
    return None


def with_structured_output(model: Any, *, extractor: Any = None, **kwargs: Any) -> GLiNER2StructuredOutput:
    """A local stand-in for ``llm.with_structured_output(model)``.

    Args:
        model: A Pydantic model class (or a schema).
        extractor: A loaded ``GLiNER2``, a model name or path, or ``None`` for the bundled model.
        **kwargs: ``include_raw``, ``policy``, ``threshold``, ``batch_size``.

    Example:
        >>> chain = prompt_to_text | with_structured_output(Invoice)  # doctest: +SKIP
    """
    return GLiNER2StructuredOutput(model, extractor=extractor, **kwargs)
