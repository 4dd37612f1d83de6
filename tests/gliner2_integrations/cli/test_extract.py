"""``gliner2-kit extract``: JSON lines per input, streaming, error lines, exit statuses."""

from __future__ import annotations

import io
import json
import sys

import pytest

from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.cli import main

MODELS = "tests.gliner2_integrations.cli.models"


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def files(tmp_path):
    """Two readable texts, one undecodable file and one missing path, in that order."""
    (tmp_path / "a.txt").write_text("Tim Cook works at Apple in Paris.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Steve Jobs founded Apple.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Café Zürich".encode("latin-1"))
    return [str(tmp_path / name) for name in ("a.txt", "latin1.txt", "missing.txt", "b.txt")]


class FlushLog(io.StringIO):
    """stdout that records how many lines had been written at each flush."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed_at: list[int] = []

    def flush(self) -> None:
        self.flushed_at.append(self.getvalue().count("\n"))


def test_with_keep_going_every_input_gets_one_line_in_order_and_unreadable_files_exit_1(files, tiny_checkpoint, capsys):
    args = ["--model", f"{MODELS}:Visit", "--model-path", str(tiny_checkpoint), "--keep-going"]
    status = main(["extract", *args, *files])
    out, err = capsys.readouterr()
    records = lines(out)
    assert status == 1 and [r["source"] for r in records] == files
    assert [r["ok"] for r in records] == [True, False, False, True]
    assert records[1]["error"].startswith("UnicodeDecodeError: not utf-8 text: byte b'\\xe9' at offset 3")
    assert records[1]["error"].endswith("pass --encoding, e.g. --encoding latin-1")
    assert records[2]["error"] == "FileNotFoundError: cannot read: No such file or directory"
    assert set(records[0]["result"]) == {"visit"} and set(records[0]["result"]["visit"]) == {"person", "location"}
    assert err.splitlines() == [
        f"gliner2-kit extract: error: {files[1]}: {records[1]['error']}",
        f"gliner2-kit extract: error: {files[2]}: {records[2]['error']}",
    ]


def test_without_keep_going_the_run_stops_at_the_first_unreadable_input(files, tiny_checkpoint, capsys):
    status = main(["extract", "--model", f"{MODELS}:Visit", "--model-path", str(tiny_checkpoint), *files])
    out, err = capsys.readouterr()
    assert status == 1
    assert [(r["source"], r["ok"]) for r in lines(out)] == [(files[0], True), (files[1], False)]
    assert "stopped at the first unreadable input (--keep-going goes on)" in err


def test_lines_are_written_and_flushed_batch_by_batch(files, tiny_checkpoint, monkeypatch, spy):
    calls = spy(load_extractor(str(tiny_checkpoint)))
    stdout = FlushLog()
    monkeypatch.setattr(sys, "stdout", stdout)
    args = ["--model", f"{MODELS}:Visit", "--model-path", str(tiny_checkpoint), "--batch-size", "1", "-q"]
    main(["extract", *args, files[0], files[3]])
    assert stdout.flushed_at == [1, 2]
    assert [call["texts"] for call in calls] == [["Tim Cook works at Apple in Paris."], ["Steve Jobs founded Apple."]]


def test_stdin_gives_one_input_per_line(tiny_checkpoint, monkeypatch, capsys):
    stdin = io.TextIOWrapper(io.BytesIO(b"Tim Cook works at Apple.\n\xff\xfe broken\nSteve Jobs.\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    status = main(["extract", "--model", f"{MODELS}:Visit", "--model-path", str(tiny_checkpoint), "--keep-going", "-"])
    records = lines(capsys.readouterr().out)
    assert status == 1
    assert [(r["source"], r["ok"]) for r in records] == [("<stdin>:1", True), ("<stdin>:2", False), ("<stdin>:3", True)]


def test_a_pydantic_model_is_extracted_with_the_bundled_model_by_default(tmp_path, capsys, bundled_model):
    (tmp_path / "visit.txt").write_text("Angela Merkel visited Paris.", encoding="utf-8")
    assert main(["extract", "--model", f"{MODELS}:Visit", str(tmp_path / "visit.txt")]) == 0
    (record,) = lines(capsys.readouterr().out)
    assert record == {
        "source": str(tmp_path / "visit.txt"),
        "ok": True,
        "result": {"visit": {"person": "Angela Merkel", "location": "Paris"}},
    }


def test_a_schema_file_gives_the_plain_output_with_optional_confidences(tmp_path, capsys, bundled_model):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"entities": ["person", "location"]}), encoding="utf-8")
    (tmp_path / "visit.txt").write_text("Angela Merkel visited Paris.", encoding="utf-8")
    assert main(["extract", "--schema", str(schema), str(tmp_path / "visit.txt")]) == 0
    assert lines(capsys.readouterr().out)[0]["result"] == {
        "entities": {"person": ["Angela Merkel"], "location": ["Paris"]}
    }
    main(["extract", "--schema", str(schema), "--include-confidence", "--include-spans", str(tmp_path / "visit.txt")])
    (person,) = lines(capsys.readouterr().out)[0]["result"]["entities"]["person"]
    assert (person["text"], person["start"], person["end"]) == ("Angela Merkel", 0, 13) and person["confidence"] > 0.5


def test_a_failed_validation_is_an_error_line_and_exits_1(tmp_path, capsys, bundled_model):
    (tmp_path / "ok.txt").write_text("Angela Merkel visited Paris.", encoding="utf-8")
    (tmp_path / "rain.txt").write_text("It rained all day.", encoding="utf-8")
    args = ["extract", "--model", f"{MODELS}:StrictVisit", "--policy", "raise"]
    assert main([*args, str(tmp_path / "ok.txt"), str(tmp_path / "rain.txt")]) == 1
    ok, failed = lines(capsys.readouterr().out)
    assert ok["result"]["visit"]["person"] == "Angela Merkel"
    assert failed == {
        "source": str(tmp_path / "rain.txt"),
        "ok": False,
        "error": "ExtractionValidationError: required fields not found: person",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--model", "Visit"], "expected MODULE:NAME"),
        (["--model", "no_such_module_x:Visit"], "cannot import"),
        (["--model", f"{MODELS}:Nope"], "cannot import"),
        (["--model", "collections:OrderedDict"], "cannot be extracted"),
        (["--schema", "missing.json"], "bad schema file"),
        (["--model", f"{MODELS}:Visit", "--model-path", "/no/such/checkpoint"], "--model-path"),
    ],
)
def test_usage_errors_exit_2_with_a_message(options, message, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    assert main(["extract", *options, str(tmp_path / "a.txt")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err


def test_a_bad_schema_dict_is_a_usage_error(tmp_path, capsys):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"entity": ["person"]}), encoding="utf-8")
    assert main(["extract", "--schema", str(schema), str(schema)]) == 2
    assert "schema key: got 'entity'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [
        [],  # neither --model nor --schema
        ["--model", "a:B", "--schema", "s.json"],
        ["--model", "a:B", "--threshold", "2"],
        ["--model", "a:B", "--batch-size", "0"],
        ["--model", "a:B", "--policy", "strict"],
    ],
)
def test_invalid_options_exit_2(options, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", *options, "a.txt"])
    assert exit_info.value.code == 2
