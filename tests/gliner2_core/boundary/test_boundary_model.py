"""Loading, configuration and long-text behaviour of the boundary (GLiNER2.5) model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gliner2_core import CheckpointError, GLiNER2, Schema
from gliner2_core.boundary.config import BoundaryConfig
from gliner2_core.boundary.model import BoundaryModel
from gliner2_core.modeling.model import GLiNER2Model
from tests.gliner2_core.boundary.tiny_boundary import build_reference_boundary

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


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("enable_span_content", True),
        ("enable_rotary_endpoints", True),
        ("boundary_attention_layers", 1),
        ("adaptive_threshold", True),
    ],
)
def test_config_refuses_representations_it_does_not_implement(key, value):
    with pytest.raises(CheckpointError, match=f"boundary_head.{key}: got {value!r}"):
        BoundaryConfig.from_json_dict({"architecture": "boundary", "config_version": 3, "boundary_head": {key: value}})


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
    from gliner2_core.boundary.pool import CandidatePoolBuilder
    from gliner2_core.boundary.pool_scoring import SharedPoolScorer

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
    code = "import sys, gliner2_core.boundary; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
