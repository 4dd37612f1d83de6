"""Batched inference: from ``(text, schema)`` pairs and :class:`ExtractOptions` to :class:`Extraction` results.

``GLiNER2.run`` hands its work to an :class:`ExtractionRunner`. The span model's
runner is :class:`gliner2_core.architectures.span.runner.Runner`; another architecture
(e.g. GLiNER2.5's boundary model) or another backend plugs in by providing an
object with the same ``run`` method and passing it to ``GLiNER2(..., runner=...)``.
Options are backend-independent; load-time choices stay in ``from_pretrained``.

Importing this package does not import torch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gliner2_core.extraction import Extraction
    from gliner2_core.options import ExtractOptions
    from gliner2_core.schema.spec import SchemaSpec

__all__ = ["ExtractionRunner"]


class ExtractionRunner(Protocol):
    """What ``GLiNER2.run`` needs from an architecture: texts and schemas in, typed results out."""

    def run(self, items: Iterable[tuple[str, SchemaSpec]], options: ExtractOptions) -> Iterator[Extraction]:
        """Yield one :class:`Extraction` per ``(text, schema)``, in input order (lazily, chunk by chunk)."""
        ...
