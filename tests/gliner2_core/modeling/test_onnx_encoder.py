"""The ONNX Runtime encoder (fp32 and int8) against the torch encoder."""

import pytest
import torch

from gliner2_core import GLiNER2, Schema, SchemaError
from gliner2_core.processing.batch import collate

TEXTS = ["Tim Cook works for Apple in Paris.", "Steve Jobs founded Apple with Steve Wozniak in 1976, in California."]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GLINER2_KIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _hidden(model, texts):
    spec = Schema().entities(["person", "company"]).build()
    batch = collate([model.processor.encode(t, spec)[0] for t in texts])
    with torch.inference_mode():
        if model.model.encoder_runner is not None:
            return model.model.encoder_runner(batch.input_ids, batch.attention_mask), batch.attention_mask
        return model.model.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask).last_hidden_state, batch.attention_mask


def test_onnx_encoder_matches_torch_and_gives_the_same_results(tiny_checkpoint, cache):
    torch_model = GLiNER2.from_pretrained(tiny_checkpoint)
    onnx_model = GLiNER2.from_pretrained(tiny_checkpoint, backend="onnx")
    (a, mask), (b, _) = _hidden(torch_model, TEXTS), _hidden(onnx_model, TEXTS)
    real = mask.bool()
    assert (a[real] - b[real]).abs().max() < 1e-4
    schema = Schema().entities(["person", "company"]).classification("tone", ["positive", "negative"])
    assert onnx_model.batch_extract(TEXTS, schema) == torch_model.batch_extract(TEXTS, schema)
    assert list(cache.rglob("encoder.onnx")), "the export is cached"


def test_int8_encoder_runs_and_stays_close(tiny_checkpoint, cache):
    fp32 = GLiNER2.from_pretrained(tiny_checkpoint)
    int8 = GLiNER2.from_pretrained(tiny_checkpoint, quantize="int8")
    (a, mask), (b, _) = _hidden(fp32, TEXTS), _hidden(int8, TEXTS)
    cosine = torch.nn.functional.cosine_similarity(a[mask.bool()], b[mask.bool()], dim=-1)
    assert cosine.min() > 0.95
    assert set(int8.extract(TEXTS[0], {"entities": ["person"]})) == {"entities"}


def test_unknown_backend_and_quantization_name_the_options(tiny_checkpoint):
    with pytest.raises(SchemaError, match="'torch', 'onnx'"):
        GLiNER2.from_pretrained(tiny_checkpoint, backend="tensorrt")
    with pytest.raises(SchemaError, match="'int8'"):
        GLiNER2.from_pretrained(tiny_checkpoint, quantize="int4")
