"""The model architectures, side by side, and the registry that picks one from a checkpoint.

=============  ===============================================================
``span/``      GLiNER2 (arXiv 2507.18546): every span up to ``max_width`` words is scored
``boundary/``  GLiNER2.5: sparse start/end proposals, reranked spans of any length
=============  ===============================================================

Each folder has the same shape: ``config.py`` (the frozen config mirrored to
``config.json``), ``model.py`` (the network), ``runner.py`` (encoded rows -> the model
-> decoding -> :class:`~gliner2_core.extraction.Extraction`) and ``loading.py``
(safetensors in and out). Both share the schema (``schema/``), the prompt and words
(``processing/``), the encoders (``encoders/``), the classification rules and the
reference output format (``decoding/``) and the typed results (``extraction.py``).

``config.json``'s ``architecture`` (missing = ``"span"``) chooses the folder:
:func:`load_checkpoint` loads the network and tokenizer, :func:`build_runner` builds
what ``GLiNER2.run`` hands its work to. Importing this package does not import torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gliner2_core.architectures.runner import ExtractionRunner
from gliner2_core.errors import CheckpointError

__all__ = ["ARCHITECTURES", "ExtractionRunner", "build_runner", "load_checkpoint", "read_architecture"]

ARCHITECTURES = ("span", "boundary")
"""The values of ``config.json``'s ``architecture``."""


def read_architecture(folder: str | Path) -> str:
    """``"span"`` or ``"boundary"``: the ``architecture`` of a checkpoint folder (missing = span).

    Raises:
        CheckpointError: For any other value, naming it and the valid ones.
    """
    path = Path(folder) / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return "span"  # the span loader reports unreadable files with its own message
    if not isinstance(data, dict):
        return "span"  # likewise for a config.json that is not a JSON object
    architecture = str(data.get("architecture") or "span").strip().lower()
    if architecture not in ARCHITECTURES:
        raise CheckpointError(
            f"config.architecture: got {architecture!r}; expected one of {', '.join(map(repr, ARCHITECTURES))}"
        )
    return architecture


def load_checkpoint(folder: str | Path) -> tuple[Any, Any]:
    """The network and tokenizer of a checkpoint folder, of whichever architecture it has (eval mode, CPU)."""
    if read_architecture(folder) == "boundary":
        from gliner2_core.architectures.boundary.loading import load_boundary

        return load_boundary(Path(folder))
    from gliner2_core.architectures.span.loading import load_model

    return load_model(Path(folder))


def build_runner(model: Any, tokenizer: Any, max_positions: int | None = None) -> ExtractionRunner:
    """The runner of ``model``'s architecture, with the shared processor for its encoder window."""
    from gliner2_core.architectures.boundary.model import BoundaryModel
    from gliner2_core.encoders.encoder import encoder_window
    from gliner2_core.processing.encoding import Processor

    processor = Processor(
        tokenizer, max_positions=encoder_window(model.encoder.config, max_positions), max_width=model.config.max_width
    )
    if isinstance(model, BoundaryModel):
        from gliner2_core.architectures.boundary.runner import BoundaryRunner

        return BoundaryRunner(model, processor)
    from gliner2_core.architectures.span.runner import Runner

    return Runner(model, processor)
