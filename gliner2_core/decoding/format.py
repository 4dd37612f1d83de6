"""Public output shapes (those of the reference library's ``extract``).

``{"<structure>": [{field: value}], "entities": {label: [...]}, "<task>": label,
"relation_extraction": {relation: [(head, tail)]}}``; with
``include_confidence`` / ``include_spans`` the strings become dicts carrying
``confidence`` and ``start``/``end`` (character offsets into the input text).

Differences from the reference, on purpose: every requested key is always
present (entity labels with ``[]``, structures and relations with ``[]``), even
when the model predicts no instance, and relation results stay under the
relation's name when it has a description.
"""

from __future__ import annotations

from typing import Any

from gliner2_core.decoding.document import RawResult
from gliner2_core.decoding.spans import Choice, Span
from gliner2_core.schema.spec import ENTITIES_KEY, RELATIONS_KEY


class Formatter:
    """Formats raw results with the call's ``include_confidence`` / ``include_spans`` flags."""

    def __init__(self, *, include_confidence: bool = False, include_spans: bool = False) -> None:
        self.confidence = include_confidence
        self.spans = include_spans

    def span(self, span: Span) -> str | dict[str, Any]:
        if not (self.confidence or self.spans):
            return span.text
        out: dict[str, Any] = {"text": span.text}
        if self.confidence:
            out["confidence"] = span.confidence
        if self.spans:
            out["start"], out["end"] = span.start, span.end
        return out

    def choice(self, choice: Choice) -> str | dict[str, Any]:
        return {"text": choice.text, "confidence": choice.confidence} if self.confidence else choice.text

    def value(self, value: Any) -> Any:
        if isinstance(value, list):
            return self.unique([self.value(v) for v in value])
        if isinstance(value, Span):
            return self.span(value)
        if isinstance(value, Choice):
            return self.choice(value)
        return None

    @staticmethod
    def unique(items: list[Any]) -> list[Any]:
        """Drop repeated mentions: same text (case-insensitive), and same offsets when given."""
        seen, out = set(), []
        for item in items:
            if isinstance(item, dict):
                key = (item["text"].lower(), item.get("start"), item.get("end"))
            else:
                key = (item.lower(), None, None)
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out

    def relation(self, head: Span, tail: Span) -> Any:
        if not (self.confidence or self.spans):
            return (head.text, tail.text)
        return {"head": self.span(head), "tail": self.span(tail)}

    @staticmethod
    def classification(value: Any, confidence: bool) -> Any:
        if value is None:
            return None
        if isinstance(value, list):
            return [{"label": label, "confidence": p} if confidence else label for label, p in value]
        label, p = value
        return {"label": label, "confidence": p} if confidence else label

    def result(self, raw: RawResult) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, instances in raw.structures.items():
            out[name] = [{f: self.value(v) for f, v in instance.items()} for instance in instances]
        if raw.entities is not None:
            out[ENTITIES_KEY] = {label: self.value(v) for label, v in raw.entities.items()}
        for name, value in raw.classifications.items():
            out[name] = self.classification(value, self.confidence)
        if raw.relations:
            out[RELATIONS_KEY] = {name: [self.relation(h, t) for h, t in pairs] for name, pairs in raw.relations.items()}
        return out


def format_result(raw: RawResult, *, include_confidence: bool = False, include_spans: bool = False) -> dict[str, Any]:
    """The public dict of one document."""
    return Formatter(include_confidence=include_confidence, include_spans=include_spans).result(raw)
