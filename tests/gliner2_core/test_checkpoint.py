import shutil

import pytest
import torch
from safetensors.torch import load_file

from gliner2_core import CheckpointError, GLiNER2, ModelNotFoundError, Schema


def test_save_and_load_are_mirror_images(tiny_model, tmp_path):
    tiny_model.save_pretrained(tmp_path / "copy")
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == [
        "config.json", "encoder_config", "model.safetensors", "tokenizer.json", "tokenizer_config.json"
    ]
    again = GLiNER2.from_pretrained(tmp_path / "copy")
    original, reloaded = tiny_model.model.state_dict(), again.model.state_dict()
    assert original.keys() == reloaded.keys()
    assert all(torch.equal(original[k], reloaded[k]) for k in original)
    schema = Schema().entities(["person"]).classification("tone", ["a", "b"])
    text = "Tim Cook works for Apple."
    assert again.extract(text, schema, include_confidence=True) == tiny_model.extract(text, schema, include_confidence=True)


def test_missing_folder_gives_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no such checkpoint folder"):
        GLiNER2.from_pretrained(tmp_path / "nope")


def test_unreachable_hub_id_fails_with_an_offline_hint():
    with pytest.raises(ModelNotFoundError, match="offline"):
        GLiNER2.from_pretrained("fastino/gliner2-base-v1", local_files_only=True)


def test_corrupt_weights_are_reported_not_loaded(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "bad")
    data = (folder / "model.safetensors").read_bytes()
    (folder / "model.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        GLiNER2.from_pretrained(folder)


def test_pickle_checkpoints_are_refused(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "pickled")
    torch.save(load_file(str(folder / "model.safetensors")), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    with pytest.raises(CheckpointError, match="pickle"):
        GLiNER2.from_pretrained(folder)


def test_weights_of_another_architecture_are_rejected_with_the_mismatch(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "other")
    config = (folder / "config.json").read_text().replace("count_lstm_v2", "count_lstm")
    (folder / "config.json").write_text(config)
    with pytest.raises(CheckpointError, match="missing keys"):
        GLiNER2.from_pretrained(folder)
