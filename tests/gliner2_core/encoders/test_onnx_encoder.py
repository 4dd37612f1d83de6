"""The ONNX Runtime encoder (fp32 and int8) against the torch encoder."""

import pytest
import torch

from gliner2_core import GLiNER2, Schema, SchemaError
from gliner2_core.encoders.onnx_cache import sha256_file
from gliner2_core.processing.batch import collate

TEXTS = ["Tim Cook works for Apple in Paris.", "Steve Jobs founded Apple with Steve Wozniak in 1976, in California."]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One export cache for the module: the tiny encoder is exported once."""
    folder = tmp_path_factory.mktemp("onnx-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GLINER2_KIT_CACHE", str(folder))
        yield folder


def _hidden(model, texts):
    spec = Schema().entities(["person", "company"]).build()
    batch = collate([model.processor.encode(t, spec)[0] for t in texts])
    with torch.inference_mode():
        if model.model.encoder_runner is not None:
            return model.model.encoder_runner(batch.input_ids, batch.attention_mask), batch.attention_mask
        return model.model.encoder(
            input_ids=batch.input_ids, attention_mask=batch.attention_mask
        ).last_hidden_state, batch.attention_mask


def test_onnx_encoder_matches_torch_and_gives_the_same_results(tiny_checkpoint, cache):
    torch_model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    onnx_model = GLiNER2.from_pretrained(tiny_checkpoint, backend="onnx")
    assert onnx_model.model.encoder_runner.name == "onnx"
    (a, mask), (b, _) = _hidden(torch_model, TEXTS), _hidden(onnx_model, TEXTS)
    real = mask.bool()
    assert (a[real] - b[real]).abs().max() < 1e-4
    schema = Schema().entities(["person", "company"]).classification("tone", ["positive", "negative"])
    assert onnx_model.batch_extract(TEXTS, schema) == torch_model.batch_extract(TEXTS, schema)
    assert list(cache.rglob("encoder.fp32.onnx")), "the export is cached"
    assert list(cache.rglob("encoder.fp32.json")), "with the record of what it was built from"


def test_a_corrupted_cached_export_is_rebuilt_and_still_matches_torch(tiny_checkpoint, cache):
    GLiNER2.from_pretrained(tiny_checkpoint, backend="onnx")
    (path,) = cache.rglob("encoder.fp32.onnx")
    good = sha256_file(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one flipped byte in the weights
    path.write_bytes(bytes(data))
    onnx_model = GLiNER2.from_pretrained(tiny_checkpoint, backend="onnx")
    assert sha256_file(path) == good
    torch_model = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    (a, mask), (b, _) = _hidden(torch_model, TEXTS), _hidden(onnx_model, TEXTS)
    assert (a[mask.bool()] - b[mask.bool()]).abs().max() < 1e-4


def test_int8_encoder_runs_and_stays_close(tiny_checkpoint, cache):
    fp32 = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    int8 = GLiNER2.from_pretrained(tiny_checkpoint, quantize="int8")
    assert int8.model.encoder_runner.name == "onnx-int8"
    (a, mask), (b, _) = _hidden(fp32, TEXTS), _hidden(int8, TEXTS)
    cosine = torch.nn.functional.cosine_similarity(a[mask.bool()], b[mask.bool()], dim=-1)
    assert cosine.min() > 0.95
    assert set(int8.extract(TEXTS[0], {"entities": ["person"]})) == {"entities"}


def test_unknown_backend_and_quantization_name_the_options(tiny_checkpoint):
    with pytest.raises(SchemaError, match="'auto', 'torch', 'onnx'"):
        GLiNER2.from_pretrained(tiny_checkpoint, backend="tensorrt")
    with pytest.raises(SchemaError, match="'int8'"):
        GLiNER2.from_pretrained(tiny_checkpoint, quantize="int4")
