"""Model -> schema: :func:`schema_for` turns a Pydantic model class into a GLiNER2 schema.

The root model becomes one structure named after the class ("SupportTicket" ->
"support ticket"); a nested model field becomes a structure of its own, named by
the root name and the field label ("invoice billing address"), because GLiNER2
structures are flat: one level of nesting below the root is all it can express.
The returned :class:`ModelSchema` keeps what is needed to map results back.

GLiNER2 has no structure-level description, so a model's description (option
``description``, else the first paragraph of its docstring) is put on its first
field when that field has no description of its own.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace

from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo

from gliner2_core import RegexValidator, Schema, SchemaError, SchemaSpec
from gliner2_integrations.pydantic.annotations import Shape, analyse, metadata_patterns, type_repr
from gliner2_integrations.pydantic.errors import UnsupportedModelError
from gliner2_integrations.pydantic.labels import humanise
from gliner2_integrations.pydantic.options import (
    FieldOptions,
    classification_kwargs,
    read_field_options,
    read_model_options,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldPlan:
    """One model field extracted as one structure field.

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


@dataclass(frozen=True)
class ModelSchema:
    """A model class converted: the GLiNER2 schema and the plan to map results back.

    Attributes:
        model_cls: The Pydantic model.
        spec: The frozen GLiNER2 schema to extract with.
        root: The root structure plan (its ``fields`` are empty when the model has only nested fields).
        classifications: Names of the extra classification tasks.
        entity_labels: Labels of the extra entity task.
    """

    model_cls: type[BaseModel]
    spec: SchemaSpec
    root: StructurePlan
    classifications: tuple[str, ...] = ()
    entity_labels: tuple[str, ...] = ()


def schema_for(model_cls: type[BaseModel], *, name: str | None = None) -> ModelSchema:
    """Convert a Pydantic model class into a GLiNER2 schema (pure and cached).

    Args:
        model_cls: A ``BaseModel`` subclass.
        name: Structure name of the root model (default: option ``name``, else the humanised class name).

    Returns:
        The same :class:`ModelSchema` object for the same ``(model_cls, name)``.

    Raises:
        UnsupportedModelError: (a ``TypeError``) on an annotation or nesting GLiNER2 cannot express.
        SchemaError: (a ``ValueError``) on invalid options or clashing labels.

    Example:
        >>> class SupportTicket(BaseModel):
        ...     customer_name: str
        >>> schema_for(SupportTicket).spec.structures[0].name
        'support ticket'
    """
    return _schema_for(model_cls, name)


@functools.lru_cache(maxsize=256)
def _schema_for(model_cls: type[BaseModel], name: str | None) -> ModelSchema:
    if not (isinstance(model_cls, type) and issubclass(model_cls, BaseModel)):
        raise UnsupportedModelError(f"model_cls: got {model_cls!r}; expected a pydantic BaseModel subclass")
    if not model_cls.__pydantic_complete__:
        model_cls.model_rebuild()  # resolve forward references, or raise naming the undefined one
    options = read_model_options(model_cls)
    root_name = name or options.name or humanise(model_cls.__name__)
    root = _structure(model_cls, root_name, options.description, (model_cls,), model_cls.__name__)
    schema = Schema()
    for plan in (root, *(child.structure for child in root.children)):
        if plan.fields:
            builder = schema.structure(plan.name)
            for f in plan.fields:
                choices = [label for label, _ in f.shape.choices] or None
                dtype = "list" if f.shape.many else "str"
                builder.field(f.label, dtype, choices, f.description, f.threshold, f.validators)
    for task, config in options.classifications.items():
        schema.classification(task, **classification_kwargs(task, config, f"model {model_cls.__name__}"))
    if options.entities:
        schema.entities(options.entities)
    if not (root.fields or root.children or options.classifications or options.entities):
        raise UnsupportedModelError(f"model {model_cls.__name__}: has no fields to extract")
    spec = schema.build()
    entity_labels = spec.entities.names if spec.entities is not None else ()
    logger.debug("schema_for(%s): structures %s", model_cls.__name__, [s.name for s in spec.structures])
    return ModelSchema(model_cls, spec, root, tuple(options.classifications), entity_labels)


def _structure(
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
    return StructurePlan(name, model_cls, tuple(fields), tuple(children))


def _field(attr: str, info: FieldInfo, shape: Shape, label: str, options: FieldOptions, path: str) -> FieldPlan:
    """Plan a scalar or list field; ``Field(pattern=...)`` on text becomes a regex validator (search, case-sensitive)."""
    patterns = shape.patterns + metadata_patterns(info.metadata) if shape.kind == "text" else ()
    validators = options.validators + tuple(RegexValidator(p, mode="partial", flags=0) for p in patterns)
    description = options.description if options.description is not None else info.description
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
    if options.validators or options.dayfirst:
        raise SchemaError(
            f"field {path!r}: options 'validators' and 'dayfirst' apply to text fields, not to a nested model"
        )
    child_options = read_model_options(child)
    description = info.description or child_options.description
    plan = _structure(child, name, description, stack + (child,), path)
    if options.threshold is not None:  # the nested field's threshold is the default of the structure's fields
        fields = tuple(f if f.threshold is not None else replace(f, threshold=options.threshold) for f in plan.fields)
        plan = replace(plan, fields=fields)
    if child_options.classifications or child_options.entities:
        logger.warning(
            "model %s: classifications/entities of a nested model are ignored (declare them on the root)",
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
