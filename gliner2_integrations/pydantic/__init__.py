"""Pydantic models <-> GLiNER2 schemas, and validated extraction results.

Example:
    >>> from pydantic import BaseModel, Field
    >>> from gliner2_integrations.pydantic import schema_for
    >>> class SupportTicket(BaseModel):
    ...     customer_name: str = Field(description="who wrote in")
    ...     order_number: int | None = None
    >>> spec = schema_for(SupportTicket).spec
    >>> [(f.name, f.dtype) for f in spec.structures[0].fields]
    [('customer name', 'str'), ('order number', 'str')]

See :mod:`~gliner2_integrations.pydantic.options` for the ``json_schema_extra``
conventions (labels, thresholds, validators, extra classification and entity
tasks) and :class:`MissingPolicy` for what happens to required fields that are
not found. Importing this module does not import torch.
"""

from gliner2_integrations.pydantic.convert import ModelSchema, schema_for
from gliner2_integrations.pydantic.errors import ExtractionValidationError, UnsupportedModelError
from gliner2_integrations.pydantic.extract import extract_model
from gliner2_integrations.pydantic.mapping import to_result
from gliner2_integrations.pydantic.options import field_options, model_options
from gliner2_integrations.pydantic.partial import partial_model
from gliner2_integrations.pydantic.result import ExtractionResult, MissingPolicy

__all__ = [
    "ExtractionResult",
    "ExtractionValidationError",
    "MissingPolicy",
    "ModelSchema",
    "UnsupportedModelError",
    "extract_model",
    "field_options",
    "model_options",
    "partial_model",
    "schema_for",
    "to_result",
]
