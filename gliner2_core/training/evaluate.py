"""Evaluation on gold examples: entity, relation and record F1, classification accuracy.

Matching is strict on character offsets: an entity counts when its label, start
and end equal a gold mention; a relation when its type and both argument spans
do; an event record when its type, trigger and every argument do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gliner2_core.options import ExtractOptions
from gliner2_core.schema.builder import Schema
from gliner2_core.training.examples import ChoiceGold, Mention, TrainingExample


@dataclass
class Score:
    """Micro-averaged counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pinned(mention: Mention, text: str) -> tuple[int, int]:
    if mention.start is not None and mention.end is not None:
        return mention.start, mention.end
    start = text.find(mention.text)
    return start, start + len(mention.text)


def _labels(examples: Sequence[TrainingExample]) -> list[str]:
    return list(dict.fromkeys(label for ex in examples for label in ex.entities))


DEFAULTS = ExtractOptions()
"""Evaluation uses the library's extraction defaults unless told otherwise."""

CONFIDENT = 0.8
"""Calibration is reported as the precision of the predictions at or above this confidence."""


def entity_f1(
    model, examples: Sequence[TrainingExample], *, threshold: float | None = DEFAULTS.threshold, batch_size: int = DEFAULTS.batch_size, confident: Score | None = None
) -> Score:
    """Strict entity micro-F1 over the dataset's full label set.

    Args:
        confident: If given, also counts the predictions at confidence >= :data:`CONFIDENT` into it
            (its precision is the calibration figure).
    """
    labels = _labels(examples)
    score = Score()
    if not labels:
        return score
    schema = Schema().entities(labels)
    outputs = model.batch_extract(
        [ex.text for ex in examples], schema, threshold=threshold, include_spans=True, include_confidence=True, batch_size=batch_size
    )
    for ex, out in zip(examples, outputs):
        predicted = {(label, m["start"], m["end"]) for label, ms in out["entities"].items() for m in ms}
        gold = {(label, *_pinned(m, ex.text)) for label, ms in ex.entities.items() for m in ms}
        score.add(predicted, gold)
        if confident is not None:
            sure = {(label, m["start"], m["end"]) for label, ms in out["entities"].items() for m in ms if m["confidence"] >= CONFIDENT}
            confident.tp += len(sure & gold)
            confident.fp += len(sure - gold)
    return score


def relation_f1(
    model, examples: Sequence[TrainingExample], *, threshold: float | None = DEFAULTS.threshold, batch_size: int = DEFAULTS.batch_size, per_example: bool = False
) -> Score:
    """Strict relation micro-F1: type and both argument offsets must match.

    Args:
        per_example: Ask each text only for the relation types its gold has (for datasets with
            hundreds of types, such as WebNLG), instead of every type of the dataset.
    """
    names = list(dict.fromkeys(name for ex in examples for name, _, _ in ex.relations))
    score = Score()
    if not names:
        return score
    if per_example:
        examples = [ex for ex in examples if ex.relations]
        schemas = [Schema().relations(list(dict.fromkeys(n for n, _, _ in ex.relations))) for ex in examples]
    else:
        schemas = Schema().relations(names)
    outputs = model.batch_extract([ex.text for ex in examples], schemas, threshold=threshold, include_spans=True, batch_size=batch_size)
    for ex, out in zip(examples, outputs):
        predicted = {
            (name, p["head"]["start"], p["head"]["end"], p["tail"]["start"], p["tail"]["end"])
            for name, pairs in out.get("relation_extraction", {}).items()
            for p in pairs
        }
        gold = {(name, *_pinned(h, ex.text), *_pinned(t, ex.text)) for name, h, t in ex.relations}
        score.add(predicted, gold)
    return score


def classification_scores(model, examples: Sequence[TrainingExample], *, batch_size: int = DEFAULTS.batch_size) -> dict[str, float]:
    """``{"<task>_accuracy": ...}`` per single-label task, ``{"<task>_micro_f1": ...}`` per multi-label task."""
    results: dict[str, float] = {}
    tasks = {c.task: c for ex in examples for c in ex.classifications}
    for name, template in tasks.items():
        labelled = [(ex, next(c for c in ex.classifications if c.task == name)) for ex in examples if any(c.task == name for c in ex.classifications)]
        labels = list(dict.fromkeys(label for _, c in labelled for label in c.labels))
        schema = Schema().classification(name, labels, multi_label=template.multi_label)
        outputs = model.batch_extract([ex.text for ex, _ in labelled], schema, batch_size=batch_size)
        if template.multi_label:
            score = Score()
            for (_, gold), out in zip(labelled, outputs):
                score.add(set(out[name] or []), set(gold.true_labels))
            results[f"{name}_micro_f1"] = score.f1
        else:
            correct = sum(out[name] in gold.true_labels for (_, gold), out in zip(labelled, outputs))
            results[f"{name}_accuracy"] = correct / len(labelled) if labelled else 0.0
    return results


RecordKey = tuple[str, tuple[tuple[str, tuple[Any, ...]], ...]]


def _gold_record(name: str, instance: dict[str, Any], text: str) -> RecordKey:
    parts = []
    for field_name in sorted(instance):
        value = instance[field_name]
        values = tuple(sorted(value.selected)) if isinstance(value, ChoiceGold) else tuple(sorted(_pinned(m, text) for m in value))
        if values:
            parts.append((field_name, values))
    return name, tuple(parts)


def _predicted_record(name: str, instance: dict[str, Any]) -> RecordKey:
    parts = []
    for field_name in sorted(instance):
        value = instance[field_name]
        items = value if isinstance(value, list) else ([] if value is None else [value])
        values = tuple(sorted(((v["start"], v["end"]) if "start" in v else v["text"]) if isinstance(v, dict) else v for v in items))
        if values:
            parts.append((field_name, values))
    return name, tuple(parts)


def _layouts(examples: Sequence[TrainingExample]) -> dict[str, dict[str, ChoiceGold | None]]:
    """Record type -> field -> its choices (a :class:`ChoiceGold`) or ``None`` for a span field."""
    layouts: dict[str, dict[str, ChoiceGold | None]] = {}
    for ex in examples:
        for name, instance in ex.structures:
            layout = layouts.setdefault(name, {})
            for field_name, gold in instance.items():
                if isinstance(gold, ChoiceGold):
                    layout[field_name] = gold
                else:
                    layout.setdefault(field_name, None)
    return layouts


def _record_schema(layouts: dict[str, dict[str, ChoiceGold | None]], descriptions: dict[str, dict[str, str]]) -> Schema:
    schema = Schema()
    for name, layout in layouts.items():
        builder = schema.structure(name)
        notes = descriptions.get(name, {})
        for field_name, choice in layout.items():
            if choice is None:
                builder.field(field_name, dtype="list", description=notes.get(field_name))
            else:
                builder.field(field_name, dtype="str", choices=list(choice.choices), description=notes.get(field_name))
    return schema


def record_f1(
    model, examples: Sequence[TrainingExample], *, threshold: float | None = DEFAULTS.threshold, batch_size: int = DEFAULTS.batch_size, per_example: bool = False
) -> dict[str, Score]:
    """Exact-record F1 (every field equal), plus field-level F1 (type, field, value).

    Args:
        per_example: Ask each text for its own record types, fields, choices and descriptions (as a user
            with that document type would), instead of one schema of every type in the dataset.
    """
    records, fields = Score(), Score()
    if not any(ex.structures for ex in examples):
        return {"record": records, "field": fields}
    if per_example:
        examples = [ex for ex in examples if ex.structures]  # a text's own types: nothing to ask without records
        schemas = [_record_schema(_layouts([ex]), ex.structure_descriptions) for ex in examples]
        names_per_text = [list(_layouts([ex])) for ex in examples]
    else:
        layouts = _layouts(examples)
        schemas = _record_schema(layouts, {})
        names_per_text = [list(layouts)] * len(examples)
    outputs = model.batch_extract([ex.text for ex in examples], schemas, threshold=threshold, include_spans=True, batch_size=batch_size)
    for ex, out, names in zip(examples, outputs, names_per_text):
        gold_keys = [_gold_record(n, inst, ex.text) for n, inst in ex.structures]
        pred_keys = [_predicted_record(n, inst) for n in names for inst in out.get(n, [])]
        records.add(set(k for k in pred_keys if k[1]), set(k for k in gold_keys if k[1]))
        fields.add(
            {(k[0], f, v) for k in pred_keys for f, vs in k[1] for v in vs},
            {(k[0], f, v) for k in gold_keys for f, vs in k[1] for v in vs},
        )
    return {"record": records, "field": fields}


def evaluate(
    model, examples: Sequence[TrainingExample], *, threshold: float | None = DEFAULTS.threshold, batch_size: int = DEFAULTS.batch_size, per_example: bool = False
) -> dict[str, float]:
    """Every metric the examples support, as a flat ``{name: value}`` dict.

    ``entity_precision_at_0.8`` is the share of entity predictions at confidence >= 0.8 that are right.
    ``per_example`` asks each text for its own record and relation types (see :func:`record_f1`).
    """
    metrics: dict[str, float] = {}
    if any(ex.entities for ex in examples):
        confident = Score()
        metrics["entity_f1"] = entity_f1(model, examples, threshold=threshold, batch_size=batch_size, confident=confident).f1
        if confident.tp + confident.fp:
            metrics[f"entity_precision_at_{CONFIDENT}"] = confident.precision
    if any(ex.relations for ex in examples):
        metrics["relation_f1"] = relation_f1(model, examples, threshold=threshold, batch_size=batch_size, per_example=per_example).f1
    if any(ex.structures for ex in examples):
        scores = record_f1(model, examples, threshold=threshold, batch_size=batch_size, per_example=per_example)
        metrics["record_f1"], metrics["record_field_f1"] = scores["record"].f1, scores["field"].f1
    metrics.update(classification_scores(model, examples, batch_size=batch_size))
    return metrics
