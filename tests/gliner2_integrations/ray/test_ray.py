"""Ray Data: GLiNER2Predictor and extract_dataset on a local Ray instance, against batch_extract."""

from __future__ import annotations

import os

import pytest

from gliner2_core import GLiNER2, SchemaError
from gliner2_integrations._runtime import resolve_target, run_extraction
from gliner2_integrations.ray import GLiNER2Predictor, extract_dataset
from gliner2_integrations.ray.rows import plain
from tests.conftest import REPO_ROOT
from tests.gliner2_integrations.ray.models import Contact

ray = pytest.importorskip("ray")

SCHEMA = {"entities": ["person", "company"], "classifications": [{"task": "tone", "labels": ["positive", "negative"]}]}
TEXTS = [
    "Tim Cook works for Apple in Paris.",
    "Steve Jobs founded Apple with Steve Wozniak in 1976, in California.",
    "A great movie, the director is Google.",
    "",
    "Berlin and London, new york.",
]


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with 2 CPUs for this module, shut down afterwards."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={
            "env_vars": {"PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        },
    )
    yield ray
    ray.shutdown()


def _rows(dataset, key="id"):
    return sorted(dataset.take_all(), key=lambda row: row[key])


def test_predictor_adds_what_batch_extract_returns_and_isolates_bad_rows(tiny_checkpoint):
    predictor = GLiNER2Predictor(SCHEMA, model=str(tiny_checkpoint), include_confidence=True)
    batch = {"id": list(range(len(TEXTS) + 2)), "text": [*TEXTS, None, "bad \ud800 surrogate"]}
    out = predictor(batch)
    expected = GLiNER2.from_pretrained(tiny_checkpoint).batch_extract(TEXTS, SCHEMA, include_confidence=True)
    assert out["gliner2"][: len(TEXTS)] == expected
    assert out["gliner2_error"][: len(TEXTS)] == [None] * len(TEXTS)
    assert out["gliner2"][-2:] == [None, None]
    assert "text[5]: no text (the row has no 'text' value, or it is null)" in out["gliner2_error"][-2]
    assert "lone surrogate" in out["gliner2_error"][-1]
    assert out["id"] == batch["id"]


def test_bad_options_and_columns_are_rejected_before_any_row(tiny_checkpoint):
    with pytest.raises(SchemaError, match="threshold"):
        GLiNER2Predictor(SCHEMA, model=str(tiny_checkpoint), threshold=2.0)
    with pytest.raises(SchemaError, match="model"):
        GLiNER2Predictor(SCHEMA, model=GLiNER2.from_pretrained(tiny_checkpoint))
    with pytest.raises(SchemaError, match="include_spans"):
        GLiNER2Predictor(Contact, model=str(tiny_checkpoint), include_spans=True)
    with pytest.raises(SchemaError, match=r"output_column/error_column: got \('text', 'gliner2_error'\)"):
        GLiNER2Predictor(SCHEMA, model=str(tiny_checkpoint), output_column="text")


def test_a_batch_without_the_text_column_gives_each_row_an_error_naming_the_columns(tiny_checkpoint):
    predictor = GLiNER2Predictor(SCHEMA, model=str(tiny_checkpoint), text_column="body")
    out = predictor({"id": [1, 2], "text": ["x", "y"]})
    assert out["id"] == [1, 2] and out["text"] == ["x", "y"] and out["gliner2"] == [None, None]
    assert (
        out["gliner2_error"]
        == ["SchemaError: text_column: got 'body'; expected one of this batch's columns ['id', 'text']"] * 2
    )


def test_extract_dataset_on_ray_equals_batch_extract_with_a_bad_row_isolated(local_ray, tiny_checkpoint):
    items = [{"id": i, "text": t} for i, t in enumerate(TEXTS)] + [{"id": len(TEXTS), "text": None}]
    ds = local_ray.data.from_items(items)
    out = extract_dataset(ds, SCHEMA, model=str(tiny_checkpoint), concurrency=1, ray_batch_size=2, include_spans=True)
    rows = _rows(out)
    expected = GLiNER2.from_pretrained(tiny_checkpoint).batch_extract(TEXTS, SCHEMA, include_spans=True)
    assert [row["gliner2"] for row in rows[: len(TEXTS)]] == expected
    assert [row["gliner2_error"] for row in rows[: len(TEXTS)]] == [None] * len(TEXTS)
    assert rows[-1]["gliner2"] is None and "no text (the row has no 'text' value" in rows[-1]["gliner2_error"]


def test_extract_dataset_finishes_when_its_actors_reserve_every_cpu(local_ray, tiny_checkpoint):
    # one actor holding both CPUs of the cluster, and a text column of str and bytes blocks (which
    # needs the per-block bytes pass): that pass must not wait for a CPU the actor holds
    items = [{"id": 0, "text": TEXTS[0]}, {"id": 1, "text": b"raw"}]
    out = extract_dataset(local_ray.data.from_items(items), SCHEMA, model=str(tiny_checkpoint), concurrency=1, num_cpus=2)
    rows = _rows(out)
    assert rows[0]["gliner2_error"] is None and "got bytes" in rows[1]["gliner2_error"]


def test_map_batches_with_two_actors_returns_validated_pydantic_records(local_ray, tiny_checkpoint):
    ds = local_ray.data.from_items([{"id": i, "body": t} for i, t in enumerate(TEXTS)])
    out = ds.map_batches(
        GLiNER2Predictor,
        fn_constructor_kwargs={"schema": Contact, "model": str(tiny_checkpoint), "text_column": "body"},
        compute=local_ray.data.ActorPoolStrategy(size=2),
        num_cpus=1,
        batch_size=2,
    )
    rows = _rows(out)
    outcomes = run_extraction(
        GLiNER2.from_pretrained(tiny_checkpoint), TEXTS, resolve_target(Contact), skip_blank=False
    )
    assert [row["gliner2"] for row in rows] == [o.result.value.model_dump(mode="json") for o in outcomes]
    assert all(set(row["gliner2"]) == {"name", "company"} for row in rows)
    assert [row["body"] for row in rows] == TEXTS


def test_importing_the_ray_integration_imports_neither_ray_nor_torch():
    import subprocess
    import sys

    code = "import sys, gliner2_integrations.ray as r; r.__all__; print('ray' in sys.modules, 'torch' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_cli_ray_engine_writes_jsonl_in_input_order_and_reports_a_bad_file(local_ray, tiny_checkpoint, tmp_path):
    import json

    from gliner2_integrations.cli import main

    files = []
    for i, text in enumerate(TEXTS[:3]):
        files.append(tmp_path / f"doc{i}.txt")
        files[-1].write_text(text, encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9 in Paris".encode("latin-1"))
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = [
        "extract",
        "--engine",
        "ray",
        "--concurrency",
        "1",
        "--schema",
        str(schema),
        "--model-path",
        str(tiny_checkpoint),
    ]
    status = main([*argv, *map(str, [files[0], bad, *files[1:]]), "--output", str(out)])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert status == 1
    assert [row["source"] for row in rows] == [str(p) for p in [files[0], bad, *files[1:]]]
    expected = GLiNER2.from_pretrained(tiny_checkpoint).batch_extract(TEXTS[:3], SCHEMA)
    assert [rows[0]["gliner2"], rows[2]["gliner2"], rows[3]["gliner2"]] == expected
    assert rows[1]["gliner2"] is None and rows[1]["gliner2_error"].startswith("UnicodeDecodeError")


def test_cli_ray_engine_reads_jsonl_and_writes_parquet(local_ray, tiny_checkpoint, tmp_path):
    import json

    from gliner2_integrations.cli import main

    source = tmp_path / "chunks.jsonl"
    source.write_text("".join(json.dumps({"id": i, "body": t}) + "\n" for i, t in enumerate(TEXTS)), encoding="utf-8")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    out = tmp_path / "out.parquet"
    status = main(
        [
            "extract",
            "--engine",
            "ray",
            "--schema",
            str(schema),
            "--model-path",
            str(tiny_checkpoint),
            "--text-column",
            "body",
            "--include-confidence",
            str(source),
            "--output",
            str(out),
        ]
    )
    assert status == 0
    rows = _rows(local_ray.data.read_parquet(str(out)))
    expected = GLiNER2.from_pretrained(tiny_checkpoint).batch_extract(TEXTS, SCHEMA, include_confidence=True)
    assert [plain(row["gliner2"]) for row in rows] == expected  # parquet hands lists back as arrays
