"""Planning: which model field becomes which schema element, and how to map it back.

:func:`plan_structure` walks a model class once and returns a :class:`StructurePlan`:
its fields (labels, options, shapes) and, as a :class:`ChildPlan` each, its nested
models. :mod:`~gliner2_integrations.pydantic.convert` turns a plan into a GLiNER2
schema under either strategy, and :mod:`~gliner2_integrations.pydantic.mapping`
reads outputs back by it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo

from gliner2_core import RegexValidator, SchemaError
from gliner2_integrations.pydantic.annotations import Shape, analyse, metadata_patterns, type_repr
from gliner2_integrations.pydantic.errors import UnsupportedModelError
from gliner2_integrations.pydantic.kinds import FieldKind, check_kind, infer_kind
from gliner2_integrations.pydantic.labels import humanise
from gliner2_integrations.pydantic.options import FieldOptions, read_field_options, read_model_options

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldPlan:
    """One model field and how it is extracted.

    A structure field, or under strategy ``"entities"`` (root fields only) an entity label or, for a
    choice, a classification task.

    Attributes:
        attr: Python attribute name (used in result paths).
        key: Name the value is validated under (the alias when the field has one).
        label: Field name shown to the model.
        shape: What the annotation asks for.
        required: The model declares no default.
        description: Prompt description.
        threshold: Per-field threshold.
        validators: Regex filters on candidate spans.
        dayfirst: Date reading option.
        kind: The value kind (inferred, or ``field_options(kind=...)``); decides which spans fit
            and which head answers (see :mod:`~gliner2_integrations.pydantic.kinds`).
    """

    attr: str
    key: str
    label: str
    shape: Shape
    required: bool
    description: str | None = None
    threshold: float | None = None
    validators: tuple[RegexValidator, ...] = ()
    dayfirst: bool = False
    kind: FieldKind = FieldKind.NAME


@dataclass(frozen=True)
class StructurePlan:
    """A model class extracted as one GLiNER2 structure (plus, for the root, its nested structures)."""

    name: str
    model: type[BaseModel]
    fields: tuple[FieldPlan, ...]
    children: tuple[ChildPlan, ...] = ()


@dataclass(frozen=True)
class ChildPlan:
    """A nested model field: its own structure; ``many`` for ``list[Model]`` (all instances)."""

    attr: str
    key: str
    required: bool
    many: bool
    structure: StructurePlan


def question_labels(plan: FieldPlan) -> tuple[tuple[str, Any], ...]:
    """``(label, value)`` pairs a choice or bool field is asked with as a classification of the text.

    A bool field is a question with two answers built from its label: ``"urgent"`` / ``"not urgent"``
    (so "not urgent" is answered ``False``, and neither being confident leaves the field ``None``).
    """
    if plan.kind is FieldKind.BOOL:
        return ((plan.label, True), (f"not {plan.label}", False))
    return plan.shape.choices


def plan_structure(
    model_cls: type[BaseModel], name: str, description: str | None, stack: tuple[type, ...], prefix: str
) -> StructurePlan:
    """Plan one structure; ``stack`` holds the models from the root down to it, ``prefix`` its dotted path."""
    fields: list[FieldPlan] = []
    children: list[ChildPlan] = []
    labels: dict[str, str] = {}
    for attr, info in model_cls.model_fields.items():
        path = f"{prefix}.{attr}"
        shape = analyse(info.annotation, path)
        options = read_field_options(info.json_schema_extra, f"field {path!r}")
        label = options.label or humanise(attr)
        if shape.kind == "model":
            children.append(_child(attr, info, shape, f"{name} {label}", options, stack, path))
            continue
        if label in labels:
            raise SchemaError(
                f"model {model_cls.__name__}: fields {labels[label]!r} and {attr!r} are both shown to the model as "
                f"{label!r}; give one a distinct label with json_schema_extra={{'gliner2': {{'label': ...}}}}"
            )
        labels[label] = attr
        fields.append(_field(attr, info, shape, label, options, path))
    if not fields and len(stack) > 1:
        raise UnsupportedModelError(f"model {model_cls.__name__} (at {stack[0].__name__}): has no fields to extract")
    if fields and description and fields[0].description is None:
        fields[0] = replace(fields[0], description=description)
    if model_cls.model_config.get("validate_by_alias") is False:  # pydantic 2.11+: validated by field names only
        fields = [replace(f, key=f.attr) for f in fields]
        children = [replace(c, key=c.attr) for c in children]
    return StructurePlan(name, model_cls, tuple(fields), tuple(children))


def _field(attr: str, info: FieldInfo, shape: Shape, label: str, options: FieldOptions, path: str) -> FieldPlan:
    """Plan a scalar or list field; ``Field(pattern=...)`` on text becomes a regex validator (search, case-sensitive)."""
    patterns = shape.patterns + metadata_patterns(info.metadata) if shape.kind == "text" else ()
    validators = options.validators + tuple(RegexValidator(p, mode="partial", flags=0) for p in patterns)
    description = options.description if options.description is not None else info.description
    if options.kind is not None:
        kind = check_kind(options.kind, shape.kind, f"field {path!r}")
    else:
        kind = infer_kind(shape.kind, label, description, info.annotation, patterns)
    return FieldPlan(
        attr=attr,
        key=_input_key(attr, info, path),
        label=label,
        shape=shape,
        required=info.is_required(),
        description=description or None,
        threshold=options.threshold,
        validators=validators,
        dayfirst=options.dayfirst,
        kind=kind,
    )


def _child(
    attr: str, info: FieldInfo, shape: Shape, name: str, options: FieldOptions, stack: tuple[type, ...], path: str
) -> ChildPlan:
    """Plan a nested model field as its own structure (only directly below the root)."""
    child = shape.target
    if child in stack:
        raise UnsupportedModelError(
            f"field {path!r}: annotation {type_repr(info.annotation)} makes the model recursive, "
            "which GLiNER2's flat structures cannot express"
        )
    if len(stack) > 1:
        raise UnsupportedModelError(
            f"field {path!r}: annotation {type_repr(info.annotation)} nests a model more than one level below the root; "
            "GLiNER2 structures are flat, so only the root's own fields may be models"
        )
    if options.validators or options.dayfirst or options.kind:
        raise SchemaError(
            f"field {path!r}: options 'validators', 'dayfirst' and 'kind' apply to value fields, not to a nested model"
        )
    child_options = read_model_options(child)
    description = info.description or child_options.description
    plan = plan_structure(child, name, description, stack + (child,), path)
    if options.threshold is not None:  # the nested field's threshold is the default of the structure's fields
        fields = tuple(f if f.threshold is not None else replace(f, threshold=options.threshold) for f in plan.fields)
        plan = replace(plan, fields=fields)
    if child_options.classifications or child_options.entities or child_options.strategy:
        logger.warning(
            "model %s: classifications/entities/strategy of a nested model are ignored (declare them on the root)",
            child.__name__,
        )
    return ChildPlan(attr, _input_key(attr, info, path), info.is_required(), shape.many, plan)


def _input_key(attr: str, info: FieldInfo, path: str) -> str:
    """The name ``model_validate`` accepts for a field: its alias when it has one (works on every pydantic 2)."""
    alias = info.validation_alias if info.validation_alias is not None else info.alias
    if alias is None or isinstance(alias, str):
        return alias or attr
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    raise UnsupportedModelError(
        f"field {path!r}: validation_alias {alias!r} (an AliasPath) is not supported; use a plain alias"
    )
