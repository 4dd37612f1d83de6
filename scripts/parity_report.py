"""Print the largest differences between our engine and the reference (gliner2 2.1.0).

Builds the same random checkpoints as tests/gliner2_core/parity (with the
reference itself), runs the parity texts and schemas through both and reports,
per encoder family and counting layer: token ids identical or not, and the max
absolute difference of count logits, span probabilities and class logits.

Usage: ``python scripts/parity_report.py``
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import torch
from gliner2 import GLiNER2 as Reference
from gliner2 import Schema as ReferenceSchema

from gliner2_core import GLiNER2, Schema
from tests.gliner2_core.parity.cases import SCHEMAS, TEXTS
from tests.gliner2_core.parity.test_reference_parity import VARIANTS, _our_scores, _reference_scores
from tests.tiny import build_reference_checkpoint


def report_variant(family: str, counting: str, folder: Path) -> str:
    build_reference_checkpoint(folder, family, counting)
    ref, ours = Reference.from_pretrained(str(folder)).eval(), GLiNER2.from_pretrained(folder)
    ids_equal, worst = True, {"count logits": 0.0, "span probabilities": 0.0, "class logits": 0.0}
    for schema in SCHEMAS.values():
        batch, theirs = _reference_scores(ref, TEXTS, ReferenceSchema.from_dict(schema))
        rows, output = _our_scores(ours, TEXTS, Schema.from_dict(schema).build())
        for i, row in enumerate(rows):
            ids_equal &= list(row.input_ids) == batch.input_ids[i, : batch.original_lengths[i]].tolist()
        counts = iter(output.count_logits if output.count_logits is not None else [])
        for i, row in enumerate(theirs):
            for s, item in enumerate(row):
                mine = output.tasks[i][s]
                if item[0] == "cls":
                    worst["class logits"] = max(worst["class logits"], (mine.class_logits - item[1]).abs().max().item())
                    continue
                worst["count logits"] = max(worst["count logits"], (next(counts) - item[1]).abs().max().item())
                if item[3] is not None:
                    diff = (torch.sigmoid(mine.span_logits) - item[3]).abs().max().item()
                    worst["span probabilities"] = max(worst["span probabilities"], diff)
    cells = " | ".join(f"{v:.1e}" for v in worst.values())
    return f"| {family} | {counting} | {'identical' if ids_equal else 'DIFFERENT'} | {cells} |"


def main() -> None:
    print("| encoder | counting layer | token ids | max diff count logits | max diff span probabilities | max diff class logits |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for family, counting in VARIANTS:
            print(report_variant(family, counting, Path(tmp) / f"{family}-{counting}"))
    print(f"\n{len(TEXTS)} texts x {len(SCHEMAS)} schemas per checkpoint")


if __name__ == "__main__":
    main()
