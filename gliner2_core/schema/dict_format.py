"""The reference's plain-dict schema form, and the ``"name::dtype::[a|b]::desc"`` field spec.

Dict form (what ``Schema.to_dict`` writes and ``Schema.from_dict`` reads)::

    {
      "entities": ["person", "company"] | {"person": "desc" | {"description", "dtype", "threshold"}},
      "structures": {"product": {"fields": [{"name": "name", "dtype": "str"},
                                            {"name": "tier", "choices": ["basic", "pro"]}]},
                     "order": {"mode": "natural", "anchor": "id",       # records (boundary record head)
                               "fields": [{"name": "id", "dtype": "str", "cardinality": "required_one",
                                           "exclusive": true}, "items::list"]}},
      "classifications": [{"task": "sentiment", "labels": ["pos", "neg"], "multi_label": false}],
      "relations": ["works_for"] | {"works_for": "desc" | {"description", "threshold"}},
      "entity_attributes": {"sentiment": {"labels": ["positive", "negative"]},   # needs "entities"
                            "role": {"labels": ["ceo", "founder"], "multi_label": true, "threshold": 0.4,
                                     "applies_to": ["person"], "qualify_labels": false}}
    }

A structure may also be given as a list of field specs, as in ``extract_json``:
``{"product": ["name::str::Product name", "tier::[basic|pro]", "features::list"]}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from gliner2_core.errors import SchemaError
from gliner2_core.schema.attributes import group_to_dict
from gliner2_core.schema.spec import DTYPES, ClassificationTask, SchemaSpec

TYPE_NAMES = ("float", "int", "integer", "number", "bool", "boolean", "date", "datetime", "dict", "object", "array", "string")
"""Words that look like a value type but are not a GLiNER2 dtype: ``"price::float"`` is refused, not read as a description."""

SCHEMA_KEYS = ("entities", "structures", "classifications", "relations", "entity_attributes")
FIELD_KEYS = ("name", "dtype", "choices", "description", "threshold", "cardinality", "exclusive")
STRUCTURE_KEYS = ("fields", "mode", "anchor", "occurrence_policy")
CLASSIFICATION_KEYS = ("task", "labels", "multi_label", "cls_threshold", "top_k", "class_act", "prompt", "examples")


def parse_field_spec(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    """Parse ``"name::dtype::[a|b]::description"`` (or a dict) into ``field()`` keywords.

    A choice list without an explicit dtype means a single choice (``"str"``).

    Example:
        >>> parse_field_spec("tier::[basic|pro]::Service level")
        {'name': 'tier', 'dtype': 'str', 'choices': ['basic', 'pro'], 'description': 'Service level'}
    """
    if isinstance(spec, Mapping):
        for key in spec:
            if key not in FIELD_KEYS:
                raise SchemaError.invalid("field option", key, FIELD_KEYS)
        if "name" not in spec:
            raise SchemaError.invalid("field", dict(spec), "a dict with a 'name'")
        return dict(spec)
    if not isinstance(spec, str):
        raise SchemaError.invalid("field spec", spec, "'name::dtype::[a|b]::description' or a dict")
    name, *parts = spec.split("::")
    config: dict[str, Any] = {"name": name}
    for part in parts:
        if part.strip().lower() in TYPE_NAMES:
            raise SchemaError.invalid(
                f"field spec {spec!r}.dtype",
                part,
                f"one of {', '.join(map(repr, DTYPES))} (fields are text spans; convert values after extraction, "
                "e.g. with the Pydantic integration, or write a description of more than a type name)",
            )
        if part in DTYPES:
            config["dtype"] = part
        elif part.startswith("[") and part.endswith("]"):
            config["choices"] = [choice.strip() for choice in part[1:-1].split("|")]
        else:
            config["description"] = part
    if "choices" in config and "dtype" not in config:
        config["dtype"] = "str"
    if "description" in config:
        config = {**{k: v for k, v in config.items() if k != "description"}, "description": config["description"]}
    return config


def _fields_of(name: str, value: Any) -> Sequence[Any]:
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in STRUCTURE_KEYS]
        if unknown:
            raise SchemaError.invalid(f"structure {name!r} option", unknown[0], STRUCTURE_KEYS)
        value = value.get("fields")
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise SchemaError.invalid(f"structure {name!r}.fields", value, "a non-empty list of field specs")
    return value


class FieldTarget(Protocol):
    """What :func:`schema_from_dict` calls to add a structure's fields (the ``StructureBuilder``)."""

    def field(self, name: str, **options: Any) -> Any: ...


class SchemaTarget(Protocol):
    """What :func:`schema_from_dict` fills: the builder's methods (this module never imports the builder)."""

    def entities(self, entity_types: Any) -> Any: ...

    def entity_attributes(self, groups: Any) -> Any: ...

    def structure(self, name: str, *, mode: str | None = None, anchor: str | None = None) -> FieldTarget: ...

    def classification(self, task: str, labels: Any, **options: Any) -> Any: ...

    def relations(self, relation_types: Any) -> Any: ...


TargetT = TypeVar("TargetT", bound=SchemaTarget)


def schema_from_dict(schema: TargetT, data: Mapping[str, Any]) -> TargetT:
    """Fill ``schema`` (a ``Schema`` builder) from the dict form and return it."""
    if not isinstance(data, Mapping):
        raise SchemaError.invalid("schema", data, "a dict")
    for key in data:
        if key not in SCHEMA_KEYS:
            raise SchemaError.invalid("schema key", key, SCHEMA_KEYS)
    if data.get("entities") is not None:
        schema.entities(data["entities"])
    if data.get("entity_attributes") is not None:
        if data.get("entities") is None:
            raise SchemaError.invalid("entity_attributes", data["entity_attributes"], "a schema with 'entities' too")
        schema.entity_attributes(data["entity_attributes"])
    structures = data.get("structures")
    if structures is not None:
        if not isinstance(structures, Mapping):
            raise SchemaError.invalid("structures", structures, "a dict of structure name -> fields")
        for name, value in structures.items():
            options = {k: value[k] for k in STRUCTURE_KEYS[1:] if k in value} if isinstance(value, Mapping) else {}
            builder = schema.structure(name, **options)
            for spec in _fields_of(name, value):
                builder.field(**parse_field_spec(spec))
    for item in data.get("classifications") or ():
        if not isinstance(item, Mapping) or "task" not in item or "labels" not in item:
            raise SchemaError.invalid("classifications[]", item, "a dict with 'task' and 'labels'")
        for key in item:
            if key not in CLASSIFICATION_KEYS:
                raise SchemaError.invalid(f"classification {item['task']!r} option", key, CLASSIFICATION_KEYS)
        options = {k: v for k, v in item.items() if k not in ("task", "labels") and v is not None}
        schema.classification(item["task"], item["labels"], **options)
    if data.get("relations") is not None:
        schema.relations(data["relations"])
    return schema


def _compact(config: dict[str, Any]) -> str | dict[str, Any]:
    return config["description"] if set(config) == {"description"} else config


def spec_to_dict(spec: SchemaSpec) -> dict[str, Any]:
    """Serialise a :class:`SchemaSpec` to the dict form (round-trips through ``from_dict``)."""
    out: dict[str, Any] = {}
    if spec.entities is not None:
        configs = {}
        for entity in spec.entities.types:
            config: dict[str, Any] = {}
            if entity.description:
                config["description"] = entity.description
            if entity.dtype != "list":
                config["dtype"] = entity.dtype
            if entity.threshold is not None:
                config["threshold"] = entity.threshold
            configs[entity.name] = config
        out["entities"] = (
            {name: _compact(c) for name, c in configs.items()} if any(configs.values()) else list(configs)
        )
    if spec.entities is not None and spec.entities.attributes:
        out["entity_attributes"] = {name: group_to_dict(group) for name, group in spec.entities.attributes}
    if spec.structures:
        out["structures"] = {}
        for structure in spec.structures:
            fields: list[dict[str, Any]] = []
            for f in structure.fields:
                entry: dict[str, Any] = {"name": f.name}
                if f.dtype != "list":
                    entry["dtype"] = f.dtype
                if f.choices:
                    entry["choices"] = list(f.choices)
                if f.description:
                    entry["description"] = f.description
                if f.threshold is not None:
                    entry["threshold"] = f.threshold
                if f.cardinality is not None:
                    entry["cardinality"] = f.cardinality
                if f.exclusive:
                    entry["exclusive"] = True
                fields.append(entry)
            entry = {"fields": fields}
            if structure.mode is not None:
                entry["mode"] = structure.mode
                for key in ("anchor", "occurrence_policy"):
                    if getattr(structure, key) is not None:
                        entry[key] = getattr(structure, key)
            out["structures"][structure.name] = entry
    if spec.classifications:
        out["classifications"] = [_classification_to_dict(c) for c in spec.classifications]
    if spec.relations:
        configs = {}
        for relation in spec.relations:
            config = {}
            if relation.description:
                config["description"] = relation.description
            if relation.threshold is not None:
                config["threshold"] = relation.threshold
            configs[relation.name] = config
        out["relations"] = (
            {name: _compact(c) for name, c in configs.items()} if any(configs.values()) else list(configs)
        )
    return out


def _classification_to_dict(task: ClassificationTask) -> dict[str, Any]:
    descriptions = dict(task.label_descriptions)
    entry: dict[str, Any] = {
        "task": task.name,
        "labels": {label: descriptions.get(label, "") for label in task.labels} if descriptions else list(task.labels),
    }
    if task.multi_label:
        entry["multi_label"] = True
    if task.cls_threshold != 0.5:
        entry["cls_threshold"] = task.cls_threshold
    optional: dict[str, Any | None] = {
        "top_k": task.top_k,
        "class_act": None if task.activation == "auto" else task.activation,
        "prompt": task.prompt,
        "examples": [list(e) for e in task.examples] or None,
    }
    entry.update({k: v for k, v in optional.items() if v is not None})
    return entry
