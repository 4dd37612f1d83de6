"""Layouts shared by document types: key: value lines, bullets, markdown tables, item lists.

Each function writes into a :class:`Builder` and returns the spans of the
values it wrote, keyed by field key (or per row for item lists).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from gliner2_datasets.synthetic.core import Builder, Span, Val

Row = tuple[str, Val | str, str]
"""``(label shown in the text, value, field key)``."""

BLOCK_STYLES = ("kv", "kv_dash", "bullets", "bold_bullets", "table", "kv_tab")


def block(b: Builder, rows: Sequence[Row], style: str) -> dict[str, Span]:
    """Labelled values, one per line, in ``style`` (one of :data:`BLOCK_STYLES`).

    Multi-line values (addresses) are joined with ", " in tables and kept on
    their own lines elsewhere.
    """
    spans: dict[str, Span] = {}
    if style == "table":
        b.line("| Field | Value |")
        b.line("|---|---|")
    for label, value, key in rows:
        if style == "table":
            text = value.text if isinstance(value, Val) else value
            value = Val(", ".join(text.splitlines()), value.entity if isinstance(value, Val) else None)
            spans[key] = b.line("| " + label + " | {v} |", v=value)["v"]
        elif style == "kv_dash":
            spans[key] = b.line(label + " - {v}", v=value)["v"]
        elif style == "bullets":
            spans[key] = b.line("- " + label + ": {v}", v=value)["v"]
        elif style == "bold_bullets":
            spans[key] = b.line("* **" + label + "**: {v}", v=value)["v"]
        elif style == "kv_tab":
            spans[key] = b.line(label + ":\t{v}", v=value)["v"]
        else:
            spans[key] = b.line(label + ": {v}", v=value)["v"]
    return spans


ITEM_STYLES = ("table", "lines", "bullets", "numbered")


def items(
    b: Builder, headers: Sequence[str], rows: Sequence[Sequence[Val | str]], style: str, rng: random.Random
) -> list[list[Span]]:
    """Item rows (line items, transactions, action items) in ``style`` (one of :data:`ITEM_STYLES`).

    Returns:
        The spans of each row's cells, in column order.
    """
    out: list[list[Span]] = []
    if style == "table":
        b.line("| " + " | ".join(headers) + " |")
        b.line("|" + "|".join("---" for _ in headers) + "|")
    sep = rng.choice(("  ", " | ", "\t", " - ")) if style == "lines" else ", "
    bullet = rng.choice(("- ", "* ", "• "))
    for number, row in enumerate(rows, 1):
        if style == "table":
            b.add("| ")
        elif style == "bullets":
            b.add(bullet)
        elif style == "numbered":
            b.add(f"{number}. ")
        spans = []
        for i, cell in enumerate(row):
            if i:
                b.add(" | " if style == "table" else sep)
            spans.append(b.put(cell))
        b.line(" |" if style == "table" else "")
        out.append(spans)
    return out
