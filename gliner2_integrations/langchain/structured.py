"""``GLiNER2StructuredOutput``: a local ``llm.with_structured_output(Model)`` for LCEL chains."""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig, RunnableSerializable
from langchain_core.runnables.config import run_in_executor
from pydantic import Field

from gliner2_core import SchemaError
from gliner2_integrations._runtime import Outcome
from gliner2_integrations.langchain.inputs import StructuredInput, text_of
from gliner2_integrations.metadata import to_metadata
from gliner2_integrations.settings import ExtractionSettings


class GLiNER2StructuredOutput(ExtractionSettings, RunnableSerializable[StructuredInput, Any]):
    """A ``Runnable[str | Document | message | dict, Model]`` filling a Pydantic model with a local GLiNER2 model.

    It fits the LCEL slot of ``llm.with_structured_output(Model)``: ``invoke`` returns a
    validated instance; ``include_raw=True`` returns ``{"raw", "parsed", "parsing_error"}``
    and never raises on extraction errors. ``batch``/``abatch`` make one batched model
    call and honour ``return_exceptions``; callbacks see one start/end/error per input;
    each input succeeds or fails on its own. Inputs: a ``str``, a ``Document``, a message,
    a prompt value or list of messages (the last human message), or a dict with the text
    under ``"text"``, ``"input"``, ... (see :mod:`gliner2_integrations.langchain.inputs`).

    When no record is found, policy ``"partial"`` returns an instance with no values
    (the model's partial view when it has required fields), ``"drop"`` returns ``None``
    and ``"raise"`` raises ``ExtractionValidationError`` naming the missing fields. With
    a schema instead of a model class the output is the plain GLiNER2 output dict.
    The settings are :class:`~gliner2_integrations.settings.ExtractionSettings`.

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
        [Visit(person=None, city=None), SchemaError('inputs[1]: got int; expected a str, a Document, ...')]
    """

    include_raw: bool = Field(default=False, description="Return {'raw', 'parsed', 'parsing_error'}; never raise.")

    def __init__(self, model: Any = None, /, **kwargs: Any) -> None:
        if model is not None:
            kwargs["model"] = model
        super().__init__(**kwargs)

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

    def extract(self, inputs: list[Any], *, threshold: float | None = None, where: str | None = None) -> list[Any]:
        """Outputs (or exceptions, in place) for many inputs, without callbacks: the engine behind every method.

        ``where`` names the inputs in error messages (default ``"input"``, or ``"inputs[i]"`` for several).
        """
        single = where or "input"
        texts: list[Any] = []
        errors: dict[int, SchemaError] = {}
        for index, item in enumerate(inputs):
            try:
                texts.append(text_of(item, single if len(inputs) == 1 else f"{where or 'inputs'}[{index}]"))
            except SchemaError as err:
                texts.append(None)
                errors[index] = err
        outcomes = self.run(
            texts,
            where=single if len(inputs) == 1 else f"{where or 'inputs'}[{{index}}]",
            threshold=threshold,
            skip_blank=False,
        )
        return [self._output(Outcome(error=errors[i]) if i in errors else o) for i, o in enumerate(outcomes)]

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
            return to_metadata(outcome.output if outcome.output is not None else {}, namespace=None)
        return outcome.result.value


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
