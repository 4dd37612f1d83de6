"""Hostile inputs against ``gliner2-kit extract``: files, encodings, user modules, broken outputs. Exact outcomes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid

import pytest

from gliner2_integrations._runtime import load_extractor
from gliner2_integrations.cli import main
from tests.hostile.integrations_support import MERKEL


@pytest.fixture(scope="module")
def bundled_model():
    """The bundled gliner2-mini, loaded once per process (shared with every integration loading it by default)."""
    return load_extractor(None)


VISIT = "tests.hostile.integrations_support:Visit"
PREFIX = "gliner2-kit extract: error: "


def run(args: list[str], capsys) -> tuple[int, list[dict], str]:
    status = main(["extract", "--model", VISIT, "--keep-going", *args])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "UnicodeDecodeError: not utf-8 text: byte b'\\x89' at offset 0 (invalid start byte)",
        ),
        (
            "Café".encode("latin-1"),
            "UnicodeDecodeError: not utf-8 text: byte b'\\xe9' at offset 3 (unexpected end of data)",
        ),
        (
            "Zürich".encode("cp1252") + b" ok",
            "UnicodeDecodeError: not utf-8 text: byte b'\\xfc' at offset 1 (invalid start byte)",
        ),
    ],
    ids=["binary-png", "latin-1", "cp1252"],
)
def test_an_undecodable_file_gets_an_error_line_and_a_message_on_stderr(tmp_path, capsys, bundled_model, data, error):
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    status, (record,), err = run([str(path)], capsys)
    assert status == 1 and record == {
        "source": str(path),
        "ok": False,
        "error": f"{error}; pass --encoding, e.g. --encoding latin-1",
    }
    assert err == f"{PREFIX}{path}: {record['error']}\n"


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("missing", "FileNotFoundError: cannot read: No such file or directory"),
        ("directory", "IsADirectoryError: cannot read: Is a directory"),
    ],
)
def test_an_unreadable_path_gets_an_error_line_and_a_message_on_stderr(tmp_path, capsys, bundled_model, kind, error):
    path = tmp_path / kind
    if kind == "directory":
        path.mkdir()
    status, (record,), err = run([str(path)], capsys)
    assert status == 1 and record == {"source": str(path), "ok": False, "error": error}
    assert err == f"{PREFIX}{path}: {error}\n"


@pytest.mark.parametrize(
    ("data", "options"),
    [
        (("\ufeff" + MERKEL).encode("utf-8"), []),
        (MERKEL.encode("utf-16"), ["--encoding", "utf-16"]),
        (("\ufeff" + MERKEL).encode("utf-16-le"), ["--encoding", "utf-16-le"]),
        (("Café. " + MERKEL).encode("latin-1"), ["--encoding", "latin-1"]),
        (("Café. " + MERKEL).encode("cp1252"), ["--encoding", "CP1252"]),
        (f"{MERKEL}\r\n\r\n".encode(), []),
        (f"\x00\x01 {MERKEL}\x00".encode(), []),
    ],
    ids=["utf-8-bom", "utf-16-bom", "utf-16-le-bom", "latin-1", "cp1252-any-case", "crlf", "nul-bytes"],
)
def test_a_decodable_file_is_extracted_without_byte_order_marks_in_values(
    tmp_path, capsys, bundled_model, data, options
):
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    status, (record,), err = run([*options, "--include-spans", str(path)], capsys)
    assert status == 0 and err == "" and record["ok"] is True
    visit = record["result"]["visit"]
    assert visit["location"] == "Paris" and visit["person"].endswith("Angela Merkel")
    assert "\ufeff" not in visit["person"]  # a byte-order mark never reaches a value


def test_an_empty_file_gives_a_record_with_no_values(tmp_path, capsys, bundled_model):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    status, (record,), _ = run([str(path)], capsys)
    assert status == 0 and record == {
        "source": str(path),
        "ok": True,
        "result": {"visit": {"person": None, "location": None}},
    }


def test_stdin_loses_its_byte_order_mark_and_undecodable_lines_fail_alone(monkeypatch, capsys, bundled_model):
    stdin = io.TextIOWrapper(io.BytesIO(("\ufeff" + MERKEL + "\n").encode() + b"\xff broken\n" + MERKEL.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    status, records, err = run(["-"], capsys)
    assert status == 1 and [r["ok"] for r in records] == [True, False, True]
    assert records[0]["result"]["visit"]["person"] == "Angela Merkel"
    assert err.startswith(f"{PREFIX}<stdin>:2: UnicodeDecodeError: not utf-8 text: byte b'\\xff' at offset 0")


def user_module(tmp_path, monkeypatch, source: str) -> str:
    name = f"user_schemas_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return name


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("class Visit(BaseModel:\n    x: str\n", "cannot import '{name}:Visit' (SyntaxError: "),
        ("raise RuntimeError('no database here')\n", "importing it raised RuntimeError: no database here"),
        ("import no_such_dependency_xyz\n", "(ModuleNotFoundError: No module named 'no_such_dependency_xyz')"),
        (
            "from pydantic import BaseModel\nclass Visit(BaseModel):\n    counts: dict[str, int]\n",
            "cannot be extracted (field 'Visit.counts': annotation dict[str, int] is not supported",
        ),
        ("def Visit():\n    pass\n", "cannot be extracted"),
    ],
    ids=["syntax-error", "raises-at-import", "missing-dependency", "unsupported-type", "not-a-model"],
)
def test_a_broken_model_module_is_a_usage_error_exit_2(tmp_path, monkeypatch, capsys, source, message):
    name = user_module(tmp_path, monkeypatch, source)
    (tmp_path / "a.txt").write_text(MERKEL, encoding="utf-8")
    status = main(["extract", "--model", f"{name}:Visit", "a.txt"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err.startswith(f"{PREFIX}--model")
    assert message.format(name=name) in err and "Traceback" not in err


def test_an_unknown_encoding_is_a_usage_error_exit_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(MERKEL, encoding="utf-8")
    assert main(["extract", "--model", VISIT, "--encoding", "klingon-8", str(tmp_path / "a.txt")]) == 2
    assert (
        capsys.readouterr().err
        == f"{PREFIX}--encoding: got 'klingon-8'; expected a Python codec name, e.g. utf-8, latin-1, cp1252\n"
    )


def cli(tmp_path, tiny_checkpoint, stdout) -> subprocess.Popen:
    (tmp_path / "a.txt").write_text("Tim Cook works at Apple.", encoding="utf-8")
    args = ["extract", "--model", VISIT, "--model-path", str(tiny_checkpoint), str(tmp_path / "a.txt")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "gliner2_integrations.cli", *args], stdout=stdout, stderr=subprocess.PIPE, env=env
    )


def test_a_closed_output_pipe_ends_quietly_with_status_141(tmp_path, tiny_checkpoint):
    process = cli(tmp_path, tiny_checkpoint, subprocess.PIPE)
    process.stdout.close()  # the reader went away, as with `| head -c 0`
    _, err = process.communicate(timeout=600)
    assert process.returncode == 141
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception ignored" not in err


def test_a_full_disk_is_a_clean_error_with_status_74(tmp_path, tiny_checkpoint):
    with open("/dev/full", "w") as full:
        process = cli(tmp_path, tiny_checkpoint, full)
        _, err = process.communicate(timeout=600)
    assert process.returncode == 74
    assert err.decode().splitlines()[-1] == f"{PREFIX}cannot write output: No space left on device"
    assert b"Traceback" not in err and b"Exception ignored" not in err
