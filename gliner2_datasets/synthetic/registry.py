"""The registry of synthetic document types, and which are held out as unseen types.

Each group module (commerce, retail, contacts, careers, office, news, finance) declares its
:class:`DocType` objects; :data:`DOC_TYPES` collects them. The
:data:`UNSEEN_TYPES` never appear in the ``train``/``dev``/``test`` splits,
not even as a candidate document-type label, so they measure how well a
trained model handles a kind of document it has never seen.
"""

from __future__ import annotations

from gliner2_datasets.synthetic.schema import DocType


def _collect() -> dict[str, DocType]:
    from gliner2_datasets.synthetic import careers, commerce, contacts, finance, news, office, retail

    types: dict[str, DocType] = {}
    for module in (commerce, retail, contacts, careers, office, news, finance):
        for doc_type in module.TYPES:
            types[doc_type.name] = doc_type
    return types


DOC_TYPES: dict[str, DocType] = _collect()
"""Every document type by name."""

UNSEEN_TYPES: tuple[str, ...] = ("real estate listing", "travel booking", "support ticket", "event announcement")
"""Held out of training entirely: the ``unseen`` split has only these."""

TRAIN_TYPES: tuple[str, ...] = tuple(name for name in DOC_TYPES if name not in UNSEEN_TYPES)
"""The types of the ``train``, ``dev`` and ``test`` splits."""
