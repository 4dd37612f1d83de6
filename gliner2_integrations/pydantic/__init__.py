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

Two strategies map the root model (see :mod:`~gliner2_integrations.pydantic.convert`):
``"record"`` extracts it as one GLiNER2 structure: use it for several records per
text (``many=True``, always this strategy) or when which values belong together
matters. ``"entities"`` extracts its span fields as entity labels and its choice
fields as classification tasks. When the caller does not choose, extraction uses the
checkpoint's measured default (``config.record_strategy``: the strategy that scored
best on the synthetic-document dev set for that model; ``"record"`` for checkpoints
that do not say). Choose with ``extract_model(..., strategy=...)``,
``model_options(strategy="entities")`` or ``schema_for(Model, strategy="entities")``:

    >>> spec = schema_for(SupportTicket, strategy="entities").spec
    >>> [(e.name, e.dtype) for e in spec.entities.types]
    [('customer name', 'str'), ('order number', 'str')]

See :mod:`~gliner2_integrations.pydantic.options` for the ``json_schema_extra``
conventions (labels, thresholds, validators, extra classification and entity
tasks, the strategy) and :class:`MissingPolicy` for what happens to required
fields that are not found. Importing this module does not import torch.
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
