"""Running texts through the boundary model: windowing, length-sorted batches, decoding.

The same plan as the span model's runner (chunks of rows, sorted by length,
scored under ``inference_mode``, decoded row by row), with the boundary
model's scoring and decoding. It is an :class:`~gliner2_core.architectures.runner.ExtractionRunner`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import torch

from gliner2_core.architectures.boundary.attributes import score_attributes
from gliner2_core.architectures.boundary.config import OVERLAP_POLICIES
from gliner2_core.architectures.boundary.document import BoundaryDocument
from gliner2_core.architectures.boundary.model import BoundaryModel
from gliner2_core.architectures.boundary.rows import RowScorer
from gliner2_core.errors import SchemaError
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions
from gliner2_core.processing.batch import collate
from gliner2_core.processing.encoding import EncodedRow, Processor
from gliner2_core.schema.spec import SchemaSpec

CHUNK_ROWS = 256
_Pending = list[tuple[BoundaryDocument, list[EncodedRow]]]


class BoundaryRunner:
    """Scores and decodes texts with one boundary model.

    Args:
        model: The model (its device is used for the batches).
        processor: The matching processor (the span model's: same prompt and words).
    """

    def __init__(self, model: BoundaryModel, processor: Processor) -> None:
        self.model = model
        self.processor = processor
        self.policy = OVERLAP_POLICIES[model.config.head.overlap_policy]

    def run(self, items: Iterable[tuple[str, SchemaSpec]], options: ExtractOptions) -> Iterator[Extraction]:
        """Yield one :class:`Extraction` per ``(text, schema)``, in input order.

        Raises:
            SchemaError: For a text that is not a string (naming its index), or a
                ``field_thresholds`` path missing from a schema.
        """
        pending: _Pending = []
        rows_pending = 0
        for index, (text, spec) in enumerate(items):
            if not isinstance(text, str):
                raise SchemaError.invalid(f"texts[{index}]", type(text).__name__, "a string")
            spec = options.apply_to(spec)
            rows = self.processor.encode(text, spec, doc=len(pending), max_words=options.max_len)
            document = BoundaryDocument(
                spec, text=text, threshold=options.thresholds()[0], policy=self.policy, windowed=len(rows) > 1
            )
            pending.append((document, rows))
            rows_pending += len(rows)
            if rows_pending >= CHUNK_ROWS:
                yield from self._flush(pending, options)
                pending, rows_pending = [], 0
        yield from self._flush(pending, options)

    def _flush(self, pending: _Pending, options: ExtractOptions) -> Iterator[Extraction]:
        rows = [row for _, doc_rows in pending for row in doc_rows]
        rows.sort(key=lambda r: len(r.input_ids), reverse=True)
        device = next(self.model.parameters()).device
        scorer = RowScorer(self.model, options.thresholds()[0])
        with torch.inference_mode():
            for start in range(0, len(rows), options.batch_size):
                batch = collate(rows[start : start + options.batch_size]).to(device)
                output = self.model(batch)
                for b, (row, scores) in enumerate(zip(batch.rows, scorer(batch, output))):
                    document = pending[row.doc][0]
                    spans = document.attribute_spans(row, scores)  # empty without entity attribute groups
                    if spans:
                        scores.attributes = score_attributes(self.model, batch, output, b, spans)
                    document.add(row, scores)
        for document, _ in pending:
            yield document.finish()
