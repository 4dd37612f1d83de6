"""Finding the records in one GLiNER2 output: the root instances, and the nested instances of each.

GLiNER2 returns nested structures as separate, flat lists, so their link to a
parent record is lost. With one record (``many=False``) every nested instance
belongs to it. With ``many=True`` each nested instance goes to the record that
starts closest before it in the text (records are anchored at their first
span), which suits texts that describe records one after another.

Under the ``"entities"`` strategy the root record is assembled from the entity
mentions (``raw["entities"][label]``) and classification results
(``raw[label]``) named by its field labels, and then read like a structure
instance. A classification label below the field's threshold (when the field
sets one and the output carries confidences) counts as not found. There is one
record per text, so ``many=True`` is refused (:func:`check_many`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gliner2_core import SchemaError
from gliner2_core.schema.spec import ENTITIES_KEY
from gliner2_integrations.pydantic.convert import ModelSchema
from gliner2_integrations.pydantic.plan import StructurePlan

Instance = Mapping[str, Any]


def items(value: Any) -> list[Mapping[str, Any]]:
    """A field's raw value as a list of ``{"text", "confidence"?, "start"?, "end"?}`` dicts."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v if isinstance(v, Mapping) else {"text": v} for v in values if isinstance(v, (Mapping, str))]


def _anchor(instance: Instance) -> int | None:
    """Where an instance starts in the text: its earliest span (``None`` without spans)."""
    starts = [item["start"] for value in instance.values() for item in items(value) if "start" in item]
    return min(starts) if starts else None


def _owner(anchors: list[int | None], start: int | None) -> int:
    """The record a nested instance starting at ``start`` belongs to: the closest one starting before it."""
    placed = [(anchor, -i) for i, anchor in enumerate(anchors) if anchor is not None]
    if start is None or len(anchors) == 1 or not placed:
        return 0
    before = [p for p in placed if p[0] <= start]
    return -max(before)[1] if before else -min(placed)[1]


def _choice_items(value: Any, threshold: float | None) -> list[Mapping[str, Any]]:
    """A classification result (``{"label", "confidence"?}``, a label, or a list of them) as field values."""
    found: list[Mapping[str, Any]] = []
    for result in value if isinstance(value, list) else [value]:
        if isinstance(result, str):
            found.append({"text": result})
        elif isinstance(result, Mapping) and "label" in result:
            confidence = result.get("confidence")
            if threshold is not None and confidence is not None and float(confidence) < threshold:
                continue
            found.append({"text": result["label"]} | ({} if confidence is None else {"confidence": confidence}))
    return found


def _root_instance(raw: Mapping[str, Any], root: StructurePlan) -> Instance:
    """Strategy ``"entities"``: the root's values, keyed by field label, from entity and classification results."""
    entities = raw.get(ENTITIES_KEY) or {}
    return {
        f.label: _choice_items(raw.get(f.label), f.threshold) if f.shape.choices else entities.get(f.label)
        for f in root.fields
    }


def candidates(
    raw: Mapping[str, Any], schema: ModelSchema, many: bool
) -> list[tuple[Instance, dict[str, list[Instance]]]]:
    """Root instances to turn into records, each with the nested instances assigned to it."""
    root = schema.root
    if schema.strategy == "entities":
        record = _root_instance(raw, root)
        instances: list[Instance] = [record] if any(items(value) for value in record.values()) else []
    else:
        instances = list(raw.get(root.name) or []) if root.fields else []
    pools = {c.attr: list(raw.get(c.structure.name) or []) for c in root.children}
    if not many:
        instances = instances[:1]
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
