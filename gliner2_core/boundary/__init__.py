"""GLiNER2.5 "boundary" architecture: sparse start/end proposals, reranked spans of any length.

Load a boundary checkpoint with ``GLiNER2.from_pretrained(path)`` (the
``architecture`` in its ``config.json`` selects this model); everything
downstream works the same. Importing this package does not import torch.
"""

from __future__ import annotations

from gliner2_core.boundary.config import read_architecture

__all__ = ["load_boundary_extractor", "read_architecture"]


def load_boundary_extractor(folder, *, max_positions: int | None = None):
    """A ``GLiNER2`` whose model is the boundary checkpoint in ``folder`` (eval mode, CPU)."""
    from gliner2_core.api import GLiNER2, encoder_window
    from gliner2_core.boundary.loading import load_boundary
    from gliner2_core.boundary.runner import BoundaryRunner
    from gliner2_core.processing.encoding import Processor

    model, tokenizer = load_boundary(folder)
    processor = Processor(tokenizer, max_positions=encoder_window(model.encoder.config, max_positions), max_width=model.config.max_width)
    return GLiNER2(model, tokenizer, max_positions=max_positions, runner=BoundaryRunner(model, processor))
