"""The integrations are typed end to end: reference-style dicts cross one edge module, once per text.

* Only :mod:`gliner2_integrations._reference` imports the core's reference-dict helpers
  (``gliner2_core.decoding.format``) or calls an extractor's ``batch_extract``.
* A dict-only extractor's output is read into an ``Extraction`` by its one adapter,
  ``from_reference``, and the Pydantic reader (``instances.Output``) has no dict branch.
* A Pydantic extraction makes one reference dict per text (``ExtractionResult.raw``).
"""

from __future__ import annotations

import ast

import pytest
from pydantic import BaseModel

from gliner2_core import Extraction, Schema
from gliner2_core.decoding.format import to_reference_dict
from gliner2_integrations import _reference
from gliner2_integrations._runtime import resolve_target, run_extraction
from gliner2_integrations.pydantic import extract_model, schema_for
from gliner2_integrations.pydantic.instances import Output
from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "gliner2_integrations"
EDGES = {"gliner2_integrations._reference"}
"""The modules allowed to build or read reference-style dicts with the core's helpers."""
REFERENCE_HELPERS = {"to_reference_dict", "format_result", "Formatter"}
REFERENCE_CALLS = {"batch_extract", "iter_extract"}
TEXT = "Tim Cook works for Apple in Cupertino. Steve Jobs founded Apple."


class Employment(BaseModel):
    person: list[str] = []
    company: str | None = None


def _modules() -> dict[str, ast.Module]:
    return {
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _imports_reference_helpers(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module == "gliner2_core.decoding.format" or names & REFERENCE_HELPERS:
                return True
            if node.module == "gliner2_core.decoding" and "format" in names:
                return True
        if isinstance(node, ast.Import) and any(a.name == "gliner2_core.decoding.format" for a in node.names):
            return True
    return False


def _calls_reference_api(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REFERENCE_CALLS
        for node in ast.walk(tree)
    )


def test_only_the_edge_module_imports_reference_dict_helpers():
    modules = _modules()
    importers = {name for name, tree in modules.items() if _imports_reference_helpers(tree)}
    assert importers == EDGES, f"reference-dict helpers imported outside {sorted(EDGES)}: {sorted(importers - EDGES)}"


def test_only_the_edge_module_calls_an_extractors_reference_api():
    callers = {name for name, tree in _modules().items() if _calls_reference_api(tree)}
    assert callers <= EDGES, f"batch_extract/iter_extract called outside {sorted(EDGES)}: {sorted(callers - EDGES)}"


def test_the_pydantic_reader_has_no_dict_branch():
    source = (PACKAGE / "pydantic" / "instances.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    branches = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance"
    ]
    assert all("Mapping" not in call and "dict" not in call for call in branches), branches


class DictOnlyExtractor:
    """The reference library's model: ``batch_extract`` returning dicts, no ``run``."""

    def __init__(self, model) -> None:
        self.model = model
        self.calls: list[dict] = []

    def batch_extract(self, texts, schema, **options):
        self.calls.append(options)
        return self.model.batch_extract(texts, schema, **options)


def test_a_dict_only_extractor_is_read_by_the_one_adapter(tiny_model, monkeypatch):
    read: list[str] = []
    original = _reference.from_reference

    def from_reference(output, spec, text):
        read.append(text)
        return original(output, spec, text)

    monkeypatch.setattr(_reference, "from_reference", from_reference)
    stub = DictOnlyExtractor(tiny_model)
    results = extract_model(stub, [TEXT, TEXT[:38]], Employment, threshold=0.0, batch_size=4)
    assert read == [TEXT, TEXT[:38]]
    assert stub.calls == [{"threshold": 0.0, "batch_size": 4, "include_confidence": True, "include_spans": True}]
    typed = extract_model(tiny_model, [TEXT, TEXT[:38]], Employment, threshold=0.0)
    assert [r.value for r in results] == [r.value for r in typed]
    assert [r.raw for r in results] == [r.raw for r in typed]  # the extractor's own dicts, as given
    assert all(r.extraction is None for r in results)


def test_a_reference_dict_reads_like_the_extraction_it_was_made_from(tiny_model):
    spec = (
        Schema()
        .entities(["person", "company"])
        .classification("tone", ["positive", "negative"])
        .structure("job")
        .field("who", dtype="str")
        .field("where", dtype="list")
        .build()
    )
    [extraction] = tiny_model.run([TEXT], spec, threshold=0.0)
    read = _reference.from_reference(to_reference_dict(extraction, _reference.FULL), spec, TEXT)
    assert isinstance(read, Extraction) and read.text == TEXT
    typed, plain = Output(extraction), Output(read)
    for label in ("person", "company"):
        assert plain.entities(label) == typed.entities(label)
    assert plain.choices("tone") == typed.choices("tone") and plain.labels("tone") == typed.labels("tone")
    assert plain.has_task("tone") and typed.has_task("tone")
    assert plain.records("job") == typed.records("job")
    assert _reference.reference_dict(read) == to_reference_dict(extraction, _reference.FULL)
    assert _reference.native(read) is None and _reference.native(extraction) is extraction


def test_a_plain_dict_without_evidence_reads_as_unknown_evidence():
    spec = schema_for(Employment).spec
    read = _reference.as_extraction({"employment": [{"person": ["Ada"], "company": "Acme"}]}, spec, None)
    [record] = read.records["employment"]
    assert [tuple(v) for v in record.fields["person"]] == [("Ada", None)]
    assert read.text is None and _reference.native(read) is None


@pytest.mark.parametrize("target", [Employment, {"entities": ["person", "company"]}], ids=["pydantic", "schema"])
def test_one_reference_dict_per_text_and_only_where_promised(tiny_model, monkeypatch, target):
    made: list[Extraction] = []
    original = _reference.to_reference_dict

    def counting(extraction, *args, **kwargs):
        made.append(extraction)
        return original(extraction, *args, **kwargs)

    monkeypatch.setattr(_reference, "to_reference_dict", counting)
    outcomes = run_extraction(tiny_model, [TEXT, TEXT, "Ada."], resolve_target(target), threshold=0.0)
    pydantic = isinstance(target, type)
    assert len(made) == (3 if pydantic else 0)  # ExtractionResult.raw; a plain schema's dict is made on demand
    assert [o.raw for o in outcomes] == [to_reference_dict(o.output, _reference.FULL) for o in outcomes]
    assert len(made) == 3  # Outcome.raw reuses the result's dict; a plain schema's is made on first use
    assert [o.raw for o in outcomes] and len(made) == 3  # ... and kept
