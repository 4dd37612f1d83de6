"""Count-conditioned field queries.

``count_pred`` reads a task's ``[P]`` embedding and predicts how many instances
(0 to ``max_count - 1``, from :class:`~gliner2_core.architectures.span.config.ModelConfig`) the text holds. ``count_embed`` then turns the field embeddings ``F [M, D]``
into one query per (instance, field): a GRU runs over learned instance-position
embeddings with ``F`` as its initial state, so instance ``k`` gets its own query
for every field.

Two published variants:

* ``count_lstm`` (large, multi): ``Q = projector([h_k ; F])``, an MLP per field.
* ``count_lstm_v2`` (base): ``Q = DownscaledTransformer(h_k + F)``, a small
  post-norm transformer that attends across the fields of each instance.

Both are batched over many tasks at once: the GRU treats fields independently
and later steps never change earlier ones, so tasks with different counts share
one run of ``max(count)`` steps and are sliced afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from gliner2_core.architectures.span.config import COUNT_LSTM, COUNT_LSTM_V2
from gliner2_core.layers import mlp


class CountLSTM(nn.Module):
    """GRU over instance positions, then a per-field MLP (``count_lstm``)."""

    def __init__(self, hidden_size: int, max_count: int) -> None:
        super().__init__()
        self.max_count = max_count
        self.pos_embedding = nn.Embedding(max_count, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size)
        self.projector = mlp(hidden_size * 2, [hidden_size * 4], hidden_size)

    def _steps(self, fields: torch.Tensor, steps: int) -> torch.Tensor:
        """GRU states ``[steps, F, D]`` for fields ``[F, D]``."""
        positions = self.pos_embedding.weight[:steps].unsqueeze(1).expand(steps, fields.shape[0], fields.shape[1])
        states, _ = self.gru(positions, fields.unsqueeze(0).contiguous())
        return states

    def _project(self, states: torch.Tensor, fields: torch.Tensor) -> torch.Tensor:
        return self.projector(torch.cat([states, fields.unsqueeze(0).expand_as(states)], dim=-1))

    def forward(self, fields: torch.Tensor, count: int) -> torch.Tensor:
        """Queries ``[count, M, D]`` for fields ``[M, D]``."""
        count = min(count, self.max_count)
        return self._project(self._steps(fields, count), fields)

    def forward_many(self, fields: Sequence[torch.Tensor], counts: Sequence[int]) -> list[torch.Tensor]:
        """Batched :meth:`forward` over several tasks; counts must be >= 1."""
        sizes = [f.shape[0] for f in fields]
        stacked = torch.cat(list(fields), dim=0)
        steps = min(max(counts), self.max_count)
        queries = self._project(self._steps(stacked, steps), stacked)  # [steps, sum(M), D]
        return [q[: min(c, self.max_count)] for q, c in zip(queries.split(sizes, dim=1), counts)]


class DownscaledTransformer(nn.Module):
    """``in_projector`` (D -> 128), two post-norm encoder layers, ``out_projector`` back to D."""

    def __init__(self, input_size: int, hidden_size: int = 128, num_heads: int = 4, num_layers: int = 2, dropout: float = 0.1) -> None:
        super().__init__()
        self.in_projector = nn.Linear(input_size, hidden_size)
        layer = nn.TransformerEncoderLayer(
            d_model=hidden_size, nhead=num_heads, dim_feedforward=hidden_size * 2, dropout=dropout, batch_first=True
        )
        self.transformer = nn.TransformerEncoder(layer, num_layers=num_layers, enable_nested_tensor=False)
        self.out_projector = mlp(hidden_size + input_size, [input_size, input_size], input_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``x [S, M, D] -> [S, M, D]``; attention runs over the ``M`` axis."""
        y = self.transformer(self.in_projector(x))
        return self.out_projector(torch.cat([y, x], dim=-1))


class CountLSTMv2(CountLSTM):
    """GRU over instance positions, then a transformer across fields (``count_lstm_v2``)."""

    def __init__(self, hidden_size: int, max_count: int) -> None:
        nn.Module.__init__(self)
        self.max_count = max_count
        self.pos_embedding = nn.Embedding(max_count, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size)
        self.transformer = DownscaledTransformer(hidden_size)

    def _project(self, states: torch.Tensor, fields: torch.Tensor) -> torch.Tensor:
        return self.transformer(states + fields.unsqueeze(0))

    def forward_many(self, fields: Sequence[torch.Tensor], counts: Sequence[int]) -> list[torch.Tensor]:
        """Batched :meth:`forward`; tasks with the same number of fields share one transformer call."""
        out: list[torch.Tensor] = [torch.empty(0)] * len(fields)
        groups: dict[int, list[int]] = {}
        for index, f in enumerate(fields):
            groups.setdefault(f.shape[0], []).append(index)
        for members in groups.values():
            steps = min(max(counts[i] for i in members), self.max_count)
            stacked = torch.cat([fields[i] for i in members], dim=0)  # [G*M, D]
            states = self._steps(stacked, steps) + stacked.unsqueeze(0)  # [steps, G*M, D]
            m = fields[members[0]].shape[0]
            # -> [steps*G, M, D]: one transformer batch row per (step, task)
            rows = states.reshape(steps, len(members), m, -1).reshape(steps * len(members), m, -1)
            queries = self.transformer(rows).reshape(steps, len(members), m, -1)
            for slot, index in enumerate(members):
                out[index] = queries[: min(counts[index], self.max_count), slot]
        return out


COUNTING_LAYERS: dict[str, type[CountLSTM]] = {COUNT_LSTM: CountLSTM, COUNT_LSTM_V2: CountLSTMv2}
"""``ModelConfig.counting_layer`` -> module class."""
