"""Write every available dataset as GLiNER2 JSONL files.

Usage::

    python -m gliner2_datasets prepare --out ~/gliner2-data

writes ``~/gliner2-data/<dataset>/<split>.jsonl`` for every dataset whose
source files are present, plus ``manifest.json`` (task, zero-shot flag and
record count of every split), and prints a table of the counts. Keep ``--out``
outside the repository: several sources may not be redistributed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from gliner2_datasets.registry import DATASETS, available, default_data_dir, load_records

logger = logging.getLogger("gliner2_datasets")


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``."""

    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"got {number}; expected an integer >= {minimum}")
        return number

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m gliner2_datasets", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("prepare", help="write <out>/<dataset>/<split>.jsonl for every available dataset")
    prepare.add_argument("--out", type=Path, required=True, help="output folder (outside the repository)")
    prepare.add_argument(
        "--data-dir", type=Path, default=None, help="data folder (default: $GLINER2_KIT_DATA or ../shared/data)"
    )
    prepare.add_argument(
        "--max-words", type=_at_least(1), default=200, help="window / truncation length in words (default 200)"
    )
    prepare.add_argument(
        "--limit-per-dataset", type=_at_least(0), default=None, help="at most this many records per split"
    )
    prepare.add_argument("--datasets", nargs="+", choices=sorted(DATASETS), default=None, help="only these datasets")
    return parser


def _write_split(name: str, split: str, path: Path, data_dir: Path, max_words: int, limit: int | None) -> int:
    """Write one split as JSONL and return its record count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in load_records(name, split, data_dir, max_words=max_words, limit=limit):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def prepare(out: Path, data_dir: Path, max_words: int, limit: int | None, names: Sequence[str]) -> dict[str, dict]:
    """Write the JSONL files and ``manifest.json``; return the manifest."""
    manifest: dict[str, dict] = {}
    for name in names:
        spec = DATASETS[name]
        started = time.perf_counter()
        counts = {
            split: _write_split(name, split, out / name / f"{split}.jsonl", data_dir, max_words, limit)
            for split in spec.splits
        }
        logger.info("%s: %s in %.1f s", name, counts, time.perf_counter() - started)
        manifest[name] = {"task": spec.task, "zero_shot": spec.zero_shot, "counts": counts}
    with open(out / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump({"max_words": max_words, "limit_per_dataset": limit, "datasets": manifest}, handle, indent=2)
    return manifest


def _table(manifest: dict[str, dict]) -> str:
    splits: list[str] = list(dict.fromkeys(split for entry in manifest.values() for split in entry["counts"]))
    rows = [["dataset", "task", "zero-shot", *splits]]
    for name, entry in manifest.items():
        counts = [str(entry["counts"].get(split, "")) for split in splits]
        rows.append([name, entry["task"], "yes" if entry["zero_shot"] else "", *counts])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m gliner2_datasets``."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    data_dir = args.data_dir or default_data_dir()
    present = available(data_dir)
    names = [name for name in (args.datasets or DATASETS) if name in present]
    missing = sorted(set(args.datasets or DATASETS) - set(present))
    if missing:
        logger.warning("skipping datasets whose source files are missing under %s: %s", data_dir, ", ".join(missing))
    if not names:
        logger.error("no dataset found under %s", data_dir)
        return 1
    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = prepare(args.out, data_dir, args.max_words, args.limit_per_dataset, names)
    print(_table(manifest))
    logger.info("wrote %d datasets to %s in %.1f s", len(manifest), args.out, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
