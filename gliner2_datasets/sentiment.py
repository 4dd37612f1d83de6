"""Sentiment and opinion sets: IMDB and the NLTK corpora by Pang & Lee and by Bing Liu.

Reviews longer than ``max_words`` words are truncated to their first
``max_words`` words.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gliner2_datasets._records import Record, classification, classification_record
from gliner2_datasets.splits import assign_split, carve_dev, text_key
from gliner2_datasets.text import truncate_words

SENTIMENT = ("positive", "negative")
IMDB_FILE = "imdb/aclImdb_labeled.tar.gz"
NLTK_DIR = "nltk_data/packages/corpora"
MOVIE_REVIEWS_FILE = f"{NLTK_DIR}/movie_reviews.zip"
SENTENCE_POLARITY_FILE = f"{NLTK_DIR}/sentence_polarity.zip"
SUBJECTIVITY_FILE = f"{NLTK_DIR}/subjectivity.zip"
PRODUCT_REVIEWS_FILES = (f"{NLTK_DIR}/product_reviews_1.zip", f"{NLTK_DIR}/product_reviews_2.zip")
PROS_CONS_FILE = f"{NLTK_DIR}/pros_cons.zip"

_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_OPINION = re.compile(r"\[([+-])(\d?)\]")
_PROS_CONS = re.compile(r"<(Pros|Cons)>(.*?)</\1>")


def _sentiment_record(text: str, label: str, max_words: int) -> Record:
    return classification_record(truncate_words(text, max_words), classification("sentiment", SENTIMENT, [label]))


def load_imdb(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """IMDB Large Movie Review Dataset sentiment: 25k train and 25k test reviews.

    Dev is 10% of the source's train by hash of the review; ``<br />`` becomes a line break.
    """
    source = "test" if split == "test" else "train"
    prefix = f"aclImdb/{source}/"
    with tarfile.open(data_dir / IMDB_FILE, "r:gz") as archive:
        for member in archive:
            parts = member.name[len(prefix) :].split("/")
            is_review = member.name.startswith(prefix) and len(parts) == 2 and parts[1].endswith(".txt")
            content = archive.extractfile(member) if is_review else None
            if content is None:
                continue
            text = truncate_words(_LINE_BREAK.sub("\n", content.read().decode("utf-8")), max_words)
            if source == "test" or carve_dev(text_key(text)) == split:
                yield _sentiment_record(text, "positive" if parts[0] == "pos" else "negative", max_words)


def _zip_texts(path: Path, suffix: str = "") -> Iterator[tuple[str, str]]:
    """``(member name, UTF-8 text)`` of every file in a zip whose name ends with ``suffix``."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith("/") and name.endswith(suffix):
                yield name, archive.read(name).decode("utf-8")


def load_movie_reviews(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """NLTK ``movie_reviews`` (Pang & Lee polarity 2.0, 2,000 reviews), split 80/10/10 by hash of the review."""
    for name, text in _zip_texts(data_dir / MOVIE_REVIEWS_FILE, ".txt"):
        label = {"pos": "positive", "neg": "negative"}[name.split("/")[1]]
        text = truncate_words(text, max_words)
        if assign_split(text_key(text)) == split:
            yield _sentiment_record(text, label, max_words)


def load_sentence_polarity(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """NLTK ``sentence_polarity`` (Rotten Tomatoes snippets, 5,331 per polarity), one ``test`` split."""
    for name, text in _zip_texts(data_dir / SENTENCE_POLARITY_FILE):
        if name.endswith((".pos", ".neg")):
            label = "positive" if name.endswith(".pos") else "negative"
            yield from (_sentiment_record(line.strip(), label, max_words) for line in text.splitlines() if line.strip())


def load_subjectivity(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """NLTK ``subjectivity`` (5,000 plot sentences, objective; 5,000 review quotes, subjective), one ``test`` split."""
    labels = ("subjective", "objective")
    for name, text in _zip_texts(data_dir / SUBJECTIVITY_FILE, ".5000"):
        label = "objective" if "/plot." in name else "subjective"
        for line in filter(str.strip, text.splitlines()):
            yield classification_record(
                truncate_words(line, max_words), classification("subjectivity", labels, [label])
            )


def load_product_reviews(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """NLTK ``product_reviews_1`` and ``_2`` (Hu & Liu): sentence sentiment, one ``test`` split.

    A sentence is a record when its feature opinions (``feature[+2]``) add up
    to a positive or negative total; sentences without opinions, or whose
    opinions cancel out, are skipped.
    """
    for path in PRODUCT_REVIEWS_FILES:
        for name, text in _zip_texts(data_dir / path, ".txt"):
            if name.endswith("README.txt"):
                continue
            for line in text.splitlines():
                opinions, found, sentence = line.partition("##")
                score = sum(int(f"{sign}{strength or 1}") for sign, strength in _OPINION.findall(opinions))
                if found and sentence.strip() and score:
                    yield _sentiment_record(sentence.strip(), "positive" if score > 0 else "negative", max_words)


def load_pros_cons(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """NLTK ``pros_cons`` (Ganapathibhotla & Liu): review pros and cons, one ``test`` split."""
    labels = ("pro", "con")
    for _, text in _zip_texts(data_dir / PROS_CONS_FILE, ".txt"):
        for kind, content in _PROS_CONS.findall(text):
            if content.strip():
                task = classification("pro or con", labels, ["pro" if kind == "Pros" else "con"])
                yield classification_record(truncate_words(content.strip(), max_words), task)
