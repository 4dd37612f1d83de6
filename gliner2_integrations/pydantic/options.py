"""The ``json_schema_extra`` convention for GLiNER2 options on Pydantic models.

Per field, under the ``"gliner2"`` key of ``Field(json_schema_extra=...)``::

    total: float = Field(json_schema_extra={"gliner2": {"label": "amount due", "threshold": 0.3}})

==============  ==================================================================
``label``       text shown to the model instead of the humanised field name
``description`` prompt description, instead of ``Field(description=...)``
``threshold``   per-field span/choice threshold in ``[0, 1]``
``validators``  regex filters: ``RegexValidator`` objects, or pattern strings applied
                like ``Field(pattern=...)`` (``re.search``, case-sensitive)
``dayfirst``    read ``03/05/2024`` as 3 May (date fields; default: month first)
``kind``        the field's value kind (``"email"``, ``"identifier"``, ``"person"``, ...;
                default: inferred, see :mod:`~gliner2_integrations.pydantic.kinds`)
==============  ==================================================================

``json_schema_extra={"threshold": 0.3}`` (no ``"gliner2"`` key) is accepted as a
shorthand for the threshold. Per model, under ``"gliner2"`` in
``model_config = ConfigDict(json_schema_extra=...)``:

===================  =============================================================
``name``             structure name (default: the humanised class name)
``description``      text put on the first field without a description (default:
                     the first paragraph of the class docstring; ``""`` disables)
``classifications``  ``{task: [labels] | {label: description} | {"labels": ..., options}}``
``entities``         ``[labels]`` or ``{label: description | {...}}`` as in ``Schema.entities``
``strategy``         ``"record"`` (default) or ``"entities"``: how the root model's own
                     fields are extracted (see :mod:`~gliner2_integrations.pydantic.convert`)
===================  =============================================================

:func:`field_options` and :func:`model_options` build these dicts with typed
arguments. Prefer pattern strings to ``RegexValidator`` objects in validators:
``json_schema_extra`` also ends up in ``model_json_schema()``, which must stay
JSON-serialisable if the same model is sent to an LLM.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

from gliner2_core import RegexValidator, SchemaError
from gliner2_core.schema.spec import check_text, check_threshold

KEY = "gliner2"
FIELD_KEYS = ("label", "description", "threshold", "validators", "dayfirst", "kind")
MODEL_KEYS = ("name", "description", "classifications", "entities", "strategy")
STRATEGIES = ("record", "entities")
CLASSIFICATION_KEYS = ("labels", "multi_label", "cls_threshold", "top_k", "class_act", "prompt", "examples")

ValidatorLike = Union[str, RegexValidator]  # noqa: UP007 - a runtime alias on Python 3.10
Strategy = Literal["record", "entities"]


@dataclass(frozen=True)
class FieldOptions:
    """GLiNER2 options of one field, validated."""

    label: str | None = None
    description: str | None = None
    threshold: float | None = None
    validators: tuple[RegexValidator, ...] = ()
    dayfirst: bool = False
    kind: str | None = None


@dataclass(frozen=True)
class ModelOptions:
    """GLiNER2 options of one model class, validated (classification/entity configs stay as given)."""

    name: str | None = None
    description: str | None = None
    classifications: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    entities: Any = None
    strategy: Strategy | None = None


def field_options(
    *,
    label: str | None = None,
    description: str | None = None,
    threshold: float | None = None,
    validators: Sequence[ValidatorLike] | None = None,
    dayfirst: bool | None = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """Build a field's ``json_schema_extra`` (only the options given are set).

    ``kind`` overrides the inferred value kind (checked against the annotation when the
    model is converted; see :mod:`~gliner2_integrations.pydantic.kinds`).

    Example:
        >>> field_options(label="amount due", threshold=0.3)
        {'gliner2': {'label': 'amount due', 'threshold': 0.3}}
        >>> field_options(kind="identifier")
        {'gliner2': {'kind': 'identifier'}}
    """
    given = dict(
        label=label, description=description, threshold=threshold, validators=validators, dayfirst=dayfirst, kind=kind
    )
    return {KEY: {k: v for k, v in given.items() if v is not None}}


def model_options(
    *,
    name: str | None = None,
    description: str | None = None,
    classifications: Mapping[str, Any] | None = None,
    entities: Any = None,
    strategy: Strategy | None = None,
) -> dict[str, Any]:
    """Build a model's ``json_schema_extra`` for ``ConfigDict`` (only the options given are set).

    Example:
        >>> model_options(classifications={"urgency": ["low", "high"]}, entities=["product"])
        {'gliner2': {'classifications': {'urgency': ['low', 'high']}, 'entities': ['product']}}
        >>> model_options(strategy="entities")
        {'gliner2': {'strategy': 'entities'}}
    """
    given = dict(
        name=name, description=description, classifications=classifications, entities=entities, strategy=strategy
    )
    return {KEY: {k: v for k, v in given.items() if v is not None}}


def _section(extra: Any, where: str, allowed: Sequence[str]) -> dict[str, Any]:
    """The ``"gliner2"`` dict of a ``json_schema_extra`` value, with its keys checked."""
    if not isinstance(extra, Mapping):
        return {}  # None, or a callable json_schema_extra we cannot read
    section = extra.get(KEY, {})
    if not isinstance(section, Mapping):
        raise SchemaError.invalid(f"{where} json_schema_extra[{KEY!r}]", section, "a dict of options")
    for key in section:
        if key not in allowed:
            raise SchemaError.invalid(f"{where} json_schema_extra[{KEY!r}] key", key, allowed)
    return dict(section)


def read_field_options(extra: Any, where: str) -> FieldOptions:
    """Validate a field's options.

    Args:
        extra: ``FieldInfo.json_schema_extra``.
        where: Field path for error messages.

    Returns:
        The options.

    Raises:
        SchemaError: On an unknown key or a bad value.
    """
    section = _section(extra, where, FIELD_KEYS)
    threshold = section.get("threshold", extra.get("threshold") if isinstance(extra, Mapping) else None)
    label = section.get("label")
    description = section.get("description")
    dayfirst = section.get("dayfirst", False)
    if not isinstance(dayfirst, bool):
        raise SchemaError.invalid(f"{where} option 'dayfirst'", dayfirst, "True or False")
    return FieldOptions(
        label=check_text(f"{where} option 'label'", label) if label is not None else None,
        description=check_text(f"{where} option 'description'", description, allow_empty=True)
        if description is not None
        else None,
        threshold=check_threshold(f"{where} option 'threshold'", threshold),
        validators=_validators(section.get("validators") or (), where),
        dayfirst=dayfirst,
        kind=section.get("kind"),
    )


def _validators(values: Any, where: str) -> tuple[RegexValidator, ...]:
    if isinstance(values, (str, RegexValidator)):
        values = [values]
    out = []
    for value in values:
        if isinstance(value, RegexValidator):
            out.append(value)
        elif isinstance(value, str):
            out.append(RegexValidator(value, mode="partial", flags=0))
        else:
            raise SchemaError.invalid(
                f"{where} option 'validators'", value, "pattern strings or RegexValidator objects"
            )
    return tuple(out)


def read_model_options(model_cls: type) -> ModelOptions:
    """Validate a model's options from ``model_config["json_schema_extra"]``.

    The description falls back to the first paragraph of the class's own docstring.
    """
    where = f"model {model_cls.__name__}"
    section = _section(model_cls.model_config.get("json_schema_extra"), where, MODEL_KEYS)  # type: ignore[attr-defined]
    name = section.get("name")
    if "description" in section:
        description = section["description"]
    else:
        doc = model_cls.__dict__.get("__doc__")
        description = inspect.cleandoc(doc).split("\n\n")[0].replace("\n", " ") if doc else None
    if description is not None:
        description = check_text(f"{where} option 'description'", description, allow_empty=True) or None
    classifications = section.get("classifications") or {}
    if not isinstance(classifications, Mapping):
        raise SchemaError.invalid(f"{where} option 'classifications'", classifications, "a dict of task -> labels")
    strategy = section.get("strategy")
    return ModelOptions(
        name=check_text(f"{where} option 'name'", name) if name is not None else None,
        description=description,
        classifications=dict(classifications),
        entities=section.get("entities"),
        strategy=check_strategy(f"{where} option 'strategy'", strategy) if strategy is not None else None,
    )


def check_strategy(where: str, strategy: Any) -> Strategy:
    """``strategy`` itself when it is one of :data:`STRATEGIES`.

    Raises:
        SchemaError: Naming ``where``, the value and the valid strategies.
    """
    if strategy not in STRATEGIES:
        raise SchemaError.invalid(where, strategy, STRATEGIES)
    return strategy  # type: ignore[no-any-return]


def classification_kwargs(task: str, config: Any, where: str) -> dict[str, Any]:
    """Arguments for ``Schema.classification`` from one ``classifications`` entry."""
    if isinstance(config, Mapping) and "labels" in config:
        for key in config:
            if key not in CLASSIFICATION_KEYS:
                raise SchemaError.invalid(f"{where} classification {task!r} option", key, CLASSIFICATION_KEYS)
        return dict(config)
    return {"labels": config}
