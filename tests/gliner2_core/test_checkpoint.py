import json
import shutil

import pytest
import torch
from safetensors.torch import load_file

from gliner2_core import CheckpointError, GLiNER2, ModelNotFoundError, Schema
from gliner2_core.checkpoint import MANIFEST_FILE, sha256_file
from gliner2_core.schema.spec import SPECIAL_TOKENS


def test_save_and_load_are_mirror_images(tiny_model, tmp_path):
    tiny_model.save_pretrained(tmp_path / "copy")
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == [
        "config.json", "encoder_config", "gliner2_manifest.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"
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
    (folder / MANIFEST_FILE).unlink()  # the format checks, not the manifest's
    data = (folder / "model.safetensors").read_bytes()
    (folder / "model.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        GLiNER2.from_pretrained(folder)


def test_pickle_checkpoints_are_refused(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "pickled")
    (folder / MANIFEST_FILE).unlink()  # the format checks, not the manifest's
    torch.save(load_file(str(folder / "model.safetensors")), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    with pytest.raises(CheckpointError, match="pickle"):
        GLiNER2.from_pretrained(folder)


def test_weights_of_another_architecture_are_rejected_with_the_mismatch(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "other")
    (folder / MANIFEST_FILE).unlink()  # the format checks, not the manifest's
    config = (folder / "config.json").read_text().replace("count_lstm_v2", "count_lstm")
    (folder / "config.json").write_text(config)
    with pytest.raises(CheckpointError, match=r"counting_layer: got 'count_lstm'; the weights hold a 'count_lstm_v2'"):
        GLiNER2.from_pretrained(folder)


def test_save_pretrained_writes_a_manifest_of_every_file_and_the_special_token_ids(tiny_model, tmp_path):
    tiny_model.save_pretrained(tmp_path / "ck")
    manifest = json.loads((tmp_path / "ck" / MANIFEST_FILE).read_text())
    assert sorted(manifest["files"]) == [
        "config.json", "encoder_config/config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"
    ]
    assert manifest["files"]["model.safetensors"] == sha256_file(tmp_path / "ck" / "model.safetensors")
    assert manifest["special_token_ids"] == {t: tiny_model.tokenizer.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}


def test_a_checkpoint_without_its_tokenizer_is_refused_naming_the_file(tiny_model, tmp_path):
    tiny_model.save_pretrained(tmp_path / "ck")
    (tmp_path / "ck" / "tokenizer.json").unlink()
    with pytest.raises(CheckpointError, match=r"missing tokenizer\.json \(listed in gliner2_manifest\.json\)"):
        GLiNER2.from_pretrained(tmp_path / "ck")
    (tmp_path / "ck" / MANIFEST_FILE).unlink()
    with pytest.raises(CheckpointError, match=r"has no tokenizer\.json"):
        GLiNER2.from_pretrained(tmp_path / "ck")


def test_an_edited_file_is_refused_until_the_manifest_is_removed(tiny_model, tmp_path):
    tiny_model.save_pretrained(tmp_path / "ck")
    config = tmp_path / "ck" / "encoder_config" / "config.json"
    config.write_text(config.read_text().replace('"hidden_act": "gelu"', '"hidden_act": "relu"'))
    with pytest.raises(CheckpointError, match=r"encoder_config/config\.json .* changed after save_pretrained wrote it"):
        GLiNER2.from_pretrained(tmp_path / "ck")
    (tmp_path / "ck" / MANIFEST_FILE).unlink()
    assert GLiNER2.from_pretrained(tmp_path / "ck").model.encoder.config.hidden_act == "relu"
