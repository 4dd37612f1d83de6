"""Examples to training records: the tasks the Pydantic path decodes with, with gold from the values.

Under the ``"entities"`` strategy (what the bundled model reads one record per text with) each
span field is an entity label shown with its description, gold: the aligned span of the value
(no span, a negative, when the value is ``null``); each choice field is a classification task
of the text with the chosen label; each ``bool`` the question "urgent" / "not urgent". A value
that cannot be aligned is reported (line, field, value) and that field is left out of the
example rather than taught as absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gliner2_core.training.examples import ClassificationGold, Mention, TrainingExample
from gliner2_integrations.adapt.align import align
from gliner2_integrations.adapt.examples import Labelled
from gliner2_integrations.pydantic.convert import ModelSchema
from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.plan import FieldPlan, question_labels


@dataclass
class Built:
    """Training examples, and the values that could not be found in their texts."""

    examples: list[TrainingExample] = field(default_factory=list)
    unaligned: list[dict[str, Any]] = field(default_factory=list)
    aligned: int = 0


def _label_of(plan: FieldPlan, value: Any) -> str | None:
    for label, choice in question_labels(plan):
        if choice == value or getattr(choice, "value", choice) == getattr(value, "value", value):
            return label
    return None


def _spans(plan: FieldPlan, text: str, value: Any, where: dict, built: Built) -> tuple[Mention, ...] | None:
    values = list(value) if plan.shape.many else [value]
    mentions = []
    for item in values:
        span = align(text, item, plan.shape.kind, plan.shape.target)
        if span is None:
            built.unaligned.append({**where, "value": str(item)})
            return None
        mentions.append(Mention(text[span[0] : span[1]], span[0], span[1]))
    built.aligned += len(mentions)
    return tuple(mentions)


def build(labelled: list[Labelled], schema: ModelSchema) -> Built:
    """One training example per text (its first record: one record per text, as the strategy reads)."""
    built = Built()
    for item in labelled:
        record = item.records[0] if item.records else None
        example = TrainingExample(text=item.text, source="adapt")
        for plan in schema.root.fields:
            value = getattr(record, plan.attr, None) if record is not None else None
            where = {"line": item.line, "field": plan.attr}
            if plan.shape.choices:
                if value is None or value == []:
                    continue  # "not stated" is no label of the question
                chosen = [value] if not plan.shape.many else list(value)
                labels = [_label_of(plan, v) for v in chosen]
                if None in labels:
                    built.unaligned.append({**where, "value": str(value)})
                    continue
                example.classifications.append(
                    ClassificationGold(
                        task=plan.label,
                        labels=tuple(label for label, _ in question_labels(plan)),
                        true_labels=tuple(labels),  # type: ignore[arg-type]
                        multi_label=plan.shape.many,
                        prompt=plan.description,
                    )
                )
                continue
            if value is None or value == []:
                example.entities[plan.label] = ()
            else:
                mentions = _spans(plan, item.text, value, where, built)
                if mentions is None:
                    continue
                example.entities[plan.label] = mentions
            if plan.description:
                example.entity_descriptions[plan.label] = plan.description
        built.examples.append(example)
    return built


REPLAY_LABELS = ("person", "organisation", "location", "date", "product", "money")
"""Everyday entity types the base model's own answers keep teaching, so adapting to one schema does
not unlearn them (self-distillation on the same texts)."""


def add_replay(examples: list[TrainingExample], base: Any, batch_size: int = 8) -> int:
    """Add the base model's mentions of :data:`REPLAY_LABELS` to each example (labels the schema
    does not use); returns how many mentions were added."""
    if not examples:
        return 0
    added = 0
    outputs = base.batch_extract_entities(
        [e.text for e in examples], list(REPLAY_LABELS), batch_size=batch_size, include_spans=True
    )
    for example, output in zip(examples, outputs, strict=True):
        for label, spans in (output.get("entities") or {}).items():
            if label in example.entities:
                continue
            example.entities[label] = tuple(Mention(s["text"], s["start"], s["end"]) for s in spans)
            added += len(spans)
    return added


def long_fields(schema: ModelSchema, built: Built, max_width: int) -> list[str]:
    """Span fields whose gold spans are longer than the checkpoint's span width (in words)."""
    long = set()
    labels = {p.label: p.attr for p in schema.root.fields if p.kind is not FieldKind.CHOICE}
    for example in built.examples:
        for label, mentions in example.entities.items():
            if any(len(m.text.split()) > max_width for m in mentions) and label in labels:
                long.add(labels[label])
    return sorted(long)
