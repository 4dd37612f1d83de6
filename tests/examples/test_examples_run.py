"""Every ``examples/*.py`` script runs offline, exits 0 and prints the lines its docstring promises.

Scripts run in a subprocess, as a user would run them, with the repository on
``PYTHONPATH`` (a fresh clone works after ``pip install -e ".[demo]"`` too). The RAG
scripts run with ``--quick`` and a temporary ``--store``; they take tens of seconds
each, so they are marked slow (and still run in CI).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HELPERS = {"_common.py", "schemas.py"}  # imported by the scripts, not run


def run_example(script: str, *args: str, timeout: int = 600) -> str:
    """The script's stdout; fails the test with its output when it exits non-zero."""
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, (
        f"{script} exited {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )
    return proc.stdout


def load_common():
    """``examples/_common.py`` as a module (``examples/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("examples_common", EXAMPLES / "_common.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TESTED = {
    "quickstart.py",
    "pydantic_extraction.py",
    "agent_tool.py",
    "rag_langchain.py",
    "rag_llamaindex.py",
    "rag_demo.py",
}


def test_every_example_script_has_a_run_test():
    scripts = {path.name for path in EXAMPLES.glob("*.py")} - HELPERS
    assert scripts == TESTED, "add a run test for new examples (or drop removed ones from TESTED)"


def test_every_example_says_what_it_shows_and_how_to_run_it():
    for path in EXAMPLES.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert source.startswith('"""'), f"{path.name}: no module docstring"
        if path.name not in HELPERS:
            assert f"python examples/{path.name}" in source, f"{path.name}: docstring does not say how to run it"
        assert not re.search(r"/(work|home|Users|root)/", source), f"{path.name}: contains a machine path"


def test_corpus_has_varied_documents_of_realistic_length():
    corpus = load_common().load_corpus()
    assert 20 <= len(corpus) <= 24
    assert {doc.source_type for doc in corpus} >= {"news", "product_page", "support_ticket", "invoice"}
    for doc in corpus:
        assert 120 <= len(doc.text.split()) <= 500, f"{doc.id}: {len(doc.text.split())} words"
        assert doc.title and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.date), doc.id
    assert sum("Northwind Logistics" in doc.text for doc in corpus) >= 8  # filtering on it is meaningful


def test_quick_corpus_is_a_subset():
    common = load_common()
    assert [doc.id for doc in common.load_corpus(quick=True)] == sorted(common.QUICK_IDS)


def test_quickstart_shows_each_kind_of_extraction():
    out = run_example("quickstart.py")
    for line in ("Entities:", "Classification:", "Records:", "Relations:", "With confidence and spans:"):
        assert line in out


def test_pydantic_extraction_prints_the_schema_and_one_result_per_text():
    out = run_example("pydantic_extraction.py")
    assert "Schema for Invoice:" in out and "'invoice number'" in out
    assert out.count("\nText: ") == 3
    assert "model_dump(mode='json'):" in out


def test_agent_tool_returns_content_and_artifact():
    out = run_example("agent_tool.py")
    assert "Tool name: extract_support_ticket" in out
    assert re.search(r"content \(for the model\): \{.*\"urgency\"", out)
    assert "artifact (for your code): SupportTicket(" in out


@pytest.mark.slow
def test_rag_langchain_indexes_tags_and_queries(tmp_path):
    out = run_example("rag_langchain.py", "--quick", "--store", str(tmp_path))
    assert re.search(r"Indexed 8 documents as \d+ chunks\.", out)
    assert "Chunks per extracted value (LangChain" in out
    assert (
        "Query (LangChain): " in out and "filter: gliner2.chunk_facts.companies contains 'Northwind Logistics'" in out
    )
    assert re.search(r"Throughput \(LangChain\): \d+ chunks; extraction alone .* chunks/s\); end to end", out)
    assert (tmp_path / "langchain").is_dir()


@pytest.mark.slow
def test_rag_llamaindex_ingests_tags_and_retrieves(tmp_path):
    out = run_example("rag_llamaindex.py", "--quick", "--store", str(tmp_path))
    assert re.search(r"Ingested 8 documents as \d+ nodes\.", out)
    assert "Query (LlamaIndex): " in out
    assert re.search(r"Throughput \(LlamaIndex\): \d+ chunks; end to end", out)
    assert (tmp_path / "llamaindex").is_dir()


@pytest.mark.slow
def test_rag_demo_runs_both_pipelines_and_prints_the_summary(tmp_path):
    out = run_example("rag_demo.py", "--quick", "--store", str(tmp_path))
    assert "Corpus: 8 documents" in out
    assert "Extracted per document (LangChain):" in out
    for name in ("LangChain", "LlamaIndex"):
        assert f"Chunks per extracted value ({name}" in out
        assert f"Query ({name}): " in out
        assert re.search(
            rf"Throughput \({name}\): \d+ chunks; extraction alone [\d.]+ s \([\d.]+ chunks/s\); end to end", out
        )
