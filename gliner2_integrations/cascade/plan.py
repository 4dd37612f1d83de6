"""Which fields of a GLiNER2 result go to the LLM, and the model the LLM fills for them.

A top-level field of the Pydantic model is re-asked when GLiNER2 did not find it
(``None``, an empty list, or listed in ``missing``), when its confidence (the
weakest of its paths) is below the cascade's threshold, or when its value failed
coercion or validation (listed in ``errors``).
"""

from __future__ import annotations

import functools
from typing import Any, Optional

from pydantic import BaseModel, Field, create_model

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
    values = result.value.model_dump() if result.value is not None else {}
    reasons: dict[str, str] = {}
    for name in model_cls.model_fields:
        invalid = [e for e in result.errors if e.split(":", 1)[0].split(".", 1)[0] == name]
        scores = [s for path, s in result.confidence.items() if path == name or path.startswith(f"{name}.")]
        value = values.get(name)
        if invalid:
            reasons[name] = f"{INVALID}: {invalid[0]}"
        elif value is None or value == [] or any(m.split(".", 1)[0] == name for m in result.missing):
            reasons[name] = MISSING
        elif scores and min(scores) < min_confidence:
            reasons[name] = f"{LOW_CONFIDENCE} ({min(scores):.2f})"
    return reasons


@functools.lru_cache(maxsize=256)
def sub_model(model_cls: type[BaseModel], fields: tuple[str, ...]) -> type[BaseModel]:
    """The model restricted to ``fields``, each optional (the LLM answers null when the text does not say).

    It keeps the model's name and docstring and each field's annotation and description,
    so the LLM sees the same tool as for the whole model, with fewer fields.
    """
    definitions: dict[str, Any] = {}
    for name in fields:
        info = model_cls.model_fields[name]
        annotation = Optional[info.annotation]  # noqa: UP045 - built at runtime from a type object
        definitions[name] = (annotation, Field(default=None, description=info.description, alias=info.alias))
    return create_model(model_cls.__name__, __doc__=model_cls.__doc__, **definitions)


def field_default(model_cls: type[BaseModel], name: str) -> Any:
    """The field's default (``None`` for a required field): what an LLM ``null`` becomes."""
    info = model_cls.model_fields[name]
    return None if info.is_required() else info.get_default(call_default_factory=True)
