"""GLiNER2.5 boundary checkpoints: our engine against the reference's ``AutoExtractor``.

A random boundary checkpoint is built by the reference itself with a published shape
(``small``: DeBERTa-v3-xsmall, 12 layers, hidden 384, as ``fastino/gliner2.5-small-v1``;
``base``: DeBERTa-v3-base, 12 layers, hidden 768) and loaded by both libraries. For each
mode (one ``extract`` per text, or ``batch_extract``) both engines get the same texts,
interleaved over ``--repeats`` rounds; outputs are compared first (ours with the
reference's pair-level relation confidence dropped, see docs/compatibility.md), then the
median time per text is reported with the ratio ours / reference in texts per second.

Run:
    python benchmarks/boundary_speed.py --quick          # seconds: a toy shape, checks the script
    python benchmarks/boundary_speed.py --shapes small,base --backends torch,default
    python benchmarks/boundary_speed.py --heads published   # the flag set the released checkpoints use
"""

from __future__ import annotations

from pathlib import Path

from _common import (
    base_parser,
    interleaved,
    logger,
    machine_info,
    markdown_table,
    median,
    print_header,
    setup,
    split_list,
    write_json,
)
from _models import base_tokenizer, cache_root
from _texts import make_texts

SHAPES = {
    "toy": dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128),
    "small": dict(hidden_size=384, num_hidden_layers=12, num_attention_heads=6, intermediate_size=1536),
    "base": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
}
MODES = {"single": None, "batch8": 8}
SCHEMA = {
    "entities": ["person", "company", "location", "date", "product"],
    "classifications": [{"task": "sentiment", "labels": ["positive", "negative", "neutral"]}],
    "relations": ["works_for"],
}


def head_options(heads: str) -> dict:
    """``boundary_head`` settings: the reference's defaults, or the flag set the published checkpoints use."""
    if heads == "default":
        return {}
    from tests.gliner2_core.architectures.boundary.tiny_boundary import (
        PUBLISHED,  # the one home of the published flag set
    )

    return dict(PUBLISHED)


def build_checkpoint(shape: str, vocab: int = 8000, heads: str = "default") -> Path:
    """A random boundary checkpoint of ``shape`` and ``heads``, built once by the reference and cached."""
    folder = cache_root() / (f"boundary-{shape}" if heads == "default" else f"boundary-{shape}-{heads}")
    if (folder / "model.safetensors").is_file():
        return folder
    import torch
    from gliner2 import AutoExtractor
    from gliner2.configuration import ExtractorConfig
    from transformers import DebertaV2Config

    torch.manual_seed(0)
    tokenizer = base_tokenizer(vocab)
    encoder = DebertaV2Config(
        vocab_size=len(tokenizer),
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
        **SHAPES[shape],
    )
    config = ExtractorConfig(
        model_name=f"bench-boundary-{shape}", architecture="boundary", boundary_head=head_options(heads)
    )
    model = AutoExtractor.from_config(config, encoder_config=encoder, tokenizer=tokenizer)
    model.eval().save_pretrained(str(folder))
    return folder


def _drop_pair_confidence(results: list) -> list:
    for result in results:
        for pairs in (result.get("relation_extraction") or {}).values():
            for pair in pairs:
                if isinstance(pair, dict):
                    pair.pop("confidence", None)
    return results


def _runs(ours, schema, ref, ref_schema, batch: int | None) -> dict:
    """One ``extract`` per text (``batch=None``) or ``batch_extract``, for both engines."""
    if batch is None:
        return {
            "ours": lambda texts: [ours.extract(t, schema, threshold=0.5) for t in texts],
            "reference": lambda texts: [ref.extract(t, ref_schema, threshold=0.5) for t in texts],
        }
    return {
        "ours": lambda texts: ours.batch_extract(texts, schema, batch_size=batch, threshold=0.5),
        "reference": lambda texts: ref.batch_extract(texts, ref_schema, batch_size=batch, threshold=0.5),
    }


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="small", help="comma-separated: toy, small, base")
    parser.add_argument("--backends", default="torch", help="comma-separated: torch, default (fastest exact)")
    parser.add_argument(
        "--heads", default="default", help="comma-separated: default (reference defaults), published (released flag set)"
    )
    parser.add_argument("--texts", type=int, default=16, help="texts per round")
    parser.add_argument("--words", type=int, default=60, help="words per text")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args()
    if args.quick:
        args.shapes, args.heads, args.texts, args.repeats = "toy", "default,published", 4, 1
    setup(args.threads)
    import torch
    from gliner2 import AutoExtractor
    from gliner2 import Schema as ReferenceSchema

    from gliner2_core import GLiNER2, Schema

    print_header("GLiNER2.5 boundary: ours vs reference AutoExtractor", machine_info())
    rows = []
    for shape, heads in [(s, h) for s in split_list(args.shapes) for h in split_list(args.heads)]:
        folder = build_checkpoint(shape, heads=heads)
        ref = AutoExtractor.from_pretrained(str(folder)).eval()
        for backend in split_list(args.backends):
            ours = GLiNER2.from_pretrained(folder, **({} if backend == "default" else {"backend": backend}))
            schema, ref_schema = Schema.from_dict(SCHEMA), ReferenceSchema.from_dict(SCHEMA)
            for mode, batch in MODES.items():
                workloads = [make_texts(args.texts, args.words, seed=r) for r in range(args.repeats + 1)]
                runs = _runs(ours, schema, ref, ref_schema, batch)
                with torch.inference_mode():
                    same = runs["ours"](workloads[0]) == _drop_pair_confidence(runs["reference"](workloads[0]))
                    times = interleaved(runs, workloads[1:])
                ours_ms, ref_ms = (1000 * median(times[n]) / args.texts for n in ("ours", "reference"))
                rows.append(
                    dict(
                        shape=shape,
                        heads=heads,
                        backend=backend,
                        mode=mode,
                        same=same,
                        ours_ms=round(ours_ms, 1),
                        ref_ms=round(ref_ms, 1),
                        ratio=round(ref_ms / ours_ms, 2),
                    )
                )
                logger.info("%s", rows[-1])
    columns = [
        ("shape", "shape"),
        ("heads", "heads"),
        ("backend", "backend"),
        ("mode", "mode"),
        ("same outputs", "same"),
        ("ours ms/text", "ours_ms"),
        ("ref ms/text", "ref_ms"),
        ("ours/ref (texts/s)", "ratio"),
    ]
    print(markdown_table(rows, columns, plain=not args.markdown))
    write_json(args.json, {"machine": machine_info(), "rows": rows})


if __name__ == "__main__":
    main()
