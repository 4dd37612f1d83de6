"""ModelConfig is the single source of config.json: every field round-trips, nothing is hard-coded elsewhere."""

import dataclasses
import json

import pytest

from gliner2_core import CheckpointError, ModelConfig
from gliner2_core.architectures.span import count_head
from gliner2_core.architectures.span.config import COUNTING_LAYERS, migrate


def test_every_field_round_trips_through_config_json(tmp_path):
    config = ModelConfig(
        model_name="tiny", counting_layer="count_lstm_v2", max_width=6, max_count=12, dropout=0.2, window_words=150,
        record_strategy="entities",
        record_threshold=0.3,
    )
    config.save(tmp_path)
    data = json.loads((tmp_path / "config.json").read_text())
    assert data["max_count"] == 12 and data["span_head"]["dropout"] == 0.2 and data["span_head"]["max_width"] == 6
    assert ModelConfig.load(tmp_path / "config.json") == config
    for field in dataclasses.fields(ModelConfig):
        assert field.name in data or field.name in data["span_head"], field.name


def test_a_version_1_file_without_the_new_keys_gets_the_defaults():
    config = ModelConfig.from_json_dict({"model_name": "x", "max_width": 12, "counting_layer": "count_lstm"})
    assert (config.max_width, config.max_count, config.dropout) == (12, ModelConfig().max_count, ModelConfig().dropout)
    assert migrate({"span_head": {"max_width": 5, "dropout": 0.3}})["dropout"] == 0.3


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_count", 0), ("max_count", "20"), ("dropout", 1.0), ("max_width", True), ("window_words", 0), ("window_words", "150"),
     ("record_strategy", "fields"), ("record_threshold", 0.0), ("record_threshold", "0.3")],
)
def test_bad_config_values_name_the_field(field, value):
    with pytest.raises(CheckpointError, match=f"config.{field}: got {value!r}"):
        ModelConfig(**{field: value})


def test_the_counting_layer_registry_is_keyed_by_the_config_names():
    assert tuple(count_head.COUNTING_LAYERS) == COUNTING_LAYERS
    assert not hasattr(count_head, "MAX_COUNT")


def test_the_model_reads_max_count_and_dropout_from_its_config():
    from transformers import BertConfig

    from gliner2_core.architectures.span.model import GLiNER2Model
    from gliner2_core.encoders.encoder import build_encoder

    encoder = build_encoder(BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32))
    model = GLiNER2Model(ModelConfig(max_count=7, dropout=0.25), encoder)
    assert model.count_pred[-1].out_features == 7
    assert model.count_embed.pos_embedding.num_embeddings == 7
    assert model.span_rep.span_rep_layer.out_project[2].p == 0.25


def test_inference_windows_long_texts_at_the_models_own_window_unless_max_len_is_given(tiny_checkpoint):
    from gliner2_core import GLiNER2

    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    text = " ".join(f"word{i}" for i in range(120))
    spec = model.create_schema().entities(["thing"]).build()
    rows = lambda words: len(model.processor.encode(text, spec, max_words=words))  # noqa: E731
    seen = []
    original = model.processor.encode
    model.processor.encode = lambda *a, **k: seen.append(k.get("max_words")) or original(*a, **k)
    model.model.config = dataclasses.replace(model.model.config, window_words=40)
    model.extract_entities(text, ["thing"])
    model.extract_entities(text, ["thing"], max_len=100)
    assert seen == [40, 100]
    assert rows(40) > rows(100) >= 1


def test_structure_fields_use_the_models_record_threshold_only_when_the_call_sets_none(tiny_checkpoint):
    from gliner2_core import GLiNER2

    model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    text = "Tim Cook works for Apple in Cupertino."
    schema = model.create_schema().entities(["person"]).structure("job").field("employer", dtype="list").build()
    default = model.run([text], schema)[0]
    model.model.config = dataclasses.replace(model.model.config, record_threshold=0.9)
    calibrated, explicit = model.run([text], schema)[0], model.run([text], schema, threshold=0.5)[0]
    assert calibrated.entities == default.entities == explicit.entities  # entities keep 0.5
    assert explicit.records == default.records
    found = [v for record in calibrated.records["job"] for v in record.fields["employer"]]
    before = [v for record in default.records["job"] for v in record.fields["employer"]]
    assert any(v.confidence < 0.9 for v in before)  # the comparison means something on this checkpoint
    assert all(v.confidence >= 0.9 for v in found) and len(found) < len(before)


@pytest.mark.parametrize("version", [None, 0, 1, 2, 3])
def test_every_known_config_version_is_accepted(version):
    assert ModelConfig.from_json_dict({"config_version": version}).config_version == 3


@pytest.mark.parametrize(("version", "message"), [("3", r"got '3'"), (3.5, r"got 3\.5"), (4, r"got 4; .*newer library"), (True, r"got True")])
def test_a_config_version_that_is_not_a_known_integer_is_refused(version, message):
    with pytest.raises(CheckpointError, match=r"config\.config_version: " + message):
        ModelConfig.from_json_dict({"config_version": version})


def test_the_count_head_size_is_checked_against_the_weight_shapes():
    shapes = {"count_pred.0.weight": (64, 32), "count_pred.2.weight": (20, 64), "count_embed.pos_embedding.weight": (20, 32), "count_embed.transformer.in_projector.weight": (128, 32)}
    ModelConfig(counting_layer="count_lstm_v2", max_count=20).check_weights(shapes)
    with pytest.raises(CheckpointError, match=r"max_count: got 12; expected 20, .*count_pred\.2\.weight has shape \[20, 64\]"):
        ModelConfig(counting_layer="count_lstm_v2", max_count=12).check_weights(shapes)
    with pytest.raises(CheckpointError, match=r"counting_layer: got 'count_lstm'; the weights hold a 'count_lstm_v2'"):
        ModelConfig(counting_layer="count_lstm").check_weights(shapes)


def test_weights_without_span_heads_are_left_to_the_state_dict_check():
    ModelConfig(max_count=7).check_weights({"encoder.embeddings.word_embeddings.weight": (100, 32)})
