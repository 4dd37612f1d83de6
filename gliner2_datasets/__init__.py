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
"""

from gliner2_datasets.registry import DATASETS, DatasetSpec, available, default_data_dir, load_records

__all__ = ["DATASETS", "DatasetSpec", "available", "default_data_dir", "load_records"]
