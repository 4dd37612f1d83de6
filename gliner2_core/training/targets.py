"""Gold values -> per-segment training targets for one encoded row.

Span gold is mapped to word indices of the row: pinned mentions by their
character offsets, plain strings at every occurrence of their words. Instances
are ordered by their first mention, so query ``k`` of the count head always
means "the k-th record in reading order".
"""

from __future__ import annotations

from collections.abc import Sequence

from gliner2_core.architectures.span.outputs import SegmentTarget
from gliner2_core.processing.encoding import EncodedRow
from gliner2_core.processing.words import split_words
from gliner2_core.schema.spec import TaskKind
from gliner2_core.training.examples import ChoiceGold, FieldGold, Mention
from gliner2_core.training.sampling import Gold

WordSpan = tuple[int, int]  # row word index (prefix included) of the first word, width


class _Aligner:
    """Finds a row's word spans for mentions."""

    def __init__(self, row: EncodedRow, max_width: int) -> None:
        self.row = row
        self.max_width = max_width
        window = row.window
        self.words = row.words.words[window.start : window.end]
        self.starts = row.words.starts[window.start : window.end]
        self.ends = row.words.ends[window.start : window.end]
        self.prefix = row.prompt.num_prefix_words

    def _span(self, first: int, last: int) -> WordSpan | None:
        width = last - first
        if 0 <= width < self.max_width:
            return (self.prefix + first, width)
        return None

    def spans(self, mention: Mention) -> list[WordSpan]:
        if mention.start is not None and mention.end is not None:
            inside = [i for i, (s, e) in enumerate(zip(self.starts, self.ends)) if e > mention.start and s < mention.end]
            span = self._span(inside[0], inside[-1]) if inside else None
            return [span] if span else []
        needle = list(split_words(mention.text).words)
        n = len(needle)
        found = []
        for i in range(len(self.words) - n + 1):
            if list(self.words[i : i + n]) == needle:
                span = self._span(i, i + n - 1)
                if span:
                    found.append(span)
        return found


def _field_spans(aligner: _Aligner, gold: FieldGold, slots: Sequence[int] | None) -> list[WordSpan]:
    if isinstance(gold, ChoiceGold):
        if slots is None:
            return []
        order = list(gold.choices)
        # the sampled schema may list the options in another order; map by name
        return [(slots[i], 0) for i in range(len(slots)) if i < len(order) and order[i] in gold.selected]
    return [span for mention in gold for span in aligner.spans(mention)]


def _instances(aligner: _Aligner, segment, instances: list[dict[str, FieldGold]], slots_of) -> list[list[list[WordSpan]]]:
    rows = []
    for instance in instances:
        per_field = [_field_spans(aligner, instance[f], slots_of(f)) if f in instance else [] for f in segment.fields]
        if any(per_field):
            rows.append(per_field)
    rows.sort(key=lambda fields: min((s[0] for spans in fields for s in spans), default=0))
    return rows


def _spans_target(rows: list[list[list[WordSpan]]]) -> SegmentTarget:
    spans = tuple((k, f, start, width) for k, fields in enumerate(rows) for f, spans in enumerate(fields) for start, width in spans)
    return SegmentTarget(count=len(rows), spans=spans)


def build_targets(row: EncodedRow, gold: Gold, *, max_width: int) -> list[SegmentTarget]:
    """Targets for every segment of ``row`` (same order as ``row.prompt.segments``)."""
    aligner = _Aligner(row, max_width)
    spec = row.prompt.spec
    targets: list[SegmentTarget] = []
    for segment in row.prompt.segments:
        if segment.kind == TaskKind.ENTITIES:
            fields = [[s for m in gold.entities.get(label, ()) for s in aligner.spans(m)] for label in segment.fields]
            spans = tuple((0, f, start, width) for f, found in enumerate(fields) for start, width in found)
            targets.append(SegmentTarget(count=1, spans=spans))
        elif segment.kind == TaskKind.STRUCTURE:
            structure = next(s for s in spec.structures if s.name == segment.name)
            choice_fields = {f.name: f.choices for f in structure.fields if f.choices}
            slots = {name: row.prompt.choice_slots[(segment.name, name)] for name in choice_fields}
            instances = [_remap_choices(inst, choice_fields) for inst in gold.structures.get(segment.name, [])]
            targets.append(_spans_target(_instances(aligner, segment, instances, slots.get)))
        elif segment.kind == TaskKind.RELATION:
            pairs = [{"head": (h,), "tail": (t,)} for h, t in gold.relations.get(segment.name, [])]
            targets.append(_spans_target(_instances(aligner, segment, pairs, lambda _: None)))
        else:
            true = gold.classifications.get(segment.name, set())
            targets.append(SegmentTarget(labels=tuple(1.0 if label in true else 0.0 for label in segment.fields)))
    return targets


def _remap_choices(instance: dict[str, FieldGold], shown: dict[str, tuple[str, ...] | None]) -> dict[str, FieldGold]:
    """Express choice gold in the option order the sampled schema shows."""
    out: dict[str, FieldGold] = {}
    for name, value in instance.items():
        if isinstance(value, ChoiceGold) and shown.get(name):
            value = ChoiceGold(value.selected, tuple(shown[name]))
        out[name] = value
    return out
