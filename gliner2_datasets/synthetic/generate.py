"""Generating synthetic training records, and the loader for the dataset registry.

A record teaches the document's structures (always), and for some records
also typed entities and a document-type classification. Records are
deterministic by ``(split, seed, index)``: each has its own
``random.Random``, and the Faker pools are seeded per ``(split, seed)``.
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gliner2_core.errors import TrainingDataError
from gliner2_datasets.synthetic.compound import EMAILABLE, in_email
from gliner2_datasets.synthetic.core import Doc, Span
from gliner2_datasets.synthetic.registry import DOC_TYPES, TRAIN_TYPES, UNSEEN_TYPES
from gliner2_datasets.synthetic.schema import DocType, structures
from gliner2_datasets.synthetic.values import MAX_SPAN_WORDS, Ctx, Pools, span_words

Record = dict[str, Any]

SPLITS = ("train", "dev", "test", "unseen")
SPLIT_SIZES = {"train": 20000, "dev": 500, "test": 500, "unseen": 500}
"""Records per split served by :func:`load_synthetic`."""
LOADER_SEED = 2507

ENTITY_LABELS = ("person", "organisation", "date", "money", "address", "email", "phone", "location")
ENTITY_DESCRIPTIONS = {
    "person": "the name of a person",
    "organisation": "a company, shop, bank or other organisation",
    "date": "a calendar date",
    "money": "an amount of money, with or without its currency",
    "address": "a postal address",
    "email": "an e-mail address",
    "phone": "a telephone number",
    "location": "a city, town or other place",
}
ENTITY_CHANCE = 0.35
CLASSIFICATION_CHANCE = 0.3
MAX_WORDS = 350
"""Longer documents (rare) are skipped, as are documents with a value longer than ``MAX_SPAN_WORDS``."""
EMAIL_CHANCE = 0.2
"""Share of e-mailable documents sent inside an e-mail with a signature."""
CLASS_TASKS = ("document type", "document category", "type of document", "kind of document")


def split_types(split: str) -> tuple[str, ...]:
    """The document types of a split.

    Raises:
        TrainingDataError: If ``split`` is not one of :data:`SPLITS`.
    """
    if split not in SPLITS:
        raise TrainingDataError(f"split: got {split!r}; expected one of {', '.join(SPLITS)}")
    return UNSEEN_TYPES if split == "unseen" else TRAIN_TYPES


def generate(split: str, n: int, seed: int = 0) -> Iterator[Record]:
    """Yield ``n`` synthetic structured-document records.

    Args:
        split: ``"train"`` (training types), ``"dev"`` or ``"test"`` (training
            types, their own seed spaces), or ``"unseen"`` (the held-out types only).
        n: How many records.
        seed: Same ``(split, n, seed)`` gives identical records; a shorter
            ``n`` gives a prefix of a longer one.

    Raises:
        TrainingDataError: If ``split`` is unknown or ``n`` is negative.
    """
    types = split_types(split)
    if not isinstance(n, int) or n < 0:
        raise TrainingDataError(f"n: got {n!r}; expected a non-negative integer")
    yield from itertools.islice(_stream(split, seed, types), n)


def _stream(split: str, seed: int, types: Sequence[str]) -> Iterator[Record]:
    pools = Pools(zlib.crc32(f"{split}/{seed}".encode()))
    label_pool = tuple(types) if split == "unseen" else TRAIN_TYPES
    label_pool = tuple(dict.fromkeys((*label_pool, *TRAIN_TYPES)))
    for index in itertools.count():
        rng = random.Random(f"{split}/{seed}/{index}")
        doc_type = DOC_TYPES[rng.choice(types)]
        record = make_record(doc_type, Ctx(rng, pools), label_pool)
        if len(record["input"].split()) <= MAX_WORDS and _spans_fit(record):
            yield record


def _spans_fit(record: Record) -> bool:
    """Whether every pinned span is at most :data:`MAX_SPAN_WORDS` words (longer ones cannot be taught)."""
    output = record["output"]
    spans = [span for spans in (output.get("entities") or {}).values() for span in spans]
    spans += [span for item in output["json_structures"] for fields in item.values() for span in _field_spans(fields)]
    return all(span_words(span["text"]) <= MAX_SPAN_WORDS for span in spans)


def _field_spans(fields: dict[str, Any]) -> Iterator[Span]:
    for value in fields.values():
        if isinstance(value, list):
            yield from value


def make_record(doc_type: DocType, ctx: Ctx, label_pool: Sequence[str]) -> Record:
    """Build one document of ``doc_type`` and the record that teaches it."""
    doc = doc_type.build(ctx)
    specs = doc_type.structures
    if doc_type.name in EMAILABLE and ctx.chance(EMAIL_CHANCE):
        doc, specs = in_email(ctx, doc_type, doc)
    rng = ctx.rng
    output: dict[str, Any] = {}
    found, descriptions = structures(doc, specs, rng)
    output["json_structures"] = found
    if descriptions:
        output["json_descriptions"] = descriptions
    if rng.random() < ENTITY_CHANCE:
        entities = _entities(doc, rng)
        if entities:
            output["entities"] = entities
            if rng.random() < 0.3:
                output["entity_descriptions"] = {label: ENTITY_DESCRIPTIONS[label] for label in entities}
    if rng.random() < CLASSIFICATION_CHANCE:
        output["classifications"] = [_classification(doc_type.name, label_pool, rng)]
    return {"input": doc.text, "output": output}


def _entities(doc: Doc, rng: random.Random) -> dict[str, list[Span]]:
    """Entity labels of the record (present ones mostly, a few absent as negatives) and their spans.

    ``location`` is left out when the text has an address: the towns inside
    addresses are not marked as locations.
    """
    present = {label for label, _ in doc.builder.mentions}
    labels = [
        label
        for label in ENTITY_LABELS
        if (rng.random() < 0.85 if label in present else rng.random() < 0.25)
        and not (label == "location" and "address" in present)
    ]
    rng.shuffle(labels)
    entities: dict[str, list[Span]] = {label: [] for label in labels}
    for label, span in doc.builder.mentions:
        if label in entities and span not in entities[label]:
            entities[label].append(span)
    for spans in entities.values():
        spans.sort(key=lambda span: (span["start"], span["end"]))
    return entities


def _classification(true_label: str, pool: Sequence[str], rng: random.Random) -> dict[str, Any]:
    others = [label for label in pool if label != true_label]
    labels = [true_label, *rng.sample(others, min(len(others), rng.randint(3, 7)))]
    rng.shuffle(labels)
    return {"task": rng.choice(CLASS_TASKS), "labels": labels, "true_label": [true_label], "multi_label": False}


def load_synthetic(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Synthetic structured documents (invoices, receipts, resumes, job postings ...) generated with Faker.

    A fixed number of records per split (:data:`SPLIT_SIZES`) from a fixed
    seed; records longer than ``max_words`` words are skipped (and replaced).
    ``data_dir`` is not read. Splits: ``train``, ``dev``, ``test`` (training
    types) and ``unseen`` (held-out types).
    """
    types = split_types(split)
    fitting = (r for r in _stream(split, LOADER_SEED, types) if len(r["input"].split()) <= max_words)
    yield from itertools.islice(fitting, SPLIT_SIZES[split])


def load_synthetic_unseen(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Synthetic documents of types held out of training (real-estate listings, travel bookings, ...).

    Its only split is ``test``: the ``unseen`` records of :func:`load_synthetic`.
    """
    if split != "test":
        raise TrainingDataError(f"split: got {split!r}; expected 'test'")
    yield from load_synthetic(data_dir, "unseen", max_words)
