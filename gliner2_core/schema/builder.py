"""The chainable schema builder users write extraction requests with.

Example:
    >>> schema = (
    ...     Schema()
    ...     .entities({"person": "a named human", "company": "a business"})
    ...     .classification("sentiment", ["positive", "negative", "neutral"])
    ...     .structure("product")
    ...     .field("name", dtype="str")
    ...     .field("tier", choices=["basic", "pro"])
    ...     .relations(["works_for"])
    ... )
    >>> [s.name for s in schema.build().structures]
    ['product']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_core.schema.attributes import AttributeGroup, AttributeGroups, check_attribute_groups
from gliner2_core.schema.dict_format import schema_from_dict, spec_to_dict
from gliner2_core.schema.spec import (
    RECORD_MODES,
    ClassificationTask,
    EntityTask,
    EntityType,
    Field,
    RegexValidator,
    RelationTask,
    SchemaSpec,
    StructureTask,
)

LabelsArg = str | Sequence[str] | Mapping[str, Any]


def _named_configs(where: str, value: LabelsArg) -> dict[str, dict[str, Any]]:
    """Normalise ``"a"``, ``["a", "b"]`` or ``{"a": "desc" | {...}}`` to ``{name: config}``."""
    if isinstance(value, str):
        return {value: {}}
    if isinstance(value, Mapping):
        configs: dict[str, dict[str, Any]] = {}
        for name, config in value.items():
            if isinstance(config, str):
                configs[name] = {"description": config}
            elif isinstance(config, Mapping):
                configs[name] = dict(config)
            elif config is None:
                configs[name] = {}
            else:
                raise SchemaError.invalid(f"{where}[{name!r}]", config, "a description string or a dict of options")
        return configs
    if isinstance(value, Iterable):
        names = list(value)
        if len(names) != len(set(names)):
            duplicate = next(n for n in names if names.count(n) > 1)
            raise SchemaError(f"{where}: duplicate name {duplicate!r}; names must be unique")
        return {name: {} for name in names}
    raise SchemaError.invalid(where, value, "a name, a list of names or a dict of name -> description")


def _reject_unknown(where: str, config: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for key in config:
        if key not in allowed:
            raise SchemaError.invalid(f"{where} option", key, allowed)


class StructureBuilder:
    """Collects the fields of one structure; returned by :meth:`Schema.structure`.

    Every :class:`Schema` method is available here too, so calls chain naturally.
    """

    def __init__(
        self,
        schema: Schema,
        name: str,
        mode: str | None = None,
        anchor: str | None = None,
        occurrence_policy: str | None = None,
    ) -> None:
        self._schema = schema
        self.name = name
        self.mode, self.anchor, self.occurrence_policy = mode, anchor, occurrence_policy
        self._fields: list[Field] = []

    def field(
        self,
        name: str,
        dtype: str = "list",
        choices: Sequence[str] | None = None,
        description: str | None = None,
        threshold: float | None = None,
        validators: Sequence[RegexValidator] | None = None,
        cardinality: str | None = None,
        exclusive: bool = False,
    ) -> StructureBuilder:
        """Add a field.

        Args:
            name: Field name, shown to the model (write it as words: "due date").
            dtype: ``"str"`` keeps the best span, ``"list"`` every span.
            choices: Restrict the value to these labels (a classification field).
            description: Extra guidance shown to the model.
            threshold: Per-field span threshold overriding the call's threshold.
            validators: Regex filters applied to candidate spans.
            cardinality: With a record ``mode`` only: ``"optional_one"``, ``"required_one"``,
                ``"zero_or_more"`` or ``"one_or_more"`` (default: ``"required_one"`` for the
                anchor, ``"zero_or_more"`` otherwise, as in the reference).
            exclusive: With a record ``mode`` only: a mention binds to at most one record.

        Returns:
            This builder, for chaining.

        Raises:
            SchemaError: On a bad dtype, threshold, choice list or duplicate name.
        """
        try:
            new = Field(
                name=name,
                dtype=dtype,  # type: ignore[arg-type]
                choices=tuple(choices) if choices is not None and not isinstance(choices, str) else choices,
                description=description,
                threshold=threshold,
                validators=tuple(validators or ()),
                cardinality=cardinality,
                exclusive=exclusive,
            )
        except SchemaError as err:
            raise SchemaError(f"structure {self.name!r}: {err}") from None
        if any(f.name == new.name for f in self._fields):
            raise SchemaError(f"structure {self.name!r}: duplicate field name {new.name!r}; names must be unique")
        self._fields.append(new)
        return self

    def _task(self) -> StructureTask:
        return StructureTask(
            self.name, tuple(self._fields), mode=self.mode, anchor=self.anchor, occurrence_policy=self.occurrence_policy
        )

    # Delegation keeps ``Schema().structure("a").field(...).entities([...])`` chains working.
    def structure(
        self, name: str, *, mode: str | None = None, anchor: str | None = None, occurrence_policy: str | None = None
    ) -> StructureBuilder:
        return self._schema.structure(name, mode=mode, anchor=anchor, occurrence_policy=occurrence_policy)

    def entities(self, *args: Any, **kwargs: Any) -> Schema:
        return self._schema.entities(*args, **kwargs)

    def entity_attributes(self, groups: Mapping[str, AttributeGroup | Mapping[str, Any]]) -> Schema:
        return self._schema.entity_attributes(groups)

    def classification(self, *args: Any, **kwargs: Any) -> Schema:
        return self._schema.classification(*args, **kwargs)

    def relations(self, *args: Any, **kwargs: Any) -> Schema:
        return self._schema.relations(*args, **kwargs)

    def build(self) -> SchemaSpec:
        return self._schema.build()

    def to_dict(self) -> dict[str, Any]:
        return self._schema.to_dict()


class Schema:
    """Chainable builder of extraction requests (entities, classes, structures, relations)."""

    def __init__(self) -> None:
        self._entities: list[EntityType] = []
        self._structures: list[StructureBuilder] = []
        self._relations: list[RelationTask] = []
        self._classifications: list[ClassificationTask] = []
        self._attributes: AttributeGroups = ()

    def entities(
        self,
        entity_types: LabelsArg,
        dtype: str = "list",
        threshold: float | None = None,
        validators: Sequence[RegexValidator] | None = None,
    ) -> Schema:
        """Add entity labels.

        Args:
            entity_types: A label, a list of labels, or ``{label: description}`` /
                ``{label: {"description", "dtype", "threshold", "validators"}}``.
            dtype: Default dtype: ``"list"`` (all mentions) or ``"str"`` (best mention).
            threshold: Default per-label threshold.
            validators: Default regex filters.

        Returns:
            This schema.
        """
        configs = _named_configs("entities", entity_types)
        if not configs:
            raise SchemaError.invalid("entities", entity_types, "at least one entity label")
        for name, config in configs.items():
            _reject_unknown(f"entity {name!r}", config, ("description", "dtype", "threshold", "validators"))
            if any(e.name == name for e in self._entities):
                raise SchemaError(f"entities: duplicate name {name!r}; names must be unique")
            self._entities.append(
                EntityType(
                    name=name,
                    description=config.get("description"),
                    dtype=config.get("dtype", dtype),
                    threshold=config.get("threshold", threshold),
                    validators=tuple(config.get("validators", validators) or ()),
                )
            )
        return self

    def entity_attributes(self, groups: Mapping[str, AttributeGroup | Mapping[str, Any]]) -> Schema:
        """Attach attribute groups to the entity labels declared so far (replaces earlier groups).

        Each group's labels are scored at every extracted span of the labels it applies to
        (boundary checkpoints): the result of such a span is a dict with one key per group,
        ``{"label", "confidence"}`` for a single-label group, a list of them for a
        ``multi_label`` one.

        Args:
            groups: ``{group name: AttributeGroup(...)}``; a dict of the group's options
                (``labels``, ``multi_label``, ``threshold``, ``applies_to``, ``qualify_labels``)
                may stand for the ``AttributeGroup``. ``{}`` removes the groups.

        Returns:
            This schema.

        Raises:
            SchemaError: Before ``entities()``, or on a reserved group name (``text``,
                ``confidence``, ``start``, ``end``), an unknown ``applies_to`` label, a label
                in two groups, or a label equal to an entity label without ``qualify_labels``.
        """
        if not isinstance(groups, Mapping):
            raise SchemaError.invalid("entity_attributes", groups, "a dict of group name -> AttributeGroup")
        self._attributes = check_attribute_groups(tuple(e.name for e in self._entities), groups)
        return self

    def classification(
        self,
        task: str,
        labels: Sequence[str] | Mapping[str, str],
        multi_label: bool = False,
        cls_threshold: float = 0.5,
        top_k: int | None = None,
        class_act: str = "auto",
        prompt: str | None = None,
        examples: Sequence[Sequence[str]] | None = None,
    ) -> Schema:
        """Add a classification task.

        Args:
            task: Task name, also the result key.
            labels: Label names, or ``{label: description}``.
            multi_label: Allow several labels (sigmoid) instead of one (softmax); a boolean.
            cls_threshold: Probability a multi-label label (or the one label of a yes/no task)
                needs to be returned.
            top_k: Return at most this many labels (only with ``multi_label=True``).
            class_act: ``"auto"``, ``"softmax"`` or ``"sigmoid"``.
            prompt: Instruction appended to the task name in the prompt.
            examples: Few-shot ``(text, label)`` pairs.

        A single-label task with one label is a yes/no question: it is scored with a
        sigmoid and answered only when the probability reaches ``cls_threshold``
        (softmax over one label would always say yes, at 1.0).

        Returns:
            This schema.

        Raises:
            SchemaError: On a non-boolean ``multi_label``, ``top_k`` without ``multi_label``,
                ``class_act="softmax"`` with one label, or a bad label, threshold or option.
        """
        if isinstance(labels, Mapping):
            names, descriptions = tuple(labels), tuple((k, v or "") for k, v in labels.items())
        else:
            names, descriptions = (labels,) if isinstance(labels, str) else tuple(labels), ()
        self._classifications.append(
            ClassificationTask(
                name=task,
                labels=names,
                label_descriptions=descriptions,
                multi_label=multi_label,
                cls_threshold=cls_threshold,
                top_k=top_k,
                activation=class_act,
                prompt=prompt,
                examples=tuple(tuple(e) for e in (examples or ())),  # type: ignore[misc]
            )
        )
        return self

    def structure(
        self, name: str, *, mode: str | None = None, anchor: str | None = None, occurrence_policy: str | None = None
    ) -> StructureBuilder:
        """Start a structure (a record type); add its fields with ``.field(...)``.

        Args:
            name: The structure name.
            mode: A record mode decodes several records per text on boundary checkpoints with a
                record head: ``"natural"`` (one per mention of the anchor field), ``"latent"`` (one
                per candidate of any field), ``"anchorless"`` (one per learned instance query);
                ``None`` keeps the classic decoding.
            anchor: The anchor field of ``mode="natural"`` (default: the first field).
            occurrence_policy: The reference's training-target setting (``"all"``, ``"first"``,
                ``"error_on_ambiguous"``, ``"latent_all"``), kept in the schema; no effect at inference.
        """
        if any(s.name == name for s in self._structures):
            raise SchemaError(f"structure: duplicate name {name!r}; names must be unique")
        if mode is not None and mode not in RECORD_MODES:
            StructureTask(name, (Field("_"),), mode=mode)  # raises the standard message
        builder = StructureBuilder(self, name, mode, anchor, occurrence_policy)
        self._structures.append(builder)
        return builder

    def relations(self, relation_types: LabelsArg, threshold: float | None = None) -> Schema:
        """Add relation types: a name, a list, or ``{name: description | {...}}``."""
        configs = _named_configs("relations", relation_types)
        if not configs:
            raise SchemaError.invalid("relations", relation_types, "at least one relation type")
        for name, config in configs.items():
            _reject_unknown(f"relation {name!r}", config, ("description", "threshold"))
            if any(r.name == name for r in self._relations):
                raise SchemaError(f"relations: duplicate name {name!r}; names must be unique")
            self._relations.append(
                RelationTask(name, description=config.get("description"), threshold=config.get("threshold", threshold))
            )
        return self

    def build(self) -> SchemaSpec:
        """Validate and freeze the schema into a :class:`SchemaSpec`."""
        return SchemaSpec(
            structures=tuple(s._task() for s in self._structures),
            entities=EntityTask(tuple(self._entities), self._attributes) if self._entities else None,
            relations=tuple(self._relations),
            classifications=tuple(self._classifications),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """Build from the reference's dict form (see :mod:`gliner2_core.schema.dict_format`)."""
        return schema_from_dict(cls(), data)

    @classmethod
    def from_json(cls, text: str) -> Schema:
        """Build from a JSON string in the dict form."""
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """Serialise to the reference's dict form; ``Schema.from_dict`` reads it back."""
        return spec_to_dict(self.build())


def coerce_schema(schema: Schema | StructureBuilder | SchemaSpec | Mapping[str, Any]) -> SchemaSpec:
    """Accept a :class:`Schema`, a :class:`SchemaSpec` or a dict and return the spec.

    Raises:
        SchemaError: For anything else, or an invalid schema.
    """
    if isinstance(schema, SchemaSpec):
        return schema
    if isinstance(schema, (Schema, StructureBuilder)):
        return schema.build()
    if isinstance(schema, Mapping):
        return Schema.from_dict(schema).build()
    raise SchemaError.invalid("schema", type(schema).__name__, "a Schema, a SchemaSpec or a dict")
