"""The main job: tag every chunk of a RAG ingestion with GLiNER2, with LangChain and with LlamaIndex.

Indexes ``examples/data/corpus`` (news, product pages, support tickets, invoices
and meeting notes about a few invented companies) twice, each time tagging every
chunk with ``schemas.ChunkFacts`` (companies, people, locations, products,
sentiment) on the CPU instead of calling an LLM per chunk:

* LangChain: splitter -> ``GLiNER2MetadataTagger`` -> MiniLM embeddings -> Qdrant (``rag_langchain.py``);
* LlamaIndex: ``IngestionPipeline([SentenceSplitter, GLiNER2Extractor, embed_model])`` -> Qdrant
  (``rag_llamaindex.py``).

It then prints what was extracted (per document, and chunks per value), answers
one question restricted by a metadata filter (chunks whose extracted companies
include "Northwind Logistics"), and reports chunks per second for extraction
alone and end to end. Everything runs offline; the Qdrant stores are folders.

Run (about a minute on 2 CPU cores, offline; ``--quick`` indexes 8 documents):

    pip install -e ".[demo]"
    python examples/rag_demo.py [--quick] [--store DIR] [--model DIR]
"""

from __future__ import annotations

import time
from collections import Counter

from gliner2_core import GLiNER2

import _common
import rag_langchain
import rag_llamaindex
from _common import PipelineRun

FIELDS = ["companies", "people", "locations", "products", "sentiment"]


def print_corpus(corpus: list[_common.CorpusDoc]) -> None:
    kinds = Counter(doc.source_type for doc in corpus)
    words = sum(len(doc.text.split()) for doc in corpus)
    print(f"Corpus: {len(corpus)} documents, {words} words ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")


def print_documents(run: PipelineRun) -> None:
    """One row per document: its chunks, its most mentioned companies and people, its usual sentiment."""
    by_doc: dict[str, list[dict]] = {}
    for metadata in run.chunk_metadata:
        by_doc.setdefault(metadata["doc_id"], []).append(metadata)
    print(f"\nExtracted per document ({run.name}):")
    print(f"  {'document':<35} {'type':<14} {'chunks':>6}  {'companies':<42} {'people':<30} sentiment")
    for doc_id, chunks in by_doc.items():
        companies = top(_common.value_counts(chunks, "companies"), 2)
        people = top(_common.value_counts(chunks, "people"), 2)
        sentiment = top(_common.value_counts(chunks, "sentiment"), 1)
        kind = chunks[0]["source_type"]
        print(f"  {doc_id:<35} {kind:<14} {len(chunks):>6}  {companies:<42} {people:<30} {sentiment}")


def top(counts: Counter[str], n: int) -> str:
    text = ", ".join(" ".join(value.split()) for value, _ in counts.most_common(n)) or "-"  # one line per row
    return text if len(text) <= 40 else text[:39] + "…"


def main(argv: list[str] | None = None) -> None:
    args = _common.demo_arguments(__doc__.splitlines()[0], argv)
    corpus = _common.load_corpus(quick=args.quick)
    print_corpus(corpus)

    began = time.perf_counter()
    extractor = GLiNER2.from_pretrained(args.model)  # None: the bundled gliner2-mini; shared by both
    lc_embeddings, li_embeddings = rag_langchain.MiniLMEmbeddings(), rag_llamaindex.embed_model()
    extractor.extract_entities("Warm-up call.", ["company"])  # one-off start-up costs stay out of the timings
    print(f"Loaded GLiNER2 and all-MiniLM-L6-v2 in {time.perf_counter() - began:.1f} s\n")

    langchain = rag_langchain.run(corpus, _common.store_path(args.store, "langchain"), extractor, lc_embeddings)
    _, li_extract_s = rag_llamaindex.measure_extraction(corpus, extractor)
    llamaindex = rag_llamaindex.run(corpus, _common.store_path(args.store, "llamaindex"), extractor, li_embeddings)
    llamaindex.extract_s = li_extract_s

    print("\n" + "=" * 100)
    print_documents(langchain)
    for run in (langchain, llamaindex):
        _common.print_value_counts(run, FIELDS)
    for run in (langchain, llamaindex):
        _common.print_hits(run)
    for run in (langchain, llamaindex):
        _common.print_timings(run)
    print(f"\nStores: {_common.store_path(args.store, '')}  (total {time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
