"""A JSON Schema (e.g. ``Model.model_json_schema()``) as one GLiNER2 structure, in the schema dict form.

GLiNER2 fills flat records of text values, so the schema must be an object
whose properties are strings, numbers, booleans, dates, enums, or arrays of
those. ``anyOf`` with ``null`` (Pydantic's ``Optional``) and ``$ref`` into
``$defs`` (Pydantic's enums) are followed. Each property becomes a field:
a scalar is one value (``dtype "str"``), an array a list (``"list"``), an enum
a choice among its values; the property's ``description`` (else its ``title``)
describes it to the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gliner2_core import SchemaError

SCALAR_TYPES = ("string", "number", "integer", "boolean")
DEFAULT_NAME = "record"


def structure_from_json_schema(json_schema: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The structure name and the schema dict (``{"structures": {name: {"fields": [...]}}}``).

    Raises:
        SchemaError: Naming the property and the supported kinds, for a schema GLiNER2 cannot fill
            (not an object, no properties, nested objects, arrays of objects).

    Example:
        >>> structure_from_json_schema({"title": "Contact", "type": "object",
        ...     "properties": {"name": {"type": "string", "description": "a person"}}})
        ('contact', {'structures': {'contact': {'fields': [{'name': 'name', 'dtype': 'str', 'description': 'a person'}]}}})
    """
    if not isinstance(json_schema, Mapping):
        raise SchemaError.invalid("json_schema", type(json_schema).__name__, "a JSON Schema object")
    defs = json_schema.get("$defs") or json_schema.get("definitions") or {}
    root = _resolve(json_schema, defs, "json_schema")
    properties = root.get("properties")
    if root.get("type", "object") != "object" or not isinstance(properties, Mapping) or not properties:
        raise SchemaError.invalid(
            "json_schema", _short(json_schema), 'an object schema with "properties" (e.g. Model.model_json_schema())'
        )
    name = str(root.get("title") or DEFAULT_NAME).strip().lower().replace(" ", "_") or DEFAULT_NAME
    fields = [_field(str(key), prop, defs) for key, prop in properties.items()]
    return name, {"structures": {name: {"fields": fields}}}


def _field(key: str, prop: Any, defs: Mapping[str, Any]) -> dict[str, Any]:
    where = f"json_schema.properties.{key}"
    node = _resolve(prop, defs, where)
    field: dict[str, Any] = {"name": key}
    kind = node.get("type")
    if kind == "array":
        item = _resolve(node.get("items") or {"type": "string"}, defs, f"{where}.items")
        _check_scalar(item, where + ".items")
        field["dtype"] = "list"
        if item.get("enum"):
            field["choices"] = [str(v) for v in item["enum"]]
    else:
        _check_scalar(node, where)
        field["dtype"] = "str"
        if node.get("enum"):
            field["choices"] = [str(v) for v in node["enum"] if v is not None]
    description = (prop.get("description") if isinstance(prop, Mapping) else None) or node.get("description")
    if description:
        field["description"] = str(description)
    return field


def _resolve(node: Any, defs: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Follow ``$ref`` and drop the ``null`` branch of ``anyOf``/``oneOf``."""
    for _ in range(10):
        if not isinstance(node, Mapping):
            raise SchemaError.invalid(where, node, "a JSON Schema object")
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = defs.get(ref.rsplit("/", 1)[-1])
            if target is None:
                raise SchemaError.invalid(f"{where}.$ref", ref, sorted(defs))
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            continue
        branches = node.get("anyOf") or node.get("oneOf")
        if branches:
            kept = [b for b in branches if not (isinstance(b, Mapping) and b.get("type") == "null")]
            if len(kept) != 1:
                raise SchemaError.invalid(where, _short(node), "one type, optionally with null")
            rest = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
            node = {**kept[0], **rest}
            continue
        return dict(node)
    raise SchemaError.invalid(where, _short(node), "a schema without $ref cycles")


def _check_scalar(node: Mapping[str, Any], where: str) -> None:
    kind = node.get("type")
    if node.get("enum") or kind in SCALAR_TYPES or (kind is None and "properties" not in node):
        return
    raise SchemaError.invalid(
        f"{where} type", kind, f"{list(SCALAR_TYPES)}, an enum, or an array of those (GLiNER2 fills flat records)"
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."
