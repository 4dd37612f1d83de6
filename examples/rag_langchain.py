"""RAG ingestion with LangChain: every chunk tagged by GLiNER2, then filtered on what was extracted.

    load corpus -> RecursiveCharacterTextSplitter -> GLiNER2MetadataTagger(ChunkFacts)
    -> all-MiniLM-L6-v2 embeddings -> Qdrant (local, on disk) -> question + metadata filter

The tagger replaces an LLM tagger such as ``OpenAIMetadataTagger``: the bundled
GLiNER2 model runs on the CPU, offline, and adds flat keys such as
``gliner2.chunk_facts.companies`` (a list of strings) to each chunk's metadata.

Run (offline, ~30 s on 2 cores):

    python examples/rag_langchain.py [--quick] [--store DIR] [--model DIR]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_qdrant import QdrantVectorStore
from langchain_text_splitters import RecursiveCharacterTextSplitter
from qdrant_client import models
from tqdm import tqdm

from gliner2_core import GLiNER2
from gliner2_integrations.langchain import GLiNER2MetadataTagger

import _common
from _common import CorpusDoc, Hit, PipelineRun
from schemas import ChunkFacts

COLLECTION = "chunks"
BATCH = 16  # chunks per tagger call (one batched model call each)


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 through sentence-transformers, as LangChain ``Embeddings``."""

    def __init__(self, model: Any = None) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = model or SentenceTransformer(_common.minilm_path(), device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def split(corpus: Sequence[CorpusDoc]) -> list[Document]:
    """Chunks of ~700 characters; each chunk gets a copy of its document's metadata."""
    documents = [Document(page_content=doc.text, metadata=doc.metadata) for doc in corpus]
    splitter = RecursiveCharacterTextSplitter(chunk_size=700, chunk_overlap=80)
    return splitter.split_documents(documents)


def tag(chunks: list[Document], tagger: GLiNER2MetadataTagger) -> tuple[list[Document], float]:
    """Tagged chunks, and the seconds spent in the tagger (batches only so that tqdm can show progress)."""
    tagged: list[Document] = []
    seconds = 0.0
    with tqdm(total=len(chunks), desc="LangChain: GLiNER2 tagging", unit="chunk") as bar:
        for start in range(0, len(chunks), BATCH):
            began = time.perf_counter()
            tagged += tagger.transform_documents(chunks[start : start + BATCH])
            seconds += time.perf_counter() - began
            bar.update(len(chunks[start : start + BATCH]))
    return tagged, seconds


def search(store: QdrantVectorStore, question: str, field: str, value: str, k: int = 3) -> list[Hit]:
    """The k chunks nearest to the question among those whose extracted ``field`` contains ``value``."""
    # LangChain keeps metadata under the payload key "metadata". Our keys contain dots,
    # which Qdrant reads as nesting, so the key is quoted. On a list, MatchValue means "contains".
    key = f'metadata."{_common.meta_key(field)}"'
    condition = models.FieldCondition(key=key, match=models.MatchValue(value=value))
    found = store.similarity_search_with_score(question, k=k, filter=models.Filter(must=[condition]))
    return [Hit(doc.metadata["doc_id"], score, doc.page_content, doc.metadata) for doc, score in found]


def run(corpus: Sequence[CorpusDoc], store_dir: Path, extractor: GLiNER2, embeddings: Embeddings) -> PipelineRun:
    """Index the corpus into ``store_dir`` with a loaded GLiNER2 model, then run the demo query."""
    began = time.perf_counter()
    # flat_lists="keep": Qdrant stores lists, and filters on them; the default ("json")
    # encodes lists as strings for stores that take scalars only, such as Chroma.
    tagger = GLiNER2MetadataTagger(
        model=ChunkFacts, extractor=extractor, flat_lists="keep", threshold=_common.THRESHOLD, batch_size=BATCH
    )
    tagged, extract_s = tag(split(corpus), tagger)
    store = QdrantVectorStore.from_documents(
        tagged,
        embeddings,
        path=str(store_dir),
        collection_name=COLLECTION,
        force_recreate=True,  # re-running the demo replaces the collection
    )
    total_s = time.perf_counter() - began
    hits = search(store, _common.QUESTION, _common.FILTER_FIELD, _common.FILTER_VALUE)
    store.client.close()
    return PipelineRun("LangChain", [doc.metadata for doc in tagged], extract_s, total_s, hits)


def main(argv: list[str] | None = None) -> None:
    args = _common.demo_arguments(__doc__.splitlines()[0], argv)
    corpus = _common.load_corpus(quick=args.quick)
    extractor = GLiNER2.from_pretrained(args.model)  # None: the bundled gliner2-mini; loaded before timing
    result = run(corpus, _common.store_path(args.store, "langchain"), extractor, MiniLMEmbeddings())
    print(f"\nIndexed {len(corpus)} documents as {result.chunks} chunks.")
    print("Metadata of the first chunk:", result.chunk_metadata[0])
    _common.print_value_counts(result, ["companies", "people", "locations", "products", "sentiment"])
    _common.print_hits(result)
    _common.print_timings(result)


if __name__ == "__main__":
    main()
