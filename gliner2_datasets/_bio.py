"""Reading CoNLL-style token files and turning tag sequences into pinned entity spans.

One decoder serves every tagging scheme in the data: IO (WikiGold), IOB1,
IOB2 and BILOU (CoNLL04). It follows the ``conlleval`` convention: a mention
starts at ``B-``/``U-``, or at an ``I-``/``L-`` whose type differs from the
open mention; it ends before ``O``, ``B-``, ``U-`` or a change of type, and
after ``L-``/``U-``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from gliner2_core.errors import TrainingDataError
from gliner2_datasets.text import join_tokens, pinned

Sentence = list[tuple[str, str]]
"""A sentence as ``(token, tag)`` pairs."""

Chunk = tuple[int, int, str]
"""A mention as ``(first token, one past the last token, source type)``."""

_PREFIXES = ("B", "I", "L", "U")
_SKIPPED_TOKENS = ("-DOCSTART-",)


def read_conll(path: Path, separator: str = "\t") -> Iterator[Sentence]:
    """Yield the sentences of a two-column ``token<separator>tag`` file.

    Blank lines separate sentences; ``-DOCSTART-`` lines are skipped. Tokens are
    stripped of surrounding whitespace and tokens that are empty after that
    (stray whitespace characters in tweets) are dropped.

    Args:
        path: The file.
        separator: What separates the token from its tag (the tag is the last column).

    Raises:
        TrainingDataError: If a non-blank line has no separator.
    """
    sentence: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            token, found, tag = line.rpartition(separator)
            if not found:
                raise TrainingDataError(f"{path}:{number}: got {line!r}; expected 'token{separator!r}tag'")
            token = token.strip()
            if token and token not in _SKIPPED_TOKENS:
                sentence.append((token, tag.strip()))
    if sentence:
        yield sentence


def decode_chunks(tags: Sequence[str]) -> list[Chunk]:
    """Decode IO, IOB1, IOB2 or BILOU tags into mentions.

    Args:
        tags: One tag per token, ``"O"`` or ``"<prefix>-<type>"``.

    Returns:
        The mentions, in order.

    Raises:
        TrainingDataError: If a tag has an unknown prefix.
    """
    chunks: list[Chunk] = []
    open_start: int | None = None
    open_type = ""
    for index, tag in enumerate(tags):
        prefix, _, entity_type = tag.partition("-")
        if tag != "O" and (prefix not in _PREFIXES or not entity_type):
            raise TrainingDataError(f"tag {index}: got {tag!r}; expected 'O' or one of B-, I-, L-, U- and a type")
        if open_start is not None and (tag == "O" or prefix in ("B", "U") or entity_type != open_type):
            chunks.append((open_start, index, open_type))
            open_start = None
        if tag != "O" and open_start is None:
            open_start, open_type = index, entity_type
        if open_start is not None and prefix in ("L", "U"):
            chunks.append((open_start, index + 1, open_type))
            open_start = None
    if open_start is not None:
        chunks.append((open_start, len(tags), open_type))
    return chunks


def label_set(sentences: Sequence[Sentence], label_map: Mapping[str, str], dataset: str) -> list[str]:
    """The natural labels of every entity type that the sentences use, in table order.

    Raises:
        TrainingDataError: If a type is missing from ``label_map``.
    """
    used = {tag.partition("-")[2] for sentence in sentences for _, tag in sentence if tag != "O"}
    unknown = used - label_map.keys()
    if unknown:
        raise TrainingDataError(
            f"dataset {dataset!r}: got entity types {sorted(unknown)}; expected one of {sorted(label_map)}"
        )
    return list(dict.fromkeys(label for source, label in label_map.items() if source in used))


def sentence_record(
    tokens: Sequence[str], tags: Sequence[str], label_map: Mapping[str, str], labels: Sequence[str]
) -> dict[str, object]:
    """Build an entity record from one tagged sentence.

    Args:
        tokens: The tokens; the text is their single-space join.
        tags: One tag per token.
        label_map: Source entity type to natural label.
        labels: Every label of the dataset split; each becomes a key, empty when unmentioned.

    Returns:
        ``{"input": text, "output": {"entities": {label: [pinned spans]}}}``.
    """
    text, offsets = join_tokens(tokens)
    entities: dict[str, list] = {label: [] for label in labels}
    for first, last, source_type in decode_chunks(tags):
        span = pinned(text, offsets[first][0], offsets[last - 1][1])
        entities[label_map[source_type]].append(span)
    return {"input": text, "output": {"entities": entities}}
