"""Peak memory (RSS) of our engine and the reference, each configuration in a fresh process.

For every configuration a new Python process loads one engine, records its RSS after
loading, resets the kernel's peak-RSS counter (``/proc/self/clear_refs``; where that is
not allowed, ``resource.getrusage`` maxrss is used and includes the loading peak), runs the
workload once and records the peak. Configurations: batches of texts at batch size 8 and
32 (ours and the reference), and one very long document (default 1M characters) through
ours, whose windows are processed in bounded chunks. The reference's ``extract`` cannot
window a long document (on BERT it fails past 512 positions; on DeBERTa it attends over
the whole text at once); with ``--reference-long`` it runs ``extract_long`` with our window size.

Run:
    python benchmarks/memory.py --quick
    python benchmarks/memory.py --markdown --json runs/memory.json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import (
    base_parser,
    chunk_overlap,
    fit_chunk,
    logger,
    machine_info,
    markdown_table,
    model_names,
    print_header,
    setup,
    smallest_window,
    split_list,
    write_json,
)

COLUMNS = [
    ("model", "model"),
    ("engine", "engine"),
    ("workload", "workload"),
    ("batch", "batch_size"),
    ("RSS after load MB", "rss_load_mb"),
    ("peak in extraction MB", "peak_mb"),
    ("extraction adds MB", "delta_mb"),
    ("seconds (one run)", "seconds"),
    ("how", "how"),
]


# -- the worker: one configuration, in its own process --------------------------------
def rss_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
        return True
    except OSError:
        return False


def worker(config: dict) -> dict:
    import gc

    from gliner2_core import Schema

    from _models import load_ours, load_reference
    from _texts import make_document, make_texts, schema_dict

    setup(config["threads"])
    definition = schema_dict(config["labels"], "entities")
    if config["document_chars"]:
        texts = [make_document(config["document_chars"])]
    else:
        texts = make_texts(config["texts"], config["words"])
    if config["engine"] == "ours":
        model = load_ours(Path(config["folder"]), threads=config["threads"])
        schema = Schema.from_dict(definition).build()
        run = lambda ts: model.batch_extract(ts, schema, batch_size=config["batch_size"])  # noqa: E731
    else:
        from gliner2 import Schema as ReferenceSchema

        model, schema = load_reference(Path(config["folder"])), ReferenceSchema.from_dict(definition)
        if config["chunk"]:
            options = dict(chunk_size=config["chunk"], chunk_overlap=chunk_overlap(config["chunk"]))
            run = lambda ts: model.batch_extract_long(ts, schema, batch_size=config["batch_size"], **options)  # noqa: E731
        else:
            run = lambda ts: model.batch_extract(ts, schema, batch_size=config["batch_size"])  # noqa: E731
    run(make_texts(1, 20, seed=99))  # warm-up on one short text: lazy initialisation is not extraction memory
    gc.collect()
    rss_load = rss_mb("VmRSS")
    reset = reset_peak()
    start = time.perf_counter()
    run(texts)
    seconds = time.perf_counter() - start
    peak = rss_mb("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = dict(rss_load_mb=rss_load, peak_mb=peak, delta_mb=peak - rss_load, seconds=seconds, peak_reset=reset)
    if config["engine"] == "ours" and config["document_chars"]:  # the chunk the reference can use (--reference-long)
        window = smallest_window(model, schema, texts)
        result["reference_chunk"] = fit_chunk(model, schema, texts, window) if window else None
    return result


def run_worker(config: dict) -> dict:
    """Run one configuration in a fresh interpreter and return its measurements."""
    command = [sys.executable, __file__, "--worker", json.dumps(config)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        logger.warning("%s failed:\n%s", config, done.stderr[-2000:])
        return dict(error=done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the driver -----------------------------------------------------------------------
def how(config: dict, result: dict) -> str:
    method = f"extract_long({config['chunk']} words)" if config["chunk"] else "batch_extract"
    if "error" in result:
        return f"{method}: failed: {result['error'][:60]}"
    return f"{method}; peak: " + ("VmHWM after reset" if result.get("peak_reset") else "ru_maxrss (includes loading)")


def configurations(args, model: str, folder: Path) -> list:
    common = dict(model=model, folder=str(folder), threads=args.threads, labels=args.labels, chunk=None)
    configs = []
    for batch_size in map(int, split_list(args.batch_sizes)):
        for engine in ("ours", "reference"):
            workload = f"{args.texts} texts x {args.words} words"
            configs.append(
                dict(
                    common,
                    engine=engine,
                    batch_size=batch_size,
                    texts=args.texts,
                    words=args.words,
                    document_chars=0,
                    workload=workload,
                )
            )
    for chars in map(int, split_list(args.document_chars)):
        configs.append(
            dict(
                common,
                engine="ours",
                batch_size=8,
                texts=1,
                words=0,
                document_chars=chars,
                workload=f"1 document, {chars:,} chars",
            )
        )
    return configs


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", default="8,32")
    parser.add_argument("--texts", type=int, default=None, help="texts per batch workload (default 64; --quick 8)")
    parser.add_argument("--words", type=int, default=None, help="words per text (default 200; --quick 40)")
    parser.add_argument("--labels", type=int, default=20, help="entity labels in the schema")
    parser.add_argument(
        "--document-chars", default=None, help="long-document sizes, comma-separated (default 100000,1000000)"
    )
    parser.add_argument(
        "--reference-long", action="store_true", help="also run the reference's extract_long on the long documents"
    )
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return {}
    args.texts = args.texts or (8 if args.quick else 64)
    args.words = args.words or (40 if args.quick else 200)
    args.document_chars = args.document_chars or ("20000" if args.quick else "100000,1000000")
    if args.quick and args.batch_sizes == parser.get_default("batch_sizes"):
        args.batch_sizes = "8"
    setup(args.threads)

    from _models import checkpoint

    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "rows": []}
    for model in model_names(args):
        folder = checkpoint(model, quick=args.quick)
        for config in configurations(args, model, folder):
            logger.info("%s | %s | %s | batch %d", model, config["engine"], config["workload"], config["batch_size"])
            result = run_worker(config)
            payload["rows"].append(dict(config, **result, how=how(config, result)))
            if args.reference_long and config["document_chars"] and result.get("reference_chunk"):
                ref_config = dict(config, engine="reference", chunk=result["reference_chunk"])
                logger.info("%s | reference extract_long | %s", model, config["workload"])
                ref_result = run_worker(ref_config)
                payload["rows"].append(dict(ref_config, **ref_result, how=how(ref_config, ref_result)))
    print_header("memory: RSS per configuration (fresh process each; MB = 2^20 bytes)", info)
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
