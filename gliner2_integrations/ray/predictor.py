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
from gliner2_integrations._inputs import extract_options
from gliner2_integrations._runtime import describe_error
from gliner2_integrations.ray.rows import BYTES_MARK, restore_texts, row_text_problem

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
        **options: Extraction options (the fields of :class:`~gliner2_core.options.ExtractOptions`:
            ``threshold``, ``batch_size``, ``include_confidence``, ``include_spans``, ...), built once
            into ``extract_options``; Pydantic targets take ``threshold`` and ``batch_size``.

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
        for option, name in (
            ("text_column", text_column),
            ("output_column", output_column),
            ("error_column", error_column),
        ):
            if not isinstance(name, str) or not name:
                raise SchemaError.invalid(option, name, "a non-empty column name (str)")
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
        self.extract_options = extract_options(**self.options)
        self.model = GLiNER2.from_pretrained(model, backend=backend, quantize=quantize, threads=threads)
        self._check_options()

    def _check_options(self) -> None:
        """Reject bad options at construction (in the driver's error, not in every row)."""
        from gliner2_integrations._runtime import run_extraction

        if self.target.model_schema is not None:
            run_extraction(
                self.model, [], self.target, options=self.extract_options, policy=self.policy, many=self.many
            )
        else:
            self.model.run([], self.target.spec, self.extract_options)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        """The batch with the output and error columns added (one entry per row, in order).

        Raises:
            SchemaError: When the batch already has a column named like the output or error
                column (nothing of the user's is overwritten).
        """
        out = dict(batch)
        was_bytes = out.pop(BYTES_MARK, None)
        check_new_columns(list(out), self.output_column, self.error_column)
        rows = len(next(iter(out.values()))) if out else 0
        if self.text_column in out:
            texts = restore_texts(list(out[self.text_column]), was_bytes)
            out[self.text_column] = texts
            results, errors = self.extract(texts)
        else:  # a block without the column (e.g. JSON lines that never have the key): each row says so
            problem = SchemaError.invalid("text_column", self.text_column, f"one of this batch's columns {sorted(out)}")
            results, errors = [None] * rows, [describe_error(problem)] * rows
        out[self.output_column] = results
        out[self.error_column] = errors
        return out

    def extract(self, texts: Sequence[Any]) -> tuple[list[Any], list[str | None]]:
        """Results and errors for ``texts``: a row that fails gets ``None`` and its error; the others are unaffected."""
        results: list[Any] = [None] * len(texts)
        errors: list[str | None] = [None] * len(texts)
        sent = []
        for index, text in enumerate(texts):
            problem = row_text_problem(text, self.text_column, f"{self.text_column}[{index}]")
            if problem is None:
                sent.append(index)
            else:
                errors[index] = describe_error(problem)
        good = [str(texts[i]) for i in sent]
        answers = self._records(good) if self.target.model_schema is not None else self._outputs(good)
        for index, (result, error) in zip(sent, answers, strict=True):
            results[index], errors[index] = result, error
        return results, errors

    def _outputs(self, texts: list[str]) -> list[tuple[Any, str | None]]:
        from gliner2_integrations._inputs import Failed, call_isolated
        from gliner2_integrations._reference import reference_dict

        def call(chunk: list[str]) -> list[Any]:  # the JSON column: reference dicts, made here
            extractions = self.model.run(chunk, self.target.spec, self.extract_options)
            return [reference_dict(extraction, self.extract_options) for extraction in extractions]

        return [
            (None, describe_error(raw.error)) if isinstance(raw, Failed) else (raw, None)
            for raw in call_isolated(call, texts)
        ]

    def _records(self, texts: list[str]) -> list[tuple[Any, str | None]]:
        from gliner2_integrations._runtime import run_extraction

        outcomes = run_extraction(
            self.model,
            texts,
            self.target,
            options=self.extract_options,
            policy=self.policy,
            many=self.many,
            skip_blank=False,
            where=f"{self.text_column}[{{index}}]",
        )
        answers: list[tuple[Any, str | None]] = []
        for outcome in outcomes:
            result = outcome.result
            if self.many:
                record: Any = [v.model_dump(mode="json") for v in result.values] if result is not None else None
            else:
                value = result.value if result is not None else None
                record = value.model_dump(mode="json") if value is not None else None
            answers.append((record, describe_error(outcome.error) if outcome.error is not None else None))
        return answers


def check_new_columns(columns: Sequence[str], output_column: str, error_column: str) -> None:
    """Refuse output or error columns that the data already has (they would be overwritten).

    Raises:
        SchemaError: Naming the column, the existing columns and the options that rename the outputs.
    """
    for option, name in (("output_column", output_column), ("error_column", error_column)):
        if name in columns:
            raise SchemaError(
                f"{option}: got {name!r}, a column the data already has ({sorted(columns)}); expected a new "
                f"name, so that nothing is overwritten (output_column=/error_column=, on the command line "
                "--output-column/--error-column)"
            )
