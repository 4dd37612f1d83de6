"""The boundary (GLiNER2.5) configuration: ``config.json`` with ``architecture: "boundary"``.

The reference stores every head setting under ``boundary_head``. We read the
settings our implementation uses into a frozen dataclass, keep the whole dict
so that saving writes it back unchanged, and refuse checkpoints that switch on
a representation we do not implement (rather than silently scoring them wrong).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gliner2_core.errors import CheckpointError

CONFIG_VERSION = 3
OVERLAP_POLICIES = {"flat": "flat", "disallow": "flat", "nested": "nested", "longest": "longest", "allow": "allow"}
CANDIDATE_POOLS = ("per_query", "shared")

# Optional representation upgrades of the reference that change the scores when
# switched on; a checkpoint that enables one is refused with a clear message.
UNSUPPORTED_WHEN_SET = {
    "enable_span_content": False,
    "enable_rotary_endpoints": False,
    "boundary_attention_layers": 0,
    "query_conditioned_inside_weight": False,
    "endpoint_difference_features": False,
    "boundary_top_k_alpha": 0.0,
    "adaptive_threshold": False,
    "relation_biaffine_content": False,
    "directional_relation_states": False,
}


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

    def __post_init__(self) -> None:
        for name in (
            "boundary_dim",
            "pair_dim",
            "start_top_k",
            "end_top_k",
            "ends_per_start",
            "starts_per_end",
            "candidate_budget",
            "multihead_pair_compat_heads",
            "relation_heads_per_type",
            "relation_tails_per_type",
            "relation_pair_cap",
            "pool_boundary_top_k",
            "pool_size",
            "candidate_attention_heads",
            "record_dim",
            "record_instance_queries",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise CheckpointError(f"config.boundary_head.{name}: got {value!r}; expected a positive integer")
        for name in ("min_pool_per_query", "candidate_attention_layers", "query_attention_layers"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise CheckpointError(f"config.boundary_head.{name}: got {value!r}; expected an integer >= 0")
        if self.candidate_pool not in CANDIDATE_POOLS:
            raise CheckpointError(
                f"config.boundary_head.candidate_pool: got {self.candidate_pool!r}; expected one of "
                + ", ".join(repr(p) for p in CANDIDATE_POOLS)
            )
        if self.min_pool_per_query > self.pool_size:
            raise CheckpointError(
                f"config.boundary_head.min_pool_per_query: got {self.min_pool_per_query!r}; expected at most "
                f"pool_size ({self.pool_size})"
            )
        attention = self.candidate_attention_layers or self.query_attention_layers
        if self.candidate_pool == "shared" and attention and self.pair_dim % self.candidate_attention_heads:
            raise CheckpointError(
                f"config.boundary_head.pair_dim: got {self.pair_dim!r}; expected a multiple of "
                f"candidate_attention_heads ({self.candidate_attention_heads})"
            )
        if self.pair_dim % self.multihead_pair_compat_heads:
            raise CheckpointError(
                f"config.boundary_head.pair_dim: got {self.pair_dim!r}; expected a multiple of "
                f"multihead_pair_compat_heads ({self.multihead_pair_compat_heads})"
            )
        if self.overlap_policy not in OVERLAP_POLICIES:
            raise CheckpointError(
                f"config.boundary_head.overlap_policy: got {self.overlap_policy!r}; expected one of "
                + ", ".join(repr(p) for p in OVERLAP_POLICIES)
            )
        for name in ("pair_temperature", "relation_temperature", "classification_temperature", "record_temperature"):
            if not getattr(self, name) > 0:
                raise CheckpointError(
                    f"config.boundary_head.{name}: got {getattr(self, name)!r}; expected a number > 0"
                )


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
        raw = dict(data.get("boundary_head") or {})
        version = int(data.get("config_version") or 0)
        if version < 3:  # configs written before records/relations became the default
            raw.setdefault("enable_records", False)
            raw.setdefault("enable_relations", False)
        for key, neutral in UNSUPPORTED_WHEN_SET.items():
            if key in raw and raw[key] != neutral:
                raise CheckpointError(
                    f"config.boundary_head.{key}: got {raw[key]!r}; gliner2-kit implements only {neutral!r} "
                    "(see docs/compatibility.md)"
                )
        names = {f.name for f in fields(BoundarySettings)}
        try:
            head = BoundarySettings(**{k: v for k, v in raw.items() if k in names})
        except TypeError as err:
            raise CheckpointError(f"config.boundary_head: {err}") from err
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


def read_architecture(folder: str | Path) -> str:
    """``"span"`` or ``"boundary"``: the ``architecture`` of a checkpoint folder (missing = span)."""
    path = Path(folder) / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return "span"  # the span loader reports unreadable files with its own message
    if not isinstance(data, dict):
        return "span"  # likewise for a config.json that is not a JSON object
    architecture = str(data.get("architecture") or "span").strip().lower()
    if architecture not in ("span", "boundary"):
        raise CheckpointError(f"config.architecture: got {architecture!r}; expected one of 'span', 'boundary'")
    return architecture
