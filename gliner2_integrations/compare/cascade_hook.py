"""What :func:`~gliner2_integrations.compare.compare` needs from a cascade, as two Protocols.

The dependency runs one way: :mod:`gliner2_integrations.cascade` uses this package's
prices, token counts and request capture, and this package never imports the cascade.
A cascade row reaches the report through :class:`CascadeRunner` (e.g.
:func:`gliner2_integrations.cascade.measure_cascade`), which returns a :class:`CascadeRow`
(e.g. :class:`gliner2_integrations.cascade.CascadeReport`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from gliner2_integrations.compare.prices import ModelPrice

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from gliner2_core import GLiNER2


class CascadeRow(Protocol):
    """What the comparison report reads of a priced cascade run."""

    @property
    def llm(self) -> str: ...

    @property
    def texts(self) -> int: ...

    @property
    def input_tokens_mean(self) -> float: ...

    @property
    def output_tokens_mean(self) -> float: ...

    @property
    def cost_per_1m(self) -> float: ...

    @property
    def gliner_cost_per_1m(self) -> float | None: ...

    @property
    def total_cost_per_1m(self) -> float: ...

    @property
    def share_texts(self) -> float: ...

    @property
    def share_fields(self) -> float: ...

    def to_dict(self) -> dict[str, Any]: ...


class CascadeRunner(Protocol):
    """Runs a cascade on ``texts`` and prices it against sending every text to ``llm``."""

    def __call__(
        self,
        model: GLiNER2,
        chat_model: BaseChatModel,
        texts: Sequence[str],
        model_cls: type[BaseModel],
        *,
        llm: str,
        prices: Mapping[str, ModelPrice],
        gliner_cost_per_1m: float | None,
        threshold: float | None,
        min_confidence: float,
    ) -> CascadeRow: ...
