"""Largest differences from the reference, per ``boundary_head`` option: ``python -m tests.gliner2_core.architectures.boundary.option_report``.

For every variant of :mod:`test_option_parity` (one per option, then the published flag set
on each pool), builds a random checkpoint with the reference (``gliner2==2.1.0``), loads it
with both libraries and logs: whether the candidates are identical, the largest absolute
differences of candidate, abstention, class and relation-pair probabilities, and how many
decoded outputs are equal (after the documented normalisations).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import torch
from gliner2 import AutoExtractor
from gliner2 import Schema as ReferenceSchema
from gliner2.models.base import QueryLayout

from gliner2_core import GLiNER2, Schema
from gliner2_core.architectures.boundary.rows import RowScorer
from tests.gliner2_core.architectures.boundary.test_boundary_parity import (
    ALL_TEXTS,
    EXTRA_TEXTS,
    _boundary_normalise,
    _clip_to_text,
    _ours,
    _reference_core,
    _without_pair_confidence,
)
from tests.gliner2_core.architectures.boundary.test_option_parity import OPTIONS
from tests.gliner2_core.architectures.boundary.tiny_boundary import build_reference_boundary
from tests.gliner2_core.parity.cases import SCHEMAS
from tests.gliner2_core.parity.test_reference_parity import _assert_same

logger = logging.getLogger(__name__)
REPORTED = OPTIONS


def _candidate_differences(ref, ours, per_text: bool) -> dict[str, float]:
    worst = {"identical": 1.0, "candidate": 0.0, "abstention": 0.0, "class": 0.0}
    batches = [[t] for t in ALL_TEXTS] if per_text else [ALL_TEXTS]
    for schema in SCHEMAS.values():
        for texts in batches:
            _, core, out = _reference_core(ref, texts, schema)
            mine = _ours(ours, texts, schema)[1]
            for i, specs in enumerate(core["cls_specs"]):
                for cls in specs:
                    with torch.inference_mode():
                        expected = torch.sigmoid(ref.classifier(cls["group_embs"][1:]).squeeze(-1))
                    got = torch.sigmoid(mine.class_logits[(i, cls["group_index"])])
                    worst["class"] = max(worst["class"], (got - expected).abs().max().item())
            if out is None:
                continue
            theirs, got = out.candidates, mine.candidates
            same = torch.equal(theirs.valid_mask, got.valid) and torch.equal(
                theirs.indices * theirs.valid_mask.unsqueeze(-1), got.indices
            )
            worst["identical"] = min(worst["identical"], float(same))
            delta = torch.sigmoid(got.logits) - torch.sigmoid(theirs.pair_logits)
            worst["candidate"] = max(worst["candidate"], delta.abs().max().item())
            delta = torch.sigmoid(got.null_logits) - torch.sigmoid(out.null_logits)
            worst["abstention"] = max(worst["abstention"], delta.abs().max().item())
    return worst


def _relation_difference(ref, ours) -> float:
    worst = 0.0
    for text in ALL_TEXTS[1:2] + EXTRA_TEXTS:
        _, core, out = _reference_core(ref, [text], SCHEMAS["relations"])
        candidates = ref._single_sample_candidates(out.candidates, 0)
        specs = core["rel_specs"][0]
        pairs = ref.relation_pair_generator.generate(candidates, [QueryLayout(queries=())], [e["spec"] for e in specs])
        states = torch.stack([e["query_state"] for e in specs]).unsqueeze(0)
        with torch.inference_mode():
            expected = torch.sigmoid(ref.relation_scorer(core["text_states"][:1], states, candidates, pairs)).tolist()
        batch, mine = _ours(ours, [text], SCHEMAS["relations"])
        with torch.inference_mode():
            row = RowScorer(ours.model, 0.5)(batch, mine)[0]
        names = sorted(row.relations)
        ours_by_pair = {(s, h, t): p for s in names for p, h, t, *_ in row.relations[s]}
        spans = zip(
            pairs.relation_index.tolist(),
            zip(pairs.head_start.tolist(), pairs.head_end.tolist()),
            zip(pairs.tail_start.tolist(), pairs.tail_end.tolist()),
        )
        for p, (r, h, t) in zip(expected, spans):
            worst = max(worst, abs(ours_by_pair[(names[r], h, t)] - p))
    return worst


def _decoded_equal(ref, ours) -> tuple[int, int]:
    equal = total = 0
    options = dict(threshold=0.3, include_confidence=True, include_spans=True)
    for schema in SCHEMAS.values():
        texts = ALL_TEXTS[:3] + [EXTRA_TEXTS[0] + "."] if "relations" in schema else ALL_TEXTS
        texts = [t if t.endswith((".", "!", "?")) else t + "." for t in texts]  # as in test_option_parity
        theirs = [ref.extract(t, ReferenceSchema.from_dict(schema), **options) for t in texts]
        mine = ours.batch_extract(texts, Schema.from_dict(schema), batch_size=4, **options)
        for text, a, b in zip(texts, mine, theirs):
            total += 1
            try:
                _assert_same(a, _boundary_normalise(_clip_to_text(_without_pair_confidence(b), text), schema))
                equal += 1
            except AssertionError:
                logger.warning("decoded output differs: %r", text)
    return equal, total


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    overall: dict[str, float] = {}
    for name, (family, head) in REPORTED.items():
        with tempfile.TemporaryDirectory() as folder:
            path = build_reference_boundary(Path(folder) / "ckpt", family, head)
            ref = AutoExtractor.from_pretrained(str(path)).eval()
            ours = GLiNER2.from_pretrained(path, backend="torch")
            worst = _candidate_differences(ref, ours, per_text=head.get("boundary_top_k_alpha", 0) > 0)
            worst["relation pair"] = _relation_difference(ref, ours)
            equal, total = _decoded_equal(ref, ours)
        logger.info(
            "%-32s candidates identical: %s | max |dp| candidate %.2e, abstention %.2e, class %.2e, "
            "relation pair %.2e | decoded equal %d/%d",
            name,
            bool(worst.pop("identical")),
            worst["candidate"],
            worst["abstention"],
            worst["class"],
            worst["relation pair"],
            equal,
            total,
        )
        for key, value in worst.items():
            overall[key] = max(overall.get(key, 0.0), value)
    logger.info("largest over all variants: %s", ", ".join(f"{k} {v:.2e}" for k, v in overall.items()))


if __name__ == "__main__":
    main()
