"""Packing short examples into long ones, so the model learns to read whole RAG chunks.

A model trained only on single sentences finds few mentions in a 1,500-character
chunk: it has never seen a mention far from the start of its input. Packing
concatenates consecutive examples of one source (sentences of a document, tweets,
records) into texts of up to ``max_words`` words and shifts every gold span by the
offset at which its example lands, so the gold stays pinned to the packed text.

Only examples whose gold is fully pinned to character offsets and that carry no
classification (a label for the whole text would be wrong for the packed text) are
packed; the originals stay in the training set as well.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from gliner2_core.training.examples import ChoiceGold, FieldGold, Mention, TrainingExample

SEPARATORS = (" ", " ", "\n", "\n\n")
"""Joins between packed examples: mostly running text, sometimes lines or paragraphs."""


def _pinned(mentions: Sequence[Mention]) -> bool:
    return all(m.start is not None for m in mentions)


def packable(example: TrainingExample) -> bool:
    """Whether ``example`` can be concatenated with others without making its gold wrong."""
    if example.classifications or not example.text.strip():
        return False
    if not all(_pinned(mentions) for mentions in example.entities.values()):
        return False
    if not all(_pinned((head, tail)) for _, head, tail in example.relations):
        return False
    return all(_pinned(gold) for _, fields in example.structures for gold in fields.values() if not isinstance(gold, ChoiceGold))


def _shift(mention: Mention, offset: int) -> Mention:
    return Mention(mention.text, mention.start + offset, mention.end + offset)  # type: ignore[operator]


def _shift_field(gold: FieldGold, offset: int) -> FieldGold:
    return gold if isinstance(gold, ChoiceGold) else tuple(_shift(m, offset) for m in gold)


def concatenate(parts: Sequence[TrainingExample], separators: Sequence[str]) -> TrainingExample:
    """One example whose text is ``parts`` joined by ``separators`` (one fewer than parts), gold shifted.

    Raises:
        ValueError: If ``separators`` does not have ``len(parts) - 1`` items.
    """
    if len(separators) != len(parts) - 1:
        raise ValueError(f"separators: got {len(separators)} for {len(parts)} parts; expected {len(parts) - 1}")
    text, offsets = "", []
    for index, part in enumerate(parts):
        if index:
            text += separators[index - 1]
        offsets.append(len(text))
        text += part.text
    packed = TrainingExample(text=text, source=parts[0].source)
    for part, offset in zip(parts, offsets):
        for label, mentions in part.entities.items():
            packed.entities[label] = packed.entities.get(label, ()) + tuple(_shift(m, offset) for m in mentions)
        packed.entity_descriptions.update(part.entity_descriptions)
        packed.relations.extend((name, _shift(h, offset), _shift(t, offset)) for name, h, t in part.relations)
        packed.structures.extend(
            (name, {f: _shift_field(g, offset) for f, g in fields.items()}) for name, fields in part.structures
        )
        for name, notes in part.structure_descriptions.items():
            packed.structure_descriptions.setdefault(name, {}).update(notes)
    return packed


def pack_examples(
    examples: Sequence[TrainingExample], *, share: float, max_words: int, rng: random.Random, min_words: int = 60
) -> list[TrainingExample]:
    """Long examples built from runs of consecutive packable examples of the same source.

    Args:
        examples: Training examples in source order (consecutive sentences of a document stay together).
        share: About this fraction of the packable examples is used (each at most once).
        max_words: Longest packed text, in whitespace-separated words.
        rng: The run's random generator (packing is deterministic given the seed).
        min_words: Packed texts are drawn between this and ``max_words`` words.

    Returns:
        The packed examples (the originals are not included).
    """
    if share <= 0:
        return []
    packed: list[TrainingExample] = []
    by_source: dict[str, list[TrainingExample]] = {}
    for example in examples:
        if packable(example):
            by_source.setdefault(example.source, []).append(example)
    for run in by_source.values():
        budget = int(len(run) * min(share, 1.0))
        start = rng.randrange(len(run)) if run else 0
        used = 0
        while used < budget:
            target = rng.randint(min(min_words, max_words), max_words)
            parts, words = [], 0
            while used < budget and (not parts or words + len(run[start].text.split()) <= target):
                parts.append(run[start])
                words += len(run[start].text.split())
                start, used = (start + 1) % len(run), used + 1
            if len(parts) > 1:
                packed.append(concatenate(parts, [rng.choice(SEPARATORS) for _ in parts[1:]]))
    return packed
