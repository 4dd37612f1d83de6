"""Default backend selection: the fastest engine whose outputs equal torch's, decided once per model."""

import logging

import pytest

from gliner2_core import GLiNER2, Schema
from gliner2_core import backend as backend_module
from gliner2_core.backend import AUTO_BACKENDS, Choice, SplitEncoder, compare_results, decide, select_backend

TEXTS = ["Tim Cook works for Apple in Paris.", "Steve Jobs founded Apple with Steve Wozniak in 1976, in California."]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backend-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GLINER2_KIT_CACHE", str(folder))
        yield folder


def _schema():
    return Schema().entities(["person", "company"]).classification("tone", ["positive", "negative"])


def test_a_default_load_of_a_test_sized_model_stays_on_torch_without_exporting(tiny_checkpoint, cache, caplog):
    with caplog.at_level(logging.DEBUG, logger="gliner2_core.backend"):
        model = GLiNER2.from_pretrained(tiny_checkpoint)
    assert model.model.encoder_runner is None
    assert not list(cache.rglob("*.onnx"))
    assert "backend: torch (encoder of" in caplog.text


@pytest.fixture()
def idle(monkeypatch):
    """Timings count as taken on an idle machine (CI runners and a training run elsewhere share the cores)."""
    monkeypatch.setattr(backend_module, "busy_machine", lambda utilisation: False)


def test_auto_checks_outputs_times_both_and_stores_the_decision(tiny_checkpoint, cache, caplog, idle):
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    expected = model.batch_extract(TEXTS, _schema(), include_confidence=True, include_spans=True)
    with caplog.at_level(logging.DEBUG, logger="gliner2_core.backend"):
        choice = select_backend(model, backend="auto", min_params=0)
    assert choice.backend in AUTO_BACKENDS and choice.torch_ms > 0 and choice.onnx_ms > 0
    assert choice.torch_batch_ms > 0 and choice.onnx_batch_ms > 0
    assert choice.max_difference is not None
    assert (model.model.encoder_runner is not None) == (choice.backend != "torch")
    assert f"backend: {choice.backend} (" in caplog.text
    got = model.batch_extract(TEXTS, _schema(), include_confidence=True, include_spans=True)
    assert compare_results(expected, got)[0]
    assert len(list(cache.rglob("choice-*.json"))) == 1


def test_a_stored_decision_is_reused_without_measuring_again(tiny_checkpoint, cache, monkeypatch, idle):
    first = select_backend(GLiNER2.from_pretrained(tiny_checkpoint, backend="torch"), min_params=0)

    def no_calibration(*args, **kwargs):
        raise AssertionError("calibrated again")

    monkeypatch.setattr(backend_module, "calibrate", no_calibration)
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    again = select_backend(model, min_params=0)
    assert again.backend == first.backend and "decided earlier" in again.reason


def test_auto_falls_back_to_torch_when_the_export_fails(tiny_checkpoint, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GLINER2_KIT_CACHE", str(tmp_path / "fresh"))

    def broken_export(encoder, path):
        raise RuntimeError("exporter crashed")

    monkeypatch.setattr("gliner2_core.encoders.onnx_encoder.export_encoder", broken_export)
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    with caplog.at_level(logging.WARNING, logger="gliner2_core.backend"):
        choice = select_backend(model, min_params=0)
    assert choice.backend == "torch" and model.model.encoder_runner is None
    assert "exporter crashed" in caplog.text
    assert model.extract(TEXTS[0], _schema())["tone"] in ("positive", "negative")


def test_onnx_is_chosen_only_when_equal_and_clearly_faster():
    assert decide(same=True, max_difference=1e-6, torch_ms=10.0, onnx_ms=5.0).backend == "onnx"
    assert decide(same=True, max_difference=1e-6, torch_ms=10.0, onnx_ms=9.8).backend == "torch"
    assert decide(same=False, max_difference=0.3, torch_ms=10.0, onnx_ms=1.0).backend == "torch"


def test_each_mode_is_decided_on_its_own_timings():
    def pick(single, batch):
        return decide(
            same=True, max_difference=1e-6, torch_ms=10.0, onnx_ms=single, torch_batch_ms=4.0, onnx_batch_ms=batch
        ).backend

    assert pick(5.0, 2.0) == "onnx"
    assert pick(5.0, 4.5) == "onnx-single"
    assert pick(9.9, 2.0) == "onnx-batched"
    assert pick(9.9, 4.5) == "torch"
    assert (
        decide(
            same=False, max_difference=0.3, torch_ms=10.0, onnx_ms=1.0, torch_batch_ms=4.0, onnx_batch_ms=1.0
        ).backend
        == "torch"
    )


def test_a_split_encoder_runs_one_row_and_batches_with_different_engines(tiny_checkpoint):
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    calls = []

    def onnx_stand_in(ids, mask):  # the torch encoder itself, recording that it was asked
        calls.append(ids.shape[0])
        return model.model.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    expected = model.batch_extract(TEXTS, _schema(), include_confidence=True)
    for onnx_for_single, asked in ((True, [1]), (False, [len(TEXTS)])):
        calls.clear()
        model.model.encoder_runner = SplitEncoder(onnx_stand_in, model.model.encoder, onnx_for_single=onnx_for_single)
        model.extract(TEXTS[0], _schema())
        got = model.batch_extract(TEXTS, _schema(), include_confidence=True, batch_size=len(TEXTS))
        assert calls == asked and got == expected


def test_results_compare_equal_within_the_probability_tolerance_only():
    a = {"entities": {"person": [{"text": "Tim", "confidence": 0.91, "start": 0, "end": 3}]}}
    close = {"entities": {"person": [{"text": "Tim", "confidence": 0.91004, "start": 0, "end": 3}]}}
    far = {"entities": {"person": [{"text": "Tim", "confidence": 0.912, "start": 0, "end": 3}]}}
    other_span = {"entities": {"person": [{"text": "Tim", "confidence": 0.91, "start": 0, "end": 4}]}}
    assert compare_results(a, close)[0]
    assert not compare_results(a, far)[0]
    assert not compare_results(a, other_span)[0]
    assert not compare_results(a, {"entities": {}})[0]


def test_explicit_choices_skip_the_probe(tiny_checkpoint):
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    assert select_backend(model, backend="torch") == Choice("torch", "asked for")
    assert model.model.encoder_runner is None


def test_timings_taken_on_a_busy_machine_keep_torch_and_are_not_stored(tiny_checkpoint, tmp_path, monkeypatch):
    monkeypatch.setenv("GLINER2_KIT_CACHE", str(tmp_path))
    real = backend_module.time_encoders

    def contended(runners, batches, repeats=backend_module.REPEATS):
        times, _ = real(runners, batches, repeats)
        return {"torch": 100.0, "onnx": 10.0}, {name: 1.0 for name in times}  # 1 of 2 threads busy: shared cores

    monkeypatch.setattr(backend_module, "time_encoders", contended)
    monkeypatch.setattr(backend_module.torch, "get_num_threads", lambda: 2)
    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    choice = select_backend(model, min_params=0)
    assert choice.backend == "torch" and "busy machine" in choice.reason and model.model.encoder_runner is None
    assert not list(tmp_path.rglob("choice-*.json"))
