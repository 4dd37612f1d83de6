"""Typed, frozen descriptions of what to extract.

A :class:`SchemaSpec` is what the processor consumes. It is built by the
:class:`~gliner2_core.schema.builder.Schema` builder, by ``Schema.from_dict`` or
by the training data reader, and it validates itself on construction, so every
path rejects the same mistakes with the same messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from gliner2_core.errors import SchemaError
from gliner2_core.schema.attributes import AttributeGroups, check_attribute_groups, prompt_labels
from gliner2_core.schema.checks import SPECIAL_TOKENS, check_text, check_threshold, check_unique  # noqa: F401 (re-exported)

DTYPES: tuple[str, ...] = ("list", "str")
ACTIVATIONS: tuple[str, ...] = ("auto", "softmax", "sigmoid")
ENTITIES_KEY = "entities"
RELATIONS_KEY = "relation_extraction"

Dtype = Literal["list", "str"]


class TaskKind(StrEnum):
    """The four task kinds of a schema; each is one prompt segment decoded by its own rule.

    A ``StrEnum``: members compare equal to their string values.
    """

    STRUCTURE = "structure"
    ENTITIES = "entities"
    RELATION = "relation"
    CLASSIFICATION = "classification"


def check_dtype(where: str, value: object) -> str:
    """Validate a field or entity dtype (``"list"`` or ``"str"``)."""
    if value not in DTYPES:
        raise SchemaError.invalid(where, value, DTYPES)
    return str(value)


@dataclass(frozen=True)
class RegexValidator:
    """Keeps or drops extracted spans by a regular expression.

    Args:
        pattern: The regular expression.
        mode: ``"full"`` requires the whole span to match, ``"partial"`` a search hit.
        exclude: Invert the test: drop spans that match.
        flags: ``re`` flags; case-insensitive by default.
    """

    pattern: str
    mode: Literal["full", "partial"] = "full"
    exclude: bool = False
    flags: int = re.IGNORECASE
    _compiled: re.Pattern = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.mode not in ("full", "partial"):
            raise SchemaError.invalid("RegexValidator.mode", self.mode, ("full", "partial"))
        try:
            compiled = re.compile(self.pattern, self.flags)
        except re.error as err:
            raise SchemaError.invalid("RegexValidator.pattern", self.pattern, f"a valid regular expression ({err})") from err
        object.__setattr__(self, "_compiled", compiled)

    def __call__(self, text: str) -> bool:
        return self.validate(text)

    def validate(self, text: str) -> bool:
        """Return True when ``text`` should be kept."""
        match = self._compiled.fullmatch(text) if self.mode == "full" else self._compiled.search(text)
        return (match is None) if self.exclude else (match is not None)


def _check_validators(where: str, validators: object) -> tuple[RegexValidator, ...]:
    validators = tuple(validators or ())
    for validator in validators:
        if not isinstance(validator, RegexValidator):
            raise SchemaError.invalid(where, validator, "RegexValidator instances")
    return validators


@dataclass(frozen=True)
class EntityType:
    """One entity label: every mention (``list``) or the best one (``str``)."""

    name: str
    description: str | None = None
    dtype: Dtype = "list"
    threshold: float | None = None
    validators: tuple[RegexValidator, ...] = ()

    def __post_init__(self) -> None:
        where = f"entity {self.name!r}"
        check_text("entity name", self.name)
        if self.description is not None:
            check_text(f"{where}.description", self.description, allow_empty=True)
        check_dtype(f"{where}.dtype", self.dtype)
        check_threshold(f"{where}.threshold", self.threshold)
        object.__setattr__(self, "validators", _check_validators(f"{where}.validators", self.validators))


RECORD_MODES = ("natural", "latent", "anchorless")
"""Record modes of a structure (boundary checkpoints with a record head; see :mod:`gliner2_core.architectures.boundary.records`)."""
OCCURRENCE_POLICIES = ("all", "first", "error_on_ambiguous", "latent_all")
"""The reference's ``occurrence_policy`` values: how training targets bind repeated mentions (no effect at inference)."""
CARDINALITIES = ("optional_one", "required_one", "zero_or_more", "one_or_more")
"""How many mentions a record field binds: scalar (``*_one``) or list, may or may not be absent."""
SCALAR_CARDINALITIES = ("optional_one", "required_one")
ABSENT_CARDINALITIES = ("optional_one", "zero_or_more")
"""Cardinalities that let a record leave the field empty."""


@dataclass(frozen=True)
class Field:
    """One field of a structure: a span (``str``), spans (``list``) or a choice."""

    name: str
    dtype: Dtype = "list"
    choices: tuple[str, ...] | None = None
    description: str | None = None
    threshold: float | None = None
    validators: tuple[RegexValidator, ...] = ()
    cardinality: str | None = None
    exclusive: bool = False

    def __post_init__(self) -> None:
        where = f"field {self.name!r}"
        check_text("field name", self.name)
        if self.cardinality is not None and self.cardinality not in CARDINALITIES:
            raise SchemaError.invalid(f"{where}.cardinality", self.cardinality, CARDINALITIES)
        if not isinstance(self.exclusive, bool):
            raise SchemaError.invalid(f"{where}.exclusive", self.exclusive, "True or False")
        check_dtype(f"{where}.dtype", self.dtype)
        if self.description is not None:
            check_text(f"{where}.description", self.description, allow_empty=True)
        check_threshold(f"{where}.threshold", self.threshold)
        object.__setattr__(self, "validators", _check_validators(f"{where}.validators", self.validators))
        if self.choices is not None:
            if isinstance(self.choices, str) or len(tuple(self.choices)) == 0:
                raise SchemaError.invalid(f"{where}.choices", self.choices, "a non-empty list of strings")
            choices = tuple(self.choices)
            for choice in choices:
                check_text(f"{where}.choices", choice)
            check_unique(f"{where}.choices", choices)
            if self.validators:
                raise SchemaError.invalid(
                    f"{where}.validators", self.validators, "no validators on a choice field (choices are not text spans)"
                )
            object.__setattr__(self, "choices", choices)


@dataclass(frozen=True)
class StructureTask:
    """A record type: each predicted instance fills the fields from the text.

    ``mode`` asks a boundary checkpoint with a record head to form several
    records per text: ``"natural"``, one candidate record per mention of the
    ``anchor`` field (the first field unless named); ``"latent"``, one per
    candidate of any field; ``"anchorless"``, one per learned instance query.
    Without a mode, and on span checkpoints, a structure is decoded the classic
    way. A field's ``cardinality`` and ``exclusive`` refine record decoding and
    are ignored without a mode. ``occurrence_policy`` is the reference's
    training-target setting, kept for round trips; it does not change inference.
    """

    name: str
    fields: tuple[Field, ...]
    mode: str | None = None
    anchor: str | None = None
    occurrence_policy: str | None = None

    def __post_init__(self) -> None:
        where = f"structure {self.name!r}"
        check_text("structure name", self.name)
        fields = tuple(self.fields)
        if not fields:
            raise SchemaError.invalid(f"{where}.fields", [], "at least one field")
        check_unique(f"{where}.fields", tuple(f.name for f in fields))
        object.__setattr__(self, "fields", fields)
        if self.mode is None:
            if self.anchor is not None:
                raise SchemaError.invalid(f"{where}.anchor", self.anchor, "no anchor without mode='natural'")
            if self.occurrence_policy is not None:
                raise SchemaError.invalid(
                    f"{where}.occurrence_policy", self.occurrence_policy, "no occurrence_policy without a record mode"
                )
            return
        if self.mode not in RECORD_MODES:
            raise SchemaError.invalid(f"{where}.mode", self.mode, RECORD_MODES + (None,))
        if self.occurrence_policy is not None and self.occurrence_policy not in OCCURRENCE_POLICIES:
            raise SchemaError.invalid(f"{where}.occurrence_policy", self.occurrence_policy, OCCURRENCE_POLICIES)
        if self.mode != "natural":
            if self.anchor is not None:
                raise SchemaError.invalid(f"{where}.anchor", self.anchor, f"no anchor with mode={self.mode!r}")
            return
        anchor = fields[0].name if self.anchor is None else self.anchor
        if anchor not in {f.name for f in fields}:
            raise SchemaError.invalid(f"{where}.anchor", anchor, tuple(f.name for f in fields))
        object.__setattr__(self, "anchor", anchor)


@dataclass(frozen=True)
class EntityTask:
    """All entity labels of a schema; they share one prompt segment.

    ``attributes`` are the entity attribute groups (:mod:`~gliner2_core.schema.attributes`),
    as ``(name, group)`` pairs: their labels are extra queries of the same segment
    (:attr:`prompt_names`), decoded as attributes of the entity spans, never as spans.
    """

    types: tuple[EntityType, ...]
    attributes: AttributeGroups = ()

    def __post_init__(self) -> None:
        types = tuple(self.types)
        if not types:
            raise SchemaError.invalid("entities", [], "at least one entity label")
        check_unique("entities", tuple(t.name for t in types))
        object.__setattr__(self, "types", types)
        object.__setattr__(self, "attributes", check_attribute_groups(self.names, self.attributes))

    @property
    def names(self) -> tuple[str, ...]:
        """The entity labels (the result keys)."""
        return tuple(t.name for t in self.types)

    @property
    def prompt_names(self) -> tuple[str, ...]:
        """The segment's queries: the entity labels, then the attribute labels (sorted, as the reference)."""
        return self.names + prompt_labels(self.attributes)


@dataclass(frozen=True)
class RelationTask:
    """A directed relation; each instance is a (head, tail) pair of spans."""

    name: str
    description: str | None = None
    threshold: float | None = None

    def __post_init__(self) -> None:
        check_text("relation name", self.name)
        if self.description is not None:
            check_text(f"relation {self.name!r}.description", self.description, allow_empty=True)
        check_threshold(f"relation {self.name!r}.threshold", self.threshold)


@dataclass(frozen=True)
class ClassificationTask:
    """Pick one label (softmax) or several (sigmoid, ``multi_label``) for the text.

    A single-label task with one label is a yes/no question, scored with a sigmoid
    against ``cls_threshold`` (softmax over one label would always be 1.0).
    """

    name: str
    labels: tuple[str, ...]
    label_descriptions: tuple[tuple[str, str], ...] = ()
    multi_label: bool = False
    cls_threshold: float = 0.5
    top_k: int | None = None
    activation: str = "auto"
    prompt: str | None = None
    examples: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        where = f"classification {self.name!r}"
        check_text("classification task", self.name)
        labels = tuple(self.labels) if not isinstance(self.labels, str) else ()
        if not labels:
            raise SchemaError.invalid(f"{where}.labels", self.labels, "a non-empty list of label names")
        for label in labels:
            check_text(f"{where}.labels", label)
        check_unique(f"{where}.labels", labels)
        object.__setattr__(self, "labels", labels)
        descriptions = tuple((str(k), str(v)) for k, v in self.label_descriptions)
        for label, description in descriptions:
            if label not in labels:
                raise SchemaError.invalid(f"{where}.label_descriptions", label, labels)
            check_text(f"{where}.label_descriptions[{label!r}]", description, allow_empty=True)
        object.__setattr__(self, "label_descriptions", descriptions)
        check_threshold(f"{where}.cls_threshold", self.cls_threshold, optional=False)
        if not isinstance(self.multi_label, bool):
            raise SchemaError.invalid(f"{where}.multi_label", self.multi_label, (True, False))
        if self.top_k is not None and (isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 1):
            raise SchemaError.invalid(f"{where}.top_k", self.top_k, "a positive integer or None")
        if self.top_k is not None and not self.multi_label:
            raise SchemaError.invalid(f"{where}.top_k", self.top_k, "None unless multi_label=True (one label is returned)")
        if self.activation not in ACTIVATIONS:
            raise SchemaError.invalid(f"{where}.class_act", self.activation, ACTIVATIONS)
        if self.activation == "softmax" and len(labels) == 1:
            raise SchemaError.invalid(
                f"{where}.class_act",
                self.activation,
                "'auto' or 'sigmoid' with a single label (softmax over one label is always 1.0; "
                "'auto' scores it as a sigmoid yes/no)",
            )
        if self.prompt is not None:
            check_text(f"{where}.prompt", self.prompt)
        examples = tuple((str(i), str(o)) for i, o in self.examples)
        for text, label in examples:
            check_text(f"{where}.examples", text)
            check_text(f"{where}.examples", label)
        object.__setattr__(self, "examples", examples)


@dataclass(frozen=True)
class SchemaSpec:
    """Everything one extraction call asks for, in prompt order.

    Prompt order follows the reference: structures, entities, relations,
    classifications.
    """

    structures: tuple[StructureTask, ...] = ()
    entities: EntityTask | None = None
    relations: tuple[RelationTask, ...] = ()
    classifications: tuple[ClassificationTask, ...] = ()

    def __post_init__(self) -> None:
        if not (self.structures or self.entities or self.relations or self.classifications):
            raise SchemaError("schema: no task was declared; add entities, a classification, a structure or relations")
        keys = [s.name for s in self.structures] + [c.name for c in self.classifications]
        if self.entities is not None:
            keys.append(ENTITIES_KEY)
        if self.relations:
            keys.append(RELATIONS_KEY)
        check_unique("schema task names (structures, classifications, 'entities', 'relation_extraction')", tuple(keys))
        check_unique("relations", tuple(r.name for r in self.relations))
