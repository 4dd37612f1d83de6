"""Schemas for the reference's task-specific calls (``classify_text``, ``extract_json``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gliner2_core.errors import SchemaError
from gliner2_core.schema.builder import Schema
from gliner2_core.schema.dict_format import parse_field_spec


def classification_schema(tasks: Mapping[str, Any]) -> Schema:
    """``{task: labels | {label: desc} | {"labels": ..., "multi_label": ..., ...}}`` -> schema.

    Raises:
        SchemaError: For a non-dict ``tasks`` or an invalid task (the options are validated by type).
    """
    if not isinstance(tasks, Mapping):
        raise SchemaError.invalid("tasks", tasks, "a dict of task name -> labels")
    schema = Schema()
    for name, config in tasks.items():
        if isinstance(config, Mapping) and "labels" in config:
            options = {k: v for k, v in config.items() if k != "labels"}
            schema.classification(name, config["labels"], **options)
        else:
            schema.classification(name, config)
    return schema


def json_schema(structures: Mapping[str, Sequence[Any]], *, records: bool = False) -> Schema:
    """``{structure: ["name::dtype::[a|b]::description", ...]}`` -> schema.

    With ``records`` (a boundary checkpoint with a record head, like the
    reference's ``extract_json``) every structure is a ``mode="natural"``
    record anchored on its first field, ``str`` fields ``required_one``, the
    others ``zero_or_more``, every field exclusive.

    Raises:
        SchemaError: For a non-dict ``structures`` or an invalid field spec.
    """
    if not isinstance(structures, Mapping):
        raise SchemaError.invalid("structures", structures, "a dict of structure name -> field specs")
    schema = Schema()
    for name, fields in structures.items():
        builder = schema.structure(name, mode="natural" if records else None)
        for spec in fields:
            config = parse_field_spec(spec)
            if records:
                config.setdefault("cardinality", "required_one" if config.get("dtype") == "str" else "zero_or_more")
                config.setdefault("exclusive", True)
            builder.field(**config)
    return schema
