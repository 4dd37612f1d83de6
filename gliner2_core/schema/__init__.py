"""Schema building: what to extract, independent of any model (no torch import)."""

from gliner2_core.schema.attributes import AttributeGroup
from gliner2_core.schema.builder import Schema, StructureBuilder, coerce_schema
from gliner2_core.schema.dict_format import parse_field_spec
from gliner2_core.schema.spec import (
    SPECIAL_TOKENS,
    ClassificationTask,
    EntityTask,
    EntityType,
    Field,
    RegexValidator,
    RelationTask,
    SchemaSpec,
    StructureTask,
    TaskKind,
)

__all__ = [
    "AttributeGroup",
    "ClassificationTask",
    "EntityTask",
    "EntityType",
    "Field",
    "RegexValidator",
    "RelationTask",
    "SPECIAL_TOKENS",
    "Schema",
    "SchemaSpec",
    "StructureBuilder",
    "StructureTask",
    "TaskKind",
    "coerce_schema",
    "parse_field_spec",
]
