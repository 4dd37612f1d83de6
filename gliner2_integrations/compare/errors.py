"""Exceptions of the cost comparison.

Both derive from the package-wide root and from the builtin matching their meaning::

    GLiNER2Error
    ├── UnknownPriceError (ValueError)            no price for a model name (none is ever assumed to be 0)
    └── TokenizerUnavailableError (RuntimeError)  tiktoken's BPE file is not available offline
"""

from __future__ import annotations

from collections.abc import Iterable

from gliner2_core.errors import GLiNER2Error


class UnknownPriceError(GLiNER2Error, ValueError):
    """A model has no entry in the price table (and is never priced at $0 silently)."""

    def __init__(self, model: str, known: Iterable[str]) -> None:
        self.model = model
        super().__init__(
            f"llm: got {model!r}; expected one of {', '.join(sorted(known))} "
            "(or pass your own prices, e.g. --prices prices.json)"
        )


class TokenizerUnavailableError(GLiNER2Error, RuntimeError):
    """tiktoken could not load a BPE file without the network."""
