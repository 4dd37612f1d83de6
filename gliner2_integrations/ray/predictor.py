"""``GLiNER2Predictor``: the callable class Ray Data runs in each actor.

Ray constructs one predictor per actor (so the model loads once per actor) and
calls it on batches of rows::

    ds.map_batches(GLiNER2Predictor, fn_constructor_kwargs={"schema": schema}, concurrency=4, batch_size=64)

The predictor works on any ``{column: sequence}`` batch (Ray's ``"numpy"`` and
``"default"`` formats, or plain lists), so it also runs outside Ray.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

from gliner2_core.errors import SchemaError

logger = logging.getLogger(__name__)

OUTPUT_COLUMN = "gliner2"
ERROR_COLUMN = "gliner2_error"
RECORD_OPTIONS = ("threshold", "batch_size")


class GLiNER2Predictor:
    """Extract from the text column of each batch; adds a result and an error column.

    Args:
        schema: A schema dict, a :class:`~gliner2_core.Schema` / ``SchemaSpec``, or a
            Pydantic model class (each row then gets the validated record as a JSON-ready dict).
        model: Model name, checkpoint folder or hub id; ``None`` for the bundled
            gliner2-mini. Each actor loads its own copy, so this must be a name, not a
            loaded model.
        text_column: The column holding the texts.
        output_column: The column to write results to.
        error_column: The column to write per-row errors to (``None`` when the row succeeded).
        backend: Encoder backend (``"auto"``, ``"torch"``, ``"onnx"``).
        quantize: ``"int8"`` for the quantized ONNX encoder, ``"bf16"`` for a bfloat16 torch encoder.
        threads: Intra-op threads of this actor (default: what Ray gives the actor).
        policy: Pydantic targets: what to do with required fields not found.
        many: Pydantic targets: every record per text (a list of dicts).
        **options: Extraction options of ``batch_extract`` (``threshold``, ``batch_size``,
            ``include_confidence``, ``include_spans``, ...); Pydantic targets take
            ``threshold`` and ``batch_size``.

    Raises:
        SchemaError: An invalid schema, option or column name (before any row is read).
    """

    def __init__(
        self,
        schema: Any,
        *,
        model: str | os.PathLike[str] | None = None,
        text_column: str = "text",
        output_column: str = OUTPUT_COLUMN,
        error_column: str = ERROR_COLUMN,
        backend: str = "auto",
        quantize: str | None = None,
        threads: int | None = None,
        policy: str = "partial",
        many: bool = False,
        **options: Any,
    ) -> None:
        from gliner2_core import GLiNER2
        from gliner2_integrations._runtime import resolve_target

        if model is not None and not isinstance(model, (str, os.PathLike)):
            raise SchemaError.invalid(
                "model",
                type(model).__name__,
                "a model name, checkpoint folder or hub id (each actor loads its own), or None",
            )
        if len({text_column, output_column, error_column}) != 3:
            raise SchemaError.invalid(
                "output_column/error_column",
                (output_column, error_column),
                f"two new names, distinct from {text_column!r}",
            )
        self.text_column, self.output_column, self.error_column = text_column, output_column, error_column
        self.target = resolve_target(schema)
        self.policy, self.many, self.options = policy, many, dict(options)
        if self.target.model_schema is not None:
            extra = sorted(set(self.options) - set(RECORD_OPTIONS))
            if extra:
                raise SchemaError.invalid("options", extra, f"for a Pydantic model only {', '.join(RECORD_OPTIONS)}")
        self.model = GLiNER2.from_pretrained(model, backend=backend, quantize=quantize, threads=threads)
        self._check_options()

    def _check_options(self) -> None:
        """Reject bad options at construction (in the driver's error, not in every row)."""
        from gliner2_integrations._runtime import run_extraction

        if self.target.model_schema is not None:
            run_extraction(self.model, [], self.target, policy=self.policy, many=self.many, **self.options)
        else:
            self.model.batch_extract([], self.target.spec, **self.options)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        """The batch with the output and error columns added (one entry per row, in order)."""
        if self.text_column not in batch:
            raise SchemaError.invalid("text_column", self.text_column, f"one of the batch's columns {sorted(batch)}")
        results, errors = self.extract(list(batch[self.text_column]))
        out = dict(batch)
        out[self.output_column] = results
        out[self.error_column] = errors
        return out

    def extract(self, texts: Sequence[Any]) -> tuple[list[Any], list[str | None]]:
        """Results and errors for ``texts``: a row that fails gets ``None`` and its error; the others are unaffected."""
        if self.target.model_schema is not None:
            return self._records(texts)
        from gliner2_integrations._inputs import Failed, call_isolated, text_problem
        from gliner2_integrations._runtime import describe_error

        results: list[Any] = [None] * len(texts)
        errors: list[str | None] = [None] * len(texts)
        sent = []
        for index, text in enumerate(texts):
            problem = text_problem(text, f"{self.text_column}[{index}]")
            if problem is None:
                sent.append(index)
            else:
                errors[index] = describe_error(problem)

        def call(chunk: list[str]) -> list[Any]:
            return self.model.batch_extract(chunk, self.target.spec, **self.options)

        for index, raw in zip(sent, call_isolated(call, [str(texts[i]) for i in sent])):
            if isinstance(raw, Failed):
                errors[index] = describe_error(raw.error)
            else:
                results[index] = raw
        return results, errors

    def _records(self, texts: Sequence[Any]) -> tuple[list[Any], list[str | None]]:
        from gliner2_integrations._runtime import describe_error, run_extraction

        outcomes = run_extraction(
            self.model,
            [str(t) if isinstance(t, str) else t for t in texts],
            self.target,
            policy=self.policy,
            many=self.many,
            skip_blank=False,
            where=f"{self.text_column}[{{index}}]",
            **self.options,
        )
        results: list[Any] = []
        errors: list[str | None] = []
        for outcome in outcomes:
            result = outcome.result
            if self.many:
                results.append([v.model_dump(mode="json") for v in result.values] if result is not None else None)
            else:
                value = result.value if result is not None else None
                results.append(value.model_dump(mode="json") if value is not None else None)
            errors.append(describe_error(outcome.error) if outcome.error is not None else None)
        return results, errors
