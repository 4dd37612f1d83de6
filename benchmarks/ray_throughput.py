"""Rows per second of ``extract_dataset`` on a local Ray instance, for 1 and 2 actors, and memory per actor.

Each actor loads the model once (``GLiNER2Predictor``) and gets ``--threads`` CPUs. The
dataset is made of generated texts (``--rows`` x ``--words``); every actor count runs on
the same rows. Each ``map_batches`` starts its own actors, so a run's time includes
starting them and loading the model: ``start-up s`` is the time of a run on two rows per
actor (almost only start-up), and ``rows/s`` is the steady rate from the difference of the
two runs, ``(rows - start-up rows) / (seconds - start-up s)`` (n/a when the big run was not
the slower one, as with ``--quick``'s few rows); ``rows/s incl. start`` is the plain rate.
Memory per actor is the peak resident set size of the actor processes, sampled every 0.2 s. With ``--threads T``
each actor gets ``T // max(actors)`` CPUs, the same for every actor count.

Run:
    python benchmarks/ray_throughput.py --quick              # seconds: checks the script only
    python benchmarks/ray_throughput.py --actors 1,2 --rows 512 --words 200 --markdown
"""

from __future__ import annotations

import threading
import time

from _common import (
    base_parser,
    logger,
    machine_info,
    markdown_table,
    model_names,
    print_header,
    setup,
    split_list,
    write_json,
)
from _models import checkpoint
from _texts import make_texts, schema_dict

ACTOR_MARK = "GLiNER2Predictor"
COLUMNS = [
    ("model", "model"),
    ("actors", "actors"),
    ("threads/actor", "threads"),
    ("rows", "rows"),
    ("words", "words"),
    ("seconds", "seconds"),
    ("start-up s", "first_s"),
    ("rows/s", "rows_per_s"),
    ("rows/s incl. start", "rows_per_s_total"),
    ("peak RSS/actor MB", "actor_rss_mb"),
    ("failed rows", "failed"),
]


class ActorMemory:
    """Samples the RSS of Ray actor processes running the predictor; keeps each process's peak."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval, self.peaks, self._stop = interval, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ActorMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            for proc in psutil.process_iter(["pid", "cmdline", "memory_info"]):
                cmd = " ".join(proc.info.get("cmdline") or [])
                info = proc.info.get("memory_info")
                if ACTOR_MARK in cmd and info is not None:
                    self.peaks[proc.info["pid"]] = max(self.peaks.get(proc.info["pid"], 0), info.rss)
            self._stop.wait(self.interval)

    def peak_mb(self) -> float | None:
        return max(self.peaks.values()) / 2**20 if self.peaks else None


def run_once(ray, folder, texts, schema, actors: int, threads: int, ray_batch_size: int) -> tuple[float, int]:
    from gliner2_integrations.ray import extract_dataset

    ds = ray.data.from_items([{"id": i, "text": t} for i, t in enumerate(texts)])
    started = time.perf_counter()
    out = extract_dataset(
        ds,
        schema,
        model=str(folder),
        concurrency=actors,
        num_cpus=threads,
        threads=threads,
        ray_batch_size=ray_batch_size,
    ).materialize()
    seconds = time.perf_counter() - started
    failed = out.filter(lambda row: row["gliner2_error"] is not None).count()
    return seconds, failed


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--actors", default="1,2", help="actor counts to compare")
    parser.add_argument("--rows", type=int, default=512, help="texts in the dataset")
    parser.add_argument("--words", type=int, default=200, help="words per text")
    parser.add_argument("--labels", type=int, default=5, help="entity labels in the schema")
    parser.add_argument("--ray-batch-size", type=int, default=32, help="rows per actor call")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.words, args.ray_batch_size = 8, 20, 4
    threads = max(1, args.threads // max(map(int, split_list(args.actors))))
    setup(threads)
    import ray

    actor_counts = [int(a) for a in split_list(args.actors)]
    ray.init(num_cpus=max(actor_counts) * threads, include_dashboard=False, log_to_driver=False)
    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "rows": []}
    schema = schema_dict(args.labels, "entities")
    texts = make_texts(args.rows, args.words, seed=1)
    try:
        for model_name in model_names(args) if args.models else ["mini"]:
            folder = checkpoint(model_name, quick=args.quick)
            for actors in actor_counts:
                logger.info("%s | %d actor(s) x %d thread(s) | %d rows", model_name, actors, threads, args.rows)
                warm_rows = max(actors * 2, 2)
                with ActorMemory() as memory:
                    first_s, _ = run_once(ray, folder, texts[:warm_rows], schema, actors, threads, 1)
                    seconds, failed = run_once(ray, folder, texts, schema, actors, threads, args.ray_batch_size)
                payload["rows"].append(
                    dict(
                        model=model_name,
                        actors=actors,
                        threads=threads,
                        rows=args.rows,
                        words=args.words,
                        seconds=seconds,
                        first_s=first_s,
                        rows_per_s=(args.rows - warm_rows) / (seconds - first_s) if seconds > first_s else None,
                        rows_per_s_total=args.rows / seconds,
                        actor_rss_mb=memory.peak_mb(),
                        failed=failed,
                    )
                )
    finally:
        ray.shutdown()
    print_header(f"ray: extract_dataset rows/s ({args.words}-word texts, {args.labels} entity labels)", info)
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
