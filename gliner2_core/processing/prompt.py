"""Turning a :class:`SchemaSpec` into prompt words (the v1 prompt format).

Each task becomes one segment ``( [P] prompt ( M f1 M f2 ... ) )`` where ``M`` is
``[C]`` for structure fields, ``[E]`` for entity labels, ``[R]`` for relation
head/tail and ``[L]`` for classification labels. ``prompt`` is a single word:
the task name, ``"task: instruction"`` for prompted classification or described
relations, followed by `` [DESCRIPTION] label: text`` and
`` [EXAMPLE] input [OUTPUT] label`` parts. Segments are joined by
``[SEP_STRUCT]`` and followed by ``[SEP_TEXT]``.

Structure fields with choices also put their options *before the text*, as the
pseudo-words ``( parent: field ( a | b ) , field2 ( c | d ) )``; the model scores a
choice at its word position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gliner2_core.schema.spec import ENTITIES_KEY, SchemaSpec, TaskKind

SegmentKind = TaskKind
"""Former name of :class:`~gliner2_core.schema.spec.TaskKind`."""
MARKERS: dict[TaskKind, str] = {
    TaskKind.STRUCTURE: "[C]",
    TaskKind.ENTITIES: "[E]",
    TaskKind.RELATION: "[R]",
    TaskKind.CLASSIFICATION: "[L]",
}
SEP_STRUCT, SEP_TEXT, P_TOKEN = "[SEP_STRUCT]", "[SEP_TEXT]", "[P]"
DESCRIPTION, EXAMPLE, OUTPUT = "[DESCRIPTION]", "[EXAMPLE]", "[OUTPUT]"
RELATION_FIELDS = ("head", "tail")


@dataclass(frozen=True)
class Segment:
    """One task of the prompt.

    Attributes:
        kind: Which head decodes it.
        name: The task's result key (structure, relation or classification name,
            or ``"entities"``).
        words: The segment's words; ``words[1]`` is ``[P]`` and the field markers
            sit at ``words[4], words[6], ...``.
        fields: Field, label or role names in prompt order.
    """

    kind: TaskKind
    name: str
    words: tuple[str, ...]
    fields: tuple[str, ...]

    @property
    def marker_word_indices(self) -> tuple[int, ...]:
        """Indices (into ``words``) of ``[P]`` and of each field marker."""
        return (1,) + tuple(range(4, 4 + 2 * len(self.fields), 2))


def _prompt_word(
    name: str,
    fields: Sequence[str],
    *,
    instruction: str | None = None,
    descriptions: Sequence[tuple[str, str]] = (),
    examples: Sequence[tuple[str, str]] = (),
) -> str:
    word = f"{name}: {instruction}" if instruction else name
    wanted = set(fields)
    for label, description in descriptions:
        if label in wanted:
            word += f" {DESCRIPTION} {label}: {description}"
    for text, label in examples:
        if label in wanted:
            word += f" {EXAMPLE} {text} {OUTPUT} {label}"
    return word


def _segment(kind: TaskKind, name: str, prompt_word: str, fields: Sequence[str]) -> Segment:
    words: list[str] = ["(", P_TOKEN, prompt_word, "("]
    for field_name in fields:
        words += [MARKERS[kind], field_name]
    words += [")", ")"]
    return Segment(kind, name, tuple(words), tuple(fields))


def build_segments(spec: SchemaSpec) -> tuple[Segment, ...]:
    """Segments in prompt order: structures, entities, relations, classifications."""
    segments: list[Segment] = []
    for structure in spec.structures:
        names = [f.name for f in structure.fields]
        descriptions = [(f.name, f.description) for f in structure.fields if f.description]
        segments.append(_segment(TaskKind.STRUCTURE, structure.name, _prompt_word(structure.name, names, descriptions=descriptions), names))
    if spec.entities is not None:
        names = list(spec.entities.prompt_names)  # entity labels, then attribute labels
        descriptions = [(e.name, e.description) for e in spec.entities.types if e.description is not None]
        word = _prompt_word(ENTITIES_KEY, names, descriptions=descriptions)
        segments.append(_segment(TaskKind.ENTITIES, ENTITIES_KEY, word, names))
    for relation in spec.relations:
        word = _prompt_word(relation.name, RELATION_FIELDS, instruction=relation.description or None)
        segments.append(_segment(TaskKind.RELATION, relation.name, word, RELATION_FIELDS))
    for task in spec.classifications:
        word = _prompt_word(
            task.name,
            task.labels,
            instruction=task.prompt,
            descriptions=task.label_descriptions,
            examples=task.examples,
        )
        segments.append(_segment(TaskKind.CLASSIFICATION, task.name, word, task.labels))
    return tuple(segments)


def prompt_words(segments: Sequence[Segment]) -> tuple[str, ...]:
    """All segment words joined by ``[SEP_STRUCT]`` and closed by ``[SEP_TEXT]``."""
    words: list[str] = []
    for index, segment in enumerate(segments):
        if index:
            words.append(SEP_STRUCT)
        words.extend(segment.words)
    words.append(SEP_TEXT)
    return tuple(words)


def choice_prefix(spec: SchemaSpec) -> tuple[tuple[str, ...], dict[tuple[str, str], tuple[int, ...]]]:
    """The choice pseudo-words placed before the text, and where each choice sits.

    Returns:
        ``(words, positions)`` where ``positions[(structure, field)][i]`` is the
        index in ``words`` of the field's ``i``-th choice.
    """
    words: list[str] = []
    positions: dict[tuple[str, str], tuple[int, ...]] = {}
    for structure in spec.structures:
        choice_fields = [f for f in structure.fields if f.choices]
        if not choice_fields:
            continue
        words += ["(", f"{structure.name}:"]
        for index, field in enumerate(choice_fields):
            if index:
                words.append(",")
            words += [field.name, "("]
            slots: list[int] = []
            for choice_index, choice in enumerate(field.choices or ()):
                if choice_index:
                    words.append("|")
                slots.append(len(words))
                words.append(choice)
            words.append(")")
            positions[(structure.name, field.name)] = tuple(slots)
        words.append(")")
    return tuple(words), positions
