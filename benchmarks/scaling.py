"""How extraction time grows with text length and with the number of labels: ours and the reference.

Two sweeps, each point timed like ``speed.py`` (same process, warm-up, interleaved
repeats, median) with ``batch_extract`` at batch size 8, entity-only schemas:

* text length (words: 20 ... 3200) at 5 labels;
* label count (1 ... 100) at 200 words.

Past the encoder window ours windows the text and the reference runs ``batch_extract_long``
with the same window size; where ours must split the label set into groups (the prompt
alone exceeds the window), the reference has no equivalent and is left out. Writes the
numbers as JSON and a two-panel plot (matplotlib, Agg).

Run:
    python benchmarks/scaling.py --quick --plot /tmp/scaling.png
    python benchmarks/scaling.py --json runs/scaling.json        # plot: docs/benchmarks.png
"""

from __future__ import annotations

from pathlib import Path

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
from _models import checkpoint, load_ours, load_reference
from speed import bench_cell

FULL = dict(lengths="20,50,100,200,400,800,1600,3200", labels="1,5,10,20,50,100", repeats=3)
QUICK = dict(lengths="20,100,600", labels="1,5,20", repeats=1)
FIXED_LABELS, FIXED_WORDS = 5, 200
COLUMNS = [
    ("model", "model"),
    ("sweep", "sweep"),
    ("words", "words"),
    ("labels", "labels"),
    ("ours ms/text", "ours_ms"),
    ("ref ms/text", "ref_ms"),
    ("ours/ref", "ratio"),
    ("reference ran", "reference"),
]


def sweep(engines, ref, model: str, name: str, points, args) -> list:
    rows = []
    for words, labels in points:
        logger.info("%s | %s sweep | %d words, %d labels", model, name, words, labels)
        cell = bench_cell(engines, ref, words=words, labels=labels, kind="entities", mode="batch8", args=args)
        rows += [dict(model=model, sweep=name, **row) for row in cell]
    return rows


def plot(rows: list, path: Path, info: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    panels = (("length", "words", f"{FIXED_LABELS} labels"), ("labels", "labels", f"{FIXED_WORDS} words"))
    for ax, (name, x, fixed) in zip(axes, panels, strict=True):
        for model in dict.fromkeys(r["model"] for r in rows):
            points = [r for r in rows if r["model"] == model and r["sweep"] == name]
            ax.plot([r[x] for r in points], [r["ours_ms"] for r in points], "o-", label=f"{model}: ours")
            ref_points = [r for r in points if r["ref_ms"] is not None]
            ax.plot([r[x] for r in ref_points], [r["ref_ms"] for r in ref_points], "s--", label=f"{model}: reference")
            chunked = [r for r in ref_points if "long" in r["reference"]]
            if chunked:
                ax.plot(
                    [r[x] for r in chunked],
                    [r["ref_ms"] for r in chunked],
                    "s",
                    mfc="none",
                    ms=11,
                    color="grey",
                    label=f"{model}: reference via extract_long",
                )
        ax.set_xscale("log")
        ax.set_xticks(sorted({r[x] for r in rows if r["sweep"] == name}))
        if name == "length":  # time spans decades here; against labels it stays within one
            ax.set_yscale("log")
        else:
            ax.set_ylim(bottom=0)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(ticker.ScalarFormatter())
            axis.set_minor_formatter(ticker.NullFormatter())
        ax.set_xlabel(f"{x} per text" if x == "words" else "entity labels in the schema")
        ax.set_ylabel("ms per text (batch_extract, batch 8)")
        ax.set_title(f"time vs {x} ({fixed})")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    figure.suptitle(f"{info['cpu']}, {info['torch_threads']} threads, {info['date'][:10]}", fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    logger.info("wrote %s", path)


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--lengths", default=None, help=f"words per text (default {FULL['lengths']})")
    parser.add_argument("--labels", default=None, help=f"label counts (default {FULL['labels']})")
    parser.add_argument(
        "--repeats", type=int, default=None, help=f"timed repeats per point (default {FULL['repeats']})"
    )
    parser.add_argument(
        "--words-per-run", type=int, default=3200, help="workload size per run, in words (at least 8 texts)"
    )
    parser.add_argument(
        "--plot", type=Path, default=None, help="PNG to write (default docs/benchmarks.png; --quick: none)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table")
    args = parser.parse_args(argv)
    grid = QUICK if args.quick else FULL
    args.repeats = args.repeats or grid["repeats"]
    if args.quick:
        args.words_per_run = min(args.words_per_run, 200)
    elif args.plot is None:
        args.plot = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.png"
    setup(args.threads)

    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json), "plot": str(args.plot)}, "rows": []}
    for model in model_names(args):
        folder = checkpoint(model, quick=args.quick)
        engines, ref = {"torch": load_ours(folder, threads=args.threads)}, load_reference(folder)
        lengths = [(int(w), FIXED_LABELS) for w in split_list(args.lengths or grid["lengths"])]
        labels = [(FIXED_WORDS, int(n)) for n in split_list(args.labels or grid["labels"])]
        payload["rows"] += sweep(engines, ref, model, "length", lengths, args)
        payload["rows"] += sweep(engines, ref, model, "labels", labels, args)
        del engines, ref
    for row in payload["rows"]:
        row.pop("engine", None)
    print_header(
        f"scaling: ms per text vs words and vs labels (batch_extract, batch 8; median of {args.repeats})", info
    )
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    if args.plot is not None:
        plot(payload["rows"], args.plot, info)
    return payload


if __name__ == "__main__":
    main()
