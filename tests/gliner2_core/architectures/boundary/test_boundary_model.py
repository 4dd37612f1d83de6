"""Loading, configuration and long-text behaviour of the boundary (GLiNER2.5) model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gliner2_core import CheckpointError, GLiNER2, Schema
from gliner2_core.architectures.boundary.config import BoundaryConfig
from gliner2_core.architectures.boundary.model import BoundaryModel
from gliner2_core.architectures.span.model import GLiNER2Model
from tests.gliner2_core.architectures.boundary.tiny_boundary import build_reference_boundary

SENTENCES = [
    "Tim Cook works for Apple in Paris.",
    "Steve Jobs founded Apple with Steve Wozniak in 1976.",
    "Customer support moved the order from Berlin to London.",
    "Google released a new product in New York.",
]


@pytest.fixture(scope="module")
def boundary_folder(tmp_path_factory):
    return build_reference_boundary(tmp_path_factory.mktemp("boundary") / "ckpt", "bert")


@pytest.fixture(scope="module")
def boundary_model(boundary_folder):
    return GLiNER2.from_pretrained(boundary_folder, backend="torch")


def test_from_pretrained_picks_the_architecture_from_config(boundary_model, tiny_checkpoint):
    assert isinstance(boundary_model.model, BoundaryModel)
    assert isinstance(GLiNER2.from_pretrained(tiny_checkpoint, backend="torch").model, GLiNER2Model)


def _head(**settings):
    return BoundaryConfig.from_json_dict({"architecture": "boundary", "config_version": 3, "boundary_head": settings})


def test_config_reads_the_published_representation_options():
    head = _head(
        enable_span_content=True,
        content_dim=64,
        enable_rotary_endpoints=True,
        rotary_base=10000,
        boundary_attention_layers=1,
        query_conditioned_inside_weight=True,
        endpoint_difference_features=True,
        boundary_top_k_alpha=0.25,
        adaptive_threshold=True,
        directional_relation_states=True,
        relation_biaffine_content=True,
    ).head
    assert (head.enable_span_content, head.content_dim, head.rotary_base) == (True, 64, 10000)
    assert (head.boundary_attention_layers, head.boundary_top_k_alpha) == (1, 0.25)
    assert head.adaptive_threshold and head.directional_relation_states and head.relation_biaffine_content


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"enable_span_content": "true"}, "enable_span_content: got 'true'; expected true or false"),
        ({"adaptive_threshold": 1}, "adaptive_threshold: got 1; expected true or false"),
        ({"candidate_budget": 12.0}, "candidate_budget: got 12.0; expected an integer"),
        ({"boundary_dim": "128"}, "boundary_dim: got '128'; expected an integer"),
        ({"pair_temperature": True}, "pair_temperature: got True; expected a number"),
        ({"rotary_base": float("nan")}, "rotary_base: got nan; expected a finite number"),
        ({"overlap_policy": 3}, "overlap_policy: got 3; expected a string"),
        ({"content_dim": -4}, r"content_dim: got -4; expected a positive integer"),
        ({"boundary_attention_layers": -1}, r"boundary_attention_layers: got -1; expected an integer >= 0"),
        ({"abstention_threshold": 1.5}, r"abstention_threshold: got 1.5; expected a number in \[0, 1\]"),
        (
            {"relation_argument_proposal_threshold": -0.1},
            r"relation_argument_proposal_threshold: got -0.1; expected a number in \[0, 1\]",
        ),
        ({"boundary_top_k_alpha": -0.5}, "boundary_top_k_alpha: got -0.5; expected a number >= 0"),
        ({"rotary_base": 0}, "rotary_base: got 0; expected a number > 0"),
        ({"boundary_attention_layers": 1, "boundary_dim": 18}, r"boundary_dim: got 18; expected a multiple of"),
        (
            {"enable_rotary_endpoints": True, "boundary_dim": 15, "pair_dim": 16, "multihead_pair_compat_heads": 4},
            "boundary_dim: got 15; expected an even number with enable_rotary_endpoints",
        ),
        ({"boundary_top_k_max": 8}, r"boundary_top_k_max: got 8; expected at least start_top_k and end_top_k \(16\)"),
    ],
)
def test_config_rejects_bad_types_and_ranges_naming_key_value_and_range(settings, message):
    with pytest.raises(CheckpointError, match=message):
        _head(**settings)


def test_config_rejects_a_boundary_head_that_is_not_an_object():
    with pytest.raises(CheckpointError, match=r"config.boundary_head: got \[1, 2\]; expected a JSON object"):
        BoundaryConfig.from_json_dict({"architecture": "boundary", "boundary_head": [1, 2]})


def test_a_bad_setting_fails_before_any_tensor_is_read(boundary_folder, tmp_path, monkeypatch):
    import shutil

    import gliner2_core.architectures.boundary.loading as loading

    folder = tmp_path / "copy"
    shutil.copytree(boundary_folder, folder)
    config = json.loads((folder / "config.json").read_text())
    config["boundary_head"]["pool_size"] = -3
    (folder / "config.json").write_text(json.dumps(config))
    monkeypatch.setattr(loading, "read_checkpoint_files", lambda _: pytest.fail("tensors read before the config"))
    with pytest.raises(CheckpointError, match="pool_size: got -3; expected a positive integer"):
        loading.load_boundary(folder)


def test_config_rejects_bad_values_naming_the_setting():
    with pytest.raises(CheckpointError, match="overlap_policy: got 'widest'"):
        BoundaryConfig.from_json_dict({"architecture": "boundary", "boundary_head": {"overlap_policy": "widest"}})
    with pytest.raises(CheckpointError, match="pair_dim: got 10; expected a multiple of multihead_pair_compat_heads"):
        BoundaryConfig.from_json_dict({"architecture": "boundary", "boundary_head": {"pair_dim": 10}})
    with pytest.raises(CheckpointError, match="candidate_pool: got 'global'; expected one of 'per_query', 'shared'"):
        BoundaryConfig.from_json_dict({"architecture": "boundary", "boundary_head": {"candidate_pool": "global"}})
    with pytest.raises(CheckpointError, match="min_pool_per_query: got 9; expected at most pool_size"):
        BoundaryConfig.from_json_dict(
            {"architecture": "boundary", "boundary_head": {"min_pool_per_query": 9, "pool_size": 8}}
        )


def test_configs_before_version_3_have_no_record_or_relation_heads():
    old = BoundaryConfig.from_json_dict({"architecture": "boundary", "config_version": 2, "boundary_head": {}})
    new = BoundaryConfig.from_json_dict({"architecture": "boundary", "config_version": 3, "boundary_head": {}})
    assert (old.head.enable_relations, old.head.enable_records) == (False, False)
    assert (new.head.enable_relations, new.head.enable_records) == (True, True)


def test_shared_pool_checkpoint_loads_and_runs_its_pool_modules(tmp_path):
    from gliner2_core.architectures.boundary.pool import CandidatePoolBuilder
    from gliner2_core.architectures.boundary.pool_scoring import SharedPoolScorer

    folder = build_reference_boundary(tmp_path / "shared", "bert", {"candidate_pool": "shared", "pool_size": 32})
    loaded = GLiNER2.from_pretrained(folder, backend="torch")
    head = loaded.model.boundary_head
    assert loaded.model.config.head.candidate_pool == "shared"
    assert isinstance(head.shared_pool_builder, CandidatePoolBuilder)
    assert isinstance(head.shared_pool_scorer, SharedPoolScorer)
    [found] = loaded.run([SENTENCES[0]], Schema().entities(["person", "company"]), threshold=0.3)
    assert any(found.entities.values()), "the test checkpoint should find mentions"
    loaded.save_pretrained(tmp_path / "saved")
    again = GLiNER2.from_pretrained(tmp_path / "saved", backend="torch")
    assert again.model.state_dict().keys() == loaded.model.state_dict().keys()
    assert again.run([SENTENCES[0]], Schema().entities(["person", "company"]), threshold=0.3) == [found]


def test_saving_keeps_the_reference_config_and_every_tensor(boundary_model, boundary_folder, tmp_path):
    boundary_model.save_pretrained(tmp_path / "saved")
    original = json.loads((boundary_folder / "config.json").read_text())
    saved = json.loads((tmp_path / "saved" / "config.json").read_text())
    assert saved["architecture"] == "boundary"
    assert saved["boundary_head"] == original["boundary_head"]
    from safetensors.torch import load_file

    before, after = (
        load_file(str(boundary_folder / "model.safetensors")),
        load_file(str(tmp_path / "saved" / "model.safetensors")),
    )
    assert {k for k in before if not k.endswith("position_ids")} <= after.keys()
    assert all(before[k].equal(after[k]) for k in before if k in after)


def test_a_saved_boundary_checkpoint_carries_a_manifest_and_refuses_edits(boundary_model, tmp_path):
    folder = tmp_path / "saved"
    boundary_model.save_pretrained(folder)
    manifest = json.loads((folder / "gliner2_manifest.json").read_text())
    assert {"config.json", "encoder_config/config.json", "model.safetensors", "tokenizer.json"} <= manifest["files"].keys()
    assert isinstance(GLiNER2.from_pretrained(folder, backend="torch").model, BoundaryModel)
    config = json.loads((folder / "config.json").read_text())
    config["boundary_head"]["max_width"] = 3
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(CheckpointError, match="config.json .* changed after save_pretrained"):
        GLiNER2.from_pretrained(folder, backend="torch")


def test_a_boundary_checkpoint_without_its_tokenizer_is_refused_by_name(boundary_folder, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(boundary_folder, folder)
    (folder / "tokenizer.json").unlink()
    for extra in folder.glob("vocab*"):
        extra.unlink()
    with pytest.raises(CheckpointError, match="tokenizer"):
        GLiNER2.from_pretrained(folder, backend="torch")


def test_long_text_windows_report_each_mention_once_with_offsets_into_the_text(boundary_model):
    text = " ".join(SENTENCES * 6)
    schema = Schema().entities(["person", "company", "location"])
    [windowed] = boundary_model.run([text], schema, threshold=0.3, max_len=24)
    spans = [span for found in windowed.entities.values() for span in found]
    assert spans, "the test checkpoint should find mentions"
    assert max(span.start for span in spans) > len(text) // 2, "later windows contribute mentions"
    for found in windowed.entities.values():
        offsets = [(s.start, s.end) for s in found]
        assert len(offsets) == len(set(offsets)), "a mention reported twice"
        ordered = sorted(offsets)
        assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:])), "flat policy: no overlaps, even across windows"
    assert all(text[s.start : s.end].strip() == s.text and s.end <= len(text) for s in spans)


def test_short_text_gives_the_same_result_windowed_or_not_when_it_fits_one_window(boundary_model):
    schema = Schema().entities(["person", "company"]).relations(["works_for"])
    [whole] = boundary_model.run([SENTENCES[0]], schema, threshold=0.3)
    [capped] = boundary_model.run([SENTENCES[0]], schema, threshold=0.3, max_len=100)
    assert whole == capped


def test_empty_text_gives_every_requested_key(boundary_model):
    result = boundary_model.extract("   ", Schema().entities(["person"]).relations(["works_for"]))
    assert result == {"entities": {"person": []}, "relation_extraction": {"works_for": []}}


def test_importing_the_boundary_package_does_not_import_torch():
    code = "import sys, gliner2_core.architectures.boundary; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_shared_pool_with_soft_max_content_scores_short_texts_finitely(tmp_path):
    """The reference's empty pool slots pool to ~-8.5e37 and turn every candidate of a short text into NaN."""
    import torch

    head = {"candidate_pool": "shared", "pool_size": 48, "enable_span_content": True, "content_soft_max_pool": True}
    loaded = GLiNER2.from_pretrained(build_reference_boundary(tmp_path / "ckpt", "bert", head), backend="torch")
    spec = Schema().entities(["person", "company"]).build()
    from gliner2_core.processing.batch import collate

    with torch.inference_mode():
        out = loaded.model(collate([loaded.processor.encode(SENTENCES[0], spec)[0]]))
    assert torch.isfinite(out.candidates.logits).all()
    [found] = loaded.run([SENTENCES[0]], Schema().entities(["person", "company"]), threshold=0.3)
    assert all(span.confidence == span.confidence for spans in found.entities.values() for span in spans)
