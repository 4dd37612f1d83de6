"""GLiNER2's record with the LLM's answers merged in: GLiNER2's value stays unless the LLM's is better.

An asked field takes the LLM's value only when the LLM gave one (not ``null``, not ``[]``)
and the whole record still validates with it (field validators, constraints and model
validators). Otherwise GLiNER2's value stays, its source says ``"gliner2"`` and the
result's ``error`` says why. When the LLM's values do not validate together, they are
tried one at a time in the model's field order and each one that validates is kept.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ValidationError

from gliner2_integrations._runtime import describe_error, empty_instance
from gliner2_integrations.cascade.plan import field_values, input_keys
from gliner2_integrations.cascade.reply import Answer
from gliner2_integrations.cascade.result import CascadeResult, Source
from gliner2_integrations.pydantic import partial_model

logger = logging.getLogger(__name__)


def merge(model_cls: type[BaseModel], gliner: Any, asked: dict[str, str], answer: Answer | None) -> CascadeResult:
    """The cascade's result for one text: GLiNER2's ``ExtractionResult`` and the LLM's :class:`Answer`."""
    sources: dict[str, Source] = dict.fromkeys(model_cls.model_fields, "gliner2")
    base = gliner.value if gliner.value is not None else empty_instance(model_cls)
    if not asked or answer is None:
        return CascadeResult(base, sources, dict(asked), gliner, error=_gliner_error(gliner))
    try:
        offered = {name: value for name, value in answer.values.items() if name in asked}
        value, rejected = _combine(model_cls, field_values(gliner.value), offered)
    except Exception as err:  # noqa: BLE001 - never lose GLiNER2's record to a merge failure
        logger.warning("cascade: LLM answer not merged (%s)", describe_error(err))
        answer, value, rejected = Answer(usage=answer.usage, problem=describe_error(err)), None, {}
        offered = {}
    for name in set(offered) - set(rejected):
        sources[name] = "llm"
    rejected = {**answer.rejected, **rejected}
    error = _error(_gliner_error(gliner), answer.problem, rejected)
    return CascadeResult(
        value if value is not None else base, sources, dict(asked), gliner, answer.reply, answer.usage, error
    )


def _combine(
    model_cls: type[BaseModel], own: dict[str, Any], offered: dict[str, Any]
) -> tuple[BaseModel | None, dict[str, str]]:
    """The record with as many of the ``offered`` values as validate, and ``{field: why}`` for the others."""
    value, reason = build(model_cls, {**own, **offered})
    if value is not None:
        return value, {}
    kept: dict[str, Any] = {}
    rejected: dict[str, str] = {}
    for name, offer in offered.items():  # together they fail: keep each one that validates on its own
        trial, reason = build(model_cls, {**own, **kept, name: offer})
        if trial is None:
            rejected[name] = reason or "rejected"
        else:
            kept[name] = offer
    value, _ = build(model_cls, {**own, **kept})
    return value, rejected


def build(model_cls: type[BaseModel], values: dict[str, Any]) -> tuple[BaseModel | None, str | None]:
    """``model_cls`` (else its partial view, for required fields nobody found) from ``{field name: value}``.

    Returns:
        The record, or ``None`` and the first validation message.
    """
    keys = input_keys(model_cls)
    data = {keys.get(name, name): value for name, value in values.items()}
    reason = None
    for cls in (model_cls, partial_model(model_cls)):
        try:
            return cls.model_validate(data), None
        except ValidationError as err:
            problems = err.errors()
            reason = problems[0]["msg"] if problems else str(err)
        except Exception as err:  # noqa: BLE001 - a validator raising anything rejects the record
            reason = describe_error(err)
    return None, reason


def _gliner_error(gliner: Any) -> str | None:
    error = getattr(gliner, "error", None)
    return f"GLiNER2 failed: {describe_error(error)}" if isinstance(error, BaseException) else None


def _error(gliner_error: str | None, problem: str | None, rejected: dict[str, str]) -> str | None:
    """One line: what GLiNER2 failed at, why the LLM's answer was not used, which of its values were rejected."""
    parts = [gliner_error] if gliner_error else []
    if problem:
        parts.append(f"LLM answer not used: {problem}")
    if rejected:
        reasons = "; ".join(f"{name}: {why}" for name, why in rejected.items())
        parts.append(f"LLM values rejected by validation, GLiNER2's kept: {sorted(rejected)} ({reasons})")
    return "; ".join(parts) or None
