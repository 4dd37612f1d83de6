"""``extract_model``: run GLiNER2 with a Pydantic model's schema and get validated records back."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from pydantic import BaseModel

from gliner2_core import SchemaError
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions
from gliner2_integrations._inputs import Failed, call_isolated, extract_options, run_typed, text_problem
from gliner2_integrations.pydantic.calibration import calibration_for
from gliner2_integrations.pydantic.convert import ModelSchema, schema_for_extractor
from gliner2_integrations.pydantic.errors import ExtractionValidationError
from gliner2_integrations.pydantic.instances import check_many
from gliner2_integrations.pydantic.mapping import to_result
from gliner2_integrations.pydantic.options import Strategy
from gliner2_integrations.pydantic.result import ExtractionResult, M, MissingPolicy, parse_policy

if TYPE_CHECKING:  # the model class lives in the torch-importing part of the core
    from gliner2_core import GLiNER2

logger = logging.getLogger(__name__)
DEFAULTS = ExtractOptions()  # the core's option defaults, never re-declared here


@overload
def extract_model(
    model: GLiNER2,
    texts: str,
    model_cls: type[M],
    *,
    threshold: float | None = ...,
    policy: MissingPolicy | str = ...,
    many: bool = ...,
    batch_size: int = ...,
    strategy: Strategy | None = ...,
    reference_date: dt.date | None = ...,
) -> ExtractionResult[M]: ...


@overload
def extract_model(
    model: GLiNER2,
    texts: list[str],
    model_cls: type[M],
    *,
    threshold: float | None = ...,
    policy: MissingPolicy | str = ...,
    many: bool = ...,
    batch_size: int = ...,
    strategy: Strategy | None = ...,
    reference_date: dt.date | None = ...,
) -> list[ExtractionResult[M]]: ...


def extract_model(
    model: GLiNER2,
    texts: str | list[str],
    model_cls: type[BaseModel],
    *,
    threshold: float | None = DEFAULTS.threshold,
    policy: MissingPolicy | str = MissingPolicy.PARTIAL,
    many: bool = False,
    batch_size: int = DEFAULTS.batch_size,
    strategy: Strategy | None = None,
    reference_date: dt.date | None = None,
) -> ExtractionResult[Any] | list[ExtractionResult[Any]]:
    """Extract instances of a Pydantic model from one text or many, in one batched model call.

    Args:
        model: A loaded :class:`gliner2_core.GLiNER2`.
        texts: One text (returns one result) or a list (returns one result per text, in order).
        model_cls: The Pydantic model to fill (converted once by :func:`schema_for`, cached).
        threshold: Calibrated confidence a field value needs to be filled (``None``: the model's calibrated
            default, see :mod:`~gliner2_integrations.pydantic.calibration`); per-field thresholds override it.
        policy: ``"partial"``, ``"drop"`` or ``"raise"`` (see :class:`MissingPolicy`).
        many: Extract every record in each text (``result.values``) rather than one (strategy ``"record"`` only).
        batch_size: Texts per forward pass.
        strategy: ``"record"`` or ``"entities"`` (see :func:`schema_for`); default: the Pydantic model's
            option, else ``"record"`` when ``many``, else the checkpoint's measured ``config.record_strategy``.
        reference_date: The day relative dates ("tomorrow", "next Tuesday") count from (e.g. the
            message's date); ``None`` (the default) leaves relative dates unread.

    Returns:
        An :class:`ExtractionResult`, or a list of them for a list of texts. In a list each text
        succeeds or fails on its own: a text that is not a ``str``, a model failure or, under
        ``"raise"``, missing required fields give that text a result with ``value=None`` and the
        exception in ``error``; the other texts are unaffected.

    Raises:
        UnsupportedModelError: The model cannot be expressed as a GLiNER2 schema.
        ExtractionValidationError: Under ``"raise"``, when the one text lacks required fields.
        SchemaError: When ``texts`` is neither a ``str`` nor a list/tuple of them (naming it), when the
            one text is not valid (e.g. a lone surrogate), on an unknown policy or strategy, invalid
            extraction options, or ``many=True`` with the ``"entities"`` strategy (all before the model runs).

    Example:
        >>> class Invoice(BaseModel):
        ...     number: str
        ...     total: float
        >>> result = extract_model(gliner, "Invoice 17, total $1,250.00", Invoice)  # doctest: +SKIP
        >>> result.value.total, result.confidence["total"]  # doctest: +SKIP
        (1250.0, 0.93)
    """
    job = _Job.prepare(model, model_cls, threshold, batch_size, policy, many, strategy, reference_date)
    if isinstance(texts, str):
        return job.one(texts)
    if not isinstance(texts, (list, tuple)):
        raise SchemaError(f"texts: got {type(texts).__name__}; expected a str or a list of str")
    logger.debug("extract_model(%s): %d text(s)", model_cls.__name__, len(texts))
    return job.many(list(texts))


@dataclass(frozen=True)
class _Job:
    """One ``extract_model`` call, checked: the model, the bound schema, one :class:`ExtractOptions`
    and how to read the outputs (:func:`to_result`'s ``policy``, ``many``, ``threshold``, ...)."""

    model: Any
    model_schema: ModelSchema
    options: ExtractOptions
    reading: dict[str, Any]

    @classmethod
    def prepare(
        cls,
        model: Any,
        model_cls: type[BaseModel],
        threshold: Any,
        batch_size: Any,
        policy: MissingPolicy | str,
        many: bool,
        strategy: Strategy | None,
        reference_date: Any,
    ) -> _Job:
        """Every check of :func:`extract_model`, in its documented order, before the model runs."""
        if not callable(getattr(model, "batch_extract", None)):
            raise SchemaError(
                f"model: got {type(model).__name__}; expected a loaded GLiNER2 (GLiNER2.from_pretrained()), "
                "as in extract_model(model, texts, model_cls)"
            )
        model_schema = schema_for_extractor(model_cls, model, strategy=strategy, many=many)
        policy = parse_policy(policy)
        check_many(model_schema, many)
        options = extract_options(threshold=threshold, batch_size=batch_size)
        if reference_date is not None and not isinstance(reference_date, dt.date):
            raise SchemaError.invalid("reference_date", reference_date, "a datetime.date or None")
        if isinstance(reference_date, dt.datetime):
            reference_date = reference_date.date()
        reading = {"policy": policy, "many": many, "threshold": threshold, "reference_date": reference_date}
        return cls(model, model_schema, options, {**reading, "calibration": calibration_for(model)})

    def run(self, texts: list[str]) -> list[Extraction]:
        return run_typed(self.model, texts, self.model_schema.spec, self.options)

    def one(self, text: str) -> ExtractionResult[Any]:
        """The result of a single text (its problems raise)."""
        problem = text_problem(text, "texts")
        if problem is not None:
            raise problem
        return to_result(self.run([text])[0], self.model_schema, **self.reading)

    def many(self, texts: list[Any]) -> list[ExtractionResult[Any]]:
        """One result per text; each text succeeds or fails on its own."""
        problems = [text_problem(text, f"texts[{index}]") for index, text in enumerate(texts)]
        good = [text for text, problem in zip(texts, problems, strict=True) if problem is None]
        outputs = iter(call_isolated(self.run, good))
        return [
            ExtractionResult.failed(problem) if problem is not None else self.result(next(outputs))
            for problem in problems
        ]

    def result(self, output: Extraction | Failed) -> ExtractionResult[Any]:
        """One list item's result, or its failure."""
        if isinstance(output, Failed):
            return ExtractionResult.failed(output.error)
        try:
            return to_result(output, self.model_schema, **self.reading)
        except ExtractionValidationError as err:
            return ExtractionResult.failed(err)
