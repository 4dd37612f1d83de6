"""Largest differences between our GLiNER2.5 (boundary) model and the reference, per tensor.

Builds every random tiny boundary checkpoint of the parity tests with the reference
library (``gliner2==2.1.0``), loads it in both libraries, runs the parity texts with every
parity schema and prints, per variant, the largest absolute difference of the candidate
probabilities, abstention probabilities, class logits and relation pair probabilities, and
whether token ids and proposed candidates are identical.

    PYTHONPATH=. python scripts/boundary_parity_report.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import torch
from gliner2 import AutoExtractor
from gliner2.models.base import QueryLayout

from gliner2_core import GLiNER2, Schema
from gliner2_core.architectures.boundary.rows import RowScorer
from tests.gliner2_core.architectures.boundary.test_boundary_parity import (
    ALL_TEXTS,
    EXTRA_TEXTS,
    _ours,
    _reference_core,
)
from tests.gliner2_core.architectures.boundary.tiny_boundary import VARIANTS, build_reference_boundary
from tests.gliner2_core.parity.cases import SCHEMAS


def _relation_difference(ref, ours, text: str) -> float:
    schema = SCHEMAS["relations"]
    _, core, out = _reference_core(ref, [text], schema)
    candidates = ref._single_sample_candidates(out.candidates, 0)
    specs = core["rel_specs"][0]
    pairs = ref.relation_pair_generator.generate(candidates, [QueryLayout(queries=())], [e["spec"] for e in specs])
    if not len(pairs):
        return 0.0
    states = torch.stack([e["query_state"] for e in specs]).unsqueeze(0)
    with torch.inference_mode():
        expected = torch.sigmoid(ref.relation_scorer(core["text_states"][:1], states, candidates, pairs)).tolist()
    batch, mine = _ours(ours, [text], schema)
    with torch.inference_mode():
        rows = RowScorer(ours.model, 0.5)(batch, mine)
    names = sorted(rows[0].relations)
    got = {(s, h, t): p for s in names for p, h, t, *_ in rows[0].relations[s]}
    keys = zip(
        pairs.relation_index.tolist(),
        zip(pairs.head_start.tolist(), pairs.head_end.tolist()),
        zip(pairs.tail_start.tolist(), pairs.tail_end.tolist()),
    )
    return max(abs(got[(names[r], h, t)] - e) for (r, h, t), e in zip(keys, expected))


def report(variant: str, folder: Path) -> dict:
    family, head = VARIANTS[variant]
    build_reference_boundary(folder, family, head)
    ref = AutoExtractor.from_pretrained(str(folder)).eval()
    ours = GLiNER2.from_pretrained(folder, backend="torch")
    worst = {"candidates": 0.0, "abstention": 0.0, "class logits": 0.0}
    same_ids = same_candidates = True
    for schema in SCHEMAS.values():
        batch, core, out = _reference_core(ref, ALL_TEXTS, schema)
        spec = Schema.from_dict(schema).build()
        for i, text in enumerate(ALL_TEXTS):
            ids = list(ours.processor.encode(text, spec)[0].input_ids)
            same_ids &= ids == batch.input_ids[i, : batch.original_lengths[i]].tolist()
        _, mine = _ours(ours, ALL_TEXTS, schema)
        if out is not None:
            theirs, got = out.candidates, mine.candidates
            same_candidates &= bool(torch.equal(theirs.valid_mask, got.valid))
            same_candidates &= bool(torch.equal(theirs.indices * theirs.valid_mask.unsqueeze(-1), got.indices))
            valid = theirs.valid_mask
            diff = (torch.sigmoid(got.logits) - torch.sigmoid(theirs.pair_logits)).abs()
            worst["candidates"] = max(worst["candidates"], float(diff[valid].max()) if valid.any() else 0.0)
            null = (torch.sigmoid(got.null_logits) - torch.sigmoid(out.null_logits)).abs()
            worst["abstention"] = max(worst["abstention"], float(null.max()))
        for i, specs in enumerate(core["cls_specs"]):
            for cls in specs:
                with torch.inference_mode():
                    expected = ref.classifier(cls["group_embs"][1:]).squeeze(-1)
                diff = (mine.class_logits[(i, cls["group_index"])] - expected).abs().max()
                worst["class logits"] = max(worst["class logits"], float(diff))
    worst["relation pairs"] = max(_relation_difference(ref, ours, t) for t in ALL_TEXTS[1:2] + EXTRA_TEXTS)
    return {"token ids": same_ids, "candidates identical": same_candidates, **worst}


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in sorted(VARIANTS):
            rows.append((variant, report(variant, Path(tmp) / variant)))
    columns = list(rows[0][1])
    print("| variant | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for variant, row in rows:
        cells = ["identical" if v is True else "DIFFER" if v is False else f"{v:.1e}" for v in row.values()]
        print(f"| {variant} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
