"""A grounded-extraction viewer: one self-contained HTML page per set of results.

Every extracted span is highlighted in its source text, coloured by label, with a
legend whose checkboxes toggle labels, the label, field and confidence on hover,
a confidence slider that hides spans scored below it, classification and record
summaries under each text, and navigation between documents (side list, arrows,
the arrow keys). The page loads nothing from the network.

Readers (each returns :class:`ViewDocument` objects):

* :func:`from_extraction`: a typed ``Extraction`` from ``GLiNER2.run`` (preferred);
* :func:`from_output`: a GLiNER2 output dict made with ``include_spans=True``
  (``include_confidence=True`` adds the scores);
* :func:`from_result`: a Pydantic :class:`~gliner2_integrations.pydantic.ExtractionResult`;
* :func:`from_langchain`: LangChain documents tagged by ``GLiNER2MetadataTagger``;
* :func:`from_llamaindex`: LlamaIndex nodes from ``GLiNER2Extractor``.

Then :func:`render_html` returns the page and :func:`write_html` saves it.
Importing this package imports neither torch nor a host library.

Example:
    >>> from gliner2_integrations.viz import from_extraction, write_html
    >>> extractions = model.run(texts, schema)  # doctest: +SKIP
    >>> write_html([from_extraction(e, title=n) for e, n in zip(extractions, names)], "page.html")  # doctest: +SKIP
"""

from gliner2_integrations.viz.collect import from_extraction, from_output, from_result
from gliner2_integrations.viz.document import Classification, Highlight, Record, RecordField, ViewDocument
from gliner2_integrations.viz.hosts import from_langchain, from_llamaindex
from gliner2_integrations.viz.render import render_html, segments, write_html

__all__ = [
    "Classification",
    "Highlight",
    "Record",
    "RecordField",
    "ViewDocument",
    "from_extraction",
    "from_langchain",
    "from_llamaindex",
    "from_output",
    "from_result",
    "render_html",
    "segments",
    "write_html",
]
