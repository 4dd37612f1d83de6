"""Hostile inputs against the Ray integration and ``extract --engine ray``, on a real local Ray. Exact outcomes.

Nothing of the user's is overwritten (columns, input files), every JSON line is valid
JSON, one bad row fails only itself, and bad inputs, columns, addresses and outputs are
refused before any row runs, with the option, the value and what is valid.
"""

from __future__ import annotations

import json
import math
import re
import socket
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gliner2_core import GLiNER2, SchemaError
from gliner2_integrations.cli import main
from gliner2_integrations.ray import GLiNER2Predictor, extract_dataset
from tests.conftest import REPO_ROOT

ray = pytest.importorskip("ray")

SCHEMA = {"entities": ["person", "company"]}
PREFIX = "gliner2-kit extract: error: "
TEXTS = ["Tim Cook works for Apple.", "Steve Jobs founded Apple.", "Berlin and London."]


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray with 2 CPUs for this module, shut down afterwards."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={
            "env_vars": {"PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        },
    )
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def expected(tiny_checkpoint):
    return GLiNER2.from_pretrained(tiny_checkpoint).batch_extract(TEXTS, SCHEMA)


def extract(ds, tiny_checkpoint, **options):
    return extract_dataset(ds, SCHEMA, model=str(tiny_checkpoint), concurrency=1, ray_batch_size=8, **options)


@pytest.fixture
def workdir(tmp_path, tiny_checkpoint, monkeypatch):
    """A folder with three texts, a JSONL file of rows with ids and metadata, and the schema."""
    monkeypatch.chdir(tmp_path)
    for i, text in enumerate(TEXTS):
        (tmp_path / f"doc{i}.txt").write_text(text, encoding="utf-8")
    rows = [
        {"id": 1, "text": TEXTS[0], "meta": {"lang": "en"}},
        {"id": 2, "meta": {"lang": "de"}},
        {"id": 3, "text": None},
        {"id": 4, "text": TEXTS[1]},
    ]
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "bad_schema.json").write_text(json.dumps({"entities": 5}), encoding="utf-8")
    return tmp_path


def cli(tiny_checkpoint, capsys, *args):
    base = ["extract", "--engine", "ray", "--concurrency", "1", "--schema", "schema.json"]
    status = main([*base, "--model-path", str(tiny_checkpoint), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("column", ["gliner2", "gliner2_error"])
def test_existing_output_columns_are_refused_up_front_naming_the_column(local_ray, tiny_checkpoint, column):
    ds = local_ray.data.from_items([{"text": "Tim Cook", column: "the user's"}])
    option = "output_column" if column == "gliner2" else "error_column"
    with pytest.raises(SchemaError, match=f"{option}: got '{column}', a column the data already has"):
        extract(ds, tiny_checkpoint)


def test_renamed_output_columns_leave_the_users_columns_as_they_were(local_ray, tiny_checkpoint, expected):
    items = [{"id": i, "text": t, "gliner2": f"mine {i}", "gliner2_error": "keep"} for i, t in enumerate(TEXTS)]
    out = extract(local_ray.data.from_items(items), tiny_checkpoint, output_column="g2", error_column="g2_error")
    rows = out.take_all()
    assert [(r["id"], r["text"], r["gliner2"], r["gliner2_error"]) for r in rows] == [
        (i, t, f"mine {i}", "keep") for i, t in enumerate(TEXTS)
    ]
    assert [r["g2"] for r in rows] == expected and [r["g2_error"] for r in rows] == [None] * 3


def test_one_bytes_row_fails_alone_and_the_str_rows_stay_str(local_ray, tiny_checkpoint, expected):
    items = [{"id": 0, "text": TEXTS[0]}, {"id": 1, "text": b"\xffbytes"}, {"id": 2, "text": TEXTS[1]}]
    rows = extract(local_ray.data.from_items(items, override_num_blocks=3), tiny_checkpoint).take_all()
    assert [r["text"] for r in rows] == [TEXTS[0], b"\xffbytes", TEXTS[1]]
    assert [rows[0]["gliner2"], rows[2]["gliner2"]] == expected[:2]
    assert rows[0]["gliner2_error"] is None and rows[2]["gliner2_error"] is None
    assert rows[1]["gliner2"] is None
    assert "text[1]: got bytes (b'\\xffbytes'); expected a str; decode bytes first" in rows[1]["gliner2_error"]


def test_missing_and_null_texts_in_json_lines_are_named_and_ids_and_metadata_survive(
    local_ray, tiny_checkpoint, workdir, expected
):
    rows = extract(local_ray.data.read_json(str(workdir / "rows.jsonl"), lines=True), tiny_checkpoint).take_all()
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert rows[0]["meta"] == {"lang": "en"} and rows[1]["meta"] == {"lang": "de"}
    assert [rows[0]["gliner2"], rows[3]["gliner2"]] == expected[:2]
    for row in rows[1:3]:
        assert row["gliner2"] is None
        assert "no text (the row has no 'text' value, or it is null); expected a str" in row["gliner2_error"]
        assert "float" not in row["gliner2_error"]


def test_a_block_without_the_text_column_fails_its_rows_only(local_ray, tiny_checkpoint, workdir, expected):
    (workdir / "other.jsonl").write_text(json.dumps({"id": 9, "body": "no text key"}) + "\n", encoding="utf-8")
    (workdir / "doc.jsonl").write_text(json.dumps({"id": 0, "text": TEXTS[0]}) + "\n", encoding="utf-8")
    ds = local_ray.data.read_json([str(workdir / "doc.jsonl"), str(workdir / "other.jsonl")], lines=True)
    rows = sorted(extract(ds, tiny_checkpoint).take_all(), key=lambda r: r["id"])
    assert rows[0]["gliner2"] == expected[0] and rows[0]["gliner2_error"] is None
    assert rows[1]["id"] == 9 and rows[1]["body"] == "no text key" and rows[1]["gliner2"] is None
    # in a batch of its own, the block says it has no such column; joined with others, its rows have no text
    assert re.match(
        r"SchemaError: (text_column: got 'text'; expected one of this batch's columns|text\[1\]: no text \(the row "
        r"has no 'text' value, or it is null\))",
        rows[1]["gliner2_error"],
    ), rows[1]["gliner2_error"]


def test_a_pydantic_model_row_with_a_missing_text_fails_alone(local_ray, tiny_checkpoint):
    from tests.gliner2_integrations.ray.models import Contact

    ds = local_ray.data.from_items([{"id": 0, "text": TEXTS[0]}, {"id": 1, "text": None}])
    rows = extract_dataset(ds, Contact, model=str(tiny_checkpoint), concurrency=1).take_all()
    assert set(rows[0]["gliner2"]) == {"name", "company"} and rows[0]["gliner2_error"] is None
    assert rows[1]["gliner2"] is None and "text[1]: no text" in rows[1]["gliner2_error"]


@pytest.mark.parametrize("name", ["", None, 3])
def test_output_column_names_must_be_non_empty_strings(tiny_checkpoint, name):
    with pytest.raises(SchemaError, match=f"output_column: got {name!r}; expected a non-empty column name"):
        GLiNER2Predictor(SCHEMA, model=str(tiny_checkpoint), output_column=name)


def test_text_files_give_valid_json_lines_and_exit_0_when_every_file_was_read(
    local_ray, tiny_checkpoint, workdir, capsys, expected
):
    status, out, err = cli(tiny_checkpoint, capsys, "doc0.txt", "doc1.txt", "doc2.txt")
    assert status == 0, err
    assert "NaN" not in out
    rows = [json.loads(line) for line in out.splitlines()]  # json.loads accepts NaN; the check above does not
    assert [(r["source"], r["text"], r["gliner2_error"]) for r in rows] == [
        (f"doc{i}.txt", t, None) for i, t in enumerate(TEXTS)
    ]
    assert [r["gliner2"] for r in rows] == expected


def test_jsonl_output_of_rows_with_missing_keys_is_valid_json(local_ray, tiny_checkpoint, workdir, capsys):
    status, _, err = cli(tiny_checkpoint, capsys, "rows.jsonl", "--output", "out.jsonl")
    text = (workdir / "out.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line, parse_constant=pytest.fail) for line in text.splitlines()]
    assert status == 1 and [r["id"] for r in rows] == [1, 2, 3, 4]
    assert rows[1]["text"] is None and rows[2]["text"] is None and rows[2]["meta"] is None


def test_renamed_columns_on_the_command_line(local_ray, tiny_checkpoint, workdir, capsys, expected):
    status, out, _ = cli(tiny_checkpoint, capsys, "doc0.txt", "--output-column", "found", "--error-column", "why")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and row["found"] == expected[0] and row["why"] is None and "gliner2" not in row


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing*.jsonl"], "FILES: the pattern nothing*.jsonl matches no file"),
        (["missing.parquet"], "FILES: no such file or folder missing.parquet"),
        (["-"], "FILES: got '-'; --engine ray reads files, not stdin"),
        (["doc0.txt", "rows.jsonl"], "--engine ray: mix of input kinds ['jsonl', 'text']"),
        (["rows.jsonl", "--output", "rows.jsonl"], "--output: got 'rows.jsonl', which is also an input (FILES"),
        (["doc0.txt", "--output", "schema.json"], "--output: got 'schema.json', which is also an input (--schema"),
        (["doc0.txt", "--html", "page.html"], "--html: got 'page.html'; the viewer page is written by --engine local"),
        (["doc0.txt", "--output-column", "text"], "--output-column/--error-column: got 'text'/'gliner2_error'"),
        (["doc0.txt", "--error-column", "source"], "expected two distinct names other than 'source', 'text'"),
        (["doc0.txt", "--encoding", "klingon"], "--encoding: got 'klingon'; expected a Python codec name"),
        (["doc0.txt", "--address", "nonsense"], "--address: got 'nonsense'; expected 'auto', HOST:PORT"),
        (["doc0.txt", "--address", "head:0"], "--address: got 'head:0'; expected 'auto', HOST:PORT"),
        (["doc0.txt", "--address", "head:99999"], "--address: got 'head:99999'; expected"),
        (["doc0.txt", "--address", "ray://"], "--address: got 'ray://'; expected"),
        (["doc0.txt", "--model-path", "./no-such-folder"], "--model-path: got './no-such-folder'; no such checkpoint"),
        (["doc0.txt", "--model-path", "doc1.txt"], "--model-path: got 'doc1.txt'; no such checkpoint folder"),
        (["doc0.txt", "--schema", "bad_schema.json"], "--schema: 'bad_schema.json' cannot be extracted (entities:"),
    ],
)
def test_bad_inputs_options_and_addresses_are_usage_errors_before_ray_runs(
    tiny_checkpoint, workdir, capsys, args, message
):
    before = {p.name: p.read_bytes() for p in workdir.iterdir()}
    status, out, err = cli(tiny_checkpoint, capsys, *args)
    assert status == 2 and out == ""
    assert err.startswith(PREFIX) and message in err and len(err.splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in workdir.iterdir()} == before  # nothing written, nothing overwritten


def test_an_unreachable_address_fails_within_seconds(tiny_checkpoint, workdir, capsys):
    started = time.monotonic()
    status, _, err = cli(tiny_checkpoint, capsys, "doc0.txt", "--address", "127.0.0.1:9")
    assert status == 2 and time.monotonic() - started < 10
    assert err.startswith(f"{PREFIX}--address: cannot reach a Ray head at '127.0.0.1:9' (Connection refused)")


def test_an_address_that_accepts_but_never_answers_fails_within_seconds(tiny_checkpoint, workdir, capsys):
    with socket.socket() as silent:  # listens, as a firewall or another service might, and says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        status, _, err = cli(tiny_checkpoint, capsys, "doc0.txt", "--address", address)
    assert status == 2 and time.monotonic() - started < 10
    assert err.startswith(f"{PREFIX}--address: cannot reach a Ray head at '{address}' (no answer within 5 s)")


def test_a_live_ray_head_passes_the_address_check(local_ray):
    from gliner2_integrations.cli.ray_checks import check_address

    address = local_ray.get_runtime_context().gcs_address
    assert check_address(address) == address and check_address("auto") == "auto"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--num-cpus", "-1"], "argument --num-cpus: got '-1'; expected a positive number (CPUs, e.g. 1 or 0.5)"),
        (["--num-cpus", "nan"], "argument --num-cpus: got 'nan'; expected a positive number (CPUs, e.g. 1 or 0.5)"),
        (["--concurrency", "abc"], "argument --concurrency: got 'abc'; expected a positive integer"),
        (["--threshold", "abc"], "argument --threshold: got 'abc'; expected a number between 0 and 1"),
    ],
)
def test_bad_numbers_are_argument_errors_naming_the_option(workdir, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--engine", "ray", "--schema", "schema.json", *args, "doc0.txt"])
    assert exit_info.value.code == 2 and capsys.readouterr().err.splitlines()[-1].endswith(message)


def test_json_lines_to_a_remote_uri_are_refused_before_ray_runs(tiny_checkpoint, workdir, capsys):
    status, _, err = cli(tiny_checkpoint, capsys, "doc0.txt", "--output", "s3://bucket/out.jsonl")
    assert status == 2 and err.startswith(f"{PREFIX}--output: got 's3://bucket/out.jsonl'; JSON lines go to a local")
    assert not (workdir / "s3:").exists()


def test_an_empty_jsonl_file_writes_nothing_and_succeeds(local_ray, tiny_checkpoint, workdir, capsys):
    (workdir / "empty.jsonl").write_text("", encoding="utf-8")
    status, out, err = cli(tiny_checkpoint, capsys, "empty.jsonl")
    assert (status, out) == (0, ""), err


def test_a_line_that_is_not_json_fails_the_run_with_one_line(local_ray, tiny_checkpoint, workdir, capsys):
    (workdir / "broken.jsonl").write_text('{"text": "Tim Cook"}\n{"text": \n', encoding="utf-8")
    status, _, err = cli(tiny_checkpoint, capsys, "broken.jsonl")
    assert status == 1 and len(err.splitlines()) == 1 and err.startswith(f"{PREFIX}the Ray job failed: "), err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["rows.jsonl", "--text-column", "body"],
            "--text-column: got 'body'; expected one of the input's columns ['id', 'meta', 'text']",
        ),
        (
            ["rows.jsonl", "--output-column", "meta"],
            "--output-column: got 'meta', a column the input already has (['id', 'meta', 'text']); expected a new "
            "name, so that nothing is overwritten",
        ),
    ],
)
def test_columns_are_checked_before_any_row_runs(local_ray, tiny_checkpoint, workdir, capsys, args, message):
    status, out, err = cli(tiny_checkpoint, capsys, *args)
    assert status == 2 and out == "" and err == f"{PREFIX}{message}\n"


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/dev/full", "--output: cannot write /dev/full: No space left on device"),
        ("/proc/no/such/out.jsonl", "--output: cannot write /proc/no/such/out.jsonl: No such file or directory"),
        (".", "--output: cannot write .: Is a directory"),
    ],
)
def test_an_unwritable_output_exits_74_before_ray_runs(tiny_checkpoint, workdir, capsys, output, message):
    status, _, err = cli(tiny_checkpoint, capsys, "doc0.txt", "--output", output)
    assert status == 74 and err == f"{PREFIX}{message}\n"


def test_a_file_name_with_a_newline_cannot_forge_a_line(tiny_checkpoint, workdir, capsys):
    status, _, err = cli(tiny_checkpoint, capsys, "nothing\n" + PREFIX + "forged*.jsonl")
    assert status == 2 and len(err.splitlines()) == 1
    assert err == f"{PREFIX}FILES: the pattern 'nothing\\n{PREFIX}forged*.jsonl' matches no file\n"


def test_a_column_of_mixed_types_fails_the_run_with_one_clear_line(local_ray, tiny_checkpoint, workdir, capsys):
    lines = [json.dumps({"id": i, "text": TEXTS[0]}) for i in range(3)] + [json.dumps({"id": 3, "text": 5})]
    (workdir / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = cli(tiny_checkpoint, capsys, "mixed.jsonl", "--output", "out.jsonl")
    assert status == 1 and "Traceback" not in err
    if err:  # Ray read the file as several blocks, of a str and an int column, that it cannot join
        assert err.startswith(f"{PREFIX}the Ray job failed: ") and len(err.splitlines()) == 1
        assert err.rstrip().endswith(
            "every value of a column must have one type across the input (e.g. every text a string)"
        )
    else:  # one block: the int row fails alone
        rows = [json.loads(line) for line in (workdir / "out.jsonl").read_text().splitlines()]
        assert [r["gliner2_error"] is None for r in rows] == [True, True, True, False]
        assert "text[3]: got int (5); expected a str" in rows[3]["gliner2_error"]


ROW_TEXTS = st.one_of(st.sampled_from(TEXTS), st.binary(max_size=8), st.none())


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(ROW_TEXTS, min_size=1, max_size=3), min_size=1, max_size=4))
def test_on_ray_every_str_row_gets_its_own_result_whatever_rows_share_its_batch(local_ray, tiny_checkpoint, blocks):
    """A row is extracted from as its block holds it, whatever other blocks Ray joins into its batch."""
    items = [{"id": i, "text": text} for i, text in enumerate(t for block in blocks for t in block)]
    ds = local_ray.data.from_items(items, override_num_blocks=len(blocks))
    held = [row["text"] for row in sorted(ds.take_all(), key=lambda row: row["id"])]
    rows = sorted(extract(ds, tiny_checkpoint).take_all(), key=lambda row: row["id"])
    model = GLiNER2.from_pretrained(tiny_checkpoint)
    assert [row["id"] for row in rows] == [item["id"] for item in items]
    for text, row in zip(held, rows, strict=True):
        if isinstance(text, str):
            assert row["gliner2"] == model.batch_extract([text], SCHEMA)[0] and row["gliner2_error"] is None
        else:
            assert row["gliner2"] is None and row["gliner2_error"].startswith("SchemaError: text[")
        # Arrow has one type per column: Ray may type a batch's mixed column as str or bytes; the content is kept.
        # A block whose every text is null comes back as NaN from Ray's numpy batches (a known limitation):
        # still missing, never a value.
        missing = text is None and isinstance(row["text"], float) and math.isnan(row["text"])
        assert missing or _as_bytes(row["text"]) == _as_bytes(text)


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else value
