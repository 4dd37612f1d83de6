"""Synonyms and one-line descriptions of every entity and relation label of the registered datasets.

Training on varied label names (``"organisation"``, ``"company or
institution"``, ``"org"``) and on descriptions teaches a model to read the
label rather than memorise a fixed set; negatives drawn from the union of all
types teach it to say "none". Usage::

    from gliner2_datasets.label_catalog import all_labels, lookup

    lookup("organisation").synonyms      # ('organization', 'company or institution', 'org')
    lookup("birth place", "relation").description
    negatives = all_labels()             # every entity type, sorted
    may_overlap("athlete", "person")     # True: not a safe negative for a person mention

The tables live in the ``_catalog_*`` modules, one entry per label:
``label: (description, synonym, ...)`` with two to four synonyms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._catalog_entities import ENTITIES
from gliner2_datasets._catalog_groups import GROUPS
from gliner2_datasets._catalog_relations import RELATIONS
from gliner2_datasets._catalog_slots import SLOTS
from gliner2_datasets._catalog_webnlg_a import WEBNLG_A
from gliner2_datasets._catalog_webnlg_b import WEBNLG_B

KINDS = ("entity", "relation", "any")


@dataclass(frozen=True)
class LabelEntry:
    """One catalogued label.

    Attributes:
        label: The label as the converters emit it.
        kind: ``"entity"`` or ``"relation"``.
        description: One line saying what the label means (for relations, from head to tail).
        synonyms: Two to four other names for it.
    """

    label: str
    kind: str
    description: str
    synonyms: tuple[str, ...]


def _entries(kind: str, *tables: Mapping[str, tuple[str, ...]]) -> Mapping[str, LabelEntry]:
    """Merge tables of one kind into entries; a label may be in only one table."""
    entries: dict[str, LabelEntry] = {}
    for table in tables:
        for label, (description, *synonyms) in table.items():
            if label in entries:
                raise TrainingDataError(f"label catalog: got {label!r} twice among the {kind} tables; expected once")
            entries[label] = LabelEntry(label, kind, description, tuple(synonyms))
    return MappingProxyType(entries)


ENTITY_CATALOG = _entries("entity", ENTITIES, SLOTS)
"""Every entity label (NER types and slot types) by name."""
RELATION_CATALOG = _entries("relation", RELATIONS, WEBNLG_A, WEBNLG_B)
"""Every relation label by name."""


def _catalogs(kind: str) -> tuple[Mapping[str, LabelEntry], ...]:
    if kind == "entity":
        return (ENTITY_CATALOG,)
    if kind == "relation":
        return (RELATION_CATALOG,)
    if kind == "any":
        return (ENTITY_CATALOG, RELATION_CATALOG)
    raise TrainingDataError(f"kind: got {kind!r}; expected one of {', '.join(KINDS)}")


def lookup(label: str, kind: str = "entity") -> LabelEntry:
    """The catalog entry of a label.

    Args:
        label: A label as the converters emit it, e.g. ``"organisation"``.
        kind: ``"entity"``, ``"relation"`` or ``"any"`` (entity first).

    Raises:
        TrainingDataError: If ``kind`` is unknown or the label is not catalogued.
    """
    for catalog in _catalogs(kind):
        if label in catalog:
            return catalog[label]
    raise TrainingDataError(
        f"label: got {label!r}; expected a catalogued {kind} label (see label_catalog.all_labels({kind!r}))"
    )


def synonyms(label: str, kind: str = "entity") -> tuple[str, ...]:
    """The synonyms of a label (see :func:`lookup`)."""
    return lookup(label, kind).synonyms


def description(label: str, kind: str = "entity") -> str:
    """The one-line description of a label (see :func:`lookup`)."""
    return lookup(label, kind).description


def all_labels(kind: str = "entity") -> list[str]:
    """Every catalogued label of a kind, sorted: the pool for sampling negative labels.

    Args:
        kind: ``"entity"`` (default: NER and slot types), ``"relation"``, or ``"any"`` for both.

    Raises:
        TrainingDataError: If ``kind`` is unknown.
    """
    return sorted({label for catalog in _catalogs(kind) for label in catalog})


_LABEL_GROUPS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        label: frozenset(group for group, members in GROUPS.items() if label in members)
        for members in GROUPS.values()
        for label in members
    }
)


def groups(label: str) -> frozenset[str]:
    """The semantic groups of an entity label (``"athlete"`` -> ``{"person"}``); empty when it is in none."""
    return _LABEL_GROUPS.get(label, frozenset())


def may_overlap(first: str, second: str) -> bool:
    """Whether two entity labels can name the same span, so one is no safe negative for the other.

    True for equal labels, synonyms, and labels that share a group (a subtype and its
    type, siblings such as ``"city"`` and ``"location"``, any two biomedical types,
    a catch-all such as ``"miscellaneous"`` and what it covers).
    """
    if first == second or bool(groups(first) & groups(second)):
        return True
    return any(
        label in ENTITY_CATALOG and other in ENTITY_CATALOG[label].synonyms
        for label, other in ((first, second), (second, first))
    )
