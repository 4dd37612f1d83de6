"""GLiNER2.5 "boundary" architecture: sparse start/end proposals, reranked spans of any length.

``GLiNER2.from_pretrained(path)`` reads the ``architecture`` of the checkpoint's
``config.json`` (see :mod:`gliner2_core.architectures`) and, for a boundary checkpoint, builds a
:class:`~gliner2_core.architectures.boundary.model.BoundaryModel` with a
:class:`~gliner2_core.architectures.boundary.runner.BoundaryRunner`; everything downstream
(``extract``, ``run``, the integrations) works the same.

Importing this package does not import torch.
"""
