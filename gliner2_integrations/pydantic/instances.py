"""Finding the records in one GLiNER2 output: the root instances, and the nested instances of each.

The output is read through :class:`Output`: a typed :class:`~gliner2_core.Extraction`
(the integrations' own path, ``GLiNER2.run``) or a reference-style dict.

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
from gliner2_core.decoding.format import to_reference_dict
from gliner2_core.extraction import Extraction, Span, Value
from gliner2_core.schema.spec import ENTITIES_KEY
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


def _typed(value: Value) -> Found:
    if isinstance(value, Span):
        return Found(value.text, value.confidence, value.start, value.end)
    return Found(value.text, value.confidence)


def items(value: Any) -> list[Found]:
    """A reference-dict value (``None``, a string, a ``{"text", "confidence"?, "start"?, "end"?}`` dict or a list)."""
    if value is None:
        return []
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            found.append(Found(item))
        elif isinstance(item, Mapping):
            confidence = item.get("confidence")
            start, end = item.get("start"), item.get("end")
            found.append(
                Found(
                    str(item.get("text", "")),
                    None if confidence is None else float(confidence),
                    None if start is None or end is None else int(start),
                    None if start is None or end is None else int(end),
                )
            )
    return found


def _choice_items(value: Any) -> list[Found]:
    """A reference-dict classification result (``{"label", "confidence"?}``, a label, or a list of them)."""
    found: list[Found] = []
    for result in value if isinstance(value, list) else [value]:
        if isinstance(result, str):
            found.append(Found(result))
        elif isinstance(result, Mapping) and "label" in result:
            confidence = result.get("confidence")
            found.append(Found(str(result["label"]), None if confidence is None else float(confidence)))
    return found


class Output:
    """One text's model output, read the same way whether it is a typed :class:`Extraction`
    (what ``GLiNER2.run`` returns: every value with its confidence and offsets) or a
    reference-style dict (``extract``'s output, or another library's)."""

    def __init__(self, output: Extraction | Mapping[str, Any], text: str | None = None) -> None:
        self.output = output
        self._text = text

    def entities(self, label: str) -> list[Found]:
        if isinstance(self.output, Extraction):
            return [_typed(span) for span in self.output.entities.get(label, ())]
        return items((self.output.get(ENTITIES_KEY) or {}).get(label))

    def choices(self, task: str) -> list[Found]:
        if isinstance(self.output, Extraction):
            return [_typed(choice) for choice in self.output.classifications.get(task, ())]
        return _choice_items(self.output.get(task))

    @property
    def text(self) -> str | None:
        """The text the output was extracted from (a dict output: the text given with it, if any)."""
        return self.output.text if isinstance(self.output, Extraction) else self._text

    def has_task(self, task: str) -> bool:
        """The output answers classification task ``task``."""
        if isinstance(self.output, Extraction):
            return any(c.name == task for c in self.output.schema.classifications)
        return task in self.output

    def labels(self, task: str) -> Any:
        """A classification result without confidences: a label or ``None`` (single-label), a list (multi-label)."""
        if isinstance(self.output, Extraction):
            multi = any(c.name == task and c.multi_label for c in self.output.schema.classifications)
            chosen = [choice.text for choice in self.output.classifications.get(task, ())]
            return chosen if multi else (chosen[0] if chosen else None)
        return _plain_labels(self.output.get(task))

    def reference_dict(self) -> dict[str, Any]:
        """The output as the reference library's dict (with confidences and offsets when it has them)."""
        if isinstance(self.output, Extraction):
            return to_reference_dict(self.output, include_confidence=True, include_spans=True)
        return dict(self.output)

    def records(self, structure: str) -> list[Instance]:
        if isinstance(self.output, Extraction):
            return [
                {name: [_typed(value) for value in values] for name, values in record.fields.items()}
                for record in self.output.records.get(structure, ())
            ]
        return [
            {str(name): items(value) for name, value in instance.items()}
            for instance in self.output.get(structure) or []
            if isinstance(instance, Mapping)
        ]


def _plain_labels(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain_labels(v) for v in value]
    return value.get("label") if isinstance(value, Mapping) else value


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
