"""The opt-in bfloat16 torch encoder (``quantize="bf16"``) against the fp32 encoder."""

import pytest
import torch

from gliner2_core import GLiNER2, Schema, SchemaError
from gliner2_core.processing.batch import collate

TEXTS = ["Tim Cook works for Apple in Paris.", "Steve Jobs founded Apple with Steve Wozniak in 1976, in California."]


def _batch(model):
    spec = Schema().entities(["person", "company"]).build()
    return collate([model.processor.encode(t, spec)[0] for t in TEXTS])


def test_bf16_encoder_stays_close_to_fp32_and_returns_fp32_hidden_states(tiny_checkpoint):
    fp32 = GLiNER2.from_pretrained(tiny_checkpoint, backend="torch")
    bf16 = GLiNER2.from_pretrained(tiny_checkpoint, quantize="bf16")
    assert bf16.model.encoder_runner.name == "torch-bf16"
    batch = _batch(fp32)
    with torch.inference_mode():
        exact = fp32.model.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask).last_hidden_state
    approx = bf16.model.encoder_runner(batch.input_ids, batch.attention_mask)
    assert approx.dtype == torch.float32 and approx.shape == exact.shape
    real = batch.attention_mask.bool()
    scale = exact[real].abs().max()
    assert (approx[real] - exact[real]).abs().max() < 0.05 * scale  # bfloat16: 8 mantissa bits
    assert (approx[real] - exact[real]).abs().max() > 0  # it really ran in bfloat16


def test_bf16_keeps_the_fp32_weights_for_saving(tiny_checkpoint, tmp_path):
    model = GLiNER2.from_pretrained(tiny_checkpoint, quantize="bf16")
    assert all(p.dtype == torch.float32 for p in model.model.parameters())
    result = model.extract(TEXTS[0], Schema().entities(["person", "company"]), threshold=0.0)
    assert set(result["entities"]) == {"person", "company"}
    model.save_pretrained(tmp_path / "saved")
    reloaded = GLiNER2.from_pretrained(tmp_path / "saved", backend="torch")
    for a, b in zip(reloaded.model.state_dict().values(), GLiNER2.from_pretrained(tiny_checkpoint, backend="torch").model.state_dict().values()):
        assert torch.equal(a, b)


def test_bf16_cannot_be_combined_with_onnx_and_unknown_quantizations_name_the_options(tiny_checkpoint):
    with pytest.raises(SchemaError, match="bf16.*onnx"):
        GLiNER2.from_pretrained(tiny_checkpoint, backend="onnx", quantize="bf16")
    with pytest.raises(SchemaError, match=r"'fp16'.*'int8'.*'bf16'"):
        GLiNER2.from_pretrained(tiny_checkpoint, quantize="fp16")
