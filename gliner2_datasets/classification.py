"""Text classification: Yin et al. emotion and situation, TREC questions, DBpedia-14, 20 Newsgroups.

Documents longer than ``max_words`` words are truncated to their first
``max_words`` words.
"""

from __future__ import annotations

import csv
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gliner2_datasets._records import Record, classification, classification_record
from gliner2_datasets.splits import assign_split, carve_dev, text_key
from gliner2_datasets.text import truncate_words

YIN_FILES = {
    "emotion": {"test": "yin2019/emotion/test.txt"},
    "situation": {"dev": "yin2019/situation/dev.txt", "test": "yin2019/situation/test.txt"},
}
YIN_CLASSES = {"emotion": "yin2019/emotion/classes.txt", "situation": "yin2019/situation/classes.txt"}
EMOTION_FILES = (YIN_CLASSES["emotion"], *YIN_FILES["emotion"].values())
SITUATION_FILES = (YIN_CLASSES["situation"], *YIN_FILES["situation"].values())
SITUATION_NAMES = {
    "search/rescue": "search and rescue",
    "crime violence": "crime and violence",
    "out-of-domain": "out of domain",
}
"""Situation classes renamed; the others (and all emotions) are used as written in ``classes.txt``."""

QC_FILE = "nltk_data/packages/corpora/qc.zip"
QUESTION_TYPES = {
    "ABBR": "abbreviation",
    "DESC": "description",
    "ENTY": "entity",
    "HUM": "human",
    "LOC": "location",
    "NUM": "number",
}
ANSWER_TYPES = {
    "ABBR:abb": "abbreviation",
    "ABBR:exp": "expansion of an abbreviation",
    "DESC:def": "definition",
    "DESC:desc": "description",
    "DESC:manner": "manner",
    "DESC:reason": "reason",
    "ENTY:animal": "animal",
    "ENTY:body": "body part",
    "ENTY:color": "colour",
    "ENTY:cremat": "creative work",
    "ENTY:currency": "currency",
    "ENTY:dismed": "disease or medicine",
    "ENTY:event": "event",
    "ENTY:food": "food",
    "ENTY:instru": "musical instrument",
    "ENTY:lang": "language",
    "ENTY:letter": "letter",
    "ENTY:other": "other entity",
    "ENTY:plant": "plant",
    "ENTY:product": "product",
    "ENTY:religion": "religion",
    "ENTY:sport": "sport",
    "ENTY:substance": "substance",
    "ENTY:symbol": "symbol",
    "ENTY:techmeth": "technique or method",
    "ENTY:termeq": "equivalent term",
    "ENTY:veh": "vehicle",
    "ENTY:word": "word",
    "HUM:desc": "description of a person",
    "HUM:gr": "group or organisation",
    "HUM:ind": "individual person",
    "HUM:title": "title of a person",
    "LOC:city": "city",
    "LOC:country": "country",
    "LOC:mount": "mountain",
    "LOC:other": "other location",
    "LOC:state": "state",
    "NUM:code": "code",
    "NUM:count": "count",
    "NUM:date": "date",
    "NUM:dist": "distance",
    "NUM:money": "money",
    "NUM:ord": "rank",
    "NUM:other": "other number",
    "NUM:perc": "percentage",
    "NUM:period": "period of time",
    "NUM:speed": "speed",
    "NUM:temp": "temperature",
    "NUM:volsize": "size, area or volume",
    "NUM:weight": "weight",
}
"""TREC fine classes (Li and Roth 2002)."""

DBPEDIA_FILE = "dbpedia_reuters/dbpedia/train.csv"
DBPEDIA_LABELS = (
    "company",
    "educational institution",
    "artist",
    "athlete",
    "office holder",
    "means of transportation",
    "building",
    "natural place",
    "village",
    "animal",
    "plant",
    "album",
    "film",
    "written work",
)
"""DBpedia-14 classes by their 0-based index in ``train.csv``."""

NEWSGROUPS_FILE = "20newsgroups/20news-bydate.tar.gz"
NEWSGROUPS = {
    "alt.atheism": "atheism",
    "comp.graphics": "computer graphics",
    "comp.os.ms-windows.misc": "microsoft windows",
    "comp.sys.ibm.pc.hardware": "pc hardware",
    "comp.sys.mac.hardware": "mac hardware",
    "comp.windows.x": "x window system",
    "misc.forsale": "for sale",
    "rec.autos": "cars",
    "rec.motorcycles": "motorcycles",
    "rec.sport.baseball": "baseball",
    "rec.sport.hockey": "hockey",
    "sci.crypt": "cryptography",
    "sci.electronics": "electronics",
    "sci.med": "medicine",
    "sci.space": "space",
    "soc.religion.christian": "christianity",
    "talk.politics.guns": "gun politics",
    "talk.politics.mideast": "middle east politics",
    "talk.politics.misc": "politics",
    "talk.religion.misc": "religion",
}


def _read_lines(path: Path, encoding: str = "utf-8") -> list[str]:
    with open(path, encoding=encoding) as handle:
        return [line.rstrip("\n") for line in handle if line.strip()]


def _yin_examples(corpus: str, data_dir: Path, split: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The class names and the ``(text, class names)`` lines of a Yin et al. file (``<indices>\t<text>``)."""
    classes = [SITUATION_NAMES.get(name, name) for name in _read_lines(data_dir / YIN_CLASSES[corpus])]
    examples = []
    for line in _read_lines(data_dir / YIN_FILES[corpus][split]):
        indices, _, text = line.partition("\t")
        examples.append((text.strip(), [classes[int(index)] for index in indices.split()]))
    return classes, examples


def load_emotion(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Yin et al. (2019) emotion test set: 10 single-label classes incl. "no emotion", one record per line."""
    classes, examples = _yin_examples("emotion", data_dir, split)
    for text, names in examples:
        yield classification_record(truncate_words(text, max_words), classification("emotion", classes, names))


def load_situation(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Yin et al. (2019) situation dev and test sets: 12 classes, multi-label.

    A text listed more than once gets the union of its labels. The source's
    ``train.txt`` is left out: it shares most of its texts with dev and test
    (the set is zero-shot only anyway).
    """
    classes, examples = _yin_examples("situation", data_dir, split)
    labelled: dict[str, list[str]] = {}
    for text, names in examples:
        known = labelled.setdefault(text, [])
        known.extend(name for name in names if name not in known)
    for text, names in labelled.items():
        task = classification("situation", classes, names, multi_label=True)
        yield classification_record(truncate_words(text, max_words), task)


def load_trec(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """TREC question classification (NLTK ``qc``): coarse and fine question type in one record.

    The source has train (5,452) and test (500); dev is 10% of train by hash of the question.
    """
    source = "test" if split == "test" else "train"
    with zipfile.ZipFile(data_dir / QC_FILE) as archive:
        lines = archive.read(f"qc/{source}.txt").decode("latin-1").splitlines()
    coarse, fine = list(QUESTION_TYPES.values()), list(ANSWER_TYPES.values())
    for line in lines:
        label, _, question = line.strip().partition(" ")
        if not question or (source == "train" and carve_dev(text_key(question)) != split):
            continue
        yield classification_record(
            question,
            classification("question type", coarse, [QUESTION_TYPES[label.partition(":")[0]]]),
            classification("answer type", fine, [ANSWER_TYPES[label]]),
        )


def load_dbpedia(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """The 14,000-article DBpedia-14 subset, split 80/10/10 by hash of the text."""
    with open(data_dir / DBPEDIA_FILE, encoding="utf-8", newline="") as handle:
        for index, text in csv.reader(handle):
            text = truncate_words(" ".join(text.split()), max_words)
            if assign_split(text_key(text)) == split:
                yield classification_record(
                    text, classification("category", DBPEDIA_LABELS, [DBPEDIA_LABELS[int(index)]])
                )


def load_20newsgroups(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """20 Newsgroups "bydate": 20 topics from the subject line and body (other headers dropped).

    The source has train (11,314) and test (7,532); dev is 10% of train by hash of the post.
    """
    source = "test" if split == "test" else "train"
    labels = list(NEWSGROUPS.values())
    for group, raw in _newsgroup_posts(data_dir, source):
        text = truncate_words(_post_text(raw), max_words)
        if text and (source == "test" or carve_dev(text_key(text)) == split):
            yield classification_record(text, classification("topic", labels, [NEWSGROUPS[group]]))


def _newsgroup_posts(data_dir: Path, source: str) -> Iterator[tuple[str, str]]:
    """``(newsgroup, raw post)`` of one source split, in archive order."""
    prefix = f"data/20news-bydate-{source}/"
    with tarfile.open(data_dir / NEWSGROUPS_FILE, "r:gz") as archive:
        for member in archive:
            parts = member.name[len(prefix) :].split("/")
            is_post = member.name.startswith(prefix) and len(parts) == 2 and parts[1].isdigit()
            content = archive.extractfile(member) if is_post else None
            if content is not None and parts[0] in NEWSGROUPS:
                yield parts[0], content.read().decode("latin-1")


def _post_text(raw: str) -> str:
    """Subject and body of a post; ``From:``, ``Organization:`` and the like would give the group away."""
    header, _, body = raw.partition("\n\n")
    subject = next((line[len("Subject:") :].strip() for line in header.splitlines() if line.startswith("Subject:")), "")
    return "\n\n".join(part for part in (subject, body.strip()) if part)
