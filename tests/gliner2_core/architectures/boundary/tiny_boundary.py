"""Tiny random GLiNER2.5 boundary checkpoints, built offline by the reference library itself.

Heads are scaled so probabilities spread away from 0.5 and the abstention head
is random (some queries abstain), so decoding at ordinary thresholds finds
mentions, drops some and exercises every branch. With a shared candidate pool
the overlap biases of the candidate attention are random too (they start at 0), and
with ``adaptive_threshold`` the count head.
"""

from __future__ import annotations

from pathlib import Path

import torch

from tests.tiny import encoder_config, tokenizer_for

# Every head on, small dimensions; variants switch optional paths of the proposer and scorer.
BASE = dict(boundary_dim=16, pair_dim=16, record_dim=16, content_dim=8, multihead_pair_compat_heads=4)
VARIANTS = {
    "bert-default": ("bert", {}),
    "deberta-default": ("deberta", {}),
    "deberta-oneway-nested": (
        "deberta",
        dict(
            bidirectional_proposals=False,
            multihead_pair_compat_heads=1,
            boundary_refinement_layers=2,
            overlap_policy="nested",
            start_top_k=6,
            ends_per_start=4,
            candidate_budget=24,
        ),
    ),
    "bert-no-inside-longest": (
        "bert",
        dict(
            use_inside_evidence=False,
            reranker_endpoint_compat=False,
            overlap_policy="longest",
            pair_temperature=0.8,
            relation_heads_per_type=4,
            relation_tails_per_type=3,
            relation_pair_cap=5,
        ),
    ),
    # candidate_pool="shared": one pool per text scored for every query (reference defaults: 64 x 64
    # boundaries, 384 slots), and a small pool that truncates (10 x 10 boundaries, 24 slots, 3 reserved per query).
    "bert-shared": ("bert", dict(candidate_pool="shared")),
    "deberta-shared-small-pool": (
        "deberta",
        dict(
            candidate_pool="shared",
            pool_boundary_top_k=10,
            pool_size=24,
            min_pool_per_query=3,
            candidate_attention_layers=1,
            candidate_attention_heads=2,
            query_attention_layers=2,
            use_inside_evidence=False,
            overlap_policy="nested",
        ),
    ),
}
# The options the published GLiNER2.5 checkpoints (fastino/gliner2.5-*-v1) switch on, at tiny sizes:
# span content (no soft max pool), rotary endpoints, one boundary-attention layer, a per-query inside
# weight, endpoint differences, 8 endpoint-compatibility heads, a shared pool, abstention and count heads,
# records, directional relation states with biaffine content.
PUBLISHED = dict(
    enable_span_content=True,
    content_dim=64,
    content_soft_max_pool=False,
    use_inside_evidence=True,
    enable_rotary_endpoints=True,
    rotary_base=10000.0,
    boundary_attention_layers=1,
    query_conditioned_inside_weight=True,
    endpoint_difference_features=True,
    reranker_endpoint_compat=True,
    multihead_pair_compat_heads=8,
    candidate_pool="shared",
    enable_abstention=True,
    enable_count_head=True,
    enable_records=True,
    enable_relations=True,
    directional_relation_states=True,
    relation_biaffine_content=True,
)
PUBLISHED_VARIANTS = {
    "published-shared": ("bert", PUBLISHED),
    "published-per-query": ("deberta", {**PUBLISHED, "candidate_pool": "per_query"}),
}
"""The published flag set on each pool (the record, record-choice and attribute parity files run these too)."""
SEED_KEY = "_seed"
"""A head-dict key read by :func:`build_reference_boundary` alone: the random seed of that variant."""
SHARED_VARIANTS = sorted(name for name, (_, head) in VARIANTS.items() if head.get("candidate_pool") == "shared")


def build_reference_boundary(folder: Path, family: str, head: dict | None = None, seed: int = 0) -> Path:
    """Create and save a random boundary checkpoint with the reference library (``AutoExtractor``)."""
    from gliner2 import AutoExtractor
    from gliner2.configuration import ExtractorConfig

    head = dict(head or {})
    torch.manual_seed(head.pop(SEED_KEY, seed))
    tokenizer = tokenizer_for(family)
    config = ExtractorConfig(model_name=f"tiny-{family}", architecture="boundary", boundary_head={**BASE, **head})
    model = AutoExtractor.from_config(
        config, encoder_config=encoder_config(family, len(tokenizer)), tokenizer=tokenizer
    )
    with torch.no_grad():
        for name, param in model.named_parameters():
            if not name.startswith("encoder.") and param.dim() > 1:
                param.mul_(2.0)
        null = model.boundary_head.null_projection
        torch.nn.init.normal_(null.weight, std=0.3)
        null.bias.fill_(-0.2)
        if model.boundary_settings.adaptive_threshold:  # the count head starts at zero (one mention): vary it
            torch.nn.init.normal_(model.boundary_head.count_head.weight, std=0.5)
            model.boundary_head.count_head.bias.fill_(0.7)
        if model.boundary_settings.candidate_pool == "shared":  # overlap biases start at zero: make them matter
            for layer in model.boundary_head.shared_pool_scorer.candidate_layers:
                torch.nn.init.normal_(layer.relative_bias, std=0.5)
    model.eval()
    model.save_pretrained(str(folder))
    return folder
