"""Benchmark checkpoints (built once, cached outside the repository) and engines for both libraries.

Two checkpoints stand for the published models:

* ``mini``: the bundled gliner2-mini (BERT MiniLM-L6, hidden 384), saved to a folder.
* ``base``: a *random* checkpoint with the published base configuration (DeBERTa-v3-base:
  hidden 768, 12 layers, 128k vocabulary, ``count_lstm_v2``), built with the reference
  library itself, standing for ``fastino/gliner2-base-v1`` (which cannot be downloaded
  here). Its Unigram tokenizer knows the words of the benchmark texts (about one piece per
  word, a little below DeBERTa-v3's ~1.3) and is padded to the real vocabulary size so the
  embedding matrix, and so memory, is realistic. ``quick`` builds it at toy size.

Both libraries load the very same folder.
"""

from __future__ import annotations

import logging
import os
import string
from pathlib import Path

from _texts import vocabulary

logger = logging.getLogger("benchmarks")

MODELS = ("mini", "base")
BASE_VOCAB = 128011
# The reference adds its GLiNER2 markers ([P], [E], [R], [SEP_TEXT], ...) to the tokenizer.
REFERENCE_MARKERS = 10
# Logit shift of the random base's span scores: about 1-3 entities per label in 200 words.
QUIET_SHIFT = 0.1


def cache_root() -> Path:
    """``$GLINER2_BENCH_CACHE``, else ``bench`` in ``$GLINER2_KIT_CACHE`` or ``~/.cache/gliner2-kit``."""
    if os.environ.get("GLINER2_BENCH_CACHE"):
        return Path(os.environ["GLINER2_BENCH_CACHE"])
    return Path(os.environ.get("GLINER2_KIT_CACHE", Path.home() / ".cache" / "gliner2-kit")) / "bench"


def checkpoint(name: str, *, quick: bool = False) -> Path:
    """The folder of benchmark checkpoint ``name`` (``mini`` or ``base``), built on first use."""
    if name not in MODELS:
        raise ValueError(f"model: got {name!r}; expected one of {MODELS}")
    if name == "mini":  # keyed by the bundled weights, so a retrained model is never benchmarked stale
        from gliner2_core.embedded import manifest

        folder = cache_root() / f"mini-{manifest()['weights_sha256'][:12]}"
    else:
        folder = cache_root() / (f"{name}-quick" if quick else name)
    if (folder / "config.json").is_file():
        return folder
    logger.info("building the %s checkpoint in %s", name, folder)
    tmp = folder.with_name(folder.name + ".partial")
    if name == "mini":
        from gliner2_core import GLiNER2

        GLiNER2.from_pretrained().save_pretrained(tmp)
    else:
        build_base(tmp, toy=quick)
    tmp.rename(folder)
    return folder


def base_tokenizer(vocab_size: int):
    """A SentencePiece-style (Metaspace + Unigram) tokenizer with ``vocab_size`` pieces."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    pieces = [("[PAD]", 0.0), ("[CLS]", 0.0), ("[SEP]", 0.0), ("[UNK]", 0.0), ("[MASK]", 0.0)]
    pieces += [("▁" + w, -3.0 - len(w) * 0.1) for w in vocabulary()]
    chars = string.ascii_letters + string.digits + string.punctuation
    pieces += [("▁", -5.0)] + [(c, -8.0) for c in chars] + [("▁" + c, -7.0) for c in chars]
    # Filler pieces no benchmark text contains: they only make the vocabulary (and the embedding) full size.
    pieces += [(f"▁zq{i}", -20.0) for i in range(max(0, vocab_size - len(pieces)))]
    tok = Tokenizer(models.Unigram(pieces, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )


def build_base(folder: Path, *, toy: bool = False, seed: int = 0) -> Path:
    """Build and save the random base-size DeBERTa-v2 checkpoint with the reference library."""
    import torch
    from gliner2 import GLiNER2 as Reference
    from gliner2.configuration import ExtractorConfig
    from transformers import DebertaV2Config

    torch.manual_seed(seed)
    size = (
        dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128)
        if toy
        else dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
    )
    vocab = 2000 if toy else BASE_VOCAB
    tokenizer = base_tokenizer(vocab - REFERENCE_MARKERS)
    encoder = DebertaV2Config(
        vocab_size=vocab,
        max_position_embeddings=512,
        relative_attention=True,
        position_buckets=256,
        max_relative_positions=-1,
        position_biased_input=False,
        pos_att_type=["p2c", "c2p"],
        type_vocab_size=0,
        share_att_key=True,
        norm_rel_ebd="layer_norm",
        layer_norm_eps=1e-7,
        **size,
    )
    config = ExtractorConfig(model_name="bench-deberta-v3-base", counting_layer="count_lstm_v2", max_width=8)
    model = Reference(config, encoder_config=encoder, tokenizer=tokenizer)
    quiet_heads(model)
    rows = model.encoder.get_input_embeddings().weight.shape[0]
    logger.info("base checkpoint: %d embedding rows (the reference resizes to the tokenizer)", rows)
    model.eval().save_pretrained(str(folder))
    return folder


def quiet_heads(model, shift: float = QUIET_SHIFT, seed: int = 1) -> None:
    """Make a random model extract about as little as a trained one.

    Random heads score every span near 0.5, so at threshold 0.5 a random model returns
    dozens of overlapping spans per label and the benchmark would time decoding junk.
    Here every span logit moves down by ``shift``: the output layers of the span
    representation and of the field queries lose their component along a unit vector
    ``u`` and get biases ``+sqrt(shift) u`` and ``-sqrt(shift) u``, so each dot product
    gains exactly ``-shift``. The count head is biased towards one instance per structure.
    """
    import torch

    generator = torch.Generator().manual_seed(seed)
    u = torch.randn(model.hidden_size, generator=generator)
    u /= u.norm()
    c = shift**0.5
    with torch.no_grad():
        pairs = (
            (model.span_rep.span_rep_layer.out_project[3], 1.0),
            (model.count_embed.transformer.out_projector[4], -1.0),
        )
        for layer, sign in pairs:
            layer.weight -= torch.outer(u, u @ layer.weight)
            layer.bias -= u * (u @ layer.bias) - sign * c * u
        model.count_pred[-1].bias[1] += 5.0


def load_ours(folder: Path, *, backend: str = "torch", threads: int | None = None):
    """Our engine on ``folder``: ``backend`` is ``torch``, ``onnx``, ``int8`` (ONNX Runtime, quantized), ``bf16`` (torch, bfloat16 encoder)
    or ``default`` (what ``from_pretrained`` picks with no options: the fastest exact backend)."""
    from gliner2_core import GLiNER2

    if backend == "default":
        return GLiNER2.from_pretrained(folder, threads=threads)
    if backend in ("int8", "bf16"):
        return GLiNER2.from_pretrained(folder, quantize=backend, threads=threads)
    return GLiNER2.from_pretrained(folder, backend=backend, threads=threads)


def load_reference(folder: Path):
    """The reference library (``gliner2``) on ``folder``, in eval mode."""
    import transformers
    from gliner2 import GLiNER2 as Reference

    transformers.logging.set_verbosity_error()  # "model of type extractor ..." on every load
    return Reference.from_pretrained(str(folder)).eval()


def embedding_rows(folder: Path) -> int:
    """Rows of the encoder's word embedding in a saved checkpoint."""
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), framework="pt") as handle:
        for key in handle.keys():  # noqa: SIM118 - safe_open is not a dict
            if key.endswith("word_embeddings.weight"):
                return int(handle.get_slice(key).get_shape()[0])
    return -1
