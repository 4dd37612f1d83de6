"""Where the time goes outside the encoder: word splitting, tokenization, schema encoding, batching, heads, decoding.

Runs ``batch_extract`` (or ``extract`` per text) on generated texts with timers around
each stage of our pipeline, and reports milliseconds per text and the share of the total
per stage, with call counts. The timers wrap the real functions in this process (about a
microsecond each); nothing is replaced. Stages:

* ``split words``: :func:`gliner2_core.processing.words.split_words`
* ``tokenize words``: ``Processor.text_word_ids`` (cached per word)
* ``schema prompt``: ``Processor.prompt`` (cached per schema; counts show the reuse)
* ``rows (rest of encode)``: the rest of ``Processor.encode`` (windows, id layout)
* ``collate``: padding rows into tensors
* ``encoder``: the encoder (torch module, or the ONNX Runtime session)
* ``heads``: the rest of the model's forward (count, span and classification heads)
* ``decode + rest``: everything else in the call (decoding, result formatting, the loop)

Run:
    python benchmarks/overhead.py --quick
    python benchmarks/overhead.py --models mini --words 20,200 --modes single,batch8 --texts 64 --markdown
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict

from _common import (
    base_parser,
    choices,
    logger,
    machine_info,
    markdown_table,
    model_names,
    print_header,
    setup,
    split_list,
    write_json,
)
from _models import checkpoint, load_ours
from _texts import SCHEMA_KINDS, make_texts, schema_dict

STAGES = ("split words", "tokenize words", "schema prompt", "rows (rest of encode)", "collate", "encoder", "heads")
MODES = {"single": None, "batch8": 8, "batch32": 32}


class Timers:
    """Inclusive seconds and calls per stage; nested stages are subtracted from their parent later."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, stage: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
                self.calls[stage] += 1

        return timed


def instrument(model, timers: Timers) -> None:
    """Put timers around the stages of ``model`` (this process only)."""
    import gliner2_core.architectures.span.runner as runner_module
    import gliner2_core.processing.encoding as encoding_module

    processor, network = model.processor, model.model
    encoding_module.split_words = timers.wrap("split words", encoding_module.split_words)
    processor.text_word_ids = timers.wrap("tokenize words", processor.text_word_ids)
    processor.prompt = timers.wrap("schema prompt", processor.prompt)
    processor.encode = timers.wrap("encode (all)", processor.encode)
    runner_module.collate = timers.wrap("collate", runner_module.collate)
    network.forward = timers.wrap("forward (all)", network.forward)
    if network.encoder_runner is not None:
        network.encoder_runner = timers.wrap("encoder", network.encoder_runner)
    else:
        network.encoder.forward = timers.wrap("encoder", network.encoder.forward)


def stage_table(timers: Timers, total: float, texts: int) -> dict[str, float]:
    """Exclusive milliseconds per text for each stage, and the remainder."""
    s = timers.seconds
    exclusive = {
        "split words": s["split words"],
        "tokenize words": s["tokenize words"],
        "schema prompt": s["schema prompt"],
        "rows (rest of encode)": s["encode (all)"] - s["split words"] - s["tokenize words"] - s["schema prompt"],
        "collate": s["collate"],
        "encoder": s["encoder"],
        "heads": s["forward (all)"] - s["encoder"],
    }
    exclusive["decode + rest"] = total - sum(exclusive.values())
    return {stage: 1000 * value / texts for stage, value in exclusive.items()}


def measure(folder, backend: str, threads: int, texts: list[str], schema: dict, batch_size) -> dict:
    model = load_ours(folder, backend=backend, threads=threads)
    run = (
        (lambda ts: [model.extract(t, schema) for t in ts])
        if batch_size is None
        else (lambda ts: model.batch_extract(ts, schema, batch_size=batch_size))
    )
    run(texts[:8])  # warm-up: word cache, prompt cache, allocator
    timers = Timers()
    instrument(model, timers)
    started = time.perf_counter()
    run(texts)
    total = time.perf_counter() - started
    ms = stage_table(timers, total, len(texts))
    calls = {stage: timers.calls.get(stage, 0) for stage in STAGES}
    return dict(total_ms=1000 * total / len(texts), stages_ms=ms, calls=calls)


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--words", default="20,200", help="words per text")
    parser.add_argument("--modes", default="single,batch8", help=f"from {tuple(MODES)}")
    parser.add_argument("--schema", default="entities", choices=SCHEMA_KINDS, help="schema kind")
    parser.add_argument("--labels", type=int, default=5, help="entity labels")
    parser.add_argument("--texts", type=int, default=64, help="texts per measurement")
    parser.add_argument("--backends", default="torch,default", help="ours: torch, onnx, int8, default")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.quick:
        args.words, args.texts, args.backends = "20", 8, "torch"
    setup(args.threads)
    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "rows": []}
    schema = schema_dict(args.labels, args.schema)
    modes = choices(parser, "--modes", args.modes, tuple(MODES))
    backends = choices(parser, "--backends", args.backends, ("torch", "onnx", "int8", "default"))
    for model_name in model_names(args):
        folder = checkpoint(model_name, quick=args.quick)
        for words in map(int, split_list(args.words)):
            texts = make_texts(args.texts, words, seed=3)
            for mode in modes:
                for backend in backends:
                    logger.info("%s | %d words | %s | %s", model_name, words, mode, backend)
                    result = measure(folder, backend, args.threads, texts, schema, MODES[mode])
                    row = dict(model=model_name, words=words, mode=mode, backend=backend, total_ms=result["total_ms"])
                    for stage, value in result["stages_ms"].items():
                        row[stage] = value
                    row["outside encoder %"] = 100 * (1 - result["stages_ms"]["encoder"] / result["total_ms"])
                    row["calls"] = result["calls"]
                    payload["rows"].append(row)
    columns = [
        ("model", "model"),
        ("words", "words"),
        ("mode", "mode"),
        ("backend", "backend"),
        ("ms/text", "total_ms"),
    ]
    columns += [(stage, stage) for stage in (*STAGES, "decode + rest")] + [("outside encoder %", "outside encoder %")]
    print_header(f"overhead: ms per text by stage ({args.schema} schema, {args.labels} labels)", info)
    print(markdown_table(payload["rows"], columns, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
