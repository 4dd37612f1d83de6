"""Run a cascade on some texts and price it: the cascade's row in ``gliner2-kit compare``.

:func:`measure_cascade` is a :class:`~gliner2_integrations.compare.cascade_hook.CascadeRunner`:
pass it as ``compare(..., cascade=measure_cascade)``. The comparison package never imports
this one; the dependency runs from the cascade to the comparison's prices and token counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gliner2_integrations.cascade.extractor import CascadeExtractor
from gliner2_integrations.cascade.report import CascadeReport, cascade_report
from gliner2_integrations.compare.prices import PRICES, ModelPrice

if TYPE_CHECKING:
    from gliner2_core import GLiNER2


def measure_cascade(
    model: GLiNER2 | str | None,
    chat_model: Any,
    texts: Sequence[str],
    model_cls: type[BaseModel],
    *,
    llm: str,
    prices: Mapping[str, ModelPrice] = PRICES,
    gliner_cost_per_1m: float | None = None,
    threshold: float | None = None,
    min_confidence: float = 0.7,
) -> CascadeReport:
    """Run :class:`CascadeExtractor` on ``texts`` and price it against sending them all to ``llm``.

    Args:
        model: The GLiNER2 extractor (a loaded ``GLiNER2``, a name or path, or ``None``: the bundled model).
        chat_model: The LangChain chat model the cascade asks.
        texts: The texts, run in one batch.
        model_cls: The Pydantic model to fill.
        llm: LLM name in ``prices`` the run is priced with.
        prices: USD per 1M tokens by model name.
        gliner_cost_per_1m: GLiNER2's CPU cost per 1M texts, if measured.
        threshold: GLiNER2 extraction threshold.
        min_confidence: The cascade's confidence threshold for keeping GLiNER2's value.

    Returns:
        The priced run (see :func:`~gliner2_integrations.cascade.cascade_report`).
    """
    cascade = CascadeExtractor(
        model=model_cls, chat_model=chat_model, extractor=model, threshold=threshold, min_confidence=min_confidence
    )
    results = cascade.batch(list(texts))
    return cascade_report(texts, results, model_cls, llm=llm, prices=prices, gliner_cost_per_1m=gliner_cost_per_1m)
