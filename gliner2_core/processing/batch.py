"""Padding encoded rows into tensors for one encoder call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from gliner2_core.processing.encoding import EncodedRow


@dataclass
class Batch:
    """Padded tensors of several rows (right padding with id 0).

    Attributes:
        input_ids: ``[B, T]`` token ids.
        attention_mask: ``[B, T]`` 1 for real tokens.
        word_index: ``[B, N]`` position of each word's first subword (0 for padding).
        marker_index: ``[B, K]`` positions of every segment's markers, concatenated.
        rows: The rows, for the per-row layout (segments, counts of words and markers).
    """

    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    word_index: torch.Tensor
    marker_index: torch.Tensor
    rows: list[EncodedRow]

    def __len__(self) -> int:
        return len(self.rows)

    def to(self, device: torch.device) -> Batch:
        return Batch(
            self.input_ids.to(device),
            self.attention_mask.to(device),
            self.word_index.to(device),
            self.marker_index.to(device),
            self.rows,
        )


def collate(rows: Sequence[EncodedRow]) -> Batch:
    """Pad rows to the longest one; rows keep their order."""
    size = len(rows)
    length = max(len(r.input_ids) for r in rows)
    words = max(len(r.word_positions) for r in rows)
    markers = max(sum(len(m) for m in r.prompt.markers) for r in rows)
    input_ids = torch.zeros(size, length, dtype=torch.long)
    attention_mask = torch.zeros(size, length, dtype=torch.long)
    word_index = torch.zeros(size, max(words, 1), dtype=torch.long)
    marker_index = torch.zeros(size, max(markers, 1), dtype=torch.long)
    for i, row in enumerate(rows):
        input_ids[i, : len(row.input_ids)] = torch.tensor(row.input_ids)
        attention_mask[i, : len(row.input_ids)] = 1
        word_index[i, : len(row.word_positions)] = torch.tensor(row.word_positions)
        flat: list[int] = [p for segment in row.prompt.markers for p in segment]
        marker_index[i, : len(flat)] = torch.tensor(flat, dtype=torch.long)
    return Batch(input_ids, attention_mask, word_index, marker_index, list(rows))
