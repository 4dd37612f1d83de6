"""Hostile inputs against ``gliner2-kit extract`` (local engine), round 3: the page, the names, the outputs.

``--html`` never overwrites an input or the schema and shows failed inputs as failures;
a file name cannot forge or disguise a line on stderr; an unwritable page or stdout is
found before any input is read (exit 74); one bad input never drops the others.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import pytest

from gliner2_integrations.cli import main
from tests.conftest import REPO_ROOT

PREFIX = "gliner2-kit extract: error: "
MODELS = "tests.gliner2_integrations.cli.models"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Two readable texts, an empty one, an undecodable one and a schema file, in the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Tim Cook works at Apple in Paris.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Steve Jobs founded Apple.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Café Zürich".encode("latin-1"))
    (tmp_path / "schema.json").write_text(json.dumps({"entities": ["person", "company"]}), encoding="utf-8")
    return tmp_path


def extract(tiny_checkpoint, capsys, *args):
    status = main(["extract", "--model-path", str(tiny_checkpoint), "-q", *args])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize(
    ("page", "named"),
    [
        ("a.txt", "FILES 'a.txt'"),
        ("./a.txt", "FILES 'a.txt'"),
        ("sub/../b.txt", "FILES 'b.txt'"),
        ("schema.json", "--schema 'schema.json'"),
        ("link.html", "FILES 'a.txt'"),
    ],
)
def test_html_never_overwrites_an_input_or_the_schema(tiny_checkpoint, workdir, capsys, page, named):
    (workdir / "sub").mkdir()
    (workdir / "link.html").symlink_to(workdir / "a.txt")
    before = {p.name: p.read_bytes() for p in workdir.iterdir() if p.is_file()}
    status, lines, err = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "a.txt", "b.txt", "--html", page)
    assert status == 2 and lines == []
    shown = os.path.normpath(page) if page != "sub/../b.txt" else "sub/../b.txt"
    assert err == (
        f"{PREFIX}--html: got {shown!r}, which is also an input ({named}); expected a new path, so that the "
        "input is not overwritten\n"
    )
    assert {p.name: p.read_bytes() for p in workdir.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("/dev/full", "No space left on device"),
        (".", "Is a directory"),
        ("/proc/no/such/page.html", "No such file or directory"),
    ],
)
def test_an_unwritable_page_exits_74_before_any_input_is_read(tiny_checkpoint, workdir, capsys, page, reason):
    status, lines, err = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "latin1.txt", "--html", page)
    assert status == 74 and lines == []
    assert err == f"{PREFIX}--html: cannot write {page}: {reason}\n"  # and nothing about latin1.txt: not read yet


def test_a_full_stdout_exits_74_before_any_input_is_read(tiny_checkpoint, workdir):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), HF_HUB_OFFLINE="1")
    argv = [sys.executable, "-m", "gliner2_integrations.cli", "extract", "--schema", "schema.json"]
    argv += ["--model-path", str(tiny_checkpoint), "latin1.txt", "a.txt"]
    with open("/dev/full", "w") as full:
        process = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, env=env, timeout=600, check=False)
    err = process.stderr.decode()
    assert process.returncode == 74 and err.splitlines()[-1] == f"{PREFIX}cannot write output: No space left on device"
    assert "latin1.txt" not in err and "Traceback" not in err  # stopped before reading the first input


def test_the_page_shows_failed_inputs_as_failures_and_the_others_as_documents(tiny_checkpoint, workdir, capsys):
    files = ["a.txt", "latin1.txt", "empty.txt", "b.txt"]
    args = ["--model", f"{MODELS}:StrictVisit", "--policy", "raise", "--keep-going", *files, "--html", "page.html"]
    status, lines, _ = extract(tiny_checkpoint, capsys, *args)
    page = (workdir / "page.html").read_text(encoding="utf-8")
    failed = [line for line in lines if not line["ok"]]
    assert status == 1 and [line["source"] for line in lines] == files
    assert {line["source"] for line in failed} >= {"latin1.txt", "empty.txt"}  # unreadable; no fields found
    assert page.count('class="g2-error"') == len(failed)
    for line in failed:
        assert html.escape(line["error"], quote=True) in page


@pytest.mark.parametrize(
    "name",
    [
        f"evil\n{PREFIX}forged.txt",
        "carriage\rreturn.txt",
        "escape\x1b[2Kcodes.txt",
        "right-to-left\u202etxt.exe",
        "line\u2028separator.txt",
    ],
    ids=["newline", "carriage-return", "ansi-escape", "rtl-override", "line-separator"],
)
def test_a_file_name_cannot_forge_or_disguise_a_line_on_stderr(tiny_checkpoint, workdir, capsys, name):
    (workdir / name).write_bytes(b"\xff\xfe not utf-8")
    status, lines, err = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "--keep-going", name, "a.txt")
    assert status == 1 and [line["source"] for line in lines] == [name, "a.txt"]  # JSON keeps the name exact
    assert len(err.splitlines()) == 1 and err.endswith("\n")  # splitlines also breaks at \r, U+2028, ...
    assert err.startswith(f"{PREFIX}{name!r}: UnicodeDecodeError: not utf-8 text")
    assert all(ch.isprintable() for ch in err.rstrip("\n"))


def test_a_plain_file_name_is_shown_as_it_is(tiny_checkpoint, workdir, capsys):
    status, _, err = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "latin1.txt")
    assert status == 1 and err.startswith(f"{PREFIX}latin1.txt: UnicodeDecodeError")


def test_one_bad_input_in_a_batch_drops_none_of_the_others(tiny_checkpoint, workdir, capsys):
    files = ["a.txt", "latin1.txt", "missing.txt", "empty.txt", "b.txt"]
    status, lines, _ = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "--keep-going", *files)
    assert status == 1 and [line["source"] for line in lines] == files
    assert [line["ok"] for line in lines] == [True, False, False, True, True]
    assert set(lines[0]["result"]) == {"entities"} and set(lines[4]["result"]) == {"entities"}


def test_html_never_overwrites_the_model_module(tiny_checkpoint, workdir, capsys, monkeypatch):
    source = "from pydantic import BaseModel\n\n\nclass Visit(BaseModel):\n    person: str | None = None\n"
    (workdir / "round3_visit.py").write_text(source, encoding="utf-8")
    monkeypatch.delitem(sys.modules, "round3_visit", raising=False)
    args = ["--model", "round3_visit:Visit", "a.txt", "--html", "round3_visit.py"]
    status, lines, err = extract(tiny_checkpoint, capsys, *args)
    sys.modules.pop("round3_visit", None)
    assert status == 2 and lines == []
    assert err == (
        f"{PREFIX}--html: got 'round3_visit.py', which is also an input (--model 'round3_visit.py'); expected a new "
        "path, so that the input is not overwritten\n"
    )
    assert (workdir / "round3_visit.py").read_text(encoding="utf-8") == source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--output", "out.jsonl"],
            "--output: got 'out.jsonl'; it is read by --engine ray only (add --engine ray); the local engine writes "
            "JSON lines to stdout (redirect: > out.jsonl)",
        ),
        (["--text-column", "body"], "--text-column: got 'body'; it is read by --engine ray only (add --engine ray)"),
        (["--address", "auto"], "--address: got 'auto'; it is read by --engine ray only (add --engine ray)"),
        (["--concurrency", "4"], "--concurrency: got 4; it is read by --engine ray only (add --engine ray)"),
        (["--output-column", "x"], "--output-column: got 'x'; it is read by --engine ray only (add --engine ray)"),
    ],
)
def test_ray_only_options_are_refused_by_the_local_engine_not_ignored(tiny_checkpoint, workdir, capsys, args, message):
    status, lines, err = extract(tiny_checkpoint, capsys, "--schema", "schema.json", "a.txt", *args)
    assert status == 2 and lines == [] and err == f"{PREFIX}{message}\n"
    assert not (workdir / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--threshold", "abc"], "argument --threshold: got 'abc'; expected a number between 0 and 1"),
        (["--threshold", "nan"], "argument --threshold: got 'nan'; expected a number between 0 and 1"),
        (["--batch-size", "1.5"], "argument --batch-size: got '1.5'; expected a positive integer"),
    ],
)
def test_bad_numbers_name_the_option_and_the_valid_range(workdir, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--schema", "schema.json", "a.txt", *args])
    assert exit_info.value.code == 2 and capsys.readouterr().err.splitlines()[-1].endswith(message)
