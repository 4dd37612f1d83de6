"""Text + schema -> encoder input ids, with the index maps the heads need.

Every word is tokenized on its own (no [CLS]/[SEP]), so the ids of a word never
depend on its neighbours; words are cached. Schema words are tokenized with the
special tokens active, text words with them *disabled*: a document containing
"[E]" or "[SEP_TEXT]" is read as plain characters and can never add a marker.

Input layout of one row (``|`` only for illustration)::

    prompt ids ... [SEP_TEXT] | choice-prefix words | text words

Long texts are split into overlapping windows of words (see :mod:`windows`);
label sets too large for one window are split into groups (see :mod:`label_groups`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from tokenizers import Tokenizer
from transformers import PreTrainedTokenizerBase

from gliner2_core.processing.label_groups import split_labels
from gliner2_core.processing.prompt import Segment, build_segments, choice_prefix, prompt_words
from gliner2_core.processing.windows import Window, plan_windows
from gliner2_core.processing.words import Words, model_text, split_words
from gliner2_core.schema.spec import SchemaSpec

WORD_CACHE_SIZE = 200_000
PROMPT_CACHE_SIZE = 256


@dataclass(frozen=True)
class EncodedPrompt:
    """A schema, tokenized once and reused for every text.

    Attributes:
        spec: The schema.
        segments: Its prompt segments.
        ids: Prompt ids, ending with ``[SEP_TEXT]``.
        markers: Per segment, the positions (in ``ids``) of ``[P]`` then of each field marker.
        prefix_ids: Subword ids of each choice-prefix word.
        choice_slots: ``(structure, field) -> prefix word index of each choice``.
    """

    spec: SchemaSpec
    segments: tuple[Segment, ...]
    ids: tuple[int, ...]
    markers: tuple[tuple[int, ...], ...]
    prefix_ids: tuple[tuple[int, ...], ...]
    choice_slots: dict[tuple[str, str], tuple[int, ...]]

    @property
    def num_prefix_words(self) -> int:
        return len(self.prefix_ids)

    @property
    def length(self) -> int:
        """Subwords used before the first text word."""
        return len(self.ids) + sum(len(w) for w in self.prefix_ids)


@dataclass(frozen=True)
class EncodedRow:
    """One encoder row: a text (or one window of it) with its schema.

    Attributes:
        prompt: The encoded schema.
        input_ids: Token ids of the whole row.
        word_positions: Position of the first subword of every word, choice-prefix words first.
        words: All words of the document (offsets into the user's text).
        window: Which document words this row holds and which starts it owns.
        doc: Index of the document in the call.
    """

    prompt: EncodedPrompt
    input_ids: tuple[int, ...]
    word_positions: tuple[int, ...]
    words: Words
    window: Window
    doc: int

    @property
    def num_text_words(self) -> int:
        return self.window.end - self.window.start


def _plain_backend(tokenizer: PreTrainedTokenizerBase, *, split_special: bool) -> Tokenizer:
    backend = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
    backend.no_padding()
    backend.no_truncation()
    backend.encode_special_tokens = split_special
    return backend


class Processor:
    """Tokenizes schemas and texts for one tokenizer.

    Args:
        tokenizer: A fast tokenizer that already holds the GLiNER2 special tokens.
        max_positions: Longest row the encoder accepts, in subwords.
        max_width: Longest span in words; windows overlap by at least twice this.
    """

    def __init__(self, tokenizer: PreTrainedTokenizerBase, *, max_positions: int, max_width: int) -> None:
        self.tokenizer = tokenizer
        self.max_positions = max_positions
        self.max_width = max_width
        self._schema_backend = _plain_backend(tokenizer, split_special=False)
        self._text_backend = _plain_backend(tokenizer, split_special=True)
        self._word_cache: OrderedDict[str, tuple[int, ...]] = OrderedDict()
        self._prompt_cache: OrderedDict[SchemaSpec, EncodedPrompt] = OrderedDict()
        # The last schema's prompts, by identity: the texts of a batch share one spec object,
        # so they skip re-hashing the (deep, frozen) spec for the cache lookup.
        self._last_prompts: tuple[SchemaSpec, tuple[EncodedPrompt, ...]] | None = None

    # -- tokenization ------------------------------------------------------------
    def schema_word_ids(self, words: Sequence[str]) -> list[tuple[int, ...]]:
        """Ids of schema words; special tokens inside them are kept as markers."""
        return [tuple(e.ids) for e in self._schema_backend.encode_batch(list(words), add_special_tokens=False)]

    def text_word_ids(self, words: Sequence[str]) -> list[tuple[int, ...]]:
        """Ids of text words (special-token strings are split like any text); cached."""
        cache = self._word_cache
        missing = list(dict.fromkeys(w for w in words if w not in cache))
        if missing:
            for word, encoding in zip(missing, self._text_backend.encode_batch(missing, add_special_tokens=False)):
                cache[word] = tuple(encoding.ids)
            while len(cache) > WORD_CACHE_SIZE:
                cache.popitem(last=False)
        return [cache[w] for w in words]

    def prompt(self, spec: SchemaSpec) -> EncodedPrompt:
        """The tokenized schema (cached per schema)."""
        cached = self._prompt_cache.get(spec)
        if cached is not None:
            self._prompt_cache.move_to_end(spec)
            return cached
        segments = build_segments(spec)
        words = prompt_words(segments)
        word_ids = self.schema_word_ids(words)
        starts, ids = [], []
        for wid in word_ids:
            starts.append(len(ids))
            ids.extend(wid)
        markers, offset = [], 0
        for segment in segments:
            markers.append(tuple(starts[offset + i] for i in segment.marker_word_indices))
            offset += len(segment.words) + 1  # + [SEP_STRUCT] / [SEP_TEXT]
        prefix_words, slots = choice_prefix(spec)
        encoded = EncodedPrompt(
            spec, segments, tuple(ids), tuple(markers), tuple(self.schema_word_ids(prefix_words)), slots
        )
        self._prompt_cache[spec] = encoded
        if len(self._prompt_cache) > PROMPT_CACHE_SIZE:
            self._prompt_cache.popitem(last=False)
        return encoded

    # -- rows --------------------------------------------------------------------
    def encode(self, text: str, spec: SchemaSpec, *, doc: int = 0, max_words: int | None = None) -> list[EncodedRow]:
        """Encode a text into one row, or several overlapping windows when it is long.

        Args:
            text: The user's text (offsets in the results index into it).
            spec: The schema.
            doc: Index of the text in the call, carried into the rows.
            max_words: Optional cap on words per window.

        Returns:
            The rows, in text order; none for empty or whitespace-only text.

        Raises:
            SchemaError: If the schema does not fit in the encoder window, even split.
        """
        if not text.strip():
            return []
        prompts = self.prompts(spec)
        words = split_words(model_text(text))
        word_ids = self.text_word_ids(words.words)
        budget = self.max_positions - max(p.length for p in prompts)
        # A pathological word (a huge URL, a base64 blob) keeps its first subwords only.
        cap = max(1, budget // 4)
        word_ids = [ids[:cap] for ids in word_ids]
        windows = plan_windows(
            [len(ids) for ids in word_ids], budget=budget, max_words=max_words, min_overlap=2 * self.max_width
        )
        return [self._row(prompt, words, word_ids, window, doc) for window in windows for prompt in prompts]

    def prompts(self, spec: SchemaSpec) -> tuple[EncodedPrompt, ...]:
        """The encoded prompt of each of ``spec``'s variants (see :meth:`variants`), reused across texts."""
        last = self._last_prompts
        if last is not None and last[0] is spec:  # specs are frozen: the same object encodes the same way
            return last[1]
        prompts = tuple(self.prompt(v) for v in self.variants(spec))
        self._last_prompts = (spec, prompts)
        return prompts

    def variants(self, spec: SchemaSpec) -> list[SchemaSpec]:
        """The schema, or label-group variants of it when its prompt is too long for the window.

        The prompt may use at most the window minus ``4 * max_width`` tokens
        (room for some text); a split prompt at most half of the window.
        """
        room = self.max_positions - 4 * self.max_width
        if self.prompt(spec).length <= room:
            return [spec]
        return split_labels(spec, lambda s: self.prompt(s).length, self.max_positions // 2)

    def _row(self, prompt: EncodedPrompt, words: Words, word_ids: list[tuple[int, ...]], window: Window, doc: int) -> EncodedRow:
        ids = list(prompt.ids)
        positions: list[int] = []
        for wid in list(prompt.prefix_ids) + word_ids[window.start : window.end]:
            # A word with no subwords points at the next word's first subword,
            # so the word <-> vector alignment never shifts.
            positions.append(len(ids))
            ids.extend(wid)
        last = len(ids) - 1
        return EncodedRow(prompt, tuple(ids), tuple(min(p, last) for p in positions), words, window, doc)
