"""``gliner2-kit compare`` end to end on small files with the tiny checkpoint."""

from __future__ import annotations

import json

import pytest

from gliner2_integrations.cli import main

MODEL = "tests.gliner2_integrations.compare.models:Contact"
FAKES = "tests.gliner2_integrations.compare.fakes"


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Tim Cook is the CEO of Apple.\n", encoding="utf-8")
    b.write_text("Steve Jobs founded Apple.\nThe order was delayed.\n", encoding="utf-8")
    return [str(a), str(b)]


def test_cli_prints_the_table_and_writes_json_and_plot(files, tiny_checkpoint, tmp_path, capsys):
    out_json, out_png = tmp_path / "r.json", tmp_path / "r.png"
    argv = ["compare", "--model", MODEL, *files, "--model-path", str(tiny_checkpoint), "--llm", "gpt-4o,gpt-4o-mini"]
    argv += ["--json", str(out_json), "--plot", str(out_png), "--cpu-price", "0.05"]
    assert main(argv) == 0
    stdout = capsys.readouterr().out
    assert "gliner2 (ckpt) (this CPU)" in stdout and "gpt-4o-mini" in stdout
    assert "machine:" in stdout and "ESTIMATED" in stdout
    data = json.loads(out_json.read_text())
    assert data["gliner"]["texts"] == 2 and data["gliner"]["cpu_price_per_hour"] == 0.05
    assert out_png.read_bytes()[:4] == b"\x89PNG"


def test_cli_lines_mode_and_measured_chat_model(files, tiny_checkpoint, capsys):
    argv = ["compare", "--model", MODEL, *files, "--lines", "--model-path", str(tiny_checkpoint), "--llm", "gpt-4o"]
    argv += ["--chat-model", f"{FAKES}:make_chat_model", "--sample", "2"]
    assert main(argv) == 0
    stdout = capsys.readouterr().out
    assert "texts: 3" in stdout
    assert "MEASURED from usage_metadata over 2 of 2 calls" in stdout


def test_cli_cascade_adds_a_row_with_the_share_sent_to_the_llm(files, tiny_checkpoint, tmp_path, capsys):
    out_json = tmp_path / "r.json"
    argv = ["compare", "--model", MODEL, *files, "--lines", "--model-path", str(tiny_checkpoint), "--llm", "gpt-4o"]
    argv += ["--chat-model", f"{FAKES}:make_chat_model", "--sample", "3", "--cascade", "--json", str(out_json)]
    assert main(argv) == 0
    stdout = capsys.readouterr().out
    [row] = [line for line in stdout.splitlines() if line.startswith("cascade: gliner2 (ckpt) + ")]
    cascade = json.loads(out_json.read_text())["cascade"]
    sent = cascade["texts_to_llm"]
    assert cascade["texts"] == 3 and 0 <= sent <= 3  # what a random checkpoint is sure of varies
    assert f"{cascade['share_texts']:.0%} of texts" in row
    assert cascade["reported_input_tokens"] == (300 * sent if sent else None)  # the fake's usage_metadata
    assert "cascade: GLiNER2 on every text" in stdout


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--model", MODEL, "--cascade"], "--cascade: needs --chat-model"),
        (["--model", "tests.gliner2_integrations.compare.models:Missing"], "cannot import"),
        (["--model", "tests.gliner2_integrations.compare.models:NOT_A_MODEL"], "not a Pydantic model"),
        (["--model", "no_colon"], "MODULE:NAME"),
        (["--model", MODEL, "--llm", "gpt-9"], "--llm: got 'gpt-9'"),
        (["--model", MODEL, "--sample", "0"], "--sample"),
        (["--model", MODEL, "--json", "."], "--json: got '.', which is a folder"),
        (["--model", MODEL, "--plot", "."], "--plot: got '.', which is a folder"),
    ],
)
def test_cli_usage_errors_exit_2(files, capsys, extra, message):
    assert main(["compare", *files, *extra]) == 2
    assert message in capsys.readouterr().err


def test_cli_missing_or_empty_input_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main(["compare", "--model", MODEL, str(tmp_path / "nope.txt")]) == 2
    assert main(["compare", "--model", MODEL, str(empty)]) == 2
    assert "no text found" in capsys.readouterr().err


def test_cli_bad_price_file_exits_2(files, tmp_path, capsys):
    prices = tmp_path / "p.json"
    prices.write_text('{"gpt-4o": {"input": "cheap"}}')
    assert main(["compare", "--model", MODEL, *files, "--prices", str(prices)]) == 2
    assert "--prices" in capsys.readouterr().err


def test_cli_failing_chat_model_exits_1(files, tiny_checkpoint, capsys):
    argv = ["compare", "--model", MODEL, *files, "--model-path", str(tiny_checkpoint), "--llm", "gpt-4o"]
    assert main([*argv, "--chat-model", f"{FAKES}:broken_factory"]) == 1
    assert "no API key configured" in capsys.readouterr().err
