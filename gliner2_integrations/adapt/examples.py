"""Reading ``adapt``'s examples file: one JSON object a line, checked against the Pydantic model.

A line is either ``{"text": "...", "output": {...}}`` (``output``: the model's JSON as an LLM's
structured output returns it; a list of objects for several records; missing fields absent or
``null``) or a line of the reference library's training format (``{"input": ..., "output":
{"entities": ...}}``), which is used as it is. Every problem names the line and the field:
malformed JSON, a missing or empty text, a text seen before, an unknown field, a value of the
wrong type. With ``skip_bad`` such lines are skipped and counted instead. The file is only read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gliner2_core import SchemaError
from gliner2_core.training.examples import TrainingExample, parse_record
from gliner2_integrations.pydantic import partial_model


class ExamplesError(SchemaError):
    """A line of the examples file is not a usable example (the message names the line and field)."""


@dataclass(frozen=True)
class Labelled:
    """One example: its line, text and records (validated instances of the model's partial view)."""

    line: int
    text: str
    records: tuple[BaseModel, ...]


@dataclass
class ExampleSet:
    """Everything read from one file."""

    labelled: list[Labelled] = field(default_factory=list)
    reference: list[TrainingExample] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _record(line: int, value: Any, model_cls: type[BaseModel]) -> BaseModel:
    if not isinstance(value, Mapping):
        raise ExamplesError(
            f"line {line}: 'output' got {type(value).__name__}; expected an object of {model_cls.__name__}'s fields"
        )
    known = {info.alias or name for name, info in model_cls.model_fields.items()} | set(model_cls.model_fields)
    for key in value:
        if key not in known:
            raise ExamplesError(
                f"line {line}: field {key!r} is not a field of {model_cls.__name__}; expected one of {sorted(model_cls.model_fields)}"
            )
    try:
        return partial_model(model_cls).model_validate(dict(value))
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(map(str, first.get("loc") or ()))
        raise ExamplesError(f"line {line}: field {where!r}: {first['msg']} (got {first.get('input')!r})") from None


def _parse(line: int, raw: str, model_cls: type[BaseModel], seen: set[str]) -> Labelled | TrainingExample:
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ExamplesError(f"line {line}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(row, Mapping):
        raise ExamplesError(f"line {line}: got {type(row).__name__}; expected an object with 'text' and 'output'")
    if "input" in row and "text" not in row:
        return parse_record(row, where=f"line {line}")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ExamplesError(f"line {line}: 'text' got {text!r}; expected a non-empty string")
    if text in seen:
        raise ExamplesError(f"line {line}: the same text appears on an earlier line")
    if "output" not in row:
        raise ExamplesError(f"line {line}: no 'output'; expected the model's JSON for this text")
    output = row["output"]
    values = output if isinstance(output, list) else [output]
    seen.add(text)
    return Labelled(line, text, tuple(_record(line, value, model_cls) for value in values))


def read_examples(path: str | Path, model_cls: type[BaseModel], *, skip_bad: bool = False) -> ExampleSet:
    """Read and check every line of ``path``.

    Raises:
        ExamplesError: On the first bad line (unless ``skip_bad``), naming it; when the file
            cannot be read or holds no example.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ExamplesError(f"examples: cannot read {str(path)!r} ({type(err).__name__}: {err})") from None
    result, seen = ExampleSet(), set()
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            parsed = _parse(number, raw, model_cls, seen)
        except (ExamplesError, SchemaError) as err:
            if not skip_bad:
                raise ExamplesError(str(err)) from None
            result.skipped.append(str(err))
            continue
        (result.labelled if isinstance(parsed, Labelled) else result.reference).append(parsed)
    if not result.labelled and not result.reference:
        raise ExamplesError(f"examples: {str(path)!r} holds no usable example")
    return result
