"""Checking a checkpoint's ``boundary_head`` settings before any module is built.

Every message names the key, the value found and what is valid, so a bad
``config.json`` fails at load with the likely cause instead of deep inside a
layer constructor. Types are strict: ``"true"`` is not a boolean and ``128.0``
is not a size (the reference coerces both silently, which turns ``"false"`` into
``True``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from gliner2_core.errors import CheckpointError

POSITIVE = (
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
    "content_dim",
    "boundary_attention_heads",
    "boundary_top_k_max",
    "boundary_top_k_bucket",
)
NON_NEGATIVE = (
    "min_pool_per_query",
    "candidate_attention_layers",
    "query_attention_layers",
    "boundary_refinement_layers",
    "boundary_attention_layers",
    "boundary_attention_window",
)
PROBABILITIES = ("abstention_threshold", "relation_argument_proposal_threshold")
POSITIVE_NUMBERS = (
    "pair_temperature",
    "relation_temperature",
    "classification_temperature",
    "record_temperature",
    "rotary_base",
    "boundary_ffn_multiplier",
)


def _fail(name: str, value: Any, expected: str) -> CheckpointError:
    return CheckpointError(f"config.boundary_head.{name}: got {value!r}; expected {expected}")


def check_head_dict(raw: Any) -> dict[str, Any]:
    """The ``boundary_head`` entry as a dict (missing or null: no settings)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise CheckpointError(f"config.boundary_head: got {raw!r}; expected a JSON object of head settings")
    return dict(raw)


def check_types(raw: Mapping[str, Any], kinds: Mapping[str, str]) -> None:
    """Each known key has its declared kind (``"bool"``, ``"int"``, ``"float"``, ``"str"``)."""
    for name, kind in kinds.items():
        if name not in raw:
            continue
        value = raw[name]
        if kind == "bool" and not isinstance(value, bool):
            raise _fail(name, value, "true or false (a JSON boolean)")
        if kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise _fail(name, value, "an integer")
        if kind == "float" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise _fail(name, value, "a number")
        if kind == "float" and not math.isfinite(value):
            raise _fail(name, value, "a finite number")
        if kind == "str" and not isinstance(value, str):
            raise _fail(name, value, "a string")


def check_ranges(settings: Any) -> None:
    """Sizes, counts, probabilities and positive numbers of the settings dataclass."""
    for name in POSITIVE:
        if getattr(settings, name) <= 0:
            raise _fail(name, getattr(settings, name), "a positive integer")
    for name in NON_NEGATIVE:
        if getattr(settings, name) < 0:
            raise _fail(name, getattr(settings, name), "an integer >= 0")
    for name in PROBABILITIES:
        if not 0.0 <= getattr(settings, name) <= 1.0:
            raise _fail(name, getattr(settings, name), "a number in [0, 1]")
    for name in POSITIVE_NUMBERS:
        if not getattr(settings, name) > 0:
            raise _fail(name, getattr(settings, name), "a number > 0")
    if settings.boundary_top_k_alpha < 0:
        raise _fail("boundary_top_k_alpha", settings.boundary_top_k_alpha, "a number >= 0")


def _multiple(settings: Any, name: str, of: str) -> None:
    if getattr(settings, name) % getattr(settings, of):
        raise _fail(name, getattr(settings, name), f"a multiple of {of} ({getattr(settings, of)})")


def check_rules(settings: Any, pools: tuple[str, ...], overlap_policies: Mapping[str, str]) -> None:
    """Rules between settings (divisibility, orderings, choices)."""
    if settings.candidate_pool not in pools:
        raise _fail("candidate_pool", settings.candidate_pool, "one of " + ", ".join(repr(p) for p in pools))
    if settings.overlap_policy not in overlap_policies:
        raise _fail("overlap_policy", settings.overlap_policy, "one of " + ", ".join(map(repr, overlap_policies)))
    if settings.min_pool_per_query > settings.pool_size:
        raise _fail("min_pool_per_query", settings.min_pool_per_query, f"at most pool_size ({settings.pool_size})")
    attention = settings.candidate_attention_layers or settings.query_attention_layers
    if settings.candidate_pool == "shared" and attention:
        _multiple(settings, "pair_dim", "candidate_attention_heads")
    _multiple(settings, "pair_dim", "multihead_pair_compat_heads")
    if settings.boundary_attention_layers:
        _multiple(settings, "boundary_dim", "boundary_attention_heads")
    if settings.enable_rotary_endpoints:
        for name in ("boundary_dim", "pair_dim"):
            if getattr(settings, name) % 2:
                raise _fail(name, getattr(settings, name), "an even number with enable_rotary_endpoints")
    largest = max(settings.start_top_k, settings.end_top_k)
    if settings.boundary_top_k_max < largest:
        raise _fail(
            "boundary_top_k_max", settings.boundary_top_k_max, f"at least start_top_k and end_top_k ({largest})"
        )
