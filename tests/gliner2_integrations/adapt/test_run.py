"""``adapt`` end to end on the bundled model: a real (short) fine-tune, the report, the budget,
an interrupted run, bad arguments, and the result loaded by every host."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gliner2_core import GLiNER2, SchemaError
from gliner2_integrations.adapt import adapt
from gliner2_integrations.cli import main
from tests.gliner2_integrations.adapt.models import Ticket

SUITE = Path(__file__).parents[3] / "gliner2_datasets" / "agent_suite" / "data" / "support_ticket.jsonl"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    path = tmp_path_factory.mktemp("adapt") / "tickets.jsonl"
    lines = SUITE.read_text(encoding="utf-8").splitlines()[:12]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def adapted(examples, tmp_path_factory):
    output = tmp_path_factory.mktemp("out") / "ticket-model"
    report = adapt(Ticket, examples, output, time_budget_minutes=0.75, holdout=0.25, seed=3)
    return output, report


def test_adapt_writes_a_checkpoint_and_its_report_within_the_budget(adapted):
    output, report = adapted
    written = json.loads((output / "adapt_report.json").read_text(encoding="utf-8"))
    assert written["model"].endswith(":Ticket") and written["holdout_examples"] == 3
    assert written["train_examples"] == 9 and written["steps"] >= 1 and report.stopped_early
    assert set(written["before"]) == set(written["after"]) == {"all", *Ticket.model_fields}
    assert report.minutes <= 0.75 * 1.5  # loading and scoring included; the budget is wall-clock
    assert not [p for p in output.parent.iterdir() if ".partial-" in p.name]


def test_the_adapted_checkpoint_loads_and_serves_every_host(adapted, bundled_model):
    from langchain_core.documents import Document
    from llama_index.core.schema import TextNode

    from gliner2_integrations.langchain import GLiNER2MetadataTagger, with_structured_output
    from gliner2_integrations.llamaindex import GLiNER2Extractor
    from gliner2_integrations.mcp.server import build_server
    from gliner2_integrations.pydantic import extract_model

    output, _ = adapted
    text = "Hi, order CC-99172 never arrived. Priya Raman, priya@shop.io"
    model = GLiNER2.from_pretrained(str(output))
    assert model.config.record_strategy == "entities" and model.config.field_calibration is not None
    assert extract_model(model, text, Ticket).value is not None
    assert isinstance(with_structured_output(Ticket, extractor=str(output)).invoke(text), Ticket)
    tagged = GLiNER2MetadataTagger(model=Ticket, extractor=str(output)).transform_documents([Document(text)])
    assert "gliner2_error" not in tagged[0].metadata
    (node,) = GLiNER2Extractor(model=Ticket, extractor=str(output))([TextNode(text=text)])
    assert "gliner2_error" not in node.metadata
    assert build_server(str(output)) is not None


def test_the_cli_adapts_and_names_a_bad_model_class(examples, tmp_path, capsys):
    code = main(
        ["adapt", "--model", "no_such_module:Ticket", "--examples", str(examples), "--output", str(tmp_path / "x")]
    )
    assert code == 2 and "--model: cannot import 'no_such_module:Ticket'" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_an_interrupted_run_leaves_nothing_at_the_output(examples, tmp_path, monkeypatch):
    from gliner2_core.training import trainer

    def interrupted(self, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer.Trainer, "train", interrupted)
    with pytest.raises(KeyboardInterrupt):
        adapt(Ticket, examples, tmp_path / "out", time_budget_minutes=0.5)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"holdout": 1.5}, "holdout"),
        ({"time_budget_minutes": 0}, "time_budget_minutes"),
        ({"model_cls": Ticket()}, "model_cls"),
    ],
)
def test_bad_arguments_are_refused_before_any_work(examples, tmp_path, kwargs, message):
    arguments = {"model_cls": Ticket, "examples": examples, "output_dir": tmp_path / "out", **kwargs}
    with pytest.raises(SchemaError, match=message):
        adapt(**arguments)


def test_a_missing_parent_folder_of_the_output_is_created(examples, tmp_path, monkeypatch):
    from gliner2_core.training import trainer

    def interrupted(self, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer.Trainer, "train", interrupted)
    with pytest.raises(KeyboardInterrupt):  # stopped once the run has started: the parent exists, empty
        adapt(Ticket, examples, tmp_path / "runs" / "deep" / "out", time_budget_minutes=0.5)
    assert list((tmp_path / "runs" / "deep").iterdir()) == []


def test_an_output_folder_that_holds_files_is_refused(examples, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(SchemaError, match="exists and is not an empty folder"):
        adapt(Ticket, examples, tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"
    shutil.rmtree(tmp_path / "never", ignore_errors=True)


def test_the_adapted_checkpoint_runs_on_ray_actors(adapted):
    import ray

    from gliner2_integrations.ray import extract_dataset
    from tests.conftest import REPO_ROOT

    output, _ = adapted
    texts = ["Hi, order CC-99172 never arrived. Priya Raman, priya@shop.io", "My invoice INV-5521 was charged twice."]
    expected = [extract_model_json(GLiNER2.from_pretrained(str(output)), text) for text in texts]
    env = {"PYTHONPATH": str(REPO_ROOT), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": env})
    try:
        items = [{"id": i, "text": text} for i, text in enumerate(texts)]
        out = extract_dataset(ray.data.from_items(items), Ticket, model=str(output), concurrency=1)
        rows = sorted(out.take_all(), key=lambda row: row["id"])
    finally:
        ray.shutdown()
    assert [row["gliner2_error"] for row in rows] == [None, None]
    assert [row["gliner2"] for row in rows] == expected  # the actors loaded the adapted weights


def extract_model_json(model, text):
    from gliner2_integrations.pydantic import extract_model

    return extract_model(model, text, Ticket).value.model_dump(mode="json")
