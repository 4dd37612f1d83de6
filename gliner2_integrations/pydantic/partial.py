"""The derived all-Optional view of a model used by ``MissingPolicy.PARTIAL``.

``partial_model(Invoice)`` is a subclass of ``Invoice`` (so ``isinstance(value,
Invoice)`` holds and every validator and method is inherited) in which each
required field, nested model fields included, becomes ``Optional[...] = None``.
Fields with defaults keep them. A nested model field keeps its original type,
which accepts both complete instances and the nested model's own partial view
(a subclass). Validators do not run on the ``None`` defaults, but a
``model_validator`` does see them; write those to tolerate ``None`` if you use
the partial policy.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Optional

from pydantic import BaseModel, create_model
from pydantic.fields import FieldInfo

from gliner2_integrations.pydantic.convert import schema_for


def partial_model(model_cls: type[BaseModel]) -> type[BaseModel]:
    """The all-Optional subclass of ``model_cls`` (cached: the same class for the same model).

    Args:
        model_cls: A model :func:`~gliner2_integrations.pydantic.schema_for` accepts.

    Returns:
        ``Partial<Name>``, a subclass of ``model_cls``.

    Raises:
        UnsupportedModelError: When ``model_cls`` cannot be converted.
    """
    return _partial_model(model_cls)


@functools.lru_cache(maxsize=256)
def _partial_model(model_cls: type[BaseModel]) -> type[BaseModel]:
    overrides: dict[str, Any] = {}
    root = schema_for(model_cls).root  # also rejects models that cannot be extracted
    for attr in [f.attr for f in root.fields if f.required] + [c.attr for c in root.children if c.required]:
        info = model_cls.model_fields[attr]
        overrides[attr] = _optional(info, Optional[info.annotation])  # noqa: UP045 - a runtime type
    return create_model(  # type: ignore[call-overload]
        f"Partial{model_cls.__name__}",
        __base__=model_cls,
        __module__=model_cls.__module__,
        __doc__=model_cls.__doc__,
        **overrides,
    )


def _optional(info: FieldInfo, annotation: Any) -> tuple[Any, FieldInfo]:
    """A copy of ``info`` (description, alias, constraints kept) that accepts ``None`` and defaults to it."""
    new = copy.copy(info)
    new.annotation = annotation
    if info.is_required():
        new.default = None
    return annotation, new
