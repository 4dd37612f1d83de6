"""Reading one record's fields by their kinds: candidates, one span per field, acceptance.

For each field the model's candidates (spans the decoder kept through the kind's shape
check, or the answers of the field's classification question) are coerced to the field's
type; those that fail count as not found. Single-value span fields then take their spans
by an assignment in order of confidence: one text span fills at most one field (two fields
of the same kind may share it only when both are sure of it), so an e-mail that scores well
as ``product`` and better as ``email`` fills ``email`` and ``product`` takes its next
candidate. A value is filled only when its calibrated confidence reaches the acceptance
threshold (the field's own, else the call's, else the calibration's default).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from gliner2_integrations.pydantic.calibration import DEFAULT, Calibration
from gliner2_integrations.pydantic.choices import WRITTEN_CONFIDENCE, written_choice
from gliner2_integrations.pydantic.coerce import CoercionError, coerce_text
from gliner2_integrations.pydantic.convert import CANDIDATE_FLOOR
from gliner2_integrations.pydantic.cues import LABELLED_CONFIDENCE, LABELLED_KINDS, labelled
from gliner2_integrations.pydantic.instances import Found, Instance
from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.normalise import currency_of
from gliner2_integrations.pydantic.plan import FieldPlan, StructurePlan, question_labels
from gliner2_integrations.pydantic.polarity import mentions, stated
from gliner2_integrations.pydantic.shapes import fits, shaped_in, tidy, widen

logger = logging.getLogger(__name__)

SHARE_CONFIDENCE = 0.9
"""Calibrated confidence both fields of the same kind need to share one span."""

STATED_CONFIDENCE = 0.93
"""Confidence of a bool field answered by the text mentioning it (plainly or negatively, see
:mod:`~gliner2_integrations.pydantic.polarity`): the share of such answers that were right on the
agent suite (``scripts/calibrate_fields.py`` prints it)."""


@dataclass(frozen=True)
class Reading:
    """How values are read back: the call's acceptance threshold, the relative-date reference, the curves."""

    threshold: float | None = None
    reference_date: dt.date | None = None
    calibration: Calibration = DEFAULT

    @property
    def accept(self) -> float:
        """The calibrated confidence a value needs when its field sets no threshold."""
        return self.threshold if self.threshold is not None else self.calibration.accept


@dataclass
class Candidate:
    """A coerced value with its evidence and calibrated confidence."""

    value: Any
    found: Found
    confidence: float | None
    order: int = 0


@dataclass
class FieldValues:
    """What one record's reading produced: accepted candidates per field, and coercion problems."""

    chosen: dict[str, list[Candidate]] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


def _accept(plan: FieldPlan, reading: Reading) -> float:
    return plan.threshold if plan.threshold is not None else reading.accept


def _passes(candidate: Candidate, threshold: float) -> bool:
    return candidate.confidence is None or candidate.confidence >= threshold


def _choice_value(plan: FieldPlan, label: str) -> Any:
    key = label.strip().lower()
    for choice_label, value in question_labels(plan) + plan.shape.choices:
        if choice_label.lower() == key:
            return value
    raise CoercionError(f"{label!r} is not one of the choices {[c for c, _ in plan.shape.choices]}")


def _widened(plan: FieldPlan, found: list[Found], text: str | None) -> list[Found]:
    """Spans grown to the whole shaped value they are part of (see :func:`~.shapes.widen`)."""
    if text is None:
        return found
    if plan.kind is FieldKind.ADDRESS:
        found = found + _joined(found, text)
    found = found + _unscored(plan.kind, found, text)
    out = []
    for item in found:
        if item.start is not None and item.end is not None:
            start, end = tidy(plan.kind, text, *widen(plan.kind, text, item.start, item.end))
            if (start, end) != (item.start, item.end):
                item = Found(text[start:end].strip(), item.confidence, start, end)
        out.append(item)
    return out


def _joined(found: list[Found], text: str) -> list[Found]:
    """Address parts the model found side by side ("14 Elm Street" + ", " + "Apt 3B"), as one span
    scored by its best part: a whole address is often longer than the encoder's span width."""
    located = sorted((f for f in found if f.start is not None and f.end is not None), key=lambda f: f.start)
    joined: list[Found] = []
    chain: list[Found] = []
    for item in located + [None]:
        if (
            item is not None
            and chain
            and _ADDRESS_GAP.fullmatch(text[chain[-1].end : item.start] if item.start >= chain[-1].end else "x")
        ):
            chain.append(item)
            continue
        if len(chain) > 1:
            start, end = chain[0].start, chain[-1].end
            joined.append(Found(text[start:end].strip(), max(c.confidence or 0.0 for c in chain), start, end))
        chain = [item] if item is not None else []
    return joined


_ADDRESS_GAP = re.compile(r"\s*,?\s*")


def _unscored(kind: FieldKind, found: list[Found], text: str) -> list[Found]:
    """E-mails, URLs, phone numbers and amounts with a currency written in the text that no candidate touches, at the
    candidate floor: a URL is often longer than the encoder's span width, so the model never scores it."""
    located = [(f.start, f.end) for f in found if f.start is not None and f.end is not None]
    extra = []
    for start, end in shaped_in(kind, text):
        if not any(s < end and start < e for s, e in located):
            extra.append(Found(text[start:end], CANDIDATE_FLOOR, start, end))
    return extra


def _candidates(
    plan: FieldPlan, found: list[Found], reading: Reading, errors: list, text: str | None = None
) -> list[Candidate]:
    """Coerced candidates of one field, best first, one per distinct value."""
    out: list[Candidate] = []
    seen: list[Any] = []
    found = _widened(plan, found, text)
    position = {id(item): index for index, item in enumerate(found)}
    for item in sorted(found, key=lambda f: -1.0 if f.confidence is None else -f.confidence):
        try:
            if plan.shape.choices:
                value = _choice_value(plan, item.text)
            else:
                if not fits(plan.kind, item.text):
                    confidence = reading.calibration.confidence(plan.kind.value, item.confidence)
                    if confidence is None or confidence >= _accept(plan, reading):
                        errors.append((plan.attr, f"{item.text!r} is not a value of kind {plan.kind.value!r}"))
                    continue
                value = coerce_text(
                    item.text,
                    plan.shape.kind,
                    plan.shape.target,
                    dayfirst=plan.dayfirst,
                    reference_date=reading.reference_date,
                )
        except CoercionError as err:
            logger.debug("field %s: %s", plan.attr, err)
            errors.append((plan.attr, str(err)))
            continue
        if plan.kind is FieldKind.IDENTIFIER and isinstance(value, str):
            value = value.lstrip("#") or value  # "#558201": the number is the identifier
        if value in seen:
            continue
        seen.append(value)
        confidence = reading.calibration.confidence(plan.kind.value, item.confidence)
        if (
            plan.kind in LABELLED_KINDS
            and text is not None
            and item.start is not None
            and labelled(text, item.start, plan.label, plan.description)
        ):
            confidence = max(confidence or 0.0, LABELLED_CONFIDENCE)
        out.append(Candidate(value, item, confidence, position[id(item)]))
    out.sort(key=lambda c: -1.0 if c.confidence is None else -c.confidence)
    return _plausible(plan.kind, out, text)


def _plausible(kind: FieldKind, candidates: list[Candidate], text: str | None) -> list[Candidate]:
    """Candidates the record's text makes unlikely dropped: an amount without a currency where the
    text writes amounts with one ("Listing #4471" beside "Rent: £1,650"), and a person written
    all in lower case in a text that capitalises ("sprint retro")."""
    if kind is FieldKind.AMOUNT and any(currency_of(c.found.text) for c in candidates):
        return [c for c in candidates if currency_of(c.found.text)]
    if kind is FieldKind.PERSON and text is not None and any(ch.isupper() for ch in text):
        return [c for c in candidates if not isinstance(c.value, str) or any(ch.isupper() for ch in c.value)]
    return candidates


def _stated(plan: FieldPlan, text: str) -> list[Candidate]:
    """A bool field the text mentions: ``False`` when negated, else ``True``."""
    value = stated(text, plan.label)
    if value is None:
        return []
    mention = mentions(text, plan.label)[0]
    evidence = Found(text[mention.start : mention.end], STATED_CONFIDENCE, mention.start, mention.end)
    return [Candidate(value, evidence, STATED_CONFIDENCE)]


def _written(plan: FieldPlan, text: str) -> list[Candidate]:
    """A choice field whose option the text writes (see :mod:`~gliner2_integrations.pydantic.choices`)."""
    hit = written_choice(text, plan.shape.choices)
    if hit is None:
        return []
    value, start, end = hit
    return [Candidate(value, Found(text[start:end], WRITTEN_CONFIDENCE, start, end), WRITTEN_CONFIDENCE)]


def _overlaps(a: Found, b: Found) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return a.text == b.text
    return a.start < b.end and b.start < a.end


def read_fields(plan: StructurePlan, instance: Instance, reading: Reading, text: str | None = None) -> FieldValues:
    """Accepted values of every field of one record (see the module docstring); ``text``: the
    record's text, which bool fields are read from when it mentions them."""
    result = FieldValues()
    pools = {f.attr: _candidates(f, list(instance.get(f.label, ())), reading, result.errors, text) for f in plan.fields}
    if text is not None:
        for f in plan.fields:
            if f.kind is FieldKind.BOOL and not f.shape.many:
                pools[f.attr] = _stated(f, text) or pools[f.attr]
            elif f.shape.choices and not f.shape.many:
                pools[f.attr] = _written(f, text) or pools[f.attr]
    taken: list[tuple[FieldKind, Candidate]] = []
    spans = [f for f in plan.fields if not f.shape.choices]
    ranked = sorted(
        ((c, f) for f in spans if not f.shape.many for c in pools[f.attr] if _passes(c, _accept(f, reading))),
        key=lambda pair: -1.0 if pair[0].confidence is None else -pair[0].confidence,
    )
    for candidate, f in ranked:
        if f.attr in result.chosen or not _free(candidate, f.kind, taken):
            continue
        result.chosen[f.attr] = [candidate]
        taken.append((f.kind, candidate))
    for f in spans:
        if f.shape.many:
            kept = [c for c in pools[f.attr] if _passes(c, _accept(f, reading)) and _free(c, f.kind, taken, own=True)]
            if kept:
                result.chosen[f.attr] = sorted(kept, key=lambda c: c.order)  # the output's (text) order
    for f in plan.fields:
        if f.shape.choices:
            kept = [c for c in pools[f.attr] if _passes(c, _accept(f, reading))]
            if kept:
                result.chosen[f.attr] = kept if f.shape.many else kept[:1]
    _currency_from_amounts(plan, result)
    return result


def _free(candidate: Candidate, kind: FieldKind, taken: list[tuple[FieldKind, Candidate]], own: bool = False) -> bool:
    """No other field holds an overlapping span, unless of the same kind and both are sure of it."""
    for other_kind, other in taken:
        if not _overlaps(candidate.found, other.found):
            continue
        sure = (candidate.confidence or 0.0) >= SHARE_CONFIDENCE and (other.confidence or 0.0) >= SHARE_CONFIDENCE
        if other_kind is not kind or not sure:
            return False
    return True


def _currency_from_amounts(plan: StructurePlan, result: FieldValues) -> None:
    """A currency field takes the currency written in the record's amount ("CAD 120,000" -> CAD)."""
    amounts = [result.chosen[f.attr][0] for f in plan.fields if f.kind is FieldKind.AMOUNT and f.attr in result.chosen]
    if not amounts:
        return
    code = currency_of(amounts[0].found.text)
    if code is None:
        return
    for f in plan.fields:
        if "currency" not in f.label.split() or f.shape.many:
            continue
        if f.shape.choices:
            values = [v for label, v in f.shape.choices if label.upper() == code or str(getattr(v, "value", v)) == code]
            if not values:
                continue
            value = values[0]
        elif f.kind is FieldKind.CURRENCY:
            value = code
        else:
            continue
        evidence = Found(code, amounts[0].found.confidence, amounts[0].found.start, amounts[0].found.end)
        result.chosen[f.attr] = [Candidate(value, evidence, amounts[0].confidence)]
