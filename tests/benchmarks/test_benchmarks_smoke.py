"""Every ``benchmarks/*.py`` script runs with ``--quick``, exits 0 and writes well-formed results.

The scripts run in a subprocess, as a user runs them, with tiny settings and a
temporary checkpoint cache. Only the shape of the output is checked, never a timing:
the numbers of a ``--quick`` run mean nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_benchmark(tmp_path_factory):
    """``run_benchmark(script, *args) -> stdout``; fails the test with the output when the script fails."""
    cache = tmp_path_factory.mktemp("bench-cache")
    env = dict(
        os.environ,
        HF_HUB_OFFLINE="1",
        GLINER2_BENCH_CACHE=str(cache),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )

    def run(script: str, *args: str) -> str:
        proc = subprocess.run(
            [sys.executable, str(BENCHMARKS / script), "--quick", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, (
            f"{script} exited {proc.returncode}\n--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
        )
        return proc.stdout

    return run


def check_header(stdout: str, title: str) -> None:
    lines = stdout.splitlines()
    assert lines[0].startswith(f"# {title}")
    assert "cores" in lines[1] and "torch" in lines[2]


def test_speed_compares_ours_with_the_reference_in_and_past_the_encoder_window(run_benchmark, tmp_path):
    pytest.importorskip("gliner2")
    out = tmp_path / "speed.json"
    stdout = run_benchmark("speed.py", "--modes", "batch8", "--repeats", "1", "--json", str(out), "--markdown")
    check_header(stdout, "speed")
    assert "| model | schema |" in stdout
    payload = json.loads(out.read_text())
    assert {"cpu", "cores", "torch", "torch_threads", "date"} <= set(payload["machine"])
    rows = payload["rows"]
    assert [(r["words"], r["mode"], r["engine"]) for r in rows] == [(20, "batch8", "torch"), (600, "batch8", "torch")]
    assert rows[0]["reference"] == "batch_extract"
    assert rows[1]["reference"].startswith("batch_extract_long(chunk_size=")  # 600 words exceed 512 positions
    for row in rows:
        assert row["ours_tps"] > 0 and row["ref_tps"] > 0 and row["ratio"] > 0
        assert len(row["times"]) == len(row["ref_times"]) == payload["settings"]["repeats"]


def test_memory_measures_each_configuration_in_a_fresh_process(run_benchmark, tmp_path):
    pytest.importorskip("gliner2")
    out = tmp_path / "memory.json"
    stdout = run_benchmark("memory.py", "--document-chars", "4000", "--json", str(out))
    check_header(stdout, "memory")
    rows = json.loads(out.read_text())["rows"]
    assert [(r["engine"], r["document_chars"]) for r in rows] == [("ours", 0), ("reference", 0), ("ours", 4000)]
    for row in rows:
        assert "error" not in row
        assert row["rss_load_mb"] > 50 and row["peak_mb"] > 0
        assert row["delta_mb"] == pytest.approx(row["peak_mb"] - row["rss_load_mb"])
    assert rows[-1]["reference_chunk"] > 0  # what --reference-long would use


def test_scaling_writes_numbers_and_a_two_panel_plot(run_benchmark, tmp_path):
    pytest.importorskip("gliner2")
    pytest.importorskip("matplotlib")
    out, plot = tmp_path / "scaling.json", tmp_path / "scaling.png"
    stdout = run_benchmark("scaling.py", "--lengths", "20", "--labels", "1,5", "--json", str(out), "--plot", str(plot))
    check_header(stdout, "scaling")
    rows = json.loads(out.read_text())["rows"]
    assert [(r["sweep"], r["words"], r["labels"]) for r in rows] == [
        ("length", 20, 5),
        ("labels", 200, 1),
        ("labels", 200, 5),
    ]
    assert all(r["ours_ms"] > 0 and r["ref_ms"] > 0 for r in rows)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_accuracy_backends_reports_deltas_against_torch(run_benchmark, tmp_path):
    pytest.importorskip("onnxruntime")
    data = Path(os.environ.get("GLINER2_KIT_DATA", ROOT.parent / "shared" / "data"))
    if not (data / "conll2003").is_dir():
        pytest.skip(f"no conll2003 under {data}")
    out = tmp_path / "accuracy.json"
    stdout = run_benchmark("accuracy_backends.py", "--datasets", "conll2003", "--limit", "4", "--json", str(out))
    check_header(stdout, "accuracy")
    rows = json.loads(out.read_text())["rows"]
    assert {r["metric"] for r in rows} == {"entity_f1", "entity_precision_at_0.8"}  # F1 and calibration
    (row,) = [r for r in rows if r["metric"] == "entity_f1"]
    assert row["dataset"] == "conll2003"
    for backend in ("onnx", "int8"):
        assert 0 <= row[backend] <= 1
        assert row[f"{backend}_delta"] == pytest.approx(100 * (row[backend] - row["torch"]))
        same, total = map(int, row[f"{backend}_same"].split("/"))
        assert 0 <= same <= total == 4


def test_overhead_splits_the_time_per_text_into_stages(run_benchmark, tmp_path):
    out = tmp_path / "overhead.json"
    stdout = run_benchmark("overhead.py", "--modes", "batch8", "--json", str(out))
    check_header(stdout, "overhead")
    (row,) = json.loads(out.read_text())["rows"]
    stages = ["split words", "tokenize words", "schema prompt", "rows (rest of encode)", "collate", "encoder", "heads"]
    assert all(row[stage] >= 0 for stage in stages) and row["encoder"] > 0
    assert sum(row[stage] for stage in [*stages, "decode + rest"]) == pytest.approx(row["total_ms"])
    assert row["calls"]["schema prompt"] <= 2, "the schema is encoded once for the batch, not once per text"


def test_latency_reports_single_and_batched_ratios_and_extract_model_percentiles(run_benchmark, tmp_path):
    pytest.importorskip("gliner2")
    out = tmp_path / "latency.json"
    stdout = run_benchmark("latency.py", "--json", str(out))
    check_header(stdout, "latency")
    payload = json.loads(out.read_text())
    assert {row["mode"] for row in payload["ratios"]} == {"single", "batch8"}
    assert all(row["ratio"] > 0 for row in payload["ratios"])
    (latency,) = payload["latency"]
    assert latency["fields"] == 6 and 0 < latency["p50_ms"] <= latency["p95_ms"]
    assert payload["machine"]["cpu"]


def test_boundary_speed_times_default_and_published_heads_with_identical_outputs(run_benchmark, tmp_path):
    pytest.importorskip("gliner2")
    out = tmp_path / "boundary.json"
    stdout = run_benchmark("boundary_speed.py", "--json", str(out))
    check_header(stdout, "GLiNER2.5 boundary")
    rows = json.loads(out.read_text())["rows"]
    assert {(row["heads"], row["mode"]) for row in rows} == {
        (heads, mode) for heads in ("default", "published") for mode in ("single", "batch8")
    }
    assert all(row["same"] for row in rows), "our outputs equal the reference's on every row"
    assert all(row["ratio"] > 0 for row in rows)


def test_floor_reports_flops_peak_and_measured_time(run_benchmark, tmp_path):
    out = tmp_path / "floor.json"
    stdout = run_benchmark("floor.py", "--json", str(out))
    check_header(stdout, "floor")
    (row,) = json.loads(out.read_text())["rows"]
    assert row["gflop"] > 0 and row["peak_gflops"] > 0 and row["tokens"] > 20
    assert row["x_floor"] == pytest.approx(row["measured_ms"] / row["floor_ms"])


def test_ray_throughput_reports_rows_per_second_and_actor_memory(run_benchmark, tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "ray.json"
    stdout = run_benchmark("ray_throughput.py", "--actors", "1", "--json", str(out))
    check_header(stdout, "ray")
    (row,) = json.loads(out.read_text())["rows"]
    assert row["actors"] == 1 and row["failed"] == 0 and row["rows_per_s_total"] > 0
