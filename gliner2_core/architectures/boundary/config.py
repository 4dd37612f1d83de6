"""The boundary (GLiNER2.5) configuration: ``config.json`` with ``architecture: "boundary"``.

The reference stores every head setting under ``boundary_head``. We read the
settings our implementation uses into a frozen dataclass, checked for types and
ranges (:mod:`validation`) before any module is built, keep the whole dict so
that saving writes it back unchanged, and would refuse a checkpoint that switches
on a representation we do not implement (``UNSUPPORTED_WHEN_SET``, empty today)
rather than silently scoring it wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gliner2_core.architectures.boundary.validation import check_head_dict, check_ranges, check_rules, check_types
from gliner2_core.errors import CheckpointError

CONFIG_VERSION = 3
OVERLAP_POLICIES = {"flat": "flat", "disallow": "flat", "nested": "nested", "longest": "longest", "allow": "allow"}
CANDIDATE_POOLS = ("per_query", "shared")

# Options of the reference that change the scores and that gliner2-kit does not implement yet:
# a checkpoint that sets one to anything but its neutral value is refused with a clear message.
UNSUPPORTED_WHEN_SET: dict[str, Any] = {}


@dataclass(frozen=True)
class BoundarySettings:
    """Head settings of a boundary checkpoint (names and defaults of the reference's ``boundary_head``)."""

    boundary_dim: int = 128
    pair_dim: int = 128
    boundary_refinement_layers: int = 1
    boundary_ffn_multiplier: float = 2.0
    start_top_k: int = 16
    end_top_k: int = 16
    ends_per_start: int = 8
    starts_per_end: int = 8
    candidate_budget: int = 128
    bidirectional_proposals: bool = True
    use_inside_evidence: bool = True
    reranker_endpoint_compat: bool = True
    multihead_pair_compat_heads: int = 8
    enable_abstention: bool = True
    abstention_threshold: float = 0.5
    enable_count_head: bool = True
    overlap_policy: str = "flat"
    pair_temperature: float = 1.0
    relation_temperature: float = 1.0
    classification_temperature: float = 1.0
    enable_records: bool = True
    record_dim: int = 128
    record_instance_queries: int = 32
    record_temperature: float = 1.0
    enable_relations: bool = True
    relation_heads_per_type: int = 32
    relation_tails_per_type: int = 32
    relation_pair_cap: int = 128
    relation_argument_proposal_threshold: float = 0.0
    candidate_pool: str = "per_query"
    pool_boundary_top_k: int = 64
    pool_size: int = 384
    min_pool_per_query: int = 8
    candidate_attention_layers: int = 2
    candidate_attention_heads: int = 4
    query_attention_layers: int = 1
    # Representation options of the published checkpoints (all off by default, like the reference).
    enable_span_content: bool = False
    content_dim: int = 64
    content_soft_max_pool: bool = False
    enable_rotary_endpoints: bool = False
    rotary_base: float = 10000.0
    boundary_attention_layers: int = 0
    boundary_attention_heads: int = 4
    boundary_attention_window: int = 0
    query_conditioned_inside_weight: bool = False
    endpoint_difference_features: bool = False
    boundary_top_k_alpha: float = 0.0
    boundary_top_k_max: int = 128
    boundary_top_k_bucket: int = 8
    adaptive_threshold: bool = False
    directional_relation_states: bool = False
    relation_biaffine_content: bool = False

    def __post_init__(self) -> None:
        check_types({f.name: getattr(self, f.name) for f in fields(self)}, FIELD_KINDS)
        check_ranges(self)
        check_rules(self, CANDIDATE_POOLS, OVERLAP_POLICIES)


FIELD_KINDS = {f.name: str(f.type) for f in fields(BoundarySettings)}
"""Declared kind of every setting: ``"bool"``, ``"int"``, ``"float"`` or ``"str"``."""


@dataclass(frozen=True)
class BoundaryConfig:
    """A whole boundary ``config.json``.

    Attributes:
        head: The settings this implementation reads.
        raw_head: The file's complete ``boundary_head`` dict, written back verbatim on save.
        model_name: Name of the encoder the model was initialised from (informational).
        token_pooling: Only ``"first"`` (first subword of each word), like the published models.
        config_version: Layout version of the file.
    """

    head: BoundarySettings = field(default_factory=BoundarySettings)
    raw_head: Mapping[str, Any] = field(default_factory=dict)
    model_name: str = "tiny"
    token_pooling: str = "first"
    config_version: int = CONFIG_VERSION

    @property
    def max_width(self) -> int:
        """Words of overlap needed at window edges, halved (the span model's ``max_width`` role)."""
        return 8

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> BoundaryConfig:
        if (data.get("architecture") or "span") != "boundary":
            raise CheckpointError(f"config.architecture: got {data.get('architecture')!r}; expected 'boundary'")
        if data.get("token_pooling", "first") != "first":
            raise CheckpointError(f"config.token_pooling: got {data['token_pooling']!r}; expected 'first'")
        raw = check_head_dict(data.get("boundary_head"))
        version = int(data.get("config_version") or 0)
        if version < 3:  # configs written before records/relations became the default
            raw.setdefault("enable_records", False)
            raw.setdefault("enable_relations", False)
        check_types(raw, FIELD_KINDS)
        for key, neutral in UNSUPPORTED_WHEN_SET.items():
            if key in raw and raw[key] != neutral:
                raise CheckpointError(
                    f"config.boundary_head.{key}: got {raw[key]!r}; gliner2-kit implements only {neutral!r} "
                    "(see docs/compatibility.md)"
                )
        head = BoundarySettings(**{k: v for k, v in raw.items() if k in FIELD_KINDS})
        return cls(head, raw, str(data.get("model_name", "tiny")), "first", max(version, CONFIG_VERSION))

    @classmethod
    def load(cls, path: str | Path) -> BoundaryConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise CheckpointError(f"cannot read model config {str(path)!r}: {err}") from err
        return cls.from_json_dict(data)

    def to_json_dict(self) -> dict[str, Any]:
        """The ``config.json`` content, in the reference's layout."""
        head = dict(self.raw_head)
        for f in fields(BoundarySettings):
            head[f.name] = getattr(self.head, f.name)
        return {
            "architecture": "boundary",
            "architecture_version": 1,
            "attn_implementation": "sdpa",
            "boundary_head": head,
            "config_version": self.config_version,
            "max_len": None,
            "model_name": self.model_name,
            "model_type": "extractor",
            "token_pooling": self.token_pooling,
        }

    def save(self, directory: str | Path) -> None:
        path = Path(directory) / "config.json"
        path.write_text(json.dumps(self.to_json_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
