"""Running many texts through the model: windowing, length-sorted batches, decoding.

Texts are taken in chunks, so an arbitrarily long list (or a 1M-character
document) is processed with memory bounded by the chunk, not the input: each
chunk's rows are sorted by length, batched, scored under ``inference_mode``,
decoded row by row, and only the decoded results are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

import torch

from gliner2_core.decoding.document import DocumentDecoder, RawResult
from gliner2_core.errors import SchemaError
from gliner2_core.modeling.model import GLiNER2Model
from gliner2_core.processing.batch import collate
from gliner2_core.processing.encoding import EncodedRow, Processor
from gliner2_core.schema.spec import SchemaSpec, check_threshold

logger = logging.getLogger(__name__)

CHUNK_ROWS = 256


def check_options(*, threshold: float, batch_size: int, max_len: int | None) -> None:
    """Validate the common extraction options."""
    check_threshold("threshold", threshold, optional=False)
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise SchemaError.invalid("batch_size", batch_size, "a positive integer")
    if max_len is not None and (isinstance(max_len, bool) or not isinstance(max_len, int) or max_len < 1):
        raise SchemaError.invalid("max_len", max_len, "a positive integer (words per window) or None")


class Runner:
    """Scores and decodes texts with one model.

    Args:
        model: The model (its device is used for the batches).
        processor: The matching processor.
    """

    def __init__(self, model: GLiNER2Model, processor: Processor) -> None:
        self.model = model
        self.processor = processor

    def run(
        self,
        items: Iterable[tuple[str, SchemaSpec]],
        *,
        threshold: float = 0.5,
        batch_size: int = 8,
        max_len: int | None = None,
    ) -> Iterator[RawResult]:
        """Yield one :class:`RawResult` per ``(text, schema)``, in input order."""
        pending: list[tuple[DocumentDecoder, list[EncodedRow]]] = []
        rows_pending = 0
        for index, (text, spec) in enumerate(items):
            if not isinstance(text, str):
                raise SchemaError.invalid(f"texts[{index}]", type(text).__name__, "a string")
            rows = self.processor.encode(text, spec, doc=len(pending), max_words=max_len)
            decoder = DocumentDecoder(spec, text_length=len(text), threshold=threshold, windowed=len(rows) > 1)
            pending.append((decoder, rows))
            rows_pending += len(rows)
            if rows_pending >= CHUNK_ROWS:
                yield from self._flush(pending, batch_size)
                pending, rows_pending = [], 0
        yield from self._flush(pending, batch_size)

    def _flush(self, pending: list[tuple[DocumentDecoder, list[EncodedRow]]], batch_size: int) -> Iterator[RawResult]:
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
