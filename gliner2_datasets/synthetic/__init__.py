"""Synthetic structured-document training data generated with Faker.

Invoices, shop receipts, job postings, resumes, meeting notes and more, in
several layouts each, with paraphrased field names, absent fields, choice
fields and several instances per text; some records also teach entities and
a document-type classification. Four types are held out as an unseen-type
evaluation set (see :data:`UNSEEN_TYPES`).

Example:
    >>> from gliner2_datasets.synthetic import generate
    >>> records = list(generate("train", 100, seed=0))
"""

from gliner2_datasets.synthetic.generate import (
    SPLIT_SIZES,
    SPLITS,
    generate,
    load_synthetic,
    load_synthetic_unseen,
)
from gliner2_datasets.synthetic.registry import DOC_TYPES, TRAIN_TYPES, UNSEEN_TYPES

__all__ = [
    "DOC_TYPES",
    "SPLITS",
    "SPLIT_SIZES",
    "TRAIN_TYPES",
    "UNSEEN_TYPES",
    "generate",
    "load_synthetic",
    "load_synthetic_unseen",
]
