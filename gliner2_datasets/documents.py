"""Document-level NER sets cut into multi-sentence windows: GUM, re3d, SEC filings and CoNLL-2003 articles.

Every record is a run of consecutive sentences of one document, up to
``max_words`` words (see :mod:`gliner2_datasets._windows`), so
the sets teach reading whole passages. All windows of a document share its
split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._bio import Sentence, decode_chunks, label_set, read_conll
from gliner2_datasets._records import Record
from gliner2_datasets._windows import Document, document_windows
from gliner2_datasets.ner import CONLL2003_FILES, CONLL_LABELS
from gliner2_datasets.splits import assign_split, carve_dev, text_key

GUM_LABELS = {
    "person": "person",
    "place": "place",
    "organization": "organisation",
    "quantity": "quantity",
    "time": "time",
    "event": "event",
    "abstract": "abstract concept",
    "substance": "substance",
    "object": "object",
    "animal": "animal",
    "plant": "plant",
}
RE3D_LABELS = {
    "Person": "person",
    "Organisation": "organisation",
    "Location": "location",
    "Nationality": "nationality",
    "Temporal": "date or time",
    "Quantity": "quantity",
    "Money": "money",
    "Weapon": "weapon",
    "MilitaryPlatform": "military platform",
    "DocumentReference": "document reference",
}
SEC_LABELS = {"PER": "person", "ORG": "organisation", "LOC": "location", "MISC": "miscellaneous"}

GUM_DOCS = "gum/CONLL-format/data-by-corpustype"
GUM_IOB_FILES = ("gum/CONLL-format/data/train/gum-train.conll", "gum/CONLL-format/data/test/gum-test.conll")
RE3D_DOCS = "re3d/CONLL-format/data-by-source/conll"
SEC_FILES = {
    "train": "sec-filings/CONLL-format/data/train/FIN5.txt",
    "test": "sec-filings/CONLL-format/data/test/FIN3.txt",
}

_DATELINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PRONOUNS = frozenset(
    (
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "someone",
        "somebody",
        "something",
        "anyone",
        "anybody",
        "anything",
        "everyone",
        "everybody",
        "everything",
        "here",
        "there",
    )
)
"""Words that GUM and re3d annotate as mentions on their own; such mentions are dropped (see :func:`drop_pronouns`)."""


def _windows(
    dataset: str, documents: Sequence[Document], label_map: dict[str, str], max_words: int
) -> Iterator[Record]:
    labels = label_set([sentence for document in documents for sentence in document], label_map, dataset)
    for document in documents:
        yield from document_windows(document, label_map, labels, max_words)


def load_gum(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """GUM (Georgetown): 76 documents of four genres (interview, news, travel guide, how-to), 11 broad types.

    Read in document order from the per-genre files, whose IO tags cannot tell
    two adjacent mentions of one type apart; each sentence takes the IOB2 tags
    of the same sentence in the corpus's sentence-level train/test files when
    they agree with its IO tags. The source split is by sentence, so it is not
    used: a document goes to train, dev or test (80/10/10) by hash of its name.
    GUM annotates every mention; those that are only a pronoun are dropped.
    """
    iob: dict[tuple[str, ...], list[str]] = {}
    for path in GUM_IOB_FILES:
        for sentence in read_conll(data_dir / path):
            iob[tuple(token for token, _ in sentence)] = [tag for _, tag in sentence]
    documents = []
    for path in sorted((data_dir / GUM_DOCS).glob("*/*.tsv")):
        if assign_split(path.stem) == split:
            documents.append([drop_pronouns(_gum_sentence(sentence, iob)) for sentence in read_conll(path)])
    return _windows("gum", documents, GUM_LABELS, max_words)


def _gum_sentence(sentence: Sentence, iob: dict[tuple[str, ...], list[str]]) -> Sentence:
    """A GUM sentence with IOB2 tags: the sentence-level file's when they agree, else its IO tags as ``I-``."""
    tokens = [token for token, _ in sentence]
    io_tags = [tag for _, tag in sentence]
    tags = iob.get(tuple(tokens))
    if tags is None or [tag.partition("-")[2] or "O" for tag in tags] != io_tags:
        tags = ["O" if tag == "O" else f"I-{tag}" for tag in io_tags]
    return list(zip(tokens, tags, strict=True))


def drop_pronouns(sentence: Sentence) -> Sentence:
    """Untag every mention made only of pronouns (``I``, ``it``, ``they``, ``that``, ...).

    GUM annotates every mention, pronouns included, and re3d annotates pronouns
    that refer to an entity. A model for extraction should return names and
    descriptions, not ``it``; the untagged pronouns act as negatives.
    """
    tags = [tag for _, tag in sentence]
    for first, last, _ in decode_chunks(tags):
        if all(token.casefold() in PRONOUNS for token, _ in sentence[first:last]):
            tags[first:last] = ["O"] * (last - first)
    return [(token, tag) for (token, _), tag in zip(sentence, tags, strict=True)]


def load_re3d(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """re3d (Dstl): defence and foreign-affairs documents from 7 sources, 10 entity types (IOB2).

    Read by document (one file each); a document goes to train, dev or test
    (80/10/10) by hash of its file name. The source's pronoun mentions are dropped.
    """
    paths = sorted((data_dir / RE3D_DOCS).glob("*/*.conll"))
    documents = [[drop_pronouns(s) for s in read_conll(path)] for path in paths if assign_split(path.stem) == split]
    return _windows("re3d", documents, RE3D_LABELS, max_words)


def load_sec_filings(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """SEC filings: 8 loan agreements (person, organisation, location, miscellaneous; IOB1 tags).

    The source's test file (3 agreements) is the test split; the windows of its
    train file (5 agreements) are split into train and dev (90/10) by hash of
    the window text, since five documents are too few to split by document.
    """
    source = "test" if split == "test" else "train"
    documents = read_documents(data_dir / SEC_FILES[source])
    for record in _windows("sec_filings", documents, SEC_LABELS, max_words):
        if source == "test" or carve_dev(text_key(record["input"])) == split:
            yield record


def read_documents(path: Path) -> list[Document]:
    """Read a CoNLL-2003 column file (``token POS chunk tag``) into documents split at ``-DOCSTART-``.

    Raises:
        TrainingDataError: If a non-blank line has fewer than two columns.
    """
    documents: list[Document] = []
    sentence: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            columns = line.split()
            if sentence and (not columns or columns[0] == "-DOCSTART-"):
                documents[-1].append(sentence)
                sentence = []
            if not columns:
                continue
            if columns[0] == "-DOCSTART-":
                documents.append([])
            elif len(columns) < 2:
                raise TrainingDataError(f"{path}:{number}: got {line.strip()!r}; expected 'token ... tag' columns")
            else:
                if not documents:
                    documents.append([])
                sentence.append((columns[0], columns[-1]))
    if sentence:
        documents[-1].append(sentence)
    return [document for document in documents if document]


def load_conll2003_docs(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """CoNLL-2003 rebuilt into its Reuters articles, cut into multi-sentence windows.

    The CrossNER copy keeps the sentences in corpus order but drops the
    ``-DOCSTART-`` lines; an article is taken to start at its headline, the
    sentence before its dateline (``CITY 1996-08-22``), or two before when the
    sentence in between is a byline (all person tokens). The same text as
    ``conll2003``: train on one of the two.
    """
    sentences = list(read_conll(data_dir / CONLL2003_FILES[split]))
    return _windows("conll2003_docs", split_articles(sentences), CONLL_LABELS, max_words)


def split_articles(sentences: Sequence[Sentence]) -> list[Document]:
    """Group CoNLL-2003 sentences into articles by their datelines."""
    starts = {0}
    for index, sentence in enumerate(sentences):
        if index and _DATELINE.match(sentence[-1][0]) and len(sentence) <= 8:
            before = sentences[index - 1]
            byline = index >= 2 and all(tag.endswith("person") for _, tag in before)
            starts.add(index - 2 if byline else index - 1)
    ordered = sorted(starts)
    return [list(sentences[start:end]) for start, end in zip(ordered, [*ordered[1:], len(sentences)], strict=True)]
