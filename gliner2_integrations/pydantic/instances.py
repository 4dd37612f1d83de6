"""Finding the records in one GLiNER2 output: the root instances, and the nested instances of each.

The output is read through :class:`Output`, from a typed :class:`~gliner2_core.Extraction`
(``GLiNER2.run``'s, or one read from a reference-style dict at the integrations' one edge,
:mod:`gliner2_integrations._reference`).

GLiNER2 returns nested structures as separate, flat lists, so their link to a
parent record is lost. With one record (``many=False``) every nested instance
belongs to it. With ``many=True`` each nested instance goes to the record that
starts closest before it in the text (records are anchored at their first
span), which suits texts that describe records one after another.

Under the ``"entities"`` strategy the root record is assembled from the entity
mentions and classification results named by its field labels, and then read like a structure
instance. A classification label below the field's threshold (when the field
sets one and the output carries confidences) counts as not found. There is one
record per text, so ``many=True`` is refused (:func:`check_many`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from gliner2_core import SchemaError
from gliner2_core.extraction import Extraction, Span, Value
from gliner2_integrations.pydantic.convert import ModelSchema
from gliner2_integrations.pydantic.plan import StructurePlan


class Found(NamedTuple):
    """One extracted value as the mapping reads it: its text, and its evidence when known.

    Attributes:
        text: The span text, or the chosen label.
        confidence: The model's probability (``None`` when the output did not carry one).
        start: Character offset of a span (``None`` for a choice, or an output without offsets).
        end: Character offset just past a span.
    """

    text: str
    confidence: float | None = None
    start: int | None = None
    end: int | None = None


Instance = Mapping[str, list[Found]]
"""One record's values, keyed by field label."""


def _found(value: Value) -> Found:
    if isinstance(value, Span):
        return Found(value.text, value.confidence, value.start, value.end)
    return Found(value.text, value.confidence)


class Output:
    """One text's typed :class:`Extraction`, read as the mapping needs it (values as :class:`Found`).

    A reference-style dict is read into an ``Extraction`` before it gets here
    (:func:`gliner2_integrations._reference.as_extraction`); evidence a dict did not
    carry is ``None``.
    """

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction

    def entities(self, label: str) -> list[Found]:
        return [_found(span) for span in self.extraction.entities.get(label, ())]

    def choices(self, task: str) -> list[Found]:
        return [_found(choice) for choice in self.extraction.classifications.get(task, ())]

    @property
    def text(self) -> str | None:
        """The text the output was extracted from (``None`` for a dict given without it)."""
        return self.extraction.text

    def has_task(self, task: str) -> bool:
        """The output answers classification task ``task``."""
        return task in self.extraction.classifications

    def labels(self, task: str) -> Any:
        """A classification result without confidences: a label or ``None`` (single-label), a list (multi-label)."""
        multi = any(c.name == task and c.multi_label for c in self.extraction.schema.classifications)
        chosen = [choice.text for choice in self.extraction.classifications.get(task, ())]
        return chosen if multi else (chosen[0] if chosen else None)

    def records(self, structure: str) -> list[Instance]:
        return [
            {name: [_found(value) for value in values] for name, values in record.fields.items()}
            for record in self.extraction.records.get(structure, ())
        ]


def _anchor(instance: Instance) -> int | None:
    """Where an instance starts in the text: its earliest span (``None`` without spans)."""
    starts = [item.start for values in instance.values() for item in values if item.start is not None]
    return min(starts) if starts else None


def _owner(anchors: list[int | None], start: int | None) -> int:
    """The record a nested instance starting at ``start`` belongs to: the closest one starting before it."""
    placed = [(anchor, -i) for i, anchor in enumerate(anchors) if anchor is not None]
    if start is None or len(anchors) == 1 or not placed:
        return 0
    before = [p for p in placed if p[0] <= start]
    return -max(before)[1] if before else -min(placed)[1]


def _root_instance(output: Output, root: StructurePlan) -> Instance:
    """Strategy ``"entities"``: the root's values, keyed by field label, from entity and classification results."""
    return {f.label: output.choices(f.label) if f.shape.choices else output.entities(f.label) for f in root.fields}


def _with_questions(output: Output, root: StructurePlan, instance: Instance) -> Instance:
    """A record with its choice and bool fields answered by their classification of the text, where the
    schema asked one (one record per text); other fields as the record has them."""
    merged = dict(instance)
    for f in root.fields:
        if f.shape.choices and output.has_task(f.label):
            merged[f.label] = output.choices(f.label)
    return merged


def candidates(output: Output, schema: ModelSchema, many: bool) -> list[tuple[Instance, dict[str, list[Instance]]]]:
    """Root instances to turn into records, each with the nested instances assigned to it."""
    root = schema.root
    if schema.strategy == "entities":
        record = _root_instance(output, root)
        instances: list[Instance] = [record] if any(record.values()) else []
    else:
        instances = output.records(root.name) if root.fields else []
    pools = {c.attr: output.records(c.structure.name) for c in root.children}
    if not many:
        instances = instances[:1]
        if schema.strategy == "record" and root.fields:
            instances = [_with_questions(output, root, instances[0] if instances else {})]
            if not any(instances[0].values()):
                instances = []
    if not instances and any(pools.values()):
        instances = [{}]  # nested values were found without any root field
    assigned: list[dict[str, list[Instance]]] = [{attr: [] for attr in pools} for _ in instances]
    anchors = [_anchor(instance) for instance in instances]
    for attr, pool in pools.items():
        for instance in pool:
            assigned[_owner(anchors, _anchor(instance))][attr].append(instance)
    return list(zip(instances, assigned, strict=True))


def check_many(model_schema: ModelSchema, many: bool) -> None:
    """Refuse ``many=True`` for a model extracted with the ``"entities"`` strategy (one record per text).

    Raises:
        SchemaError: (a ``ValueError``) naming the model and the strategy to use instead.
    """
    if many and model_schema.strategy == "entities":
        raise SchemaError(
            f"many=True: model {model_schema.model_cls.__name__} uses strategy 'entities', which extracts one "
            "record per text (entity mentions are not grouped into records); use strategy 'record' "
            "(model_options(strategy='record') or schema_for(..., strategy='record')) for lists of records"
        )
