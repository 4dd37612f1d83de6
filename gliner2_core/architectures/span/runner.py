"""Running many texts through the span model: windowing, length-sorted batches, decoding.

Texts are taken in chunks, so an arbitrarily long list (or a 1M-character
document) is processed with memory bounded by the chunk, not the input: each
chunk's rows are sorted by length, batched, scored under ``inference_mode``,
decoded row by row, and only the decoded results are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import torch

from gliner2_core.architectures.span.document import DocumentDecoder
from gliner2_core.architectures.span.model import GLiNER2Model
from gliner2_core.extraction import Extraction
from gliner2_core.options import ExtractOptions
from gliner2_core.processing.batch import collate
from gliner2_core.processing.encoding import EncodedRow, Processor
from gliner2_core.processing.words import text_problem
from gliner2_core.schema.spec import SchemaSpec

logger = logging.getLogger(__name__)


CHUNK_ROWS = 256

_Pending = list[tuple[DocumentDecoder, list[EncodedRow]]]


class Runner:
    """Scores and decodes texts with one span model (an :class:`~gliner2_core.architectures.runner.ExtractionRunner`).

    Args:
        model: The model (its device is used for the batches).
        processor: The matching processor.
    """

    def __init__(self, model: GLiNER2Model, processor: Processor) -> None:
        self.model = model
        self.processor = processor

    def run(self, items: Iterable[tuple[str, SchemaSpec]], options: ExtractOptions) -> Iterator[Extraction]:
        """Yield one :class:`Extraction` per ``(text, schema)``, in input order.

        A text that cannot be read (not a string, or a string with a lone surrogate) gets the
        empty result of its schema and a logged warning naming its index, so one bad item never
        fails the others (``GLiNER2.extract`` refuses a single bad text instead).

        Raises:
            SchemaError: For a ``field_thresholds`` path missing from a schema.
        """
        pending: _Pending = []
        rows_pending = 0
        window = options.max_len if options.max_len is not None else self.model.config.window_words
        threshold, record_threshold = options.thresholds(self.model.config.record_threshold)
        for index, (text, spec) in enumerate(items):
            problem = text_problem(text, f"texts[{index}]")
            if problem is not None:
                logger.warning("%s; its result is empty", problem)
                text = ""
            spec = options.apply_to(spec)
            rows = self.processor.encode(text, spec, doc=len(pending), max_words=window)
            decoder = DocumentDecoder(
                spec, text=text, threshold=threshold, record_threshold=record_threshold, windowed=len(rows) > 1
            )
            pending.append((decoder, rows))
            rows_pending += len(rows)
            if rows_pending >= CHUNK_ROWS:
                yield from self._flush(pending, options.batch_size)
                pending, rows_pending = [], 0
        yield from self._flush(pending, options.batch_size)

    def _flush(self, pending: _Pending, batch_size: int) -> Iterator[Extraction]:
        rows = [row for _, doc_rows in pending for row in doc_rows]
        rows.sort(key=lambda r: len(r.input_ids), reverse=True)
        device = next(self.model.parameters()).device
        with torch.inference_mode():
            for start in range(0, len(rows), batch_size):
                batch = collate(rows[start : start + batch_size]).to(device)
                output = self.model(batch)
                for row, scores in zip(batch.rows, output.tasks):
                    pending[row.doc][0].add(row, scores)
        for decoder, _ in pending:
            yield decoder.finish()
