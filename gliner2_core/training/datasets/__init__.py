"""Converters from the shared datasets to GLiNER2 training records.

Each dataset in :data:`DATASETS` yields records in the GLiNER2 JSONL training
format (``{"input": text, "output": {...}}``) with natural-language labels and
pinned gold spans (``{"text", "start", "end"}``, character offsets into
``input``)::

    from gliner2_core.training.datasets import DATASETS, load_records

    for record in load_records("conll2003", "train", limit=5):
        ...

The data is read at run time from the shared data folder (``$GLINER2_KIT_DATA``
or ``../shared/data``) and never copied into the repository. Write the JSONL
files with ``python -m gliner2_core.training.datasets prepare --out DIR``.
"""

from gliner2_core.training.datasets.registry import DATASETS, DatasetSpec, available, default_data_dir, load_records

__all__ = ["DATASETS", "DatasetSpec", "available", "default_data_dir", "load_records"]
