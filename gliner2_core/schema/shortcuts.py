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


def json_schema(structures: Mapping[str, Sequence[Any]]) -> Schema:
    """``{structure: ["name::dtype::[a|b]::description", ...]}`` -> schema.

    Raises:
        SchemaError: For a non-dict ``structures`` or an invalid field spec.
    """
    if not isinstance(structures, Mapping):
        raise SchemaError.invalid("structures", structures, "a dict of structure name -> field specs")
    schema = Schema()
    for name, fields in structures.items():
        builder = schema.structure(name)
        for spec in fields:
            builder.field(**parse_field_spec(spec))
    return schema
