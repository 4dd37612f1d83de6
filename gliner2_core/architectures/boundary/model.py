"""The GLiNER2.5 boundary model: an encoder, the classifier and the boundary and relation heads.

Forward pass, for a batch of rows (text + schema prompt, the same rows as the span model)::

    encoder(input_ids)                        -> hidden     [B, T, D]
    gather first subwords / field markers     -> words      [B, L, D], queries [B, Q, D]
    boundary_head(words, queries)             -> candidates [B, Q, C] (spans of any length)
    classifier(label markers) / temperature   -> logits     [labels] per classification task

Every field marker of a non-classification task (entity label, structure field,
relation role) is one query. Relation pairs are proposed and scored per row at
decoding time (see :mod:`relations`), from the candidates of their role queries.

With ``enable_records`` the record head (:mod:`records`) forms several records
per text for structures that declare a record ``mode`` (decoded in :mod:`rows`).

Module names reproduce the reference checkpoints' state-dict keys; modules we
do not run (the shared-pool builder and scorer of per-query checkpoints) are
carried as plain tensors so a saved checkpoint keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
from torch import nn

from gliner2_core.architectures.boundary.config import BoundaryConfig
from gliner2_core.architectures.boundary.head import BoundaryHead, Candidates
from gliner2_core.architectures.boundary.records import RecordHead
from gliner2_core.architectures.boundary.relations import SparseRelationScorer
from gliner2_core.layers import mlp
from gliner2_core.processing.batch import Batch
from gliner2_core.schema.spec import TaskKind

SHARED_POOL_PREFIXES = ("boundary_head.shared_pool_builder.", "boundary_head.shared_pool_scorer.")
RECORD_PREFIXES = ("boundary_head.candidate_encoder.", "record_decoder.")


def carried_prefixes(config: BoundaryConfig) -> tuple[str, ...]:
    """State-dict prefixes held as plain tensors: modules of options the checkpoint does not switch on.

    The shared-pool modules run only with a shared pool, the record head
    (``candidate_encoder`` and ``record_decoder``) only with ``enable_records``.
    """
    carried = () if config.head.candidate_pool == "shared" else SHARED_POOL_PREFIXES
    return carried + (() if config.head.enable_records else RECORD_PREFIXES)


@dataclass
class Query:
    """Where one query comes from: ``(row, segment, field)`` -> column ``q`` of the candidate tensors."""

    row: int
    segment: int
    field: int
    column: int


@dataclass
class BoundaryOutput:
    """What :meth:`BoundaryModel.forward` returns.

    Attributes:
        candidates: Scored candidates of every query (``None`` when no task has queries).
        queries: One entry per query.
        words: ``[B, L, D]`` word states (relation features read them).
        word_counts: Words (choice prefix + text) of each row.
        query_states: ``[B, Q, D]``.
        class_logits: ``(row, segment) -> [labels]`` logits, already divided by the temperature.
    """

    candidates: Candidates | None
    queries: list[Query]
    words: torch.Tensor
    word_counts: list[int]
    query_states: torch.Tensor
    class_logits: dict[tuple[int, int], torch.Tensor]


def _gather(hidden: torch.Tensor, index: torch.Tensor) -> torch.Tensor:
    return hidden.gather(1, index.unsqueeze(-1).expand(-1, -1, hidden.shape[-1]))


class _Carried(nn.Module):
    """Holds checkpoint tensors under their original dotted names, untouched."""


def carry(root: nn.Module, state: Mapping[str, torch.Tensor]) -> None:
    """Register ``state`` tensors as parameters of ``root`` under their dotted names."""
    for key, value in state.items():
        *path, leaf = key.split(".")
        module = root
        for part in path:
            if not hasattr(module, part):
                module.add_module(part, _Carried())
            module = getattr(module, part)
        module.register_parameter(leaf, nn.Parameter(value.clone(), requires_grad=False))


class BoundaryModel(nn.Module):
    """Encoder and heads; see the module docstring for the data flow.

    Args:
        config: The boundary configuration.
        encoder: A Hugging Face encoder whose output has ``last_hidden_state``.
    """

    def __init__(self, config: BoundaryConfig, encoder: nn.Module) -> None:
        super().__init__()
        self.config = config
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.classifier = mlp(hidden, [hidden * 2], 1, dropout=0.1)  # linears at 0 and 3, like the reference
        self.boundary_head = BoundaryHead(hidden, config.head)
        self.relation_scorer = SparseRelationScorer(hidden, config.head) if config.head.enable_relations else None
        settings = config.head
        self.record_decoder = (
            RecordHead(hidden, settings.record_dim, settings.record_instance_queries)
            if settings.enable_records
            else None
        )
        self.encoder_runner: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None

    @property
    def hidden_size(self) -> int:
        return self.encoder.config.hidden_size

    def forward(self, batch: Batch) -> BoundaryOutput:
        """Score every task of every row (inference only)."""
        if self.encoder_runner is not None and not self.training:
            hidden = self.encoder_runner(batch.input_ids, batch.attention_mask)
        else:
            hidden = self.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask).last_hidden_state
        counts = [len(row.word_positions) for row in batch.rows]
        word_mask = torch.arange(batch.word_index.shape[1], device=hidden.device) < torch.tensor(
            counts, device=hidden.device
        ).unsqueeze(1)
        words = _gather(hidden, batch.word_index) * word_mask.unsqueeze(-1).to(hidden.dtype)  # [B, L, D]
        markers = _gather(hidden, batch.marker_index)  # [B, K, D]

        queries, query_rows, class_logits = [], [[] for _ in batch.rows], {}
        label_embs = []
        for b, row in enumerate(batch.rows):
            offset = 0
            for s, (segment, positions) in enumerate(zip(row.prompt.segments, row.prompt.markers)):
                embs = markers[b, offset + 1 : offset + len(positions)]  # field markers, without [P]
                offset += len(positions)
                if segment.kind == TaskKind.CLASSIFICATION:
                    label_embs.append(((b, s), embs))
                    continue
                for f in range(len(segment.fields)):
                    queries.append(Query(b, s, f, len(query_rows[b])))
                    query_rows[b].append(embs[f])
        if label_embs:
            flat = self.classifier(torch.cat([e for _, e in label_embs])).squeeze(-1)
            flat = flat / self.config.head.classification_temperature
            for (key, _), logits in zip(label_embs, flat.split([len(e) for _, e in label_embs])):
                class_logits[key] = logits

        width = max((len(r) for r in query_rows), default=0)
        query_states = hidden.new_zeros(len(batch.rows), width, hidden.shape[-1])
        query_mask = torch.zeros(len(batch.rows), width, dtype=torch.bool, device=hidden.device)
        for b, states in enumerate(query_rows):
            if states:
                query_states[b, : len(states)] = torch.stack(states)
                query_mask[b, : len(states)] = True
        candidates = self.boundary_head(words, word_mask, query_states, query_mask) if width else None
        return BoundaryOutput(candidates, queries, words, counts, query_states, class_logits)
