"""What GLiNER2 extraction costs on a CPU, next to LLM extractors doing the same job.

* :func:`measure_gliner`: run our extraction and measure wall time, CPU time,
  throughput, peak memory and USD at a price per vCPU-hour.
* :func:`estimate_llm`: build the requests a LangChain LLM extractor
  (``prompt | chat.with_structured_output(Model)``) would send, count their
  tokens offline with tiktoken, and price them from the dated :data:`PRICES`.
  Token counts are **estimates**.
* :func:`measure_llm`: run a real chat model on a sample and read the tokens it
  was billed for (``usage_metadata``), its latency, parse failures and field-level
  agreement with our records.
* :func:`compare`: all of the above in a :class:`ComparisonReport`
  (``.table()``, ``.to_dict()``, ``.plot(path)``).

Importing this package imports neither torch nor langchain-core, tiktoken or
matplotlib; each loads when the function that needs it runs.

Example:
    >>> from gliner2_core import GLiNER2
    >>> from gliner2_integrations.compare import compare
    >>> report = compare(GLiNER2.from_pretrained(), texts, Contact, llms=["gpt-4o", "gpt-4o-mini"])  # doctest: +SKIP
    >>> print(report.table())  # doctest: +SKIP
"""

from gliner2_integrations.compare.agreement import FieldAgreement, field_agreement
from gliner2_integrations.compare.combine import DEFAULT_LLMS, compare
from gliner2_integrations.compare.errors import TokenizerUnavailableError, UnknownPriceError
from gliner2_integrations.compare.estimate import LlmEstimate, RequestSet, build_requests, estimate_llm
from gliner2_integrations.compare.gliner import GlinerCost, measure_gliner
from gliner2_integrations.compare.machine import MachineInfo, machine_info
from gliner2_integrations.compare.measure import LlmMeasurement, measure_llm
from gliner2_integrations.compare.prices import (
    BATCH_DISCOUNT,
    DEFAULT_CPU_PRICE_PER_HOUR,
    PRICES,
    PRICES_AS_OF,
    ModelPrice,
    load_prices,
    resolve_price,
)
from gliner2_integrations.compare.report import ComparisonReport

__all__ = [
    "BATCH_DISCOUNT",
    "ComparisonReport",
    "DEFAULT_CPU_PRICE_PER_HOUR",
    "DEFAULT_LLMS",
    "FieldAgreement",
    "GlinerCost",
    "LlmEstimate",
    "LlmMeasurement",
    "MachineInfo",
    "ModelPrice",
    "PRICES",
    "PRICES_AS_OF",
    "RequestSet",
    "TokenizerUnavailableError",
    "UnknownPriceError",
    "build_requests",
    "compare",
    "estimate_llm",
    "field_agreement",
    "load_prices",
    "machine_info",
    "measure_gliner",
    "measure_llm",
    "resolve_price",
]
