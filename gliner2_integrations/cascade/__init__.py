"""An LLM cascade: GLiNER2 extracts first, an LLM answers only what it is not sure of.

* :class:`CascadeExtractor`: a LangChain ``Runnable`` (``invoke``/``batch``/``ainvoke``/``abatch``)
  returning a :class:`CascadeResult` per text: the record and which source filled each field;
* :func:`cascade_report`: the share of texts and fields that went to the LLM, and tokens and
  dollars (our price table) against sending everything to the LLM (:class:`CascadeReport`);
* :func:`measure_cascade`: run the cascade on some texts and price it, the cascade row of
  ``compare(..., cascade=measure_cascade)``.

This package uses :mod:`gliner2_integrations.compare` (prices, token counts, request capture);
the comparison package never imports this one.

Needs ``langchain-core`` (``pip install 'gliner2-kit[langchain]'``) and a chat model that
supports ``with_structured_output``.
"""

try:
    import langchain_core  # noqa: F401
except ModuleNotFoundError as err:  # pragma: no cover - depends on the environment
    raise ModuleNotFoundError(
        "gliner2_integrations.cascade needs langchain-core: pip install 'gliner2-kit[langchain]'", name=err.name
    ) from err

from gliner2_integrations.cascade.extractor import CascadeExtractor
from gliner2_integrations.cascade.measure import measure_cascade
from gliner2_integrations.cascade.plan import fields_to_ask, sub_model
from gliner2_integrations.cascade.report import CascadeReport, cascade_report
from gliner2_integrations.cascade.result import CascadeResult

__all__ = [
    "CascadeExtractor",
    "CascadeReport",
    "CascadeResult",
    "cascade_report",
    "fields_to_ask",
    "measure_cascade",
    "sub_model",
]
