"""Exceptions of the Pydantic integration.

Both derive from the package-wide root and from the builtin matching their meaning::

    GLiNER2Error
    ├── UnsupportedModelError (TypeError)        a model cannot be expressed as a GLiNER2 schema
    └── ExtractionValidationError (ValueError)   required fields were not found (policy "raise")

Invalid extraction options in ``json_schema_extra`` (a bad threshold, an unknown
key) raise :class:`gliner2_core.SchemaError`, like every other schema mistake.
"""

from __future__ import annotations

from collections.abc import Sequence

from gliner2_core.errors import GLiNER2Error


class UnsupportedModelError(GLiNER2Error, TypeError):
    """A Pydantic model uses an annotation or a nesting GLiNER2 cannot express."""


class ExtractionValidationError(GLiNER2Error, ValueError):
    """Required fields were not found in the text (raised under ``MissingPolicy.RAISE``).

    Attributes:
        missing: Dotted paths of the required fields that were not found.
        errors: Coercion and validation problems met on the way.
    """

    def __init__(self, missing: Sequence[str], errors: Sequence[str] = ()) -> None:
        self.missing = list(missing)
        self.errors = list(errors)
        message = f"required fields not found: {', '.join(self.missing) or '(none)'}"
        if self.errors:
            message += f"; other problems: {'; '.join(self.errors)}"
        super().__init__(message)
