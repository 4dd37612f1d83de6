"""A JSON Schema (e.g. ``Model.model_json_schema()``) as one GLiNER2 structure, in the schema dict form.

GLiNER2 fills flat records of text values, so the schema must be an object
whose properties are strings, numbers, booleans, dates, enums, or arrays of
those. ``anyOf`` with ``null`` (Pydantic's ``Optional``), ``$ref`` into
``$defs`` (Pydantic's enums) and ``allOf`` (its parts merged, their enums
intersected) are followed; ``const`` is a one-value enum. Each property becomes a field:
a scalar is one value (``dtype "str"``), an array a list (``"list"``), an enum
a choice among its values; the property's ``description`` (else its ``title``)
describes it to the model.
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
from collections.abc import Mapping
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field, create_model

from gliner2_core import SchemaError

SCALAR_TYPES = ("string", "number", "integer", "boolean")
JSON_TYPES = (*SCALAR_TYPES, "null", "object", "array")
DEFS_KEYS = ("$defs", "definitions")
DEFAULT_NAME = "record"
MAX_STEPS = 20
"""How many ``$ref``/``allOf``/``anyOf`` steps one property may take (more: a reference cycle)."""


def structure_from_json_schema(json_schema: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The structure name and the schema dict (``{"structures": {name: {"fields": [...]}}}``).

    Raises:
        SchemaError: Naming the property and the supported kinds, for a schema GLiNER2 cannot fill
            (not an object, no properties, nested objects, arrays of objects) or one that is
            not valid JSON Schema (``enum`` not a list, ``$defs`` not an object, ...).

    Example:
        >>> structure_from_json_schema({"title": "Contact", "type": "object",
        ...     "properties": {"name": {"type": "string", "description": "a person"}}})
        ('contact', {'structures': {'contact': {'fields': [{'name': 'name', 'dtype': 'str', 'description': 'a person'}]}}})
    """
    if not isinstance(json_schema, Mapping):
        raise SchemaError.invalid("json_schema", type(json_schema).__name__, "a JSON Schema object")
    defs = _definitions(json_schema)
    root = _resolve(json_schema, defs, "json_schema")
    properties = root.get("properties")
    if _types(root, "json_schema") not in ([], ["object"]) or not isinstance(properties, Mapping) or not properties:
        raise SchemaError.invalid(
            "json_schema", _short(json_schema), 'an object schema with "properties" (e.g. Model.model_json_schema())'
        )
    name = str(root.get("title") or DEFAULT_NAME).strip().lower().replace(" ", "_") or DEFAULT_NAME
    fields = [_field(str(key), prop, defs) for key, prop in properties.items()]
    return name, {"structures": {name: {"fields": fields}}}


def _definitions(json_schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """``$defs`` (or the older ``definitions``): an object of named schemas, or nothing."""
    for key in DEFS_KEYS:
        defs = json_schema.get(key)
        if defs is None:
            continue
        if not isinstance(defs, Mapping):
            raise SchemaError.invalid(f"json_schema.{key}", _short(defs), "an object of named schemas ({name: schema})")
        return defs
    return {}


def _field(key: str, prop: Any, defs: Mapping[str, Any]) -> dict[str, Any]:
    where = f"json_schema.properties.{key}"
    node = _resolve(prop, defs, where)
    field: dict[str, Any] = {"name": key}
    if _types(node, where) == ["array"]:
        item = _resolve(node.get("items") or {"type": "string"}, defs, f"{where}.items")
        _check_scalar(item, where + ".items")
        field["dtype"] = "list"
        choices = _choices(item, f"{where}.items")
    else:
        _check_scalar(node, where)
        field["dtype"] = "str"
        choices = _choices(node, where)
    if choices:
        field["choices"] = choices
    description = (prop.get("description") if isinstance(prop, Mapping) else None) or node.get("description")
    if description:
        field["description"] = str(description)
    return field


def _choices(node: Mapping[str, Any], where: str) -> list[str]:
    """The allowed values of ``enum`` (or ``const``) as text, ``null`` left out; ``[]`` when any text is allowed."""
    if "const" in node and "enum" not in node:
        values: Any = [node["const"]]
    else:
        values = node.get("enum")
    if values is None:
        return []
    if not isinstance(values, list) or not values:
        raise SchemaError.invalid(f"{where}.enum", _short(values), 'a non-empty list of values, e.g. ["red", "green"]')
    for value in values:
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise SchemaError.invalid(f"{where}.enum value", _short(value), "a string, number, boolean or null")
    return list(dict.fromkeys(_text(v) for v in values if v is not None))


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _types(node: Mapping[str, Any], where: str) -> list[str]:
    """The node's ``type`` as a list without ``"null"`` (``["string", "null"]`` -> ``["string"]``)."""
    kind = node.get("type")
    if kind is None:
        return []
    kinds = kind if isinstance(kind, list) else [kind]
    if not kinds or not all(isinstance(k, str) and k in JSON_TYPES for k in kinds):
        raise SchemaError.invalid(f"{where}.type", _short(kind), f"one of {list(JSON_TYPES)} or a list of them")
    kept = [k for k in kinds if k != "null"]
    if len(kept) > 1:
        raise SchemaError.invalid(f"{where}.type", kind, "one type, optionally with null")
    return kept


def _resolve(node: Any, defs: Mapping[str, Any], where: str, depth: int = 0) -> dict[str, Any]:
    """Follow ``$ref``, merge ``allOf`` (enums intersected) and drop the ``null`` branch of ``anyOf``/``oneOf``."""
    for _ in range(MAX_STEPS if depth <= MAX_STEPS else 0):
        if not isinstance(node, Mapping):
            raise SchemaError.invalid(where, _short(node), "a JSON Schema object")
        ref = node.get("$ref")
        if ref is not None:
            node = {**_target(ref, defs, where), **{k: v for k, v in node.items() if k != "$ref"}}
            continue
        if node.get("allOf") is not None:
            parts = _branches(node, "allOf", where)
            rest = {k: v for k, v in node.items() if k != "allOf"}
            node = _merge(
                [_resolve(part, defs, f"{where}.allOf[{i}]", depth + 1) for i, part in enumerate(parts)] + [rest], where
            )
            continue
        combiner = next((k for k in ("anyOf", "oneOf") if node.get(k) is not None), None)
        if combiner:
            branches = _branches(node, combiner, where)
            kept = [b for b in branches if not (isinstance(b, Mapping) and b.get("type") == "null")]
            if len(kept) != 1:
                raise SchemaError.invalid(where, _short(node), "one type, optionally with null")
            rest = {k: v for k, v in node.items() if k != combiner}
            node = {**kept[0], **rest}
            continue
        return dict(node)
    shown = where if len(where) <= 100 else where[:97] + "..."
    raise SchemaError.invalid(
        shown, _short(node), f"a schema without reference cycles, nested at most {MAX_STEPS} deep"
    )


def _target(ref: Any, defs: Mapping[str, Any], where: str) -> Any:
    """The schema a local ``$ref`` (``#/$defs/Name``) points at."""
    prefix = next((f"#/{key}/" for key in DEFS_KEYS if isinstance(ref, str) and ref.startswith(f"#/{key}/")), None)
    target = defs.get(ref[len(prefix) :]) if prefix else None
    if target is None:
        options = [f"#/$defs/{name}" for name in defs] or "a local reference #/$defs/Name to a definition in $defs"
        raise SchemaError.invalid(f"{where}.$ref", ref, options)
    return target


def _branches(node: Mapping[str, Any], key: str, where: str) -> list[Any]:
    branches = node[key]
    if not isinstance(branches, list) or not branches:
        raise SchemaError.invalid(f"{where}.{key}", _short(branches), "a non-empty list of schemas")
    return branches


def _merge(parts: list[dict[str, Any]], where: str) -> dict[str, Any]:
    """``allOf`` as one schema: every part's keys, the same type, and only the values every enum allows."""
    merged: dict[str, Any] = {}
    kinds = {k for part in parts for k in _types(part, where)}
    if len(kinds) > 1:
        raise SchemaError.invalid(f"{where}.allOf", sorted(kinds), "parts of one type (a value cannot be all of them)")
    enums = [_choices(part, where) for part in parts if "enum" in part or "const" in part]
    for part in parts:
        merged.update(part)
    merged.pop("const", None)
    if enums:
        allowed = [value for value in enums[0] if all(value in other for other in enums[1:])]
        if not allowed:
            raise SchemaError.invalid(f"{where}.allOf", [e for e in enums], "enums that share at least one value")
        merged["enum"] = allowed
    if kinds:
        merged["type"] = kinds.pop()
    return merged


def _check_scalar(node: Mapping[str, Any], where: str) -> None:
    kinds = _types(node, where)
    if node.get("enum") is not None or "const" in node or (kinds and kinds[0] in SCALAR_TYPES):
        return
    if not kinds and "properties" not in node and "items" not in node:
        return
    raise SchemaError.invalid(
        f"{where} type",
        node.get("type"),
        f"{list(SCALAR_TYPES)}, an enum, or an array of those (GLiNER2 fills flat records)",
    )


class _Shown(str):
    """A value's repr, shortened; shown as is (not quoted again) in an error message."""

    def __repr__(self) -> str:
        return str(self)


def _short(value: Any) -> _Shown:
    text = repr(value)
    return _Shown(text if len(text) <= 120 else text[:117] + "...")


FORMATS: dict[str, Any] = {"date": "date", "date-time": "datetime", "time": "time", "email": "email", "uri": "url"}
"""JSON Schema ``format`` -> the field kind it decodes as (``date``/``date-time``/``time`` also typed)."""
SCALAR_ANNOTATIONS: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool}


def model_from_json_schema(json_schema: Mapping[str, Any]) -> tuple[str, type[Any], dict[str, str]]:
    """A Pydantic model built from a JSON Schema, so its fields decode by kind as ``extract_model`` does.

    Types follow the schema: ``integer``/``number``/``boolean`` are read as numbers and
    yes/no questions, ``enum``/``const`` as choices, ``format`` ``date``/``date-time``/``time``
    as dates and times, ``email``/``uri`` as e-mail addresses and URLs, a ``pattern`` as
    a constrained string, and the rest by field name and description (see
    :mod:`gliner2_integrations.pydantic.kinds`). Every field is optional. GLiNER2 options a
    Pydantic model put in the schema (``field_options``) are kept.

    Returns:
        The structure name, the model class, and its attribute -> JSON property name (they
        differ only for properties that are not Python identifiers).

    Raises:
        SchemaError: As :func:`structure_from_json_schema`.
    """
    name, _ = structure_from_json_schema(json_schema)  # every check and error message lives there
    defs = _definitions(json_schema)
    root = _resolve(json_schema, defs, "json_schema")
    fields: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for index, (key, prop) in enumerate(root["properties"].items()):
        attr, fields[attr] = _model_field(index, str(key), prop, defs)
        keys[attr] = str(key)
    title = str(root.get("title") or name)
    model = create_model(title if title.isidentifier() else "Record", __doc__=root.get("description"), **fields)
    return name, model, keys


_TYPED = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}


def _model_field(index: int, key: str, prop: Any, defs: Mapping[str, Any]) -> tuple[str, tuple[Any, Any]]:
    """One property as ``(attribute, (annotation, Field))``: typed by its schema, GLiNER2 options kept."""
    where = f"json_schema.properties.{key}"
    node = _resolve(prop, defs, where)
    is_list = _types(node, where) == ["array"]
    item = _resolve(node.get("items") or {"type": "string"}, defs, f"{where}.items") if is_list else node
    extra = dict(item.get("gliner2") or {}) if isinstance(item.get("gliner2"), Mapping) else {}
    extra.update(prop.get("gliner2") if isinstance(prop, Mapping) and isinstance(prop.get("gliner2"), Mapping) else {})
    annotation, options = _annotation(item, where, extra)
    attr = key
    if not attr.isidentifier() or keyword.iskeyword(attr) or attr.startswith("_") or hasattr(BaseModel, attr):
        attr = f"field_{index}"
        extra.setdefault("label", key.replace("_", " ").strip() or attr)
    description = (prop.get("description") if isinstance(prop, Mapping) else None) or node.get("description")
    field_type = list[annotation] if is_list else annotation
    return attr, (
        Optional[field_type],  # noqa: UP045 - a runtime-built annotation
        Field(
            default=None,
            description=str(description) if description else None,
            json_schema_extra={"gliner2": extra} if extra else None,
            **options,
        ),
    )


def _annotation(item: Mapping[str, Any], where: str, extra: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The Python type of one value (choices, a date/time, a scalar) and its ``Field`` options (a pattern).

    A ``format`` that has no Python type (e-mail, URL) goes into ``extra`` as the field's kind.
    """
    values = list(dict.fromkeys(v for v in (item.get("enum") or ([item["const"]] if "const" in item else [])) if v is not None))
    kinds = _types(item, where)
    kind = FORMATS.get(str(item.get("format"))) if kinds in ([], ["string"]) else None
    if values:
        return Literal[tuple(values)], {}  # type: ignore[valid-type]
    if kind in _TYPED:
        return _TYPED[kind], {}
    annotation = SCALAR_ANNOTATIONS.get(kinds[0] if kinds else "string", str)
    options: dict[str, Any] = {}
    pattern = item.get("pattern")
    if annotation is str and isinstance(pattern, str) and _compiles(pattern):
        options["pattern"] = pattern
    if kind is not None:
        extra.setdefault("kind", kind)
    return annotation, options


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True
