"""Biomedical NER: the six sets of the MTL-Bioinformatics-2016 collection and AnEM (anatomy).

The collection's sets (token TAB IOB2 tag, blank line between sentences) carry
no document boundaries and become one record per sentence (a sentence longer
than ``max_words`` words is cut into several). AnEM gives each
token's character offsets in its source document, so its documents are
rebuilt with their original spacing and cut into windows of ``max_words``
words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._bio import decode_chunks, label_set, read_conll
from gliner2_datasets._records import Record, entity_map
from gliner2_datasets._windows import document_windows
from gliner2_datasets.text import Span, pinned, rebase, window_offsets

ANATOMY_LABELS = {
    "Anatomical_system": "anatomical system",
    "Cell": "cell",
    "Cellular_component": "cellular component",
    "Developing_anatomical_structure": "developing anatomical structure",
    "Immaterial_anatomical_entity": "immaterial anatomical entity",
    "Multi-tissue_structure": "multi-tissue structure",
    "Organ": "organ",
    "Organism_subdivision": "organism subdivision",
    "Organism_substance": "organism substance",
    "Pathological_formation": "pathological formation",
    "Tissue": "tissue",
}
BIOMED_LABELS = {
    "bc5cdr": {"Chemical": "chemical", "Disease": "disease"},
    "bionlp13cg": {
        "Gene_or_gene_product": "gene or gene product",
        "Simple_chemical": "simple chemical",
        "Cancer": "cancer",
        "Organism": "organism",
        "Amino_acid": "amino acid",
        **ANATOMY_LABELS,
    },
    "bionlp11id": {
        "Protein": "protein",
        "Organism": "organism",
        "Chemical": "chemical",
        "Regulon-operon": "regulon or operon",
    },
    "ncbi_disease": {"Disease": "disease"},
    "linnaeus": {"Species": "species"},
    "craft": {
        "GGP": "gene or gene product",
        "SO": "sequence feature",
        "CL": "cell type",
        "CHEBI": "chemical entity",
        "Taxon": "organism taxon",
        "GO": "biological process or component",
    },
}
"""Natural labels of each set's entity types, by registry name."""

BIOMED_FOLDERS = {
    "bc5cdr": "BC5CDR-IOB",
    "bionlp13cg": "BioNLP13CG-IOB",
    "bionlp11id": "BioNLP11ID-IOB",
    "ncbi_disease": "NCBI-disease-IOB",
    "linnaeus": "linnaeus-IOB",
    "craft": "CRAFT-IOB",
}
BIOMED_SPLITS = {"train": "train", "dev": "devel", "test": "test"}
ANEM_FILES = {"dev": "anem/CONLL-format/data/AnEM.train", "test": "anem/CONLL-format/data/AnEM.test"}
"""AnEM is held out: the source's train file serves as a second evaluation split, ``dev``."""


def biomed_files(name: str) -> list[str]:
    """The source files of one set of the collection, relative to the data folder."""
    return [f"biomed_ner/{BIOMED_FOLDERS[name]}/{part}.tsv" for part in BIOMED_SPLITS.values()]


def biomed_loader(name: str):
    """A registry loader for one set of the collection (one record per sentence)."""
    label_map = BIOMED_LABELS[name]

    def load(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
        path = data_dir / "biomed_ner" / BIOMED_FOLDERS[name] / f"{BIOMED_SPLITS[split]}.tsv"
        sentences = list(read_conll(path))
        labels = label_set(sentences, label_map, name)
        for sentence in sentences:
            yield from document_windows([sentence], label_map, labels, max_words)

    types = ", ".join(dict.fromkeys(label_map.values()))
    load.__doc__ = f"{BIOMED_FOLDERS[name][:-4]} (MTL-Bioinformatics-2016 copy): {types}; one record per sentence."
    load.__name__ = f"load_{name}"
    return load


def load_anem(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """AnEM anatomical entities (11 types) in PubMed abstracts and PMC full-text extracts, windows of documents.

    Each token line is ``token start end tag`` with offsets into its document;
    a document ends where the offsets restart. The text is rebuilt with the
    original spacing (a line break where sentences are not adjacent).
    """
    labels = list(ANATOMY_LABELS.values())
    for text, mentions in _anem_documents(data_dir / ANEM_FILES[split]):
        for window in window_offsets(text, max_words):
            window_text = text[window[0] : window[1]]
            moved = [(label, rebase(span, window, window_text)) for label, span in mentions]
            yield {
                "input": window_text,
                "output": {"entities": entity_map(labels, [(label, span) for label, span in moved if span])},
            }


def _anem_documents(path: Path) -> Iterator[tuple[str, list[tuple[str, Span]]]]:
    """Rebuild each AnEM document: its text and its pinned mentions."""
    document: list[list[tuple[str, int, int, str]]] = []
    sentence: list[tuple[str, int, int, str]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            columns = line.split()
            if not columns:
                if sentence:
                    document.append(sentence)
                sentence = []
                continue
            if len(columns) != 4:
                raise TrainingDataError(f"{path}:{number}: got {line.strip()!r}; expected 'token start end tag'")
            token, start, end, tag = columns[0], int(columns[1]), int(columns[2]), columns[3]
            if start == 0 and document and not sentence:
                yield _anem_text(document)
                document = []
            sentence.append((token, start, end, tag))
    if sentence:
        document.append(sentence)
    if document:
        yield _anem_text(document)


def _anem_text(document: list[list[tuple[str, int, int, str]]]) -> tuple[str, list[tuple[str, Span]]]:
    """Lay the tokens out as in the source: adjacent tokens stay joined, a gap becomes one space.

    A gap of more than one character between two sentences (a paragraph or
    section break in the source) becomes a line break.
    """
    parts: list[str] = []
    length = 0
    source_end: int | None = None
    mentions: list[tuple[str, Span]] = []
    for number, sentence in enumerate(document):
        offsets: list[tuple[int, int]] = []
        for index, (token, start, end, _) in enumerate(sentence):
            if source_end is not None and start != source_end:
                gap = "\n" if number and index == 0 and start - source_end > 1 else " "
                parts.append(gap)
                length += 1
            offsets.append((length, length + len(token)))
            parts.append(token)
            length += len(token)
            source_end = end
        mentions.extend(_anem_mentions(sentence, offsets))
    text = "".join(parts)
    return text, [(label, pinned(text, start, end)) for label, (start, end) in mentions]


def _anem_mentions(
    sentence: list[tuple[str, int, int, str]], offsets: list[tuple[int, int]]
) -> Iterator[tuple[str, tuple[int, int]]]:
    """The mentions of one sentence as ``(label, (start, end))`` in the rebuilt text."""
    for first, last, kind in decode_chunks([tag for *_, tag in sentence]):
        if kind not in ANATOMY_LABELS:
            raise TrainingDataError(
                f"dataset 'anem': got entity type {kind!r}; expected one of {sorted(ANATOMY_LABELS)}"
            )
        yield ANATOMY_LABELS[kind], (offsets[first][0], offsets[last - 1][1])
