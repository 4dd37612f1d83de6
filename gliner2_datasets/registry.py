"""The registry of converted datasets and the functions that load them.

Splits: a source's own train/dev/test are kept (``val`` is called ``dev``).
Sources with train and test only get a dev split carved from train (10% by
hash); sources without splits are split 80/10/10 by hash of a stable key (see
:mod:`gliner2_datasets.splits`). Zero-shot sets (held out of
training to measure zero-shot quality) never offer a ``train`` split: they keep
their source's evaluation splits, or put everything in ``test``.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gliner2_core.errors import TrainingDataError
from gliner2_datasets import (
    atis,
    biomed,
    classification,
    documents,
    events,
    intents,
    ner,
    relations,
    sentiment,
    webnlg,
)
from gliner2_datasets.synthetic import load_synthetic, load_synthetic_unseen

DATA_DIR_ENV = "GLINER2_KIT_DATA"
TASKS = ("ner", "relations", "records", "classification", "mixed")

Loader = Callable[[Path, str, int], Iterator[dict[str, Any]]]
"""``loader(data_dir, split, max_words)`` yields GLiNER2 training records."""


@dataclass(frozen=True)
class DatasetSpec:
    """One converted dataset.

    Attributes:
        name: Registry key, also the output folder name.
        task: ``"ner"``, ``"relations"``, ``"records"``, ``"classification"`` or ``"mixed"``.
        splits: The split names it offers.
        zero_shot: Held out of training; used only to measure zero-shot quality.
        description: What the data is and how it was converted.
        license_note: License or terms of use of the source.
        loader: Yields the records of one split.
        files: Source paths, relative to the data folder, that must exist.
    """

    name: str
    task: str
    splits: tuple[str, ...]
    zero_shot: bool
    description: str
    license_note: str
    loader: Loader
    files: tuple[str, ...]


def _spec(
    name: str,
    task: str,
    splits: tuple[str, ...],
    loader: Loader,
    files: Iterable[str],
    license_note: str,
    zero_shot: bool = False,
) -> DatasetSpec:
    """A spec whose description is the first paragraph of the loader's docstring."""
    description = " ".join((loader.__doc__ or "").split("\n\n")[0].split())
    return DatasetSpec(name, task, splits, zero_shot, description, license_note, loader, tuple(files))


TDT = ("train", "dev", "test")
TEST = ("test",)
CC_BY = "CC BY 4.0."
RESEARCH = "No explicit license; research use only."
BIOMED = "CC BY 4.0 (collection); each corpus has its own terms."
BIOMED_HELD_OUT = ("bionlp11id", "ncbi_disease", "linnaeus")
"""Biomedical sets held out of training (zero-shot evaluation only)."""


def _biomed_splits(name: str) -> tuple[tuple[str, ...], Loader]:
    """The splits and loader of a biomedical set: held-out sets offer only ``dev`` and ``test``."""
    splits = ("dev", "test") if name in BIOMED_HELD_OUT else TDT
    return splits, biomed.biomed_loader(name)


_SPECS = (
    _spec("conll2003", "ner", TDT, ner.load_conll2003, ner.CONLL2003_FILES.values(), "Reuters text: research only."),
    _spec("wnut17", "ner", TDT, ner.load_wnut17, ner.WNUT_FILES.values(), CC_BY),
    _spec("wikigold", "ner", TEST, ner.load_wikigold, [ner.WIKIGOLD_FILE], CC_BY, zero_shot=True),
    _spec("btc", "ner", TEST, ner.load_btc, ner.BTC_FILES, CC_BY, zero_shot=True),
    _spec("fewnerd", "ner", TDT, ner.load_fewnerd, ner.FEWNERD_FILES.values(), "CC BY-SA 4.0."),
    _spec(
        "resume_ner",
        "ner",
        TEST,
        ner.load_resume_ner,
        [ner.RESUME_FILE],
        "Unclear license; personal data from public profiles.",
        zero_shot=True,
    ),
    _spec(
        "conll2003_docs",
        "ner",
        TDT,
        documents.load_conll2003_docs,
        ner.CONLL2003_FILES.values(),
        "Reuters: research only.",
    ),
    _spec("gum", "ner", TDT, documents.load_gum, [documents.GUM_DOCS, *documents.GUM_IOB_FILES], "CC BY / BY-SA."),
    _spec("re3d", "ner", TDT, documents.load_re3d, [documents.RE3D_DOCS], "Per source; see re3d/LICENSES."),
    _spec("sec_filings", "ner", TDT, documents.load_sec_filings, documents.SEC_FILES.values(), "CC BY-SA 3.0."),
    _spec("anem", "ner", ("dev", "test"), biomed.load_anem, biomed.ANEM_FILES.values(), "CC BY-SA 3.0.", True),
    *(
        _spec(name, "ner", *_biomed_splits(name), biomed.biomed_files(name), BIOMED, name in BIOMED_HELD_OUT)
        for name in biomed.BIOMED_FOLDERS
    ),
    _spec("atis", "mixed", TDT, atis.load_atis, atis.ATIS_FILES, "Research use."),
    _spec("webnlg", "mixed", TDT, webnlg.load_webnlg, [webnlg.WEBNLG_DIR], "CC BY-NC-SA 4.0: research only."),
    _spec("conll04", "relations", TDT, relations.load_conll04, relations.CONLL04_FILES.values(), RESEARCH),
    _spec("scierc", "relations", TDT, relations.load_scierc, relations.SCIERC_FILES.values(), RESEARCH),
    _spec(
        "fewrel",
        "relations",
        tuple(relations.FEWREL_FILES),
        relations.load_fewrel,
        [*relations.FEWREL_FILES.values(), relations.FEWREL_NAMES],
        "MIT.",
        zero_shot=True,
    ),
    _spec(
        "casie", "records", TDT, events.load_casie, [events.CASIE_DIR], "News text of its publishers: research only."
    ),
    _spec("clinc150", "classification", TDT, intents.load_clinc150, [intents.CLINC_FILE], "CC BY 3.0."),
    _spec("hwu64", "mixed", TDT, intents.load_hwu64, [intents.HWU64_DIR, *intents.SLURP_FILES.values()], CC_BY),
    _spec("slurp", "mixed", tuple(intents.SLURP_FILES), intents.load_slurp, intents.SLURP_FILES.values(), CC_BY),
    _spec(
        "yin_emotion",
        "classification",
        TEST,
        classification.load_emotion,
        classification.EMOTION_FILES,
        RESEARCH,
        zero_shot=True,
    ),
    _spec(
        "yin_situation",
        "classification",
        ("dev", "test"),
        classification.load_situation,
        classification.SITUATION_FILES,
        RESEARCH,
        zero_shot=True,
    ),
    _spec("trec", "classification", TDT, classification.load_trec, [classification.QC_FILE], RESEARCH),
    _spec(
        "dbpedia14", "classification", TDT, classification.load_dbpedia, [classification.DBPEDIA_FILE], "CC BY-SA 3.0."
    ),
    _spec(
        "20newsgroups",
        "classification",
        TDT,
        classification.load_20newsgroups,
        [classification.NEWSGROUPS_FILE],
        RESEARCH,
    ),
    _spec("imdb", "classification", TDT, sentiment.load_imdb, [sentiment.IMDB_FILE], RESEARCH),
    _spec("movie_reviews", "classification", TDT, sentiment.load_movie_reviews, [sentiment.MOVIE_REVIEWS_FILE], CC_BY),
    _spec(
        "sentence_polarity",
        "classification",
        TEST,
        sentiment.load_sentence_polarity,
        [sentiment.SENTENCE_POLARITY_FILE],
        CC_BY,
        zero_shot=True,
    ),
    _spec(
        "subjectivity",
        "classification",
        TEST,
        sentiment.load_subjectivity,
        [sentiment.SUBJECTIVITY_FILE],
        CC_BY,
        zero_shot=True,
    ),
    _spec(
        "product_reviews",
        "classification",
        TEST,
        sentiment.load_product_reviews,
        sentiment.PRODUCT_REVIEWS_FILES,
        CC_BY,
        zero_shot=True,
    ),
    _spec(
        "pros_cons", "classification", TEST, sentiment.load_pros_cons, [sentiment.PROS_CONS_FILE], CC_BY, zero_shot=True
    ),
    _spec(
        "webnlg_unseen",
        "mixed",
        TEST,
        webnlg.load_webnlg_unseen,
        [webnlg.WEBNLG_DIR],
        "CC BY-NC-SA 4.0: research only.",
        zero_shot=True,
    ),
    _spec(
        "synthetic_docs",
        "records",
        TDT,
        load_synthetic,
        [],
        "Generated with Faker by this project: no third-party text.",
    ),
    _spec(
        "synthetic_unseen",
        "records",
        TEST,
        load_synthetic_unseen,
        [],
        "Generated with Faker by this project.",
        zero_shot=True,
    ),
)
DATASETS: dict[str, DatasetSpec] = {spec.name: spec for spec in _SPECS}
"""Every converted dataset by name."""


CHECKOUT = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    """The data folder: ``$GLINER2_KIT_DATA``, else ``shared/data`` beside the checkout (``../shared/data`` from its root)."""
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured) if configured else CHECKOUT.parent / "shared" / "data"


def available(data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the datasets whose source files are all present under ``data_dir``."""
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    return [name for name, spec in DATASETS.items() if all((root / path).exists() for path in spec.files)]


def get_spec(name: str) -> DatasetSpec:
    """The spec of a dataset.

    Raises:
        TrainingDataError: If ``name`` is not registered (the message lists the valid names).
    """
    if name not in DATASETS:
        raise TrainingDataError(f"dataset: got {name!r}; expected one of {', '.join(DATASETS)}")
    return DATASETS[name]


def load_records(
    name: str,
    split: str,
    data_dir: str | os.PathLike | None = None,
    *,
    max_words: int = 200,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the GLiNER2 training records of one split of a dataset.

    Args:
        name: A key of :data:`DATASETS`.
        split: One of the dataset's ``splits``.
        data_dir: The data folder; defaults to :func:`default_data_dir`.
        max_words: Longest window (long documents) or truncation (classified documents), in words.
        limit: Stop after this many records.

    Raises:
        TrainingDataError: If the name or split is unknown, ``max_words`` is below 1, ``limit``
            is negative, or a source file is missing.
    """
    spec = get_spec(name)
    if split not in spec.splits:
        raise TrainingDataError(f"dataset {name!r}: got split {split!r}; expected one of {', '.join(spec.splits)}")
    if max_words < 1 or (limit is not None and limit < 0):
        raise TrainingDataError(
            f"dataset {name!r}: got max_words={max_words}, limit={limit}; expected max_words >= 1 and limit >= 0"
        )
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    missing = [path for path in spec.files if not (root / path).exists()]
    if missing:
        raise TrainingDataError(f"dataset {name!r}: source files missing under {root}: {', '.join(missing)}")
    return itertools.islice(spec.loader(root, split, max_words), limit)
