"""Hostile inputs against ``gliner2-kit train``, ``evaluate`` and ``prepare``: exact statuses and messages.

Every case here is refused before any data is read or any model is built (so the
suite stays fast): exit 2 for an unusable recipe, option or data source, 74 for an
output that cannot be written, always one ``error:`` line and never a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gliner2_integrations.cli import main

RECORD = {"input": "Tim Cook works for Apple.", "output": {"entities": {"person": ["Tim Cook"], "company": ["Apple"]}}}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A folder holding one valid JSONL file; the recipes below name it relative to here."""
    (tmp_path / "data.jsonl").write_text(json.dumps(RECORD) + "\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def recipe(workdir: Path, text: str, name: str = "recipe.toml") -> str:
    (workdir / name).write_text(text)
    return name


def valid(**run: object) -> str:
    settings = {"steps": 1, "output_dir": "out", **run}
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
    return f'[data]\ntrain = ["data.jsonl"]\n[run]\n{lines}\n'


def train(args: list[str], capsys) -> tuple[int, str, str]:
    status = main(["train", *args])
    out, err = capsys.readouterr()
    return status, out, err


TRAIN_REFUSED = [
    ("invalid-toml", "[run\nsteps = 3", 2, r"recipe 'recipe\.toml': invalid TOML: Expected '\]' .*line 1"),
    ("unknown-key", "[run]\nstpes = 3\n", 2, r"run key: unknown key 'stpes' \(did you mean 'steps'\?\)"),
    ("unknown-section", "[optimizer]\nbatch_size = 3\n", 2, r"recipe key: unknown key 'optimizer' \(did you mean 'optim'\?\)"),
    ("no-data", "[run]\nsteps = 3\n", 2, r"data\.train: got \[\]; expected at least one dataset name or \.jsonl file"),
    ("empty-recipe", "", 2, r"data\.train: got \[\]"),
    ("steps-negative", valid(steps=-5), 2, r"run\.steps: got -5; expected an integer >= 1"),
    ("steps-text", valid(steps="ten"), 2, r"run\.steps: got 'ten'"),
    ("log-every-zero", valid(log_every=0), 2, r"run\.log_every: got 0"),
    ("batch-size-zero", valid() + "[optim]\nbatch_size = 0\n", 2, r"optim\.batch_size: got 0; expected an integer >= 1"),
    ("train-is-a-string", '[data]\ntrain = "data.jsonl"\n', 2, r"data\.train: got 'data\.jsonl'; expected a list"),
    ("missing-jsonl", '[data]\ntrain = ["nope.jsonl"]\n', 2, r"data\.train: 'nope\.jsonl': no such file"),
    ("bad-source-syntax", '[data]\ntrain = ["data.jsonl:ten"]\n', 2, r"data source: got 'data\.jsonl:ten'"),
    ("unknown-base", '[model]\nbase = "no-such-model"\n' + valid(), 2, r"model\.base: got 'no-such-model'; expected 'minilm' .*'gliner2-mini'"),
    ("output-is-dev-full", valid(output_dir="/dev/full"), 74, r"run\.output_dir: got '/dev/full', which exists and is not a folder"),
    ("output-under-a-file", valid(output_dir="data.jsonl/out"), 74, r"run\.output_dir: cannot create 'data\.jsonl/out'"),
    ("device-unknown", valid(device="gpu"), 2, r"run\.device: got 'gpu'; expected a torch device"),
]


@pytest.mark.parametrize(("case", "text", "status", "message"), TRAIN_REFUSED, ids=[c[0] for c in TRAIN_REFUSED])
def test_train_refuses_an_unusable_recipe_before_any_work(workdir, capsys, case, text, status, message):
    code, out, err = train([recipe(workdir, text)], capsys)
    assert code == status and out == ""
    assert err.startswith("gliner2-kit train: error: ") and "Traceback" not in err
    assert __import__("re").search(message, err), err
    assert not (workdir / "out").exists()  # nothing was written: the run never started


def test_train_refuses_a_folder_given_as_recipe(workdir, capsys):
    (workdir / "dir.toml").mkdir()
    code, _, err = train(["dir.toml"], capsys)
    assert code == 2 and "recipe: got 'dir.toml'; expected a TOML or JSON file (this is a folder)" in err


def test_train_refuses_a_missing_recipe(workdir, capsys):
    code, _, err = train(["missing.toml"], capsys)
    assert code == 2 and "recipe: cannot read 'missing.toml': No such file or directory" in err


def test_train_refuses_a_json_recipe_that_is_not_an_object(workdir, capsys):
    code, _, err = train([recipe(workdir, "[1, 2]", "r.json")], capsys)
    assert code == 2 and "recipe 'r.json': got 'list'; expected an object of settings tables" in err


def test_train_resume_without_saved_state_is_refused_up_front(workdir, capsys):
    code, _, err = train([recipe(workdir, valid()), "--resume"], capsys)
    assert code == 2 and "--resume: no saved training state at 'out/state/trainer_state.json'" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_train_refuses_an_unwritable_output_folder_with_74(workdir, capsys):
    (workdir / "locked").mkdir(mode=0o500)
    code, _, err = train([recipe(workdir, valid(output_dir="locked/out"))], capsys)
    assert code == 74 and "run.output_dir: cannot create 'locked/out': Permission denied" in err


def test_an_empty_training_file_is_refused_naming_it(workdir, capsys):
    (workdir / "empty.jsonl").write_text("")
    code, _, err = train([recipe(workdir, '[data]\ntrain = ["empty.jsonl"]\n[run]\noutput_dir = "out"\n')], capsys)
    assert code == 2 and "data.train: no training examples were loaded from ['empty.jsonl']" in err


def test_a_malformed_training_record_is_refused_with_its_line(workdir, capsys):
    (workdir / "bad.jsonl").write_text(json.dumps(RECORD) + "\n" + '{"input": 5}\n')
    code, _, err = train([recipe(workdir, '[data]\ntrain = ["bad.jsonl"]\n[run]\noutput_dir = "out"\n')], capsys)
    assert code == 2 and "bad.jsonl:2:" in err


def test_an_unknown_dataset_name_gets_a_did_you_mean_and_the_valid_names(capsys, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(f'[data]\ntrain = ["conll2099"]\n[run]\noutput_dir = "{tmp_path / "out"}"\n')
    code, _, err = train([str(path)], capsys)  # run from the checkout: the dataset registry is importable
    assert code == 2
    assert "data.train: unknown dataset 'conll2099' (did you mean 'conll2003'?); expected a .jsonl file or one of conll2003," in err


# -- evaluate ------------------------------------------------------------------------------
def evaluate(args: list[str], capsys) -> tuple[int, str, str]:
    status = main(["evaluate", *args])
    out, err = capsys.readouterr()
    return status, out, err


EVALUATE_REFUSED = [
    (["--datasets", "conll2099"], 2, "--datasets: unknown dataset 'conll2099' (did you mean 'conll2003'?); expected one of conll2003, "),
    (["--limit", "-1"], 2, "--limit: got -1; expected 0 (every example) or a positive integer"),
    (["--pydantic", "--threshold", "1.5"], 2, "--threshold: got 1.5; expected a number in [0, 1]"),
    (["--pydantic", "--datasets", "invoice"], 2, "unknown dataset 'invoice'"),
    (["--data-dir", "/no/such/folder"], 2, "--data-dir: got '/no/such/folder'; no such folder"),
    (["--datasets", "conll2003", "--json", "/dev/full"], 74, "--json: '/dev/full': No space left on device"),
    (["--datasets", "conll2003", "--json", "/no/such/folder/rows.json"], 74, "--json: the folder '/no/such/folder' does not exist"),
    (["--datasets", "conll2003", "--model", "/no/such/model"], 2, "--model: model '/no/such/model': no such checkpoint folder"),
]


@pytest.mark.parametrize(("args", "status", "message"), EVALUATE_REFUSED, ids=[" ".join(a) for a, _, _ in EVALUATE_REFUSED])
def test_evaluate_refuses_bad_options_before_loading_the_model(capsys, args, status, message):
    code, out, err = evaluate(args, capsys)
    assert (code, out) == (status, "")
    assert message in err and err.startswith("gliner2-kit evaluate: error: ") and "Traceback" not in err


def test_evaluate_refuses_a_folder_as_json_output(capsys, tmp_path):
    code, _, err = evaluate(["--datasets", "conll2003", "--json", str(tmp_path)], capsys)
    assert code == 74 and f"--json: {str(tmp_path)!r} is a folder" in err


def test_evaluate_outside_a_checkout_says_where_to_run_it(capsys, tmp_path, monkeypatch):
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if not (Path(p or ".").resolve() / "gliner2_datasets").is_dir()])
    for name in [m for m in sys.modules if m == "gliner2_datasets" or m.startswith("gliner2_datasets.")]:
        monkeypatch.delitem(sys.modules, name)
    code, _, err = evaluate(["--datasets", "conll2003"], capsys)
    assert code == 2 and "run evaluate inside a gliner2-kit checkout" in err
    code, _, err = main(["prepare", "--out", str(tmp_path / "out")]), *capsys.readouterr()
    assert code == 2 and "run prepare inside a gliner2-kit checkout" in err


# -- prepare -------------------------------------------------------------------------------
def test_prepare_refuses_an_unwritable_output_before_converting(capsys):
    assert main(["prepare", "--out", "/dev/full"]) == 74
    assert "--out: got '/dev/full', which exists and is not a folder" in capsys.readouterr().err


def test_prepare_refuses_a_nonpositive_word_limit(capsys, tmp_path):
    assert main(["prepare", "--out", str(tmp_path / "o"), "--max-words", "0"]) == 2
    assert "--max-words: got 0; expected a positive integer" in capsys.readouterr().err


def test_prepare_refuses_an_unknown_dataset_without_creating_the_output_folder(capsys, tmp_path):
    out = tmp_path / "new"
    assert main(["prepare", "--out", str(out), "--datasets", "conll2003", "conl2003"]) == 2
    err = capsys.readouterr().err
    assert "--datasets: got 'conl2003'; expected some of" in err and "conll2003" in err
    assert not out.exists()
