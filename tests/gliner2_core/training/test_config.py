"""Training recipes are checked as a whole before any data is read or any model is built."""

import json

import pytest

from gliner2_core.errors import SchemaError
from gliner2_core.training import load_config
from gliner2_core.training.config import RunSettings
from gliner2_core.training.output import RunOutputError, check_output_dir

REFUSED = [
    ({"run": {"steps": -5}}, r"run\.steps: got -5; expected an integer >= 1"),
    ({"run": {"steps": 0}}, r"run\.steps: got 0"),
    ({"run": {"steps": "ten"}}, r"run\.steps: got 'ten'"),
    ({"run": {"steps": 10.0}}, r"run\.steps: got 10\.0"),
    ({"run": {"steps": True}}, r"run\.steps: got True"),
    ({"run": {"log_every": 0}}, r"run\.log_every: got 0"),
    ({"run": {"max_minutes": float("nan")}}, r"run\.max_minutes: got nan"),
    ({"run": {"max_minutes": -1}}, r"run\.max_minutes: got -1"),
    ({"run": {"seed": -1}}, r"run\.seed: got -1"),
    ({"run": {"threads": 0}}, r"run\.threads: got 0"),
    ({"run": {"output_dir": ""}}, r"run\.output_dir: got ''"),
    ({"run": {"device": "gpu"}}, r"run\.device: got 'gpu'; expected a torch device"),
    ({"run": {"precision": "fp8"}}, r"run\.precision: got 'fp8'"),
    ({"optim": {"batch_size": 0}}, r"optim\.batch_size: got 0; expected an integer >= 1"),
    ({"optim": {"grad_accum": -1}}, r"optim\.grad_accum: got -1"),
    ({"optim": {"encoder_lr": float("inf")}}, r"optim\.encoder_lr: got inf"),
    ({"optim": {"head_lr": -0.1}}, r"optim\.head_lr: got -0\.1"),
    ({"optim": {"warmup_ratio": 1.0}}, r"optim\.warmup_ratio: got 1\.0"),
    ({"optim": {"max_grad_norm": 0}}, r"optim\.max_grad_norm: got 0"),
    ({"data": {"train": "x.jsonl"}}, r"data\.train: got 'x\.jsonl'; expected a list"),
    ({"data": {"train": [5]}}, r"data\.train: got \(5,\)"),
    ({"data": {"max_words": 0}}, r"data\.max_words: got 0"),
    ({"data": {"pack_share": 1.5}}, r"data\.pack_share: got 1\.5"),
    ({"sampling": {"drop_label": 2}}, r"sampling\.drop_label: got 2; expected a number in \[0\.0, 1\.0\]"),
    ({"sampling": {"max_class_labels": 0}}, r"sampling\.max_class_labels: got 0"),
    ({"model": {"counting_layer": "lstm"}}, r"model\.counting_layer: got 'lstm'"),
    ({"model": {"max_width": 0}}, r"model\.max_width: got 0"),
    ({"model": {"base": ""}}, r"model\.base: got ''"),
    ({"model": {"lora": True}}, r"model\.lora: got True; expected a table"),
    ({"model": {"lora": {"r": 0}}}, r"model\.lora\.r: got 0"),
    ({"run": 5}, r"run: got 5; expected a table"),
    ({"run": {"stpes": 3}}, r"run key: unknown key 'stpes' \(did you mean 'steps'\?\)"),
    ({"rnu": {}}, r"recipe key: unknown key 'rnu' \(did you mean 'run'\?\)"),
]


@pytest.mark.parametrize(("recipe", "message"), REFUSED, ids=[m.split(":")[0].replace("\\", "") for _, m in REFUSED])
def test_a_bad_setting_is_refused_naming_it(recipe, message):
    with pytest.raises(SchemaError, match=message):
        load_config(recipe)


def test_every_shipped_recipe_is_valid(tmp_path):
    from pathlib import Path

    recipes = sorted(Path(__file__).resolve().parents[3].joinpath("recipes").glob("*.toml"))
    assert recipes
    for recipe in recipes:
        load_config(recipe)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.toml", "[run\nsteps = 3", r"invalid TOML: .*line 1"),
        ("broken.json", '{"run": ', r"invalid JSON"),
        ("list.json", "[1]", r"got 'list'; expected an object"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, r"invalid JSON"),
        ("latin.toml", b'[run]\noutput_dir = "caf\xe9"\n', r"cannot read .*utf-8"),
    ],
)
def test_an_unreadable_recipe_file_is_refused_naming_it(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SchemaError, match=message):
        load_config(path)


def test_a_folder_or_a_missing_file_is_not_a_recipe(tmp_path):
    with pytest.raises(SchemaError, match=r"recipe: got .*; expected a TOML or JSON file \(this is a folder\)"):
        load_config(tmp_path)
    with pytest.raises(SchemaError, match=r"recipe: cannot read .*No such file"):
        load_config(tmp_path / "nope.toml")


def test_a_valid_recipe_reads_into_typed_settings(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"data": {"train": ["a.jsonl"]}, "run": {"steps": 3, "max_minutes": 1}}))
    config = load_config(path)
    assert config.data.train == ("a.jsonl",) and config.run.steps == 3 and config.run.max_minutes == 1


def test_settings_built_in_code_are_checked_too():
    with pytest.raises(SchemaError, match=r"run\.steps: got -5"):
        RunSettings(steps=-5)


def test_the_output_folder_must_be_a_writable_folder(tmp_path):
    assert check_output_dir(tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == []  # the probe is removed
    (tmp_path / "file").write_text("x")
    with pytest.raises(RunOutputError, match=r"run\.output_dir: got .*file', which exists and is not a folder"):
        check_output_dir(tmp_path / "file")
    with pytest.raises(RunOutputError, match=r"cannot create"):
        check_output_dir(tmp_path / "file" / "sub")
