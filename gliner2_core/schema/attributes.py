"""Entity attribute groups: labels decoded as attributes of extracted entity spans.

An :class:`AttributeGroup` (the reference's name and fields) is attached to a
schema's entities with ``Schema().entities([...]).entity_attributes({name:
group})``. Each attribute label becomes one more entity query of the prompt
(after the entity labels, in sorted order, as the reference writes them), but
is never decoded as a span of its own: it is scored at the spans found for the
entity labels. A single-label group picks one label per span (softmax over the
group's logits), a ``multi_label`` group every label whose sigmoid reaches
``threshold``.

Example:
    >>> from gliner2_core.schema import Schema
    >>> schema = Schema().entities(["person", "company"]).entity_attributes(
    ...     {"sentiment": AttributeGroup(["positive", "negative"]),
    ...      "role": AttributeGroup(["ceo", "founder"], multi_label=True, applies_to=["person"])}
    ... )
    >>> schema.build().entities.prompt_names
    ('person', 'company', 'ceo', 'founder', 'negative', 'positive')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_core.schema.checks import check_text, check_threshold

RESERVED_GROUP_NAMES: tuple[str, ...] = ("confidence", "end", "start", "text")
"""Keys of a formatted entity; an attribute group may not shadow them."""
GROUP_OPTIONS: tuple[str, ...] = ("labels", "multi_label", "threshold", "applies_to", "qualify_labels")
"""The options of a group, as keywords and as keys of the dict form."""


@dataclass(frozen=True)
class AttributeGroup:
    """Labels assigned as attributes of extracted entity spans (the reference's ``AttributeGroup``).

    Args:
        labels: Values available in this group.
        multi_label: Independent sigmoid decisions (every label reaching ``threshold``)
            instead of the single most probable label.
        threshold: Selection cutoff of a ``multi_label`` group, in ``[0, 1]``.
        applies_to: The entity labels whose spans get this group (default: all).
        qualify_labels: Show the model ``"<group>: <label>"`` instead of the bare label
            (needed when a label is also an entity label or in another group's prompt);
            results keep the bare label.

    Raises:
        SchemaError: On an empty or duplicated label, a non-boolean flag or a threshold
            outside ``[0, 1]``.
    """

    labels: tuple[str, ...]
    multi_label: bool = False
    threshold: float = 0.5
    applies_to: tuple[str, ...] | None = None
    qualify_labels: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.labels, str) or not isinstance(self.labels, Sequence) or not self.labels:
            raise SchemaError.invalid("attribute group labels", self.labels, "a non-empty list of label names")
        labels = tuple(self.labels)
        for label in labels:
            check_text("attribute group labels", label)
        seen = set()
        for label in labels:
            if label in seen:
                raise SchemaError(f"attribute group labels: duplicate label {label!r}; labels must be unique")
            seen.add(label)
        object.__setattr__(self, "labels", labels)
        for flag in ("multi_label", "qualify_labels"):
            if not isinstance(getattr(self, flag), bool):
                raise SchemaError.invalid(f"attribute group {flag}", getattr(self, flag), (True, False))
        object.__setattr__(
            self, "threshold", check_threshold("attribute group threshold", self.threshold, optional=False)
        )
        if self.applies_to is not None:
            if isinstance(self.applies_to, str) or not isinstance(self.applies_to, Sequence):
                raise SchemaError.invalid(
                    "attribute group applies_to", self.applies_to, "a list of entity labels or None"
                )
            object.__setattr__(self, "applies_to", tuple(self.applies_to))

    def prompt_label(self, group: str, label: str) -> str:
        """The label as the model reads it: ``"<group>: <label>"`` with ``qualify_labels``."""
        return f"{group}: {label}" if self.qualify_labels else label

    def applies(self, entity: str) -> bool:
        """Whether spans of entity label ``entity`` get this group."""
        return self.applies_to is None or entity in self.applies_to


AttributeGroups = tuple[tuple[str, AttributeGroup], ...]
"""Groups in declaration order, as ``(name, group)`` pairs (a frozen mapping)."""


def coerce_group(name: str, group: object) -> AttributeGroup:
    """Accept an :class:`AttributeGroup` or a dict of its options (the dict form)."""
    if isinstance(group, AttributeGroup):
        return group
    if not isinstance(group, Mapping):
        raise SchemaError.invalid(f"entity_attributes[{name!r}]", group, "an AttributeGroup or a dict of its options")
    for key in group:
        if key not in GROUP_OPTIONS:
            raise SchemaError.invalid(f"entity_attributes[{name!r}] option", key, GROUP_OPTIONS)
    if "labels" not in group:
        raise SchemaError.invalid(f"entity_attributes[{name!r}]", dict(group), "a dict with 'labels'")
    try:
        return AttributeGroup(**group)
    except SchemaError as err:
        raise SchemaError(f"entity_attributes[{name!r}]: {err}") from None


def check_attribute_groups(entities: Sequence[str], groups: object) -> AttributeGroups:
    """Validate groups against the schema's entity labels, like the reference's ``entity_attributes``.

    Args:
        entities: The entity labels of the schema (none means no groups are allowed).
        groups: ``(name, group)`` pairs or a ``{name: group}`` mapping.

    Returns:
        The groups as ``(name, AttributeGroup)`` pairs.

    Raises:
        SchemaError: On a reserved or empty group name, ``applies_to`` naming no entity label,
            a label in two groups, or a model-facing label equal to an entity label.
    """
    pairs = tuple(groups.items()) if isinstance(groups, Mapping) else tuple(groups)  # type: ignore[arg-type]
    if not pairs:
        return ()
    if not entities:
        raise SchemaError("entity_attributes: no entity labels; call entities() before entity_attributes()")
    owner: dict[str, str] = {}
    prompts: dict[str, str] = {}
    checked: list[tuple[str, AttributeGroup]] = []
    for name, group in pairs:
        if not isinstance(name, str) or not name.strip() or name in RESERVED_GROUP_NAMES:
            raise SchemaError.invalid(
                "entity_attributes group name",
                name,
                f"a non-empty name other than {', '.join(map(repr, RESERVED_GROUP_NAMES))}",
            )
        if name in {n for n, _ in checked}:
            raise SchemaError(f"entity_attributes: duplicate group name {name!r}; names must be unique")
        check_text("entity_attributes group name", name)
        group = coerce_group(name, group)
        for entity in group.applies_to or ():
            if entity not in entities:
                raise SchemaError.invalid(f"entity_attributes[{name!r}].applies_to", entity, tuple(entities))
        for label in group.labels:
            if label in owner:
                raise SchemaError(
                    f"entity_attributes: label {label!r} is in both {owner[label]!r} and {name!r}; "
                    "a label may belong to one group"
                )
            owner[label] = name
            prompt = group.prompt_label(name, label)
            if prompt in entities:
                raise SchemaError.invalid(
                    f"entity_attributes[{name!r}].labels",
                    label,
                    f"a label that is not also an entity label (or qualify_labels=True: the model reads {name + ': ' + label!r})",
                )
            if prompt in prompts:
                raise SchemaError(
                    f"entity_attributes: groups {prompts[prompt]!r} and {name!r} both show the model {prompt!r}"
                )
            prompts[prompt] = name
        checked.append((name, group))
    return tuple(checked)


def prompt_labels(groups: AttributeGroups) -> tuple[str, ...]:
    """Every group's model-facing labels, sorted (the order the reference adds them to the prompt)."""
    return tuple(sorted({group.prompt_label(name, label) for name, group in groups for label in group.labels}))


def group_to_dict(group: AttributeGroup) -> dict[str, Any]:
    """The dict form of a group: ``labels`` and every option that differs from its default."""
    out: dict[str, Any] = {"labels": list(group.labels)}
    if group.multi_label:
        out["multi_label"] = True
    if group.threshold != 0.5:
        out["threshold"] = group.threshold
    if group.applies_to is not None:
        out["applies_to"] = list(group.applies_to)
    if group.qualify_labels:
        out["qualify_labels"] = True
    return out
