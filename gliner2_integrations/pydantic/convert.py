"""Model -> schema: :func:`schema_for` turns a Pydantic model class into a GLiNER2 schema.

Two strategies map the root model's own fields (option ``strategy``, or the
``strategy`` argument):

``"record"`` (default)
    The root model becomes one structure named after the class ("SupportTicket"
    -> "support ticket"): span fields are structure fields, ``Literal``/``Enum``/
    ``bool`` fields are choice fields. Use it for several records per text
    (``many=True``) or when which values belong together matters: GLiNER2 groups
    a structure's fields into instances.
``"entities"``
    The root's span-like fields (text, numbers, dates, lists of them) become
    entity labels (dtype ``"str"``: the best mention; ``"list"``: every mention)
    and its choice-like fields become classification tasks named by the field
    label (``bool`` -> ``["yes", "no"]``; lists are multi-label). Use it for one
    record per text, especially with the small bundled model, whose entity and
    classification heads are much stronger than its structure head: on the RAG
    demo corpus the record strategy left a ``people: list[str]`` field empty
    where the entity head found the people, and left choice fields unfilled that
    classification always fills. A single-label choice field is then always
    filled (the head picks its best choice) unless the field sets a threshold.
    ``many=True`` is refused. The model description is not used (no record is
    shown to the model).

Under both strategies a nested model field becomes a structure of its own, named
by the root name and the field label ("invoice billing address"), because
GLiNER2 structures are flat: one level of nesting below the root is all it can
express. The returned :class:`ModelSchema` keeps what is needed to map results
back.

GLiNER2 has no structure-level description, so a model's description (option
``description``, else the first paragraph of its docstring) is put on its first
field when that field has no description of its own.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from gliner2_core import RegexValidator, Schema, SchemaError, SchemaSpec
from gliner2_integrations.pydantic.errors import UnsupportedModelError
from gliner2_integrations.pydantic.labels import humanise
from gliner2_integrations.pydantic.options import (
    STRATEGIES,
    ModelOptions,
    Strategy,
    check_strategy,
    classification_kwargs,
    read_model_options,
)
from gliner2_integrations.pydantic.plan import FieldPlan, StructurePlan, plan_structure, question_labels
from gliner2_integrations.pydantic.shapes import kind_validator

logger = logging.getLogger(__name__)

CANDIDATE_FLOOR = 0.01
"""Model probability a span needs to be a candidate of a Pydantic field: candidates are shape-checked
by the field's kind and accepted by their calibrated confidence in the mapping (see
:mod:`~gliner2_integrations.pydantic.calibration`), so the floor only bounds how many are read."""


@dataclass(frozen=True)
class ModelSchema:
    """A model class converted: the GLiNER2 schema and the plan to map results back.

    Attributes:
        model_cls: The Pydantic model.
        spec: The frozen GLiNER2 schema to extract with.
        root: The root structure plan (its ``fields`` are empty when the model has only nested fields).
        classifications: Names of the extra classification tasks (declared with ``model_options``).
        entity_labels: Labels of the extra entity task (declared with ``model_options``).
        strategy: How the root's own fields were mapped: ``"record"`` (one structure named
            ``root.name``) or ``"entities"`` (entity labels and classification tasks named by field label).
    """

    model_cls: type[BaseModel]
    spec: SchemaSpec
    root: StructurePlan
    classifications: tuple[str, ...] = ()
    entity_labels: tuple[str, ...] = ()
    strategy: Strategy = "record"


def schema_for(model_cls: type[BaseModel], *, name: str | None = None, strategy: Strategy | None = None) -> ModelSchema:
    """Convert a Pydantic model class into a GLiNER2 schema (pure and cached).

    Args:
        model_cls: A ``BaseModel`` subclass.
        name: Structure name of the root model (default: option ``name``, else the humanised class name);
            under the ``"entities"`` strategy it only prefixes the nested structures' names.
        strategy: ``"record"`` or ``"entities"`` (see the module docstring); default: the model's option
            ``strategy``, else ``"record"`` (:func:`schema_for_extractor` also asks the checkpoint).

    Returns:
        The same :class:`ModelSchema` object for the same ``(model_cls, name, strategy)``.

    Raises:
        UnsupportedModelError: (a ``TypeError``) on an annotation or nesting GLiNER2 cannot express.
        SchemaError: (a ``ValueError``) on invalid options, an unknown strategy or clashing labels.

    Example:
        >>> class SupportTicket(BaseModel):
        ...     customer_name: str
        >>> schema_for(SupportTicket).spec.structures[0].name
        'support ticket'
        >>> schema_for(SupportTicket, strategy="entities").spec.entities.names
        ('customer name',)
    """
    check_model_cls(model_cls)
    if strategy is None:
        strategy = _model_strategy(model_cls)
    return _schema_for(model_cls, name, check_strategy("schema_for strategy", strategy))


def check_model_cls(model_cls: object, argument: str = "model_cls") -> None:
    """Refuse anything but a pydantic model class, naming the argument (an instance gets "pass the class").

    Raises:
        UnsupportedModelError: (a ``TypeError``) naming ``argument`` and what it got.
    """
    if isinstance(model_cls, type) and issubclass(model_cls, BaseModel):
        return
    if isinstance(model_cls, BaseModel):
        name = type(model_cls).__name__
        raise UnsupportedModelError(
            f"{argument}: got an instance of {name}; expected the model class itself ({name}, not {name}(...))"
        )
    raise UnsupportedModelError(f"{argument}: got {model_cls!r}; expected a pydantic BaseModel subclass")


def strategy_for(
    model_cls: type[BaseModel], extractor: object, *, strategy: Strategy | None = None, many: bool = False
) -> Strategy:
    """The strategy to read ``model_cls`` with on ``extractor`` when the caller leaves it open.

    In order: the explicit ``strategy``; the model's option ``strategy``; ``"record"`` for
    several records per text (``many=True``); the checkpoint's measured default
    (``config.record_strategy``, chosen per model on the synthetic-document dev set); else
    ``"record"``.

    Raises:
        SchemaError: On an unknown explicit strategy.
    """
    if strategy is not None:
        return check_strategy("strategy", strategy)
    own = read_model_options(model_cls).strategy
    if own is not None:
        return own
    if many:
        return "record"
    measured = getattr(getattr(extractor, "config", None), "record_strategy", None)
    return measured if measured in STRATEGIES else "record"


def schema_for_extractor(
    model_cls: type[BaseModel], extractor: object, *, strategy: Strategy | None = None, many: bool = False
) -> ModelSchema:
    """:func:`schema_for` with the strategy of :func:`strategy_for`.

    A strategy that only the checkpoint chose falls back to ``"record"`` when the model cannot
    be expressed under it (e.g. a field label clashing with a declared extra task); an explicit
    one raises.
    """
    check_model_cls(model_cls)
    chosen = strategy_for(model_cls, extractor, strategy=strategy, many=many)
    try:
        return schema_for(model_cls, strategy=chosen)
    except SchemaError:
        if strategy is not None or chosen == "record" or read_model_options(model_cls).strategy is not None:
            raise
        logger.debug("%s cannot be read with strategy 'entities'; using 'record'", model_cls.__name__)
        return schema_for(model_cls, strategy="record")


@functools.lru_cache(maxsize=256)
def _model_strategy(model_cls: type[BaseModel]) -> Strategy:
    return read_model_options(model_cls).strategy or "record"


@functools.lru_cache(maxsize=256)
def _schema_for(model_cls: type[BaseModel], name: str | None, strategy: Strategy) -> ModelSchema:
    if not model_cls.__pydantic_complete__:
        model_cls.model_rebuild()  # resolve forward references, or raise naming the undefined one
    options = read_model_options(model_cls)
    root_name = name or options.name or humanise(model_cls.__name__)
    description = options.description if strategy == "record" else None  # no record is shown under "entities"
    root = plan_structure(model_cls, root_name, description, (model_cls,), model_cls.__name__)
    schema = Schema()
    extra_entities = _entity_names(options.entities)
    if strategy == "record":
        _add_structure(schema, root)
        _add_questions(schema, root, {**options.classifications, **dict.fromkeys(extra_entities)})
    else:
        _add_root_tasks(schema, root, options, extra_entities)
    for child in root.children:
        _add_structure(schema, child.structure)
    for task, config in options.classifications.items():
        schema.classification(task, **classification_kwargs(task, config, f"model {model_cls.__name__}"))
    if options.entities:
        schema.entities(options.entities)
    if not (root.fields or root.children or options.classifications or options.entities):
        raise UnsupportedModelError(f"model {model_cls.__name__}: has no fields to extract")
    spec = schema.build()
    logger.debug("schema_for(%s, strategy=%r): %s", model_cls.__name__, strategy, spec)
    return ModelSchema(model_cls, spec, root, tuple(options.classifications), extra_entities, strategy)


def _add_structure(schema: Schema, plan: StructurePlan) -> None:
    """Add ``plan`` as one structure (nothing when it has no fields of its own).

    Span fields ask for every candidate (``dtype="list"``) at :data:`CANDIDATE_FLOOR` through the
    field kind's shape check; :mod:`~gliner2_integrations.pydantic.mapping` picks among them.
    """
    if not plan.fields:
        return
    builder = schema.structure(plan.name)
    for f in plan.fields:
        if f.shape.choices:
            choices = [label for label, _ in f.shape.choices]
            builder.field(f.label, "list" if f.shape.many else "str", choices, f.description, CANDIDATE_FLOOR)
            continue
        builder.field(f.label, "list", None, f.description, CANDIDATE_FLOOR, _span_validators(f))


def _span_validators(f: FieldPlan) -> tuple[RegexValidator, ...]:
    return f.validators + (kind_validator(f.kind),)


def _add_questions(schema: Schema, plan: StructurePlan, declared: Mapping[str, Any]) -> None:
    """Choice and bool fields as classification tasks of the text, named by the field label
    (skipped for a label that a declared extra task already uses: the in-record choice answers)."""
    for f in plan.fields:
        if not f.shape.choices or f.label in declared:
            continue
        labels = [label for label, _ in question_labels(f)]
        schema.classification(f.label, labels, multi_label=f.shape.many, cls_threshold=0.0, prompt=f.description)


def _add_root_tasks(
    schema: Schema, plan: StructurePlan, options: ModelOptions, extra_entities: tuple[str, ...]
) -> None:
    """Strategy ``"entities"``: choice and bool fields -> classification tasks, the others -> entity labels."""
    entities: dict[str, dict] = {}
    for f in plan.fields:
        declared = options.classifications if f.shape.choices else extra_entities
        if f.label in declared:
            kind = "classification task" if f.shape.choices else "entity label"
            key = "classifications" if f.shape.choices else "entities"
            raise SchemaError(
                f"model {plan.model.__name__}: field {f.attr!r} becomes the {kind} {f.label!r}, and "
                f"model_options({key}=...) declares an extra {kind} {f.label!r} too; give the field another "
                "label with field_options(label=...) or rename the extra one"
            )
        if not f.shape.choices:
            entities[f.label] = dict(
                description=f.description, dtype="list", threshold=CANDIDATE_FLOOR, validators=_span_validators(f)
            )
    _add_questions(schema, plan, {})
    if entities:
        schema.entities(entities)


def _entity_names(entities: object) -> tuple[str, ...]:
    """The labels of a model's extra ``entities`` option (validated as ``Schema.entities`` would)."""
    if not entities:
        return ()
    spec = Schema().entities(entities).build()  # type: ignore[arg-type]
    return spec.entities.names if spec.entities is not None else ()
