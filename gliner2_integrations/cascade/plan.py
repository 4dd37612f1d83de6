"""Which fields of a GLiNER2 result go to the LLM, and the model the LLM fills for them.

A top-level field of the Pydantic model is re-asked when GLiNER2 did not find it
(``None``, an empty list, or listed in ``missing``), when its confidence (the
weakest of its paths) is below the cascade's threshold, or when its value failed
coercion or validation (listed in ``errors``).
"""

from __future__ import annotations

import functools
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from gliner2_integrations.pydantic import schema_for

MISSING = "missing"
LOW_CONFIDENCE = "low confidence"
INVALID = "invalid"


def fields_to_ask(result: Any, model_cls: type[BaseModel], min_confidence: float) -> dict[str, str]:
    """``{field: reason}`` for the top-level fields the LLM must answer, in the model's field order.

    Args:
        result: GLiNER2's :class:`~gliner2_integrations.pydantic.ExtractionResult` for one text.
        model_cls: The Pydantic model.
        min_confidence: Fields whose confidence is below this are re-asked.
    """
    values = field_values(result.value)
    reasons: dict[str, str] = {}
    for name in model_cls.model_fields:
        invalid = [e for e in result.errors if e.split(":", 1)[0].split(".", 1)[0] == name]
        scores = [s for path, s in result.confidence.items() if path == name or path.startswith(f"{name}.")]
        value = values.get(name)
        if invalid:
            reasons[name] = f"{INVALID}: {invalid[0]}"
        elif is_empty(value) or any(m.split(".", 1)[0] == name for m in result.missing):
            reasons[name] = MISSING
        elif scores and min(scores) < min_confidence:
            reasons[name] = f"{LOW_CONFIDENCE} ({min(scores):.2f})"
    return reasons


def is_empty(value: Any) -> bool:
    """No value: ``None`` or an empty list (what GLiNER2 gives for a field it did not find, and an LLM for "none")."""
    return value is None or (isinstance(value, list) and not value)


def field_values(record: BaseModel | None) -> dict[str, Any]:
    """``{field name: value}`` of a record, nested records kept as instances (``{}`` for ``None``).

    Attribute values, not ``model_dump()``: they validate again as they are, whatever aliases the model uses.
    """
    if record is None:
        return {}
    return {name: getattr(record, name) for name in type(record).model_fields}


@functools.lru_cache(maxsize=256)
def input_keys(model_cls: type[BaseModel]) -> dict[str, str]:
    """``{field name: the key model_validate reads it under}`` (its alias when it has one).

    The same keys GLiNER2's own records are validated under (:func:`~gliner2_integrations.pydantic.schema_for`).
    """
    if model_cls.model_config.get("validate_by_alias") is False:  # pydantic >= 2.11: names only
        return {name: name for name in model_cls.model_fields}
    root = schema_for(model_cls).root
    keys = {plan.attr: plan.key for plan in (*root.fields, *root.children)}
    return {name: keys.get(name, name) for name in model_cls.model_fields}


@functools.lru_cache(maxsize=256)
def sub_model(model_cls: type[BaseModel], fields: tuple[str, ...]) -> type[BaseModel]:
    """The model restricted to ``fields``, each optional (the LLM answers null when the text does not say).

    It keeps the model's name and docstring and each field's annotation, description and
    aliases, so the LLM sees the same tool as for the whole model, with fewer fields. It
    accepts a field under its name or its alias (LLMs answer with either).
    """
    definitions: dict[str, Any] = {}
    for name in fields:
        info = model_cls.model_fields[name]
        annotation = Optional[info.annotation]  # noqa: UP045 - built at runtime from a type object
        field = Field(
            default=None,
            description=info.description,
            alias=info.alias,
            validation_alias=info.validation_alias,
            serialization_alias=info.serialization_alias,
        )
        definitions[name] = (annotation, field)
    config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)
    return create_model(model_cls.__name__, __doc__=model_cls.__doc__, __config__=config, **definitions)
