"""The README's parallel LlamaIndex pipeline runs: split in the main process, then extract and embed in 2 workers.

LlamaIndex's ``SentenceSplitter`` cannot run in pipeline worker processes offline: its
unpickled copy rebuilds its tokenizer by downloading tiktoken's ``cl100k_base``, and
the worker pool then waits forever. So the documented pipeline splits first. The
script runs in a subprocess with a timeout, so a hang fails the test instead of CI.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import sys

from llama_index.core import Document
from llama_index.core.embeddings import MockEmbedding
from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.node_parser import SentenceSplitter

from gliner2_integrations.llamaindex import GLiNER2Extractor
from tests.gliner2_integrations.llamaindex.models import Visit

if __name__ == "__main__":
    documents = [Document(text=f"Tim Cook works at Apple in Paris. Report {i}. " * 12) for i in range(4)]
    nodes = SentenceSplitter(chunk_size=64, chunk_overlap=0)(documents)  # split here, not in the workers
    extractor = GLiNER2Extractor(model=Visit, extractor=sys.argv[1], threshold=0.3, flat_nulls="keep")
    pipeline = IngestionPipeline(transformations=[extractor, MockEmbedding(embed_dim=8)], disable_cache=True)
    tagged = pipeline.run(nodes=nodes, num_workers=2)
    ok = all("gliner2.visit.person" in node.metadata and len(node.embedding) == 8 for node in tagged)
    print(len(nodes), len(tagged), ok)
"""


@pytest.mark.slow
def test_the_documented_pipeline_runs_with_two_worker_processes(tiny_checkpoint, tmp_path):
    script = tmp_path / "pipeline.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, str(script), str(tiny_checkpoint)], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    chunks, tagged, ok = done.stdout.split()
    assert int(chunks) > 4 and tagged == chunks and ok == "True"
