"""Tiny random checkpoints for tests: made offline, in seconds, with real tensors.

Two encoder families are covered, like the published models: BERT with a
WordPiece tokenizer (our bundled model's family) and DeBERTa-v2 with a
SentencePiece-style Unigram tokenizer (the published GLiNER2 family). Both
tokenizers are built here with the ``tokenizers`` library.
"""

from __future__ import annotations

import string
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers
from transformers import BertConfig, DebertaV2Config, PreTrainedTokenizerFast

WORDS = ["the", "a", "an", "of", "and", "to", "in", "is", "was", "for", "on", "with", "at", "by", "from", "as", "that", "it", "he", "she", "they", "we", "you", "this", "apple", "google", "microsoft", "tim", "cook", "steve", "jobs", "works", "work", "ceo", "founded", "company", "person", "location", "product", "iphone", "city", "paris", "london", "new", "york", "released", "announced", "entities", "sentiment", "positive", "negative", "neutral", "review", "great", "bad", "movie", "title", "director", "year", "price", "invoice", "total", "due", "date", "berlin", "germany", "france", "customer", "support", "ticket", "order", "shipping", "delayed", "refund", "name", "tier", "pro", "base", "basic", "premium", "urgent", "low", "high", "priority", "email", "phone", "number", "born", "died", "wrote", "book", "music", "head", "tail", "works_for", "located_in", "label", "labels", "field", "fields", "yes", "no"]
SYMBOLS = list(string.punctuation) + ["é", "ü", "ı", "İ", "ß", "東", "京", "🙂", "’"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def wordpiece_tokenizer() -> PreTrainedTokenizerFast:
    """An uncased BERT-style WordPiece tokenizer with character fallback."""
    chars = list(string.ascii_lowercase + string.digits)
    vocab = SPECIALS + sorted(set(WORDS)) + chars + ["##" + c for c in chars] + SYMBOLS
    tok = Tokenizer(models.WordPiece(vocab={w: i for i, w in enumerate(dict.fromkeys(vocab))}, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]"
    )


def unigram_tokenizer() -> PreTrainedTokenizerFast:
    """A SentencePiece-style (Metaspace + Unigram) tokenizer, like DeBERTa-v3's."""
    pieces = [("[PAD]", 0.0), ("[CLS]", 0.0), ("[SEP]", 0.0), ("[UNK]", 0.0)]
    pieces += [("▁" + w, -3.0 - len(w) * 0.1) for w in sorted(set(WORDS))]
    pieces += [(c, -8.0) for c in string.ascii_letters + string.digits] + [("▁", -5.0)]
    pieces += [(s, -8.0) for s in SYMBOLS]
    tok = Tokenizer(models.Unigram(pieces, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )


def encoder_config(family: str, vocab_size: int):
    """A 2-layer encoder config of the family (hidden 32)."""
    common = dict(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)
    if family == "bert":
        return BertConfig(max_position_embeddings=512, **common)
    if family == "deberta":
        return DebertaV2Config(
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
            **common,
        )
    raise ValueError(f"family: got {family!r}; expected 'bert' or 'deberta'")


def tokenizer_for(family: str) -> PreTrainedTokenizerFast:
    return wordpiece_tokenizer() if family == "bert" else unigram_tokenizer()


def spread_heads(module: torch.nn.Module, scale: float = 2.0) -> None:
    """Make a random model's outputs varied enough to test decoding.

    Head weights are scaled so probabilities spread away from 0.5, and the count
    head is biased towards 1-3 instances (the input then decides which), so
    structures with several instances are exercised.
    """
    with torch.no_grad():
        for name, param in module.named_parameters():
            if not name.startswith("encoder.") and param.dim() > 1:
                param.mul_(scale)
        bias = module.count_pred[-1].bias
        bias.fill_(-5.0)
        bias[1:4] = 3.0


def build_reference_checkpoint(folder: Path, family: str, counting_layer: str, seed: int = 0) -> Path:
    """Create and save a random checkpoint with the reference library itself."""
    from gliner2 import GLiNER2 as Reference
    from gliner2.configuration import ExtractorConfig

    torch.manual_seed(seed)
    tokenizer = tokenizer_for(family)
    config = ExtractorConfig(model_name=f"tiny-{family}", counting_layer=counting_layer, max_width=8)
    model = Reference(config, encoder_config=encoder_config(family, len(tokenizer)), tokenizer=tokenizer)
    spread_heads(model)
    model.eval()
    model.save_pretrained(str(folder))
    return folder


def build_checkpoint(folder: Path, family: str = "bert", counting_layer: str = "count_lstm", seed: int = 0) -> Path:
    """Create and save a random checkpoint with our own code (no reference needed)."""
    from gliner2_core.architectures.span.config import ModelConfig
    from gliner2_core.architectures.span.loading import save_model
    from gliner2_core.architectures.span.model import GLiNER2Model
    from gliner2_core.encoders.encoder import add_special_tokens, build_encoder

    torch.manual_seed(seed)
    tokenizer = tokenizer_for(family)
    add_special_tokens(tokenizer)
    model = GLiNER2Model(
        ModelConfig(model_name=f"tiny-{family}", counting_layer=counting_layer), build_encoder(encoder_config(family, len(tokenizer)))
    )
    spread_heads(model)
    save_model(model.eval(), tokenizer, folder)
    return folder
