"""Converters from the project's shared datasets (``../shared/data``) to GLiNER2 training records.

Project tooling of a gliner2-kit checkout, beside ``recipes/``: it is not in the
installed wheel. ``gliner2-kit prepare``, ``train`` and ``evaluate`` use it when run
from the checkout; the library itself reads JSONL files (see
:mod:`gliner2_core.training`) and needs none of this for your own data.

Each dataset in :data:`DATASETS` yields records in the GLiNER2 JSONL training
format (``{"input": text, "output": {...}}``) with natural-language labels and
pinned gold spans (``{"text", "start", "end"}``, character offsets into
``input``)::

    from gliner2_datasets import DATASETS, load_records

    for record in load_records("conll2003", "train", limit=5):
        ...

The data is read at run time from the shared data folder (``$GLINER2_KIT_DATA``,
else ``shared/data`` beside the checkout) and never copied into the repository. Write the JSONL
files with ``python -m gliner2_datasets prepare --out DIR``.

The package itself is the dataset registry that :class:`gliner2_core.training.Trainer` and
:func:`gliner2_core.training.data.load_examples` take as ``datasets=`` (the library never
imports it)::

    import gliner2_datasets
    from gliner2_core.training import Trainer, load_config

    Trainer(load_config("recipes/gliner2-mini.toml"), datasets=gliner2_datasets).train()
"""

from gliner2_datasets.registry import DATASETS, DatasetSpec, available, default_data_dir, load_records


def entity_label_catalog() -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{label: (description, synonyms)}`` of the datasets' entity labels, for schema sampling in training."""
    from gliner2_datasets.label_catalog import ENTITY_CATALOG

    return {label: (entry.description, entry.synonyms) for label, entry in ENTITY_CATALOG.items()}


__all__ = ["DATASETS", "DatasetSpec", "available", "default_data_dir", "entity_label_catalog", "load_records"]
