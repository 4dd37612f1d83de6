"""GLiNER2 (arXiv 2507.18546), the "span" architecture: every span of up to ``max_width`` words is scored.

``config.py`` (:class:`~gliner2_core.architectures.span.config.ModelConfig`), ``model.py``
(encoder + span, count and classifier heads), ``runner.py`` (rows -> model -> decoding),
``spans.py``/``tasks.py``/``document.py`` (the decoding rules and window merging),
``loading.py`` (safetensors checkpoints), ``loss.py`` (the paper's training losses).

Importing this package does not import torch.
"""
