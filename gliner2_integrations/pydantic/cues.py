"""Is a span written right after its field's name ("booking QX7P2L", "Order #558201", "DOB: 1987-06-02")?

Forms, e-mails and chat messages name a value just before writing it. A candidate span that
follows a content word of its field's label on the same line (the label's word itself, a
shorter form of it such as "ref" for "reference", or a word of the same stem), with at most
a number sign, "no."/"nr"/"number", "is", "of" or punctuation between, is *labelled*. The
field reader prefers labelled candidates (see :data:`LABELLED_CONFIDENCE`).
"""

from __future__ import annotations

import re

from gliner2_integrations.pydantic.kinds import FieldKind
from gliner2_integrations.pydantic.polarity import key_words, stem

LABELLED_CONFIDENCE = 0.92
"""Confidence of a labelled candidate the model scored lower: the share of such values that were
right on the agent suite (160 of 173; ``scripts/calibrate_fields.py`` prints it)."""

LABELLED_KINDS = frozenset(
    [
        FieldKind.IDENTIFIER,
        FieldKind.PERSON,
        FieldKind.DATE,
        FieldKind.DATETIME,
        FieldKind.TIME,
        FieldKind.AMOUNT,
        FieldKind.PERCENT,
        FieldKind.EMAIL,
        FieldKind.PHONE,
        FieldKind.URL,
    ]
)
"""Kinds whose labelled spans are read as the value; free names and counts are not (on the agent suite
a labelled name was right 10 times of 18, a count 1 of 4)."""

_GLUE = frozenset(
    [
        "no",
        "no.",
        "nr",
        "nr.",
        "number",
        "num",
        "#",
        "is",
        "was",
        "are",
        "of",
        "the",
        "a",
        "at",
        "on",
        "for",
        "to",
        "be",
    ]
)
_BEFORE = 40


def _matches(word: str, label_word: str) -> bool:
    if word == label_word or stem(word) == stem(label_word):
        return True
    return len(word) >= 3 and len(label_word) > len(word) and label_word.startswith(word)


def compound_words(label: str, description: str | None) -> list[str]:
    """Words the description writes right before the label's head (last) word: "invoice" for a
    field ``number`` described as "the invoice number", "booking" for ``ref`` described as
    "booking ref"; "booked" is no compound of ``flight number`` described as "the booked flight".

    Example:
        >>> compound_words("number", "the invoice number"), compound_words("total", "the total amount due")
        (['invoice'], [])
    """
    if not description:
        return []
    label_words = re.findall(r"[a-z]+", label.lower())
    if not label_words:
        return []
    head = stem(label_words[-1])  # "number" of "flight number": "booked flight" is not a compound of it
    label_stems = {stem(w) for w in label_words}
    written = re.findall(r"[a-z]+", description.lower())
    return [
        before
        for before, word in zip(written, written[1:])
        if stem(word) == head and stem(before) not in label_stems and before not in _GLUE and len(before) >= 3
    ]


def labelled(text: str, start: int, label: str, description: str | None = None) -> bool:
    """True when ``text[start:]`` follows a word of ``label`` on its line (see the module docstring);
    with a ``description``, its :func:`compound_words` count as words of the label.

    Example:
        >>> labelled("Subject: booking QX7P2L", 17, "booking reference"), labelled("PNR: 2FJ9QA", 5, "booking reference")
        (True, False)
        >>> labelled("DOB: 1987-06-02", 5, "date of birth")
        True
        >>> labelled("Invoice INV-17 from Acme", 8, "number", "the invoice number")
        True
    """
    line = re.split(r"[\r\n]", text[max(0, start - _BEFORE) : start])[-1]
    words = re.findall(r"[^\W_]+\.?|#", line.lower())
    label_words = [w for w in key_words(label) + compound_words(label, description) if len(w) >= 2]
    every = re.findall(r"[a-z]+", label.lower())
    initials = "".join(w[0] for w in every) if len(every) > 1 else None  # "dob": date of birth
    for word in reversed(words[-4:]):
        bare = word.rstrip(".")
        if bare == initials or any(_matches(bare, w) for w in label_words):
            return True
        if word not in _GLUE and bare not in _GLUE:
            return False
    return False
