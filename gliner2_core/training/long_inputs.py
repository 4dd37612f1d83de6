"""Recall against input length: does the model read a whole RAG chunk as well as a sentence?

Consecutive gold sentences (in document order) are joined into texts of about
``n`` characters with their spans shifted; the same gold mentions are then looked
for sentence by sentence and in the joined texts. The ratio of the two recalls is
what a user loses by passing a chunk instead of sentences (1.0: nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gliner2_core.schema.builder import Schema
from gliner2_core.training.evaluate import Score, _labels, _pinned
from gliner2_core.training.examples import TrainingExample
from gliner2_core.training.packing import concatenate

DEFAULT_LENGTHS = (300, 800, 1500, 3000, 5000, 6000)
"""Characters per joined text; the issue's curve, plus 5,000 (the target's length)."""


@dataclass(frozen=True)
class CurvePoint:
    """Recall on texts of about ``chars`` characters (0 = sentence by sentence)."""

    chars: int
    texts: int
    mentions: int
    recall: float
    precision: float
    ratio: float


def join_to_length(examples: Sequence[TrainingExample], chars: int) -> list[TrainingExample]:
    """Consecutive examples joined with a space into texts of at most ``chars`` characters (at least one each)."""
    joined, run, size = [], [], 0
    for example in examples:
        if run and size + 1 + len(example.text) > chars:
            joined.append(concatenate(run, [" "] * (len(run) - 1)))
            run, size = [], 0
        size += len(example.text) + (1 if run else 0)
        run.append(example)
    if run:
        joined.append(concatenate(run, [" "] * (len(run) - 1)))
    return joined


def _score(model, texts: Sequence[TrainingExample], labels: list[str], **options) -> Score:
    score = Score()
    outputs = model.batch_extract([ex.text for ex in texts], Schema().entities(labels), include_spans=True, **options)
    for ex, out in zip(texts, outputs):
        predicted = {(label, m["start"], m["end"]) for label, ms in out["entities"].items() for m in ms}
        gold = {(label, *_pinned(m, ex.text)) for label, ms in ex.entities.items() for m in ms}
        score.add(predicted, gold)
    return score


def long_input_curve(
    model,
    sentences: Sequence[TrainingExample],
    *,
    lengths: Sequence[int] = DEFAULT_LENGTHS,
    document_chars: int | None = 50_000,
    **options,
) -> list[CurvePoint]:
    """Recall at each length, and on one document of ``document_chars`` characters.

    Args:
        model: A :class:`~gliner2_core.api.GLiNER2`.
        sentences: Gold examples in document order (all mentions pinned).
        lengths: Characters per joined text.
        document_chars: Also join everything (up to this many characters) into one text; ``None`` skips it.
        **options: Passed to ``batch_extract`` (``threshold``, ``batch_size``, ``max_len`` ...).

    Returns:
        The sentence-level point first (``chars=0``, ratio 1), then one point per length.
    """
    labels = _labels(sentences)
    base = _score(model, sentences, labels, **options)
    points = [CurvePoint(0, len(sentences), base.tp + base.fn, base.recall, base.precision, 1.0)]
    targets = list(lengths)
    if document_chars:
        targets.append(document_chars)
    for chars in targets:
        texts = join_to_length(sentences, chars)
        if chars == document_chars:
            texts = texts[:1]
        score = _score(model, texts, labels, **options)
        reference = base.recall if chars != document_chars else _score(model, _covered(sentences, texts[0]), labels, **options).recall
        ratio = score.recall / reference if reference else 0.0
        points.append(CurvePoint(chars, len(texts), score.tp + score.fn, score.recall, score.precision, ratio))
    return points


def _covered(sentences: Sequence[TrainingExample], document: TrainingExample) -> list[TrainingExample]:
    """The sentences that went into ``document`` (its prefix), for its own sentence-level reference."""
    covered, size = [], 0
    for example in sentences:
        size += len(example.text) + (1 if covered else 0)
        if size > len(document.text):
            break
        covered.append(example)
    return covered


def format_curve(points: Sequence[CurvePoint]) -> str:
    """A Markdown table of the curve."""
    lines = ["| characters per text | texts | gold mentions | recall | precision | recall ratio |", "|---|---|---|---|---|---|"]
    for p in points:
        name = "sentence by sentence" if p.chars == 0 else f"{p.chars:,}"
        lines.append(f"| {name} | {p.texts} | {p.mentions} | {p.recall:.3f} | {p.precision:.3f} | {p.ratio:.2f} |")
    return "\n".join(lines)
