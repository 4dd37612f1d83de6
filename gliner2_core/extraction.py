"""``Extraction``: the typed result of one text, as ``GLiNER2.run`` returns it.

Every value carries its confidence, and every span its ``[start, end)``
character offsets into the user's text, whatever the call's
``include_confidence``/``include_spans``. Values are tuples in every case:
a ``dtype="str"`` field or label holds at most one span, a single-label
classification at most one choice (the schema, kept in ``Extraction.schema``,
says which is which). ``extract`` and its siblings return
``to_reference_dict(extraction, ...)`` (:mod:`gliner2_core.decoding.format`),
the reference library's dict shapes.

For integrations, the viewer, Ray and the cascade: read these objects, never
the reference dicts::

    for extraction in model.run(texts, schema, options):
        for span in extraction.entities["person"]:
            span.text, span.confidence, span.start, span.end
        for record in extraction.records["invoice"]:
            total = record.first("total")          # Span | Choice | None
        for relation in extraction.relations["works_for"]:
            relation.head.text, relation.tail.text
        label = extraction.label("sentiment")      # Choice | None
        for span, groups in extraction.attributes("person"):   # entity attribute groups
            groups["role"]                          # tuple[Choice, ...]
        for mention in extraction.mentions():      # every located span, for highlighting
            mention.kind, mention.task, mention.field, mention.span

Everything here pickles (Ray ships results between processes) and imports no torch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from gliner2_core.schema.spec import ENTITIES_KEY, SchemaSpec, TaskKind


class Span(NamedTuple):
    """A mention found in the text.

    Attributes:
        text: The surface string, ``== document[start:end].strip()``.
        confidence: The model's probability for this span.
        start: Character offset of its first character.
        end: Character offset just past its last character.
    """

    text: str
    confidence: float
    start: int
    end: int


class Choice(NamedTuple):
    """A label picked from a fixed list (a classification label or a choice field's value).

    Attributes:
        text: The label.
        confidence: Its probability.
    """

    text: str
    confidence: float


Value = Span | Choice
"""One value of a record field: a span, or a choice for fields declared with ``choices``."""


@dataclass(frozen=True)
class Record:
    """One instance of a structure: ``fields[name]`` holds that field's values (possibly none).

    Every field of the structure is present; ``dtype="str"`` and single-choice
    fields hold at most one value. ``confidence`` is the record's own
    probability when a record head formed it (a structure with a record
    ``mode`` on a boundary checkpoint), else ``None``. In such a record a
    choice field decided record by record holds :class:`Span` s whose text is
    the option label, located where the text writes it (or at the record's anchor).
    """

    fields: dict[str, tuple[Value, ...]]
    confidence: float | None = None

    def first(self, name: str) -> Value | None:
        """The field's first (for ``dtype="str"``, only) value, or ``None``."""
        values = self.fields[name]
        return values[0] if values else None


class Relation(NamedTuple):
    """A directed (head, tail) pair."""

    head: Span
    tail: Span

    @property
    def confidence(self) -> float:
        """The weaker of the two spans' confidences."""
        return min(self.head.confidence, self.tail.confidence)


class Mention(NamedTuple):
    """A located span with where it belongs in the schema (see :meth:`Extraction.mentions`).

    Attributes:
        kind: The task kind.
        task: ``"entities"``, the structure name or the relation name.
        field: The entity label, the structure field, or ``"head"``/``"tail"``.
        span: The span.
    """

    kind: TaskKind
    task: str
    field: str
    span: Span


@dataclass(frozen=True)
class Extraction:
    """Everything a schema asked for, found in one text.

    Attributes:
        text: The text, as given.
        schema: The schema it was run with (thresholds from the call's options included).
        entities: ``label -> spans`` for every requested label, in schema order
            (empty when the schema has no entities).
        classifications: ``task -> chosen labels`` (single-label: at most one).
        records: ``structure -> instances`` in text order.
        relations: ``relation -> (head, tail) pairs``.
        entity_attributes: With entity attribute groups in the schema: ``label -> one dict
            per span of entities[label]`` (same order), ``group -> chosen labels`` as
            :class:`Choice` (a single-label group: exactly one; ``multi_label``: those at or
            above the group's threshold), for the groups that apply to the label. Empty otherwise.

    Example:
        >>> extraction = Extraction("Tim Cook", Schema().entities(["person"]).build(),
        ...                         entities={"person": (Span("Tim Cook", 0.9, 0, 8),)})  # doctest: +SKIP
    """

    text: str
    schema: SchemaSpec
    entities: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    classifications: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    records: dict[str, tuple[Record, ...]] = field(default_factory=dict)
    relations: dict[str, tuple[Relation, ...]] = field(default_factory=dict)
    entity_attributes: dict[str, tuple[dict[str, tuple[Choice, ...]], ...]] = field(default_factory=dict)

    def attributes(self, label: str) -> Iterator[tuple[Span, dict[str, tuple[Choice, ...]]]]:
        """The spans of entity label ``label``, each with its attribute groups (``{}`` without groups)."""
        groups = self.entity_attributes.get(label, ())
        for index, span in enumerate(self.entities[label]):
            yield span, (groups[index] if index < len(groups) else {})

    def label(self, task: str) -> Choice | None:
        """The best label of a classification task, or ``None`` when none was chosen."""
        chosen = self.classifications[task]
        return max(chosen, key=lambda choice: choice.confidence) if chosen else None

    def mentions(self) -> Iterator[Mention]:
        """Every located span: entities, then record fields, then relation heads and tails."""
        for label, spans in self.entities.items():
            for span in spans:
                yield Mention(TaskKind.ENTITIES, ENTITIES_KEY, label, span)
        for name, records in self.records.items():
            for record in records:
                for field_name, values in record.fields.items():
                    for value in values:
                        if isinstance(value, Span):
                            yield Mention(TaskKind.STRUCTURE, name, field_name, value)
        for name, pairs in self.relations.items():
            for pair in pairs:
                yield Mention(TaskKind.RELATION, name, "head", pair.head)
                yield Mention(TaskKind.RELATION, name, "tail", pair.tail)


def empty_extraction(text: str, schema: SchemaSpec) -> Extraction:
    """The result with every requested key and no value (what an empty text gives)."""
    return Extraction(
        text,
        schema,
        entities={name: () for name in schema.entities.names} if schema.entities else {},
        classifications={c.name: () for c in schema.classifications},
        records={s.name: () for s in schema.structures},
        relations={r.name: () for r in schema.relations},
    )


__all__ = ["Choice", "Extraction", "Mention", "Record", "Relation", "Span", "Value", "empty_extraction"]
