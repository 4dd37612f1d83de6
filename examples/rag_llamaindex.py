"""RAG ingestion with LlamaIndex: GLiNER2 as a metadata extractor inside an IngestionPipeline.

    Documents -> IngestionPipeline([SentenceSplitter, GLiNER2Extractor(ChunkFacts), embed_model])
    -> Qdrant (local, on disk) -> VectorStoreIndex -> retriever with MetadataFilters

``GLiNER2Extractor`` takes the place of LLM extractors such as
``PydanticProgramExtractor``: the bundled GLiNER2 model runs on the CPU, offline,
and adds flat keys such as ``gliner2.chunk_facts.companies`` to each node. It keeps
those keys out of the embedded text, so the vectors are the chunk's own.

Run (offline, ~30 s on 2 cores):

    python examples/rag_llamaindex.py [--quick] [--store DIR] [--model DIR]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from llama_index.core import Document, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.vector_stores.qdrant import QdrantVectorStore
from qdrant_client import QdrantClient

from gliner2_core import GLiNER2
from gliner2_integrations.llamaindex import GLiNER2Extractor

import _common
from _common import CorpusDoc, Hit, PipelineRun
from schemas import ChunkFacts

COLLECTION = "chunks"


def embed_model() -> HuggingFaceEmbedding:
    """all-MiniLM-L6-v2 from its installed folder (no download)."""
    return HuggingFaceEmbedding(model_name=_common.minilm_path(), device="cpu")


def documents(corpus: Sequence[CorpusDoc]) -> list[Document]:
    """LlamaIndex documents; their title and type are embedded with each chunk, their id and date are not."""
    hidden = ["doc_id", "date"]
    return [
        Document(text=doc.text, metadata=doc.metadata, id_=doc.id, excluded_embed_metadata_keys=hidden)
        for doc in corpus
    ]


def splitter() -> SentenceSplitter:
    # Tokens, counting the document's metadata too: about 700 characters of text.
    return SentenceSplitter(chunk_size=200, chunk_overlap=20)


def extractor_for(model: GLiNER2) -> GLiNER2Extractor:
    # flat_lists="keep": Qdrant stores lists, and filters on them; the default ("json")
    # encodes lists as strings for stores that take scalars only.
    return GLiNER2Extractor(
        model=ChunkFacts, extractor=model, metadata_mode="flat", flat_lists="keep", threshold=_common.THRESHOLD
    )


def measure_extraction(corpus: Sequence[CorpusDoc], model: GLiNER2) -> tuple[int, float]:
    """Chunks and seconds for the extraction step alone, on the pipeline's own chunks."""
    nodes = splitter()(documents(corpus))
    began = time.perf_counter()
    extractor_for(model)(nodes)
    return len(nodes), time.perf_counter() - began


def retrieve(index: VectorStoreIndex, question: str, field: str, value: str, k: int = 3) -> list[Hit]:
    """The k chunks nearest to the question among those whose extracted ``field`` contains ``value``."""
    # Our keys contain dots, which Qdrant reads as nesting, so the key is quoted.
    # On a list payload, Qdrant's EQ means "contains".
    key = f'"{_common.meta_key(field)}"'
    filters = MetadataFilters(filters=[MetadataFilter(key=key, value=value, operator=FilterOperator.EQ)])
    found = index.as_retriever(similarity_top_k=k, filters=filters).retrieve(question)
    return [
        Hit(hit.node.metadata["doc_id"], hit.score or 0.0, hit.node.get_content(), hit.node.metadata) for hit in found
    ]


def run(corpus: Sequence[CorpusDoc], store_dir: Path, extractor: GLiNER2, embeddings: BaseEmbedding) -> PipelineRun:
    """Ingest the corpus into ``store_dir`` with a loaded GLiNER2 model, then run the demo query."""
    client = QdrantClient(path=str(store_dir))
    if client.collection_exists(COLLECTION):  # re-running the demo replaces the collection
        client.delete_collection(COLLECTION)
    # Local Qdrant has no payload indexes (a server would use one on doc_id).
    vector_store = QdrantVectorStore(client=client, collection_name=COLLECTION, index_doc_id=False)
    pipeline = IngestionPipeline(
        transformations=[splitter(), extractor_for(extractor), embeddings],
        vector_store=vector_store,
    )
    began = time.perf_counter()
    nodes = pipeline.run(documents=documents(corpus), show_progress=True)
    total_s = time.perf_counter() - began

    index = VectorStoreIndex.from_vector_store(vector_store, embed_model=embeddings)
    hits = retrieve(index, _common.QUESTION, _common.FILTER_FIELD, _common.FILTER_VALUE)
    client.close()
    return PipelineRun("LlamaIndex", [node.metadata for node in nodes], None, total_s, hits)


def main(argv: list[str] | None = None) -> None:
    args = _common.demo_arguments(__doc__.splitlines()[0], argv)
    corpus = _common.load_corpus(quick=args.quick)
    extractor = GLiNER2.from_pretrained(args.model)  # None: the bundled gliner2-mini; loaded before timing
    result = run(corpus, _common.store_path(args.store, "llamaindex"), extractor, embed_model())
    print(f"\nIngested {len(corpus)} documents as {result.chunks} nodes.")
    print("Metadata of the first node:", result.chunk_metadata[0])
    _common.print_value_counts(result, ["companies", "people", "locations", "products", "sentiment"])
    _common.print_hits(result)
    _common.print_timings(result)


if __name__ == "__main__":
    main()
