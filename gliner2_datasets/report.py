"""The model card's quality table: every dataset of ``../shared/data``, one command.

Each dataset is scored on its evaluation split (``test``; FewRel uses ``val_wiki``,
SLURP ``test``) with the metric that fits its task, on a fixed random sample of
at most ``limit`` examples. Zero-shot sets were never trained on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gliner2_core.training.data import load_examples
from gliner2_core.training.evaluate import evaluate

logger = logging.getLogger(__name__)


def _registry():
    """This package, the dataset registry that the library takes as ``datasets=``."""
    import gliner2_datasets

    return gliner2_datasets

EVAL_SPLITS = {"fewrel": "val_wiki"}
PRIMARY = {
    "ner": ("entity_f1", "entity_precision_at_0.8"),
    "relations": ("relation_f1", "entity_f1"),
    "records": ("record_f1", "record_field_f1"),
}
PER_EXAMPLE_SCHEMAS = frozenset({"synthetic_docs", "synthetic_unseen", "webnlg", "webnlg_unseen"})
"""Datasets whose texts are asked for their own record/relation types (document types, hundreds of relations)."""


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    dataset: str
    split: str
    zero_shot: bool
    metric: str
    value: float
    examples: int
    seconds: float


def _metrics(task: str, scores: dict[str, float]) -> list[str]:
    if task in PRIMARY:
        return [m for m in PRIMARY[task] if m in scores]
    return sorted(scores)  # classification / mixed: every task's accuracy (and slot F1)


def evaluate_datasets(model, names: Sequence[str], *, limit: int | None = 500, data_dir: str | None = None, batch_size: int = 16) -> list[Row]:
    """Score ``model`` on each dataset's evaluation split."""
    from gliner2_datasets import DATASETS

    rows: list[Row] = []
    for name in names:
        spec = DATASETS[name]
        split = EVAL_SPLITS.get(name, "test")
        examples = load_examples([name], split, data_dir=data_dir, limit=limit, datasets=_registry())
        began = time.perf_counter()
        scores = evaluate(model, examples, batch_size=batch_size, per_example=name in PER_EXAMPLE_SCHEMAS)
        seconds = time.perf_counter() - began
        for metric in _metrics(spec.task, scores):
            rows.append(Row(name, split, spec.zero_shot, metric, scores[metric], len(examples), seconds))
        logger.info("%s/%s: %s (%.0f s)", name, split, scores, seconds)
    return rows


def format_table(rows: Sequence[Row]) -> str:
    """A Markdown table, supervised datasets first."""
    lines = [
        "| dataset | split | setting | metric | score | examples |",
        "|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (r.zero_shot, r.dataset, r.metric)):
        setting = "zero-shot" if row.zero_shot else "supervised"
        lines.append(f"| {row.dataset} | {row.split} | {setting} | {row.metric} | {row.value:.3f} | {row.examples} |")
    return "\n".join(lines)


def default_datasets(data_dir: Path | None = None) -> list[str]:
    """Every registered dataset whose files are present."""
    from gliner2_datasets import available, default_data_dir

    return list(available(data_dir or default_data_dir()))


LONG_INPUT_SOURCE = ("conll2003", "dev", 1200)
"""The long-input curve joins the first 1,200 CoNLL-2003 dev sentences (about 75k characters), in document order."""


def long_input_report(model, *, data_dir: str | None = None, batch_size: int = 16, **options) -> str:
    """The long-input recall curve (see :mod:`gliner2_core.training.long_inputs`) as a Markdown table."""
    from gliner2_core.training.long_inputs import format_curve, long_input_curve

    name, split, count = LONG_INPUT_SOURCE
    sentences = load_examples([name], split, data_dir=data_dir, datasets=_registry())[:count]
    return format_curve(long_input_curve(model, sentences, batch_size=batch_size, **options))
