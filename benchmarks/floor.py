"""Seconds per text against the FLOP floor: encoder FLOPs per text / the machine's measured peak.

* **Peak**: fp32 matrix multiplication throughput measured here (``torch.mm`` on
  2048 x 2048 matrices with ``--threads`` threads, best of 5): what the encoder's
  matrix products could reach at best on this CPU.
* **FLOPs per text**: counted with ``torch.utils.flop_counter.FlopCounterMode`` over
  one encoder pass on the real input row of a text (schema prompt + words), so the
  attention and the prompt tokens are included. The heads are not counted (they are
  a few percent of the encoder on ``base``).
* **Measured**: ``batch_extract`` with the default backend (``from_pretrained()`` with
  no options) at ``--batch-size``, seconds per text (median of ``--repeats``).

``floor s/text = FLOPs per text / peak``; ``x floor = measured / floor`` (1 would be a
perfect engine that spends all its time in peak-rate matrix products).

Run:
    python benchmarks/floor.py --quick
    python benchmarks/floor.py --models mini,base --words 200 --batch-size 16 --markdown
"""

from __future__ import annotations

import time

from _common import (
    base_parser,
    logger,
    machine_info,
    markdown_table,
    median,
    model_names,
    print_header,
    setup,
    write_json,
)
from _models import checkpoint, load_ours
from _texts import make_texts, schema_dict

COLUMNS = [
    ("model", "model"),
    ("backend", "backend"),
    ("words", "words"),
    ("tokens", "tokens"),
    ("encoder GFLOP/text", "gflop"),
    ("peak GFLOP/s", "peak_gflops"),
    ("floor ms/text", "floor_ms"),
    ("measured ms/text", "measured_ms"),
    ("x floor", "x_floor"),
]


def peak_gflops(size: int = 2048, repeats: int = 5) -> float:
    """Best fp32 ``torch.mm`` rate in GFLOP/s."""
    import torch

    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best / 1e9


def encoder_flops(model, text: str, schema: dict) -> tuple[float, int]:
    """FLOPs of one encoder pass over ``text``'s row(s), and its token count."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    from gliner2_core import Schema
    from gliner2_core.processing.batch import collate

    rows = model.processor.encode(text, Schema.from_dict(schema).build())
    flops, tokens = 0.0, 0
    for row in rows:
        batch = collate([row])
        counter = FlopCounterMode(display=False)
        # no_grad, not inference_mode: the counter's module tracker calls view_as on the inputs of
        # each module, which fails on inference tensors (DeBERTa's relative-position LayerNorm)
        with counter, torch.no_grad():
            model.model.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask)
        flops += counter.get_total_flops()
        tokens += len(row.input_ids)
    return flops, tokens


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200, help="words per text")
    parser.add_argument("--labels", type=int, default=5, help="entity labels")
    parser.add_argument("--batch-size", type=int, default=16, help="batch_extract batch size")
    parser.add_argument("--texts", type=int, default=32, help="texts per timed run")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (median)")
    parser.add_argument("--backend", default="default", help="ours: default, torch, onnx or int8")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.quick:  # the torch path: a smoke run must not wait for an ONNX export
        args.words, args.texts, args.repeats = 20, 4, 1
        args.backend = "torch" if args.backend == "default" else args.backend
    setup(args.threads)
    info = machine_info()
    peak = peak_gflops(512 if args.quick else 2048)
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "peak_gflops": peak, "rows": []}
    schema = schema_dict(args.labels, "entities")
    for model_name in model_names(args):
        folder = checkpoint(model_name, quick=args.quick)
        model = load_ours(folder, backend=args.backend, threads=args.threads)
        texts = make_texts(args.texts, args.words, seed=5)
        flops, tokens = encoder_flops(model, texts[0], schema)
        model.batch_extract(texts[: args.batch_size], schema, batch_size=args.batch_size)  # warm-up
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            model.batch_extract(texts, schema, batch_size=args.batch_size)
            times.append((time.perf_counter() - started) / len(texts))
        measured = median(times)
        floor = flops / (peak * 1e9)
        logger.info(
            "%s: %.2f GFLOP/text, floor %.1f ms, measured %.1f ms", model_name, flops / 1e9, 1e3 * floor, 1e3 * measured
        )
        payload["rows"].append(
            dict(
                model=model_name,
                backend=args.backend,
                words=args.words,
                tokens=tokens,
                gflop=flops / 1e9,
                peak_gflops=peak,
                floor_ms=1e3 * floor,
                measured_ms=1e3 * measured,
                x_floor=measured / floor,
            )
        )
    print_header(f"floor: seconds per text against encoder FLOPs / measured peak (batch {args.batch_size})", info)
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
