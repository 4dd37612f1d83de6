"""Exceptions raised by gliner2-kit.

Every error derives from :class:`GLiNER2Error`, and also from the builtin that
matches its meaning, so ``except ValueError`` keeps working for callers that do
not know this package::

    GLiNER2Error
    ├── SchemaError (ValueError)        a schema or extraction option is invalid
    ├── CheckpointError (OSError)       a checkpoint is missing, corrupt or unsafe
    │   └── ModelNotFoundError          a name or hub id cannot be resolved
    └── TrainingDataError (ValueError)  a training record cannot be used

Messages name the setting, the offending value and the valid options.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class GLiNER2Error(Exception):
    """Root of every error raised by gliner2-kit."""


class SchemaError(GLiNER2Error, ValueError):
    """A schema, a label or an extraction option is invalid."""

    @classmethod
    def invalid(cls, where: str, value: Any, expected: str | Iterable[Any]) -> SchemaError:
        """Build the standard message: where it happened, what was given, what is valid.

        Args:
            where: Dotted location of the setting, e.g. ``"structure 'invoice'.field 'total'.dtype"``.
            value: The offending value.
            expected: A sentence, or the iterable of valid options.

        Returns:
            The error, ready to raise.
        """
        if not isinstance(expected, str):
            expected = "one of " + ", ".join(repr(option) for option in expected)
        return cls(f"{where}: got {value!r}; expected {expected}")


class CheckpointError(GLiNER2Error, OSError):
    """A checkpoint is missing, incomplete, corrupt or in an unsafe format."""


class ModelNotFoundError(CheckpointError):
    """A model name, local path or hub id could not be resolved."""


class TrainingDataError(GLiNER2Error, ValueError):
    """A training record is malformed or cannot be aligned to its text."""
