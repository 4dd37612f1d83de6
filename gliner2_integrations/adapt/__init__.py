"""``adapt``: turn a team's own examples (or an LLM's answers) into a CPU model for its schema.

    >>> from gliner2_integrations.adapt import adapt            # doctest: +SKIP
    >>> report = adapt(Receipt, "receipts.jsonl", "runs/receipt-model", time_budget_minutes=10)  # doctest: +SKIP
    >>> report.before["all"]["accuracy"], report.after["all"]["accuracy"]  # doctest: +SKIP

The output folder is a normal checkpoint: ``GLiNER2.from_pretrained(folder)`` loads it and every
integration uses it as it is. See :mod:`~gliner2_integrations.adapt.run` for the steps,
:mod:`~gliner2_integrations.adapt.examples` for the file format and
:mod:`~gliner2_integrations.adapt.align` for how values become spans. Importing this module
does not import torch.
"""

from gliner2_integrations.adapt.align import align
from gliner2_integrations.adapt.examples import ExamplesError, read_examples
from gliner2_integrations.adapt.run import AdaptReport, adapt

__all__ = ["AdaptReport", "ExamplesError", "adapt", "align", "read_examples"]
