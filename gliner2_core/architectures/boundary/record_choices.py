"""Choice fields inside records formed by the record head (``mode="natural"``), record by record.

The reference decides a choice field of one record in this order:

1. Options written in the text (whole words, any case) are bound to records:
   a mention belongs to the record whose anchor starts last at or before it
   (mentions before the first anchor belong to the first record), each option
   once per record, in text order. A record that owns mentions takes them (a
   scalar field: the one nearest to its anchor), with the field-level
   probability of the option and the mention's offsets. When the text mentions
   options but none belongs to this record, the field is empty.
2. Otherwise, the record's own candidates for the field whose text is an
   option: the option words of the schema prefix the record head assigned to
   this record (located at the record's anchor), or text spans that read as an
   option.
3. Otherwise the field-level choice (the same for every record of the text).

This module holds the text-only steps (1); :mod:`document` runs the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Mention = tuple[str, int, int]
"""``(option, start, end)``: an option written in the text, character offsets."""


def literal_mentions(
    text: str, choices: Sequence[str], anchors: Sequence[tuple[int, int] | None], window: tuple[int, int] | None = None
) -> tuple[bool, dict[int, list[Mention]]]:
    """Bind the options written in ``text`` to records by their anchors' character spans.

    Args:
        text: The document text.
        choices: The field's options.
        anchors: Each record's anchor character span, ``None`` when outside the text.
        window: Only mentions starting in ``[start, end)`` (a long text's window) count.

    Returns:
        Whether any option is written in the text (in the window), and ``record index ->
        its mentions`` (each option once, in text order).
    """
    mentions: list[Mention] = []
    for choice in choices:
        pattern = rf"(?<!\w){re.escape(choice)}(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            if window is None or window[0] <= match.start() < window[1]:
                mentions.append((choice, match.start(), match.end()))
    if not mentions:
        return False, {}
    placed = sorted(
        ((index, span) for index, span in enumerate(anchors) if span is not None), key=lambda a: (a[1][0], a[0])
    )
    if not placed:
        return True, {}
    owned: dict[int, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m[1]):
        preceding = [item for item in placed if item[1][0] <= mention[1]]
        owner = max(preceding, key=lambda a: (a[1][0], a[0]))[0] if preceding else placed[0][0]
        owned.setdefault(owner, []).append(mention)
    for owner, found in owned.items():
        first: dict[str, Mention] = {}
        for mention in found:
            first.setdefault(mention[0], mention)
        owned[owner] = sorted(first.values(), key=lambda m: m[1])
    return True, owned


def nearest_mention(mentions: Sequence[Mention], anchor: tuple[int, int]) -> Mention:
    """The mention closest to the anchor (character gap; the first of equal gaps)."""
    start, end = anchor
    return min(mentions, key=lambda m: max(start - m[2], m[1] - end, 0))
