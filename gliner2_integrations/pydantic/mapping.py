"""Output -> model: :func:`to_result` maps one GLiNER2 output (a typed ``Extraction``) back onto a model.

Steps, per record: read each field's value(s) from the structure instance and
coerce them (failures are recorded and count as not found), attach the nested
structures' instances, then validate under the :class:`MissingPolicy`. Values
that fail Pydantic validation are removed and validation is retried, so one bad
value costs that field, not the record.

Which output instances make up the records (the root instances under the
``"record"`` strategy, the entity and classification results under
``"entities"``, and the nested instances of each) is decided in
:mod:`~gliner2_integrations.pydantic.instances`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from gliner2_core.extraction import Extraction
from gliner2_integrations._reference import as_extraction, native, reference_dict
from gliner2_integrations.pydantic.calibration import DEFAULT, Calibration
from gliner2_integrations.pydantic.convert import ModelSchema
from gliner2_integrations.pydantic.errors import ExtractionValidationError
from gliner2_integrations.pydantic.fields import Reading, read_fields
from gliner2_integrations.pydantic.instances import Instance, Output, candidates, check_many
from gliner2_integrations.pydantic.partial import partial_model
from gliner2_integrations.pydantic.plan import StructurePlan
from gliner2_integrations.pydantic.result import ExtractionResult, MissingPolicy, parse_policy

logger = logging.getLogger(__name__)


def _join(prefix: str, path: str) -> str:
    return f"{prefix}.{path}" if prefix and path else prefix or path


@dataclass
class _Record:
    """A record being assembled; every path is relative to it."""

    data: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def adopt(self, other: _Record, found_at: str, kept_at: str | None) -> None:
        """Take a nested record's evidence: problems under ``found_at``, values under ``kept_at`` (if kept)."""
        self.missing += [_join(found_at, path) for path in other.missing]
        self.errors += [(_join(found_at, path), message) for path, message in other.errors]
        if kept_at is not None:
            self.confidence.update({_join(kept_at, p): v for p, v in other.confidence.items()})
            self.spans.update({_join(kept_at, p): v for p, v in other.spans.items()})

    def discard(self, key: str, attr: str) -> None:
        """Forget a value and its evidence (it failed validation)."""
        self.data.pop(key, None)
        for evidence in (self.confidence, self.spans):
            for path in [p for p in evidence if p == attr or p.startswith(attr + ".")]:
                del evidence[path]


def _read_instance(plan: StructurePlan, instance: Instance, reading: Reading, text: str | None = None) -> _Record:
    """One record's values by field kind (see :mod:`~gliner2_integrations.pydantic.fields`)."""
    record = _Record()
    values = read_fields(plan, instance, reading, text)
    record.errors += values.errors
    for field_plan in plan.fields:
        kept = values.chosen.get(field_plan.attr)
        if not kept:
            continue
        record.data[field_plan.key] = [c.value for c in kept] if field_plan.shape.many else kept[0].value
        confidences = [c.confidence for c in kept if c.confidence is not None]
        if confidences:
            record.confidence[field_plan.attr] = min(confidences)
        spans = [(c.found.start, c.found.end) for c in kept if c.found.start is not None and c.found.end is not None]
        if spans:
            record.spans[field_plan.attr] = spans
    return record


def _keys(plan: StructurePlan) -> dict[str, tuple[str, bool]]:
    """``{input key: (attribute, required)}`` for the fields and nested models of a structure."""
    keys = {f.key: (f.attr, f.required) for f in plan.fields}
    keys.update({c.key: (c.attr, c.required) for c in plan.children})
    return keys


def _discard_invalid(err: ValidationError, record: _Record, plan: StructurePlan) -> bool:
    """Record validation errors and drop the values they name; False when an error names no value."""
    keys = _keys(plan)
    bad = set()
    for error in err.errors(include_url=False):
        loc = error.get("loc") or ()
        key = loc[0] if loc else None
        attr = keys[key][0] if key in keys else ""
        path = ".".join([attr, *map(str, loc[1:])]) if attr else ".".join(map(str, loc))
        record.errors.append((path, f"{error['msg']} (got {error.get('input')!r})"))
        if key in record.data:
            bad.add(key)
    for key in bad:
        record.discard(key, keys[key][0])
    return bool(bad)


def _finish(record: _Record, plan: StructurePlan, policy: MissingPolicy) -> BaseModel | None:
    """Validate an assembled record under the policy; ``None`` when it is dropped."""
    while True:
        missing = [attr for key, (attr, required) in _keys(plan).items() if required and key not in record.data]
        if missing and policy is not MissingPolicy.PARTIAL:
            record.missing += missing
            return None
        # Complete records are instances of the model itself; only incomplete ones need the partial view.
        model = partial_model(plan.model) if missing else plan.model
        try:
            instance = model.model_validate(record.data)
        except ValidationError as err:
            if _discard_invalid(err, record, plan):
                continue  # each retry has fewer values, so this ends
            return None
        except Exception as err:  # noqa: BLE001 - a user validator raising e.g. RuntimeError rejects this record only
            record.errors.append(("", f"{plan.model.__name__} validator raised {type(err).__name__}: {err}"))
            return None
        record.missing += missing
        return instance


def _attach_children(
    record: _Record, plan: StructurePlan, assigned: dict[str, list[Instance]], policy: MissingPolicy, reading: Reading
) -> None:
    """Read, validate and attach the nested structures' instances that belong to ``record``."""
    for child in plan.children:
        instances = assigned.get(child.attr, [])
        kept: list[BaseModel] = []
        for index, instance in enumerate(instances if child.many else instances[:1]):
            sub = _read_instance(child.structure, instance, reading)
            value = _finish(sub, child.structure, policy)
            found_at = f"{child.attr}.{index}" if child.many else child.attr
            kept_at = None if value is None else (f"{child.attr}.{len(kept)}" if child.many else child.attr)
            record.adopt(sub, found_at, kept_at)
            if value is not None:
                kept.append(value)
        if kept:
            record.data[child.key] = kept if child.many else kept[0]


def _labels(output: Output, task: str, reading: Reading) -> Any:
    """An extra classification task's answer, leaving out labels the model is not sure of: a label
    needs the calibrated confidence a field value needs (``None``/``[]`` when none has it)."""
    answer = output.labels(task)
    accept = reading.accept
    sure = {
        c.text
        for c in output.choices(task)
        if c.confidence is None or (reading.calibration.confidence("choice", c.confidence) or 0.0) >= accept
    }
    if isinstance(answer, list):
        return [label for label in answer if label in sure]
    return answer if answer in sure else None


def to_result(
    raw: Extraction | Mapping[str, Any],
    model_schema: ModelSchema,
    *,
    policy: MissingPolicy | str = MissingPolicy.PARTIAL,
    many: bool = False,
    threshold: float | None = None,
    reference_date: dt.date | None = None,
    calibration: Calibration = DEFAULT,
    text: str | None = None,
) -> ExtractionResult[Any]:
    """Map one GLiNER2 output back onto the model (no model call; reusable by other integrations).

    Args:
        raw: One text's output for ``model_schema.spec``: the typed :class:`~gliner2_core.Extraction`
            of ``GLiNER2.run`` (what the integrations pass: every value with its confidence and
            offsets), or a dict of ``GLiNER2.extract``/``batch_extract`` (best with
            ``include_confidence=True`` and ``include_spans=True``; plain outputs work too).
        model_schema: The :func:`~gliner2_integrations.pydantic.schema_for` result the output was made with.
        policy: What to do when required fields are missing (see :class:`MissingPolicy`).
        many: Every root instance is a record (``values``); otherwise only the first.
            Not for the ``"entities"`` strategy, which has one record per text.
        threshold: Calibrated confidence a value needs (``None``: the calibration's default); a
            field's own threshold wins.
        reference_date: The day relative dates ("tomorrow", "next Tuesday") are read against;
            ``None`` leaves them unread.
        calibration: The per-kind confidence curves (:func:`~gliner2_integrations.pydantic.calibration.calibration_for`
            gives a loaded model's).
        text: The text a dict output was extracted from, for the checks that read it (a bool
            field's mention, a choice written out, a value after its label); a typed output carries its own.

    Returns:
        The result.

    Raises:
        ExtractionValidationError: Under ``"raise"``, when required fields are missing or a record is invalid.
        SchemaError: On an unknown policy, or ``many=True`` with the ``"entities"`` strategy.
    """
    policy = parse_policy(policy)
    check_many(model_schema, many)
    output = Output(as_extraction(raw, model_schema.spec, text))
    reading = Reading(threshold, reference_date, calibration)
    merged, values, failed = _records(output, model_schema, policy, many, reading)
    errors = [f"{path}: {message}" if path else message for path, message in merged.errors]
    if policy is MissingPolicy.RAISE and (merged.missing or failed):
        raise ExtractionValidationError(merged.missing, errors)
    return ExtractionResult(
        value=values[0] if values else None,
        values=values,
        confidence=merged.confidence,
        spans=merged.spans,
        missing=merged.missing,
        errors=errors,
        **_extra_tasks(output, model_schema, reading),
        raw=reference_dict(output.extraction),
        extraction=native(output.extraction),
    )


def _extra_tasks(output: Output, model_schema: ModelSchema, reading: Reading) -> dict[str, Any]:
    """The result's ``classifications`` and ``entities``: the answers of the model's extra tasks."""
    return {
        "classifications": {task: _labels(output, task, reading) for task in model_schema.classifications},
        "entities": {
            label: list(dict.fromkeys(item.text for item in output.entities(label)))
            for label in model_schema.entity_labels
        },
    }


def _records(
    output: Output, model_schema: ModelSchema, policy: MissingPolicy, many: bool, reading: Reading
) -> tuple[_Record, list[BaseModel], int]:
    """The validated records of one output, their merged evidence, and how many were invalid for
    another reason than missing fields."""
    merged, failed = _Record(), 0
    values: list[BaseModel] = []
    for index, (instance, assigned) in enumerate(candidates(output, model_schema, many)):
        record = _read_instance(model_schema.root, instance, reading, None if many else output.text)
        _attach_children(record, model_schema.root, assigned, policy, reading)
        if not record.data and not record.errors:
            continue  # candidates, none confident: no record was found
        value = _finish(record, model_schema.root, policy)
        failed += int(value is None and not record.missing)
        kept_at = None if value is None else (str(len(values)) if many else "")
        merged.adopt(record, str(index) if many else "", kept_at)
        if value is not None:
            values.append(value)
    if not values and not merged.missing and not failed and not many:
        merged.missing = [attr for attr, required in _keys(model_schema.root).values() if required]
    return merged, values, failed
