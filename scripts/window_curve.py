"""Pick the inference window (words per window) of a checkpoint by measurement.

For each candidate window the long-input curve (the first ``--sentences`` CoNLL-2003 dev
sentences joined into texts of 300-6,000 characters and one long document; see
``gliner2_core.training.long_inputs``) is measured, with the time of the whole curve.
A larger window means fewer encoder rows per text (faster on texts longer than the window)
but the model may lose mentions it reads far from the text's start.

    PYTHONPATH=. python scripts/window_curve.py runs/gliner2-mini-v4.2/final --windows 120,160,200,0 --sentences 600

``0`` is the whole encoder window (512 subwords: only the subword budget splits texts). Prints one Markdown row per window:
sentence-level recall and the recall ratio at each length.
"""

from __future__ import annotations

import argparse
import time

import gliner2_datasets
from gliner2_core import GLiNER2
from gliner2_core.training.data import load_examples
from gliner2_core.training.long_inputs import DEFAULT_LENGTHS, long_input_curve
from gliner2_datasets.report import LONG_INPUT_SOURCE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default=None, help="checkpoint folder (default: the bundled model)")
    parser.add_argument("--windows", default="120,160,200,0", help="words per window; 0 = the whole encoder window")
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--document-chars", type=int, default=30_000)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    model = GLiNER2.from_pretrained(args.model, backend="torch")
    name, split, _ = LONG_INPUT_SOURCE
    sentences = load_examples([name], split, data_dir=args.data_dir, datasets=gliner2_datasets)[: args.sentences]
    header = (
        ["window (words)", "sentence recall"]
        + [f"ratio @ {n:,}" for n in DEFAULT_LENGTHS]
        + [f"ratio @ {args.document_chars:,} (1 doc)", "seconds"]
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for window in (int(w) for w in args.windows.split(",")):
        began = time.perf_counter()
        points = long_input_curve(
            model, sentences, document_chars=args.document_chars, max_len=window or 100_000, batch_size=16
        )
        seconds = time.perf_counter() - began
        cells = (
            [str(window or "whole"), f"{points[0].recall:.3f}"]
            + [f"{p.ratio:.2f}" for p in points[1:]]
            + [f"{seconds:.0f}"]
        )
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
