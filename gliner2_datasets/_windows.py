"""Multi-sentence windows of tagged documents: whole runs of consecutive sentences as one record.

Document-level token sources (GUM, re3d, SEC filings, CoNLL-2003 rebuilt into
articles) become records of several consecutive sentences, up to ``max_words``
words, so that a model learns to read whole passages rather than single
sentences. Sentences are packed greedily in order; a sentence longer than
``max_words`` is cut at token boundaries. Each sentence's tags are decoded on
their own (a mention never crosses a sentence end), and a mention that a cut
splits between two windows is dropped.

Sentences are joined by a space, or by a line break after a sentence that does
not end in terminal punctuation (headlines, datelines, list items), the way
such lines stand in the original documents.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from gliner2_datasets._bio import Sentence, decode_chunks
from gliner2_datasets._records import Record, entity_map
from gliner2_datasets.text import Span, pinned

logger = logging.getLogger(__name__)

Document = list[Sentence]
"""A document as its sentences, in order."""

_TERMINAL = (".", "!", "?", ":", ";", '"', "'", ")", "''")


@dataclass(frozen=True)
class _Piece:
    """A run of tokens of one sentence that goes into a window whole."""

    first: int  # index of the first token in the document's token list
    last: int  # one past the last token
    words: int
    starts_sentence: bool


def _words(token: str) -> int:
    return max(1, len(token.split()))


def _pieces(document: Document, max_words: int) -> list[_Piece]:
    """The document's sentences, each cut into runs of at most ``max_words`` words."""
    pieces: list[_Piece] = []
    position = 0
    for sentence in document:
        first, words = position, 0
        for index, (token, _) in enumerate(sentence):
            count = _words(token)
            if words and words + count > max_words:
                pieces.append(_Piece(first, position + index, words, first == position))
                first, words = position + index, 0
            words += count
        if words:
            pieces.append(_Piece(first, position + len(sentence), words, first == position))
        position += len(sentence)
    return pieces


def _mentions(document: Document) -> list[tuple[int, int, str]]:
    """Every mention of the document as ``(first token, one past last token, source type)``."""
    mentions = []
    position = 0
    for sentence in document:
        chunks = decode_chunks([tag for _, tag in sentence])
        mentions.extend((position + first, position + last, kind) for first, last, kind in chunks)
        position += len(sentence)
    return mentions


def _pack(pieces: Sequence[_Piece], max_words: int) -> list[list[_Piece]]:
    windows: list[list[_Piece]] = []
    count = 0
    for piece in pieces:
        if windows and count + piece.words <= max_words:
            windows[-1].append(piece)
            count += piece.words
        else:
            windows.append([piece])
            count = piece.words
    return windows


def _window_text(tokens: Sequence[str], pieces: Sequence[_Piece]) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text of a window and the character offsets of each of its tokens (by document index)."""
    parts: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    position = 0
    for number, piece in enumerate(pieces):
        if number:
            previous = tokens[pieces[number - 1].last - 1]
            gap = "\n" if piece.starts_sentence and not previous.endswith(_TERMINAL) else " "
            parts.append(gap)
            position += 1
        for index in range(piece.first, piece.last):
            if index > piece.first:
                parts.append(" ")
                position += 1
            offsets[index] = (position, position + len(tokens[index]))
            parts.append(tokens[index])
            position += len(tokens[index])
    return "".join(parts), offsets


def document_windows(
    document: Document, label_map: Mapping[str, str], labels: Sequence[str], max_words: int
) -> Iterator[Record]:
    """Yield entity records of consecutive sentences of one document, each of at most ``max_words`` words.

    Args:
        document: The tagged sentences (any scheme :func:`decode_chunks` reads).
        label_map: Source entity type to natural label.
        labels: Every label of the dataset; each becomes a key, empty when unmentioned.
        max_words: Most whitespace-separated words per record.

    Yields:
        ``{"input": text, "output": {"entities": {label: [pinned spans]}}}`` per window.
    """
    tokens = [token for sentence in document for token, _ in sentence]
    mentions = _mentions(document)
    for pieces in _pack(_pieces(document, max_words), max_words):
        text, offsets = _window_text(tokens, pieces)
        found: list[tuple[str, Span]] = []
        for first, last, kind in mentions:
            if first in offsets and last - 1 in offsets:
                found.append((label_map[kind], pinned(text, offsets[first][0], offsets[last - 1][1])))
            elif first in offsets or last - 1 in offsets:
                logger.debug("dropped a mention cut by a window end: %r", " ".join(tokens[first:last]))
        yield {"input": text, "output": {"entities": entity_map(labels, found)}}
