"""Is a yes/no field stated, and is it stated negatively?

The classification head of a small encoder reads "not urgent" much like "urgent", so a
``bool`` field is decided in two steps: the words of the field's name ("urgent", "pets",
"refund", "receipt"; function words like "is", "has", "needed" dropped) are looked for in
the text, and a mention inside the scope of a negation ("not urgent", "no pets, sorry",
"isn't asking for a refund", "without a receipt", "unpaid", "hasn't been paid") answers
``False``; a plain mention answers ``True``. With no mention the model's yes/no question
decides (and abstains when unsure).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_FUNCTION_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "will",
        "would",
        "needs",
        "need",
        "needed",
        "required",
        "requested",
        "request",
        "wanted",
        "wants",
        "want",
        "the",
        "a",
        "an",
        "of",
        "to",
        "for",
        "with",
        "any",
        "flag",
        "status",
        "yes",
        "no",
    ]
)
_NEGATIONS = re.compile(
    r"\b(?:not|no|non|never|without|none|nor|neither|cannot|can't|won't|isn't|aren't|wasn't|weren't|doesn't|"
    r"don't|didn't|hasn't|haven't|hadn't|shouldn't|wouldn't|nothing|zero|declined?|refused?)\b|n't\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|\b(?:but|however|although|though)\b", re.IGNORECASE)
_SCOPE_WORDS = 5
_AFTER = re.compile(r"^[\s:?=\-–—]*(?:no|not|none|never|n/a|false)\b", re.IGNORECASE)
_AFTER_BREAK = re.compile(r"[.;!?\n,(]|\b(?:but|however|although|though|and|or)\b", re.IGNORECASE)
_HEDGES = re.compile(
    r"\b(?:not sure|unsure|don't know|do not know|whether|if|maybe|perhaps|possibly|considered|negotiable|"
    r"by negotiation|on request|on application|tbc|tbd|unclear|ask)\b",
    re.IGNORECASE,
)


_QUESTION = re.compile(r"[^.;!\n]*?\?")
_ANSWER = re.compile(
    r"^\W*(?:\[[^\]\n]{0,20}\]\s*)?(?:[^\W\d][\w .'-]{0,30}:\s*)?"
    r"(?:(yes|yeah|yep|yup|sure|correct|definitely|absolutely|indeed)|(no|nope|nah|not really|not at all|negative))\b",
    re.IGNORECASE,
)


def _answered(after: str) -> bool | None:
    """For a mention asked as a question ("Is this urgent?"), the answer that follows it:
    ``True`` for yes, ``False`` for no, ``None`` when no answer follows."""
    asked = _QUESTION.match(after)
    if asked is None:
        raise LookupError("not a question")
    answer = _ANSWER.match(after[asked.end() : asked.end() + 80])
    if answer is None:
        return None
    return answer.group(1) is not None


class Mention(NamedTuple):
    """Where the field's words are stated, whether negatively, and whether only hedged ("pets considered")."""

    start: int
    end: int
    negated: bool
    hedged: bool = False


def key_words(label: str) -> list[str]:
    """The content words of a field label ("pets allowed" -> ["pets", "allowed"])."""
    words = [w for w in re.findall(r"[a-z]+", label.lower()) if w not in _FUNCTION_WORDS]
    return words or re.findall(r"[a-z]+", label.lower())


def stem(word: str) -> str:
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def mentions(text: str, label: str) -> list[Mention]:
    """Mentions of the label's head word (its first content word, stemmed) and their polarity."""
    words = key_words(label)
    if not words:
        return []
    head = stem(words[0])
    pattern = re.compile(rf"\b(un|non-?)?({re.escape(head)}[a-z]*)", re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        before = text[: match.start()]
        clause = _CLAUSE_BREAK.split(before)[-1]
        scope = " ".join(clause.split()[-_SCOPE_WORDS:])
        after = text[match.end() : match.end() + 60]
        after_clause = " ".join(_AFTER_BREAK.split(after)[0].split()[:_SCOPE_WORDS])
        negated = (
            bool(match.group(1))
            or bool(_NEGATIONS.search(scope))
            or bool(_AFTER.match(after))
            or bool(_NEGATIONS.search(after_clause))
        )
        hedged = bool(_HEDGES.search(clause)) or bool(_HEDGES.search(after_clause))
        if not _AFTER.match(after):
            try:
                answer = _answered(after)
            except LookupError:
                pass
            else:  # "Is this urgent? -- not really": the answer decides, no answer leaves it open
                negated, hedged = answer is False, answer is None or hedged
        found.append(Mention(match.start(), match.end(), negated, hedged))
    return found


def stated(text: str, label: str) -> bool | None:
    """``True``/``False`` when the text states the field plainly or negatively; ``None`` when it
    does not mention it, or mentions it both ways."""
    found = mentions(text, label)
    if not found or any(m.hedged for m in found):
        return None
    polarities = {m.negated for m in found}
    if len(polarities) > 1:
        return None
    return not polarities.pop()
