"""GLiNER2.5 "boundary" architecture: sparse start/end proposals, reranked spans of any length.

``GLiNER2.from_pretrained(path)`` reads the ``architecture`` of the checkpoint's
``config.json`` (missing = span) and, for a boundary checkpoint, builds a
:class:`~gliner2_core.boundary.model.BoundaryModel` with a
:class:`~gliner2_core.boundary.runner.BoundaryRunner`; everything downstream
(``extract``, ``run``, the integrations) works the same.

Importing this package does not import torch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gliner2_core.boundary.config import read_architecture

__all__ = ["load_checkpoint", "read_architecture", "runner_for"]


def load_checkpoint(folder: Path) -> tuple[Any, Any]:
    """The model and tokenizer of a checkpoint folder, span or boundary (eval mode, CPU)."""
    if read_architecture(folder) == "boundary":
        from gliner2_core.boundary.loading import load_boundary

        return load_boundary(Path(folder))
    from gliner2_core.modeling.loading import load_model

    return load_model(Path(folder))


def runner_for(model: Any, tokenizer: Any, max_positions: int | None = None) -> Any:
    """A :class:`BoundaryRunner` for a boundary model; ``None`` (the default runner) for a span model."""
    from gliner2_core.boundary.model import BoundaryModel

    if not isinstance(model, BoundaryModel):
        return None
    from gliner2_core.boundary.runner import BoundaryRunner
    from gliner2_core.modeling.encoder import encoder_window
    from gliner2_core.processing.encoding import Processor

    window = encoder_window(model.encoder.config, max_positions)
    return BoundaryRunner(model, Processor(tokenizer, max_positions=window, max_width=model.config.max_width))
