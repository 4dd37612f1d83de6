"""Throughput and per-text latency of our engine against the reference (gliner2 2.1.0), in one run.

Both libraries load the same checkpoint folder and get the same texts and schema in the
same process. Every cell of the grid (model x schema x labels x words x mode) is warmed up
once, then repeated ``--repeats`` times with fresh texts of the same length; within a
repeat the engines run one after the other, starting with a different one each time
(interleaved, so drift in machine load hits all alike). Reported: medians, and the ratio
ours / reference in texts per second (> 1: ours is faster).

Run:
    python benchmarks/speed.py --quick                  # seconds: checks the script only
    python benchmarks/speed.py --markdown --json runs/speed.json
    python benchmarks/speed.py --models mini --backends torch --lengths 200 --labels 5,20
"""

from __future__ import annotations

import itertools

from _common import (
    base_parser,
    choices,
    interleaved,
    logger,
    machine_info,
    markdown_table,
    median,
    model_names,
    ours_run,
    print_header,
    reference_plan,
    setup,
    split_list,
    warm_up,
    write_json,
)
from _models import checkpoint, embedding_rows, load_ours, load_reference
from _texts import SCHEMA_KINDS, make_texts, schema_dict

MODES = {"single": None, "batch8": 8, "batch16": 16, "batch32": 32}
BACKENDS = ("torch", "onnx", "int8", "bf16", "default")  # default: from_pretrained() with no options
FULL = dict(lengths="20,200,1000", labels="5,20,50", modes="single,batch8,batch32", schemas="entities,full", repeats=5)
QUICK = dict(lengths="20,600", labels="5", modes="single,batch8", schemas="full", repeats=2)
COLUMNS = [
    ("model", "model"),
    ("schema", "schema"),
    ("labels", "labels"),
    ("words", "words"),
    ("mode", "mode"),
    ("engine", "engine"),
    ("texts", "texts"),
    ("ours texts/s", "ours_tps"),
    ("ref texts/s", "ref_tps"),
    ("ours/ref", "ratio"),
    ("ours ms/text", "ours_ms"),
    ("ref ms/text", "ref_ms"),
    ("reference ran", "reference"),
]


def texts_per_run(words: int, batch_size, budget: int, *, quick: bool = False) -> int:
    """About ``budget`` words per run (at least two texts), and at least one full batch unless ``quick``."""
    count = max(2, -(-budget // words))
    if quick or not batch_size:
        return min(count, 64)
    return max(count, batch_size)


def bench_cell(engines, ref, *, words: int, labels: int, kind: str, mode: str, args) -> list:
    from gliner2 import Schema as ReferenceSchema

    from gliner2_core import Schema

    definition = schema_dict(labels, kind)
    spec, ref_schema = Schema.from_dict(definition).build(), ReferenceSchema.from_dict(definition)
    batch_size = MODES[mode]
    count = texts_per_run(words, batch_size, args.words_per_run, quick=args.quick)
    workloads = [make_texts(count, words, seed) for seed in range(args.repeats + 1)]  # [0] is the warm-up

    runs = {name: ours_run(model, spec, batch_size) for name, model in engines.items()}
    every_text = [t for texts in workloads for t in texts]
    plan = reference_plan(engines["torch"], spec, ref, ref_schema, every_text, batch_size)
    for run in runs.values():
        run(workloads[0])
    plan = warm_up(plan, workloads[0])
    if plan.run is not None:
        runs["reference"] = plan.run
    times = interleaved(runs, workloads[1:])

    ref_s = median(times["reference"]) if plan.run is not None else None
    rows = []
    for name in engines:
        ours_s = median(times[name])
        rows.append(
            dict(
                schema=kind,
                labels=labels,
                words=words,
                mode=mode,
                engine=name,
                texts=count,
                ours_s=ours_s,
                ours_tps=count / ours_s,
                ours_ms=1000 * ours_s / count,
                ref_s=ref_s,
                ref_tps=count / ref_s if ref_s else None,
                ref_ms=1000 * ref_s / count if ref_s else None,
                ratio=ref_s / ours_s if ref_s else None,
                reference=plan.method,
                times=times[name],
                ref_times=times.get("reference"),
            )
        )
    return rows


def load_engines(folder, backends, threads) -> dict:
    engines = {}
    for backend in backends:
        try:
            engines[backend] = load_ours(folder, backend=backend, threads=threads)
        except Exception as error:  # noqa: BLE001 - an optional backend that fails is reported, not fatal
            logger.warning("backend %s could not load: %s: %s", backend, type(error).__name__, error)
    return engines


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--backends", default=None, help=f"ours, comma-separated from {BACKENDS} (torch is always run)")
    parser.add_argument("--lengths", default=None, help=f"words per text (default {FULL['lengths']})")
    parser.add_argument("--labels", default=None, help=f"entity labels (default {FULL['labels']})")
    parser.add_argument("--modes", default=None, help=f"from {tuple(MODES)} (default {FULL['modes']})")
    parser.add_argument("--schemas", default=None, help=f"from {SCHEMA_KINDS} (default {FULL['schemas']})")
    parser.add_argument("--repeats", type=int, default=None, help=f"timed repeats per cell (default {FULL['repeats']})")
    parser.add_argument("--words-per-run", type=int, default=4000, help="workload size per run, in words")
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table")
    args = parser.parse_args(argv)
    grid = QUICK if args.quick else FULL
    if args.quick:
        args.words_per_run = min(args.words_per_run, 240)
    args.repeats = args.repeats or grid["repeats"]
    requested = choices(
        parser, "--backends", args.backends or ("torch" if args.quick else ",".join(BACKENDS)), BACKENDS
    )
    backends = ["torch"] + [b for b in requested if b != "torch"]
    setup(args.threads)
    from gliner2_core import SchemaError  # after _common has put the repository on sys.path

    info = machine_info()
    payload = {
        "machine": info,
        "settings": {**vars(args), "backends": backends, "json": str(args.json)},
        "checkpoints": {},
        "rows": [],
        "skipped": [],
    }
    grid_cells = list(
        itertools.product(
            choices(parser, "--schemas", args.schemas or grid["schemas"], SCHEMA_KINDS),
            map(int, split_list(args.labels or grid["labels"])),
            map(int, split_list(args.lengths or grid["lengths"])),
            choices(parser, "--modes", args.modes or grid["modes"], tuple(MODES)),
        )
    )
    for model_name in model_names(args):
        folder = checkpoint(model_name, quick=args.quick)
        payload["checkpoints"][model_name] = {"folder": str(folder), "embedding_rows": embedding_rows(folder)}
        engines, ref = load_engines(folder, backends, args.threads), load_reference(folder)
        for kind, labels, words, mode in grid_cells:
            logger.info("%s | %s schema, %d labels | %d words | %s", model_name, kind, labels, words, mode)
            try:
                cell = bench_cell(engines, ref, words=words, labels=labels, kind=kind, mode=mode, args=args)
            except SchemaError as error:  # a schema our window cannot hold at all
                logger.warning("skipped: %s", error)
                payload["skipped"].append(dict(model=model_name, schema=kind, labels=labels, error=str(error)))
                continue
            payload["rows"] += [dict(model=model_name, **row) for row in cell]
        del engines, ref

    title = f"speed: ours vs reference (median of {args.repeats} interleaved repeats; ours/ref = throughput ratio)"
    print_header(title, info)
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
