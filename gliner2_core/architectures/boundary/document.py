"""Decoding all rows of one document (one row, or the windows of a long text) into one :class:`Extraction`.

Entity candidates are collected from the window that owns their start word and
resolved once per document with the checkpoint's overlap policy, so a mention
is never reported twice nor lost at a window edge. Structures without a record
mode are one record per window (de-duplicated); structures with one are the
record head's records (:mod:`records`), each kept by the window that owns its
anchor's first word and sorted by anchor position. Relations are de-duplicated like the reference's
(contained mentions folded into the longer one, one edge per head/tail text),
class probabilities are averaged over windows, weighted by the words they own.
"""

from __future__ import annotations

import torch

from gliner2_core.architectures.boundary.attributes import SpanAttributes
from gliner2_core.architectures.boundary.overlap import resolve_overlaps
from gliner2_core.architectures.boundary.record_choices import literal_mentions, nearest_mention
from gliner2_core.architectures.boundary.record_decoding import record_fields
from gliner2_core.architectures.boundary.relation_edges import Edge, deduplicate_edges
from gliner2_core.architectures.boundary.rows import Candidate, RowScores
from gliner2_core.decoding.classification import class_probabilities, decode_classification
from gliner2_core.extraction import Choice, Extraction, Record, Relation, Span, Value
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.schema.spec import SchemaSpec, TaskKind


class BoundaryDocument:
    """Accumulates the rows of one document.

    Args:
        spec: The schema (thresholds from the call already applied).
        text: The user's text.
        threshold: The call's default threshold.
        policy: The checkpoint's overlap policy.
        windowed: Whether the document was split into several rows.
    """

    def __init__(self, spec: SchemaSpec, *, text: str, threshold: float, policy: str, windowed: bool) -> None:
        self.spec, self.text, self.threshold, self.policy, self.windowed = spec, text, threshold, policy, windowed
        self.words = None
        self.entities: dict[str, list[Candidate]] = {t.name: [] for t in spec.entities.types} if spec.entities else {}
        self.span_attributes: dict[tuple[int, int], SpanAttributes] = {}  # document word span -> attribute groups
        self.records: dict[str, list[Record]] = {s.name: [] for s in spec.structures}
        self.formed: dict[str, list[tuple[tuple[int, int], Record]]] = {s.name: [] for s in spec.structures}
        self.edges: dict[str, list[Edge]] = {r.name: [] for r in spec.relations}
        self.class_probs: dict[str, list[tuple[torch.Tensor, float]]] = {c.name: [] for c in spec.classifications}

    # -- rows ------------------------------------------------------------------------
    def attribute_spans(self, row: EncodedRow, scores: RowScores) -> list[tuple[int, int]]:
        """The row's entity spans that attribute groups score, in row coordinates and the reference's order.

        Label by label (schema order), each label's spans after its overlap policy, inside the
        text, with a non-empty surface that passes the label's validators; each span once.
        Empty when the schema has no attribute groups.
        """
        entities = self.spec.entities
        if entities is None or not entities.attributes:
            return []
        self.words = row.words
        to_document = self._to_document(row)
        spans: dict[tuple[int, int], None] = {}
        s = next(s for s, segment in enumerate(row.prompt.segments) if segment.kind == TaskKind.ENTITIES)
        for f, entity in enumerate(entities.types):
            for p, start, end in resolve_overlaps(scores.mentions.get((s, f), ()), self.policy):
                span = to_document(start, end)
                surface = self._span(p, *span) if span else None
                if surface is not None and all(v.validate(surface.text) for v in entity.validators):
                    spans[(start, end)] = None
        return list(spans)

    def _to_document(self, row: EncodedRow):
        """Row word span -> document word span (``None`` outside the row's text words)."""
        prefix, first, n = row.prompt.num_prefix_words, row.window.start, row.num_text_words

        def to_document(start: int, end: int) -> tuple[int, int] | None:
            start, end = start - prefix, end - prefix
            return (first + start, first + end) if 0 <= start < end <= n else None

        return to_document

    def add(self, row: EncodedRow, scores: RowScores) -> None:
        """Collect one row's results (in document word coordinates)."""
        self.words = row.words
        own = range(row.window.own_start, row.window.own_end) if self.windowed else None
        to_document = self._to_document(row)
        content = len(self.spec.entities.types) if self.spec.entities else 0

        for s, segment in enumerate(row.prompt.segments):
            if segment.kind == TaskKind.ENTITIES:
                for f, name in enumerate(segment.fields[:content]):  # attribute labels follow the entity labels
                    # Resolve in row coordinates first, like the reference: a winning candidate
                    # that reaches into the choice prefix still removes the spans it overlaps.
                    for p, start, end in resolve_overlaps(scores.mentions.get((s, f), ()), self.policy):
                        span = to_document(start, end)
                        if span is not None and (own is None or span[0] in own):
                            self.entities[name].append((p, *span))
                            if (start, end) in scores.attributes:
                                self.span_attributes[span] = scores.attributes[(start, end)]
            elif segment.kind == TaskKind.STRUCTURE and s in scores.records:
                for index in range(len(scores.records[s])):
                    self._formed(row, segment, s, index, scores, to_document, own)
            elif segment.kind == TaskKind.STRUCTURE:
                self._structure(segment, s, scores, to_document)
            elif segment.kind == TaskKind.RELATION:
                for p, head, tail, hp, tp in scores.relations.get(s, ()):
                    h, t = to_document(*head), to_document(*tail)
                    hs, ts = (self._span(hp, *h) if h else None), (self._span(tp, *t) if t else None)
                    if hs and ts and p >= self._relation_threshold(segment.name):
                        self.edges[segment.name].append(Edge(p, hs, ts))
            else:
                task = next(c for c in self.spec.classifications if c.name == segment.name)
                logits = torch.tensor(scores.class_logits[s])
                weight = float(row.window.own_end - row.window.own_start)
                self.class_probs[task.name].append((class_probabilities(task, logits), weight))

    def _structure(self, segment, s: int, scores: RowScores, to_document) -> None:
        structure = next(t for t in self.spec.structures if t.name == segment.name)
        fields: dict[str, tuple[Value, ...]] = {}
        for f, name in enumerate(segment.fields):
            spec_field = next(x for x in structure.fields if x.name == name)
            threshold = self.threshold if spec_field.threshold is None else spec_field.threshold
            if spec_field.choices:
                options = scores.choices.get((s, f), [])
                if spec_field.dtype == "list":
                    fields[name] = tuple(Choice(c, p) for c, p in options if p >= threshold)
                else:
                    best = max(options, key=lambda o: o[1], default=None)  # first of equal maxima
                    fields[name] = (Choice(*best),) if best and best[1] >= threshold else ()
                continue
            resolved = resolve_overlaps(scores.mentions.get((s, f), ()), self.policy)
            spans = self._finish([(p, *d) for p, a, b in resolved if (d := to_document(a, b))], spec_field.validators)
            fields[name] = tuple(spans[:1]) if spec_field.dtype == "str" else tuple(spans)
        if any(fields.values()):
            self.records[structure.name].append(Record({f.name: fields.get(f.name, ()) for f in structure.fields}))

    def _formed(self, row: EncodedRow, segment, s: int, index: int, scores: RowScores, to_document, own) -> None:
        """Keep the record-head record ``scores.records[s][index]`` (the reference's field formatting)."""
        record = scores.records[s][index]
        anchor = to_document(*record.anchor) if record.anchor is not None else None
        if own is not None and not self._owns(record, anchor, own, to_document):
            return  # another window owns this record
        structure = next(t for t in self.spec.structures if t.name == segment.name)
        settings = {f.name: f for f in record_fields(structure)}
        fields: dict[str, tuple[Value, ...]] = {}
        for f, name in enumerate(segment.fields):
            spec_field = next(x for x in structure.fields if x.name == name)
            single = settings[name].scalar or spec_field.dtype == "str"
            if spec_field.choices:
                fields[name] = self._record_choice(row, structure, s, f, index, scores, to_document, single)
                continue
            found = []
            for assigned, candidate, start, end in record.values[f]:
                span = to_document(start, end)
                probability = min(candidate, assigned)
                surface = self._span(probability, *span) if span else None
                if (
                    surface is not None
                    and (not settings[name].may_be_absent or candidate >= self.threshold)
                    and (spec_field.threshold is None or probability >= spec_field.threshold)
                    and all(v.validate(surface.text) for v in spec_field.validators)
                ):
                    found.append((probability, *span))
            spans = [self._span(p, a, b) for p, a, b in resolve_overlaps(found, self.policy)]
            fields[name] = tuple(spans[:1] if single else spans)
        if any(fields.values()):
            record_out = Record({f.name: fields.get(f.name, ()) for f in structure.fields}, record.probability)
            # records in anchor order, like the reference; an anchor on a choice-prefix word sorts
            # before the text, in prompt order (negative positions)
            self.formed[structure.name].append((self._order_key(row, record, anchor, index), record_out))

    @staticmethod
    def _owns(record, anchor, own: range, to_document) -> bool:
        """Whether this window owns the record: its anchor's, else its first text value's, first word."""
        if record.anchor is not None:
            return anchor is not None and anchor[0] in own
        starts = [span[0] for values in record.values for *_, a, b in values if (span := to_document(a, b))]
        return (min(starts) if starts else own.start) in own

    @staticmethod
    def _order_key(row: EncodedRow, record, anchor, index: int) -> tuple[int, int]:
        """Natural records in anchor order, like the reference (an anchor on a choice-prefix word sorts
        before the text, in prompt order); latent and anchorless ones in decoding order, window by window."""
        if record.anchor is None:
            return (row.window.start, index)
        prefix = row.prompt.num_prefix_words
        return anchor if anchor is not None else (record.anchor[0] - prefix, record.anchor[1] - prefix)

    def _record_choice(
        self, row: EncodedRow, structure, s: int, f: int, index: int, scores: RowScores, to_document, single: bool
    ) -> tuple[Value, ...]:
        """A choice field of one formed record, decided record by record (see :mod:`record_choices`).

        Options written in the text and bound to this record's anchor come first (with the
        field-level probability and the mention's offsets); then the record's own candidates that
        read as an option; then the field-level choice. Located values are :class:`Span` s whose
        text is the option label.
        """
        name = row.prompt.segments[s].fields[f]
        spec_field = next(x for x in structure.fields if x.name == name)
        options = scores.choices.get((s, f), [])
        probability_of = dict(options)
        records = scores.records[s]
        # the reference numbers a text's records in anchor order (row positions), and ties between
        # anchors that start together go to the later number
        order = sorted(range(len(records)), key=lambda i: records[i].anchor or (0, 0))
        anchors = [self._characters(to_document(*records[i].anchor) if records[i].anchor else None) for i in order]
        position = order.index(index)
        mine = anchors[position]
        if mine is not None:
            first, last = row.window.start, row.window.end - 1
            window = (self.words.starts[first], self.words.ends[last]) if self.windowed else None
            written, owned = literal_mentions(self.text, spec_field.choices, anchors, window)
            preferred = owned.get(position, [])
            if single and preferred:
                preferred = [nearest_mention(preferred, mine)]
            if preferred:
                return tuple(Span(c, probability_of.get(c, 0.0), a, b) for c, a, b in preferred)
            if written:
                return ()
        matched = self._option_candidates(row, structure, spec_field, s, f, index, scores, to_document, single)
        return matched or self._choice_values(spec_field, options, single)

    def _option_candidates(
        self, row: EncodedRow, structure, spec_field, s: int, f: int, index: int, scores: RowScores, to_document, single
    ) -> tuple[Span, ...]:
        """The record's own candidates for a choice field that read as an option, after the overlap policy.

        A candidate on an option word of the schema prefix is that option, located at the record's
        anchor (the reference's offsets); a text span counts when its text is an option (any case).
        """
        record = scores.records[s][index]
        setting = next(x for x in record_fields(structure) if x.name == spec_field.name)
        prefix = row.prompt.num_prefix_words
        slot_choice = dict(zip(row.prompt.choice_slots[(structure.name, spec_field.name)], spec_field.choices))
        anchor = to_document(*record.anchor) if record.anchor is not None else None
        at_anchor = (anchor, self._characters(anchor)) if anchor is not None else ((0, 0), (0, 0))
        found: list[tuple[float, int, int]] = []
        located: list[tuple[str, int, int]] = []  # surface, character offsets (parallel to ``found``)
        for assigned, candidate, start, end in record.values[f]:
            probability = min(candidate, assigned)
            if end <= prefix:
                surface = slot_choice.get(start)
                if surface is None or (spec_field.threshold is not None and probability < spec_field.threshold):
                    continue
                (word_start, word_end), (char_start, char_end) = at_anchor
                found.append((probability, word_start, word_end))
                located.append((surface, char_start, char_end))
                continue
            span = to_document(start, end)
            value = self._span(probability, *span) if span else None
            if (
                value is not None
                and (not setting.may_be_absent or candidate >= self.threshold)
                and (spec_field.threshold is None or probability >= spec_field.threshold)
            ):
                found.append((probability, *span))
                located.append((value.text, value.start, value.end))
        by_option = {choice.casefold(): choice for choice in spec_field.choices}
        kept = []
        for p, start, end in resolve_overlaps(found, self.policy):
            # exact duplicates keep their best-ranked copy: highest probability, then first found
            i = next(i for i, c in enumerate(found) if c == (p, start, end))
            kept.append((p, *located[i]))
        kept = kept[:1] if single else kept
        return tuple(Span(by_option[t.casefold()], p, a, b) for p, t, a, b in kept if t.casefold() in by_option)

    def _characters(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """The character offsets of document words ``[start, end)`` (``None`` for ``None``)."""
        if span is None:
            return None
        return self.words.starts[span[0]], min(self.words.ends[span[1] - 1], len(self.text))

    def _choice_values(self, spec_field, options: list[tuple[str, float]], single: bool) -> tuple[Value, ...]:
        """A choice field's value from its options' scores (the per-field decision of :meth:`_structure`)."""
        threshold = self.threshold if spec_field.threshold is None else spec_field.threshold
        if not single:
            return tuple(Choice(c, p) for c, p in options if p >= threshold)
        best = max(options, key=lambda o: o[1], default=None)  # first of equal maxima
        return (Choice(*best),) if best and best[1] >= threshold else ()

    # -- helpers -----------------------------------------------------------------------
    def _span(self, p: float, start: int, end: int) -> Span | None:
        """The character span of document words ``[start, end)``, or ``None`` past the user's text."""
        char_start = self.words.starts[start]
        char_end = min(self.words.ends[end - 1], len(self.text))
        surface = self.text[char_start:char_end].strip() if char_start < len(self.text) else ""
        return Span(surface, p, char_start, char_end) if surface else None

    def _finish(self, candidates: list[Candidate], validators) -> list[Span]:
        return [span for span, _ in self._located(candidates, validators)]

    def _located(self, candidates: list[Candidate], validators) -> list[tuple[Span, tuple[int, int]]]:
        """The kept spans after the overlap policy and validators, each with its document word span."""
        spans = []
        for p, start, end in resolve_overlaps(candidates, self.policy):
            span = self._span(p, start, end)
            if span is not None and all(v.validate(span.text) for v in validators):
                spans.append((span, (start, end)))
        return spans

    def _relation_threshold(self, name: str) -> float:
        own = next(r for r in self.spec.relations if r.name == name).threshold
        return self.threshold if own is None else own

    def finish(self) -> Extraction:
        """Resolve entities document-wide, merge windows, decide classes."""
        entities, attributes = {}, {}
        if self.spec.entities is not None:
            groups = self.spec.entities.attributes
            for entity in self.spec.entities.types:
                located = self._located(self.entities[entity.name], entity.validators) if self.words else []
                located = located[:1] if entity.dtype == "str" else located
                entities[entity.name] = tuple(span for span, _ in located)
                if groups:
                    applying = [name for name, group in groups if group.applies(entity.name)]
                    attributes[entity.name] = tuple(
                        {name: self.span_attributes.get(words, {}).get(name, ()) for name in applying}
                        for _, words in located
                    )
        records = {}
        for name, found in self.records.items():
            unique: dict[tuple, Record] = {}
            for record in found:  # windows may find the same record twice
                unique.setdefault(tuple((k, tuple(v)) for k, v in record.fields.items()), record)
            formed = [record for _, record in sorted(self.formed[name], key=lambda item: item[0])]
            records[name] = tuple(unique.values()) + tuple(formed)
        relations = {
            name: tuple(Relation(e.head, e.tail) for e in deduplicate_edges(edges))
            for name, edges in self.edges.items()
        }
        classifications = {}
        for task in self.spec.classifications:
            parts = self.class_probs[task.name]
            if not parts:
                classifications[task.name] = ()
                continue
            probs = parts[0][0] if len(parts) == 1 else sum(p * w for p, w in parts) / sum(w for _, w in parts)
            classifications[task.name] = decode_classification(task, probs)
        return Extraction(
            self.text,
            self.spec,
            entities=entities,
            entity_attributes=attributes,
            classifications=classifications,
            records=records,
            relations=relations,
        )
