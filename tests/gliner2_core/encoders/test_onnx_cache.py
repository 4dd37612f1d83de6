"""The on-disk export cache: reused when its record and bytes match, rebuilt otherwise."""

import json

import pytest

from gliner2_core.encoders import onnx_cache
from gliner2_core.encoders.onnx_cache import cached_file, entry_key


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GLINER2_KIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "onnx"


class CountingBuild:
    """A build step that writes known bytes and counts how often it ran."""

    def __init__(self, payload: bytes = b"graph-bytes" * 100) -> None:
        self.payload = payload
        self.calls = 0

    def __call__(self, path):
        self.calls += 1
        path.write_bytes(self.payload)


def test_a_valid_entry_is_reused_without_rebuilding(cache):
    build = CountingBuild()
    first = cached_file("abc", "fp32", {"fuse": True}, build)
    second = cached_file("abc", "fp32", {"fuse": True}, build)
    assert first == second and build.calls == 1
    record = json.loads(first.with_suffix(".json").read_text())
    assert record["content"] == "abc" and record["bytes"] == len(build.payload)
    assert record["onnxruntime"] and record["torch"]


def test_a_corrupt_file_of_the_same_size_is_rebuilt(cache):
    build = CountingBuild()
    path = cached_file("abc", "fp32", {}, build)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cached_file("abc", "fp32", {}, build) == path
    assert build.calls == 2 and path.read_bytes() == build.payload


def test_a_truncated_file_or_a_broken_record_is_rebuilt(cache):
    build = CountingBuild()
    path = cached_file("abc", "fp32", {}, build)
    path.write_bytes(build.payload[:5])
    cached_file("abc", "fp32", {}, build)
    path.with_suffix(".json").write_text("{not json")
    cached_file("abc", "fp32", {}, build)
    assert build.calls == 3 and path.read_bytes() == build.payload


def test_an_entry_built_by_another_runtime_version_or_options_is_rebuilt(cache, monkeypatch):
    build = CountingBuild()
    path = cached_file("abc", "fp32", {"fuse": True}, build)
    cached_file("abc", "fp32", {"fuse": False}, build)
    assert build.calls == 2
    monkeypatch.setattr(
        onnx_cache, "runtime_versions", lambda: {"onnxruntime": "0.0.1", "torch": "0.0.1", "onnx": "0.0.1"}
    )
    cached_file("abc", "fp32", {"fuse": False}, build)
    assert build.calls == 3
    assert json.loads(path.with_suffix(".json").read_text())["onnxruntime"] == "0.0.1"


def test_a_failed_build_leaves_no_entry_behind(cache):
    def failing(path):
        path.write_bytes(b"half")
        raise RuntimeError("export failed")

    with pytest.raises(RuntimeError, match="export failed"):
        cached_file("abc", "fp32", {}, failing)
    assert not list(cache.rglob("*.onnx")) and not list(cache.rglob("*.tmp"))


def test_the_key_names_weights_variant_options_and_versions():
    key = entry_key("abc", "int8", {"per_channel": True})
    assert {"content", "variant", "options", "onnxruntime", "torch", "onnx", "format"} <= set(key)
