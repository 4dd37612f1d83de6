"""Accuracy of the optional backends (ONNX Runtime fp32, dynamic int8, torch bf16) against torch fp32.

Each backend evaluates the same dev examples of the shared datasets with
``gliner2_core.training.evaluate.evaluate`` (strict entity / relation F1, classification
accuracy); the table gives every metric per backend and its change against torch fp32
in points. A sample of texts is also run with the dataset's full schema to count how
many decoded outputs (spans and labels, without confidences) are identical to torch's.
Timing is not measured here (see ``speed.py``).

Run:
    python benchmarks/accuracy_backends.py --quick
    python benchmarks/accuracy_backends.py --limit 500 --markdown --json runs/accuracy_backends.json
    python benchmarks/accuracy_backends.py --models path/to/checkpoint   # any trained checkpoint folder
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from _common import (
    ROOT,
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

BACKENDS = ("torch", "onnx", "int8", "bf16")
DATASETS = "conll2003,wnut17,conll04,clinc150"
COLUMNS = [
    ("model", "model"),
    ("dataset", "dataset"),
    ("examples", "examples"),
    ("metric", "metric"),
    ("torch fp32", "torch"),
    ("onnx", "onnx"),
    ("onnx Δ pts", "onnx_delta"),
    ("int8", "int8"),
    ("int8 Δ pts", "int8_delta"),
    ("bf16", "bf16"),
    ("bf16 Δ pts", "bf16_delta"),
    ("onnx same output", "onnx_same"),
    ("int8 same output", "int8_same"),
    ("bf16 same output", "bf16_same"),
]


def dataset_schema(examples):
    """Everything the examples are annotated with, as one schema (for the identical-output check)."""
    from gliner2_core import Schema

    schema = Schema()
    labels = list(dict.fromkeys(label for ex in examples for label in ex.entities))
    relations = list(dict.fromkeys(name for ex in examples for name, _, _ in ex.relations))
    if labels:
        schema.entities(labels)
    if relations:
        schema.relations(relations)
    tasks = {c.task: c for ex in examples for c in ex.classifications}
    for task, gold in tasks.items():
        choices = list(
            dict.fromkeys(label for ex in examples for c in ex.classifications if c.task == task for label in c.labels)
        )
        schema.classification(task, choices, multi_label=gold.multi_label)
    return schema


def same_outputs(models: dict, examples, sample: int) -> dict:
    """Per backend: how many of the first ``sample`` texts decode exactly as with torch fp32."""
    schema = dataset_schema(examples)
    texts = [ex.text for ex in examples[:sample]]
    outputs = {name: model.batch_extract(texts, schema, include_spans=True) for name, model in models.items()}
    return {
        name: f"{sum(a == b for a, b in zip(out, outputs['torch'], strict=True))}/{len(texts)}"
        for name, out in outputs.items()
    }


def evaluate_dataset(models: dict, name: str, args) -> list:
    import gliner2_datasets

    from gliner2_core.training.data import load_examples
    from gliner2_core.training.evaluate import evaluate

    examples = load_examples([name], "dev", limit=args.limit, data_dir=str(args.data_dir), datasets=gliner2_datasets)
    metrics, seconds = {}, {}
    for backend, model in models.items():
        start = time.perf_counter()
        metrics[backend] = evaluate(model, examples)
        seconds[backend] = time.perf_counter() - start
        logger.info("%s | %s: %s (%.1fs)", name, backend, metrics[backend], seconds[backend])
    same = same_outputs(models, examples, args.sample)
    rows = []
    for metric, reference in metrics["torch"].items():
        row = dict(dataset=name, examples=len(examples), metric=metric, torch=reference, seconds=seconds)
        for backend in models:
            if backend != "torch":
                value = metrics[backend].get(metric)
                row.update({backend: value, f"{backend}_delta": None if value is None else 100 * (value - reference)})
                row[f"{backend}_same"] = same[backend]
        rows.append(row)
    return rows


def main(argv=None) -> dict:
    parser = base_parser(__doc__.splitlines()[0])
    parser.set_defaults(models="mini")
    parser.add_argument("--datasets", default=DATASETS, help="shared dataset names (dev splits)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="default: $GLINER2_KIT_DATA or ../shared/data next to the repository",
    )
    parser.add_argument("--limit", type=int, default=None, help="dev examples per dataset (default 300; --quick 8)")
    parser.add_argument(
        "--sample", type=int, default=None, help="texts for the identical-output check (default 50; --quick 4)"
    )
    parser.add_argument("--backends", default=",".join(BACKENDS), help="compared with torch fp32")
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table")
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir or Path(os.environ.get("GLINER2_KIT_DATA", ROOT.parent / "shared" / "data"))
    args.limit = args.limit or (8 if args.quick else 300)
    args.sample = args.sample or (4 if args.quick else 50)
    if args.quick and args.datasets == DATASETS:
        args.datasets = "conll2003,clinc150"
    setup(args.threads)

    info = machine_info()
    payload = {"machine": info, "settings": {**vars(args), "json": str(args.json)}, "rows": []}
    for model in model_names(args):
        folder = Path(model) if Path(model).is_dir() else checkpoint(model, quick=args.quick)
        backends = ["torch"] + [b for b in choices(parser, "--backends", args.backends, BACKENDS) if b != "torch"]
        models = {backend: load_ours(folder, backend=backend, threads=args.threads) for backend in backends}
        for name in split_list(args.datasets):
            payload["rows"] += [dict(model=model, **row) for row in evaluate_dataset(models, name, args)]
    print_header("accuracy of the optional backends vs torch fp32 (dev splits; Δ in points)", info)
    print(markdown_table(payload["rows"], COLUMNS, plain=not args.markdown))
    write_json(args.json, payload)
    return payload


if __name__ == "__main__":
    main()
