"""One self-contained HTML page for many documents: highlighted text, legend, slider, summaries.

The page holds everything it needs inline (style, script, data); it loads no
external script, style sheet, font or image, so it opens offline, from an e-mail
attachment or a CI artifact. All document text and labels are HTML-escaped, and
the highlight data is embedded as JSON with ``<``, ``>`` and ``&`` escaped, so a
document cannot inject markup or script into the page.

Each document's text is cut at every span boundary into segments
(``<mark class="g2-seg" data-h="0 3">``, listing the highlights covering it), so
overlapping and nested spans both show; the script colours each segment by its
most confident visible highlight and underlines segments covered by several.
Cutting is one sweep over the sorted boundaries (``O(n log n)`` in the number
of highlights, plus the size of the covering lists).

Names (titles, labels, fields, tasks) are shown with invisible and direction
characters written out (``\\u202e``), so a right-to-left override cannot make
one name look like another; the document text is shown as it is, lone
surrogates (which no page can hold) replaced by U+FFFD. A confidence that is not
a finite number is shown as unknown.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from gliner2_core import SchemaError
from gliner2_integrations.viz.assets import CSS, JS, PALETTE
from gliner2_integrations.viz.document import Highlight, ViewDocument

_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Unicode categories a name shows written out: controls, format (bidi, zero-width), surrogates, unassigned, separators."""
_JOINERS = frozenset("\u200c\u200d")
_SURROGATE = re.compile("[\ud800-\udfff]")


def render_html(documents: Iterable[ViewDocument], *, title: str = "GLiNER2 extractions", threshold: float = 0.0) -> str:
    """The viewer page for ``documents``.

    Args:
        documents: The documents, in navigation order.
        title: Page title and heading.
        threshold: Initial position of the confidence slider (spans scored below it start hidden).

    Returns:
        The page as one HTML string.

    Raises:
        SchemaError: When ``threshold`` is not a number in [0, 1] or an item is not a ``ViewDocument``.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
        raise SchemaError.invalid("threshold", threshold, "a number between 0 and 1")
    docs = list(documents)
    for index, doc in enumerate(docs):
        if not isinstance(doc, ViewDocument):
            raise SchemaError.invalid(f"documents[{index}]", type(doc).__name__, "a ViewDocument (see gliner2_integrations.viz)")
    labels = list(dict.fromkeys(str(h.label) for doc in docs for h in doc.highlights))
    index = {label: i for i, label in enumerate(labels)}
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    data = {
        "labels": labels,
        "names": [shown_name(label) for label in labels],
        "colours": colours,
        "docs": [[_highlight_data(h, index) for h in doc.highlights] for doc in docs],
    }
    counts = [0] * len(labels)
    for doc in docs:
        for h in doc.highlights:
            counts[index[str(h.label)]] += 1
    body = [
        "<header>",
        f"<h1>{_n(title)}</h1>",
        '<div id="g2-threshold-box"><label for="g2-threshold">confidence &ge;</label>'
        f'<input type="range" id="g2-threshold" min="0" max="1" step="0.01" value="{threshold:.2f}">'
        f'<output id="g2-threshold-value">{threshold:.2f}</output></div>',
        '<div id="g2-legend">' + "".join(_legend_item(i, lbl, colours[i], counts[i]) for i, lbl in enumerate(labels)) + "</div>",
        "</header>",
        '<div id="g2-layout"><nav aria-label="documents">',
        *(_nav_item(i, doc) for i, doc in enumerate(docs)),
        "</nav><main>",
        *(_document(i, doc, len(docs)) for i, doc in enumerate(docs)),
        "</main></div>",
        '<div id="g2-tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="g2-data">{_json_for_script(data)}</script>',
        f"<script>{JS}</script>",
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{_n(title)}</title><style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def write_html(
    documents: Iterable[ViewDocument],
    path: str | Path,
    *,
    title: str = "GLiNER2 extractions",
    threshold: float = 0.0,
) -> Path:
    """Render the page (:func:`render_html`) and write it as UTF-8; returns the path written."""
    out = Path(path)
    page = render_html(documents, title=title, threshold=threshold)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def segments(text: str, highlights: Sequence[Highlight]) -> list[tuple[int, int, list[int]]]:
    """The text cut at every span boundary: ``(start, end, indices of the highlights covering it)``.

    One sweep over the sorted boundaries, keeping the set of open highlights.

    Example:
        >>> segments("abcdef", [Highlight(0, 4, "x", "x"), Highlight(2, 6, "y", "y")])
        [(0, 2, [0]), (2, 4, [0, 1]), (4, 6, [1])]
    """
    opening: defaultdict[int, list[int]] = defaultdict(list)
    closing: defaultdict[int, list[int]] = defaultdict(list)
    for i, h in enumerate(highlights):
        if h.start < h.end:  # an empty or reversed span covers no segment
            opening[h.start].append(i)
            closing[h.end].append(i)
    cuts = sorted({0, len(text), *(h.start for h in highlights), *(h.end for h in highlights)})
    open_now: set[int] = set()
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        open_now.difference_update(closing.get(start, ()))
        open_now.update(opening.get(start, ()))
        out.append((start, end, sorted(open_now)))
    return out


def shown_name(value: object) -> str:
    r"""A name as the page shows it: control, format (bidi, zero-width) and separator characters written as
    ``\uXXXX``, so that no name can pass for another; zero-width joiners (emoji sequences) are kept.

    Example:
        >>> shown_name("invoice\u202egpj.exe")
        'invoice\\u202egpj.exe'
    """
    text = str(value)
    return "".join(_escaped(c) if unicodedata.category(c) in _HIDDEN and c not in _JOINERS else c for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _highlight_data(h: Highlight, index: dict[str, int]) -> dict[str, object]:
    return {"l": index[str(h.label)], "field": shown_name(h.field), "confidence": known_score(h.confidence)}


def known_score(confidence: object) -> float | None:
    """``confidence`` as a float when it is a finite number, else ``None`` (shown as unknown)."""
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
        return None
    return float(confidence) if math.isfinite(confidence) else None


def _json_for_script(data: object) -> str:
    text = _SURROGATE.sub("\ufffd", json.dumps(data, ensure_ascii=False, allow_nan=False))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _e(value: object) -> str:
    """Text for the page: HTML-escaped, lone surrogates replaced (offsets keep their meaning: one for one)."""
    return html.escape(_SURROGATE.sub("\ufffd", str(value)), quote=True)


def _n(value: object) -> str:
    """A name for the page (:func:`shown_name`), HTML-escaped."""
    return _e(shown_name(value))


def _legend_item(index: int, label: str, colour: str, count: int) -> str:
    return (
        f'<label><input type="checkbox" value="{_e(label)}" data-index="{index}" checked>'
        f'<span class="g2-swatch" style="background:{colour}"></span>{_n(label)}'
        f' <span class="g2-count">{count}</span></label>'
    )


def _nav_item(index: int, doc: ViewDocument) -> str:
    return (
        f'<a href="#doc-{index}" data-doc="{index}" title="{_n(doc.title)}"><span class="g2-title">{_n(doc.title)}</span>'
        f'<span class="g2-count">{len(doc.highlights)}</span></a>'
    )


def _document(index: int, doc: ViewDocument, total: int) -> str:
    parts = [
        f'<article class="g2-doc" id="doc-{index}" data-doc="{index}">',
        f'<div class="g2-pager"><button type="button" class="g2-prev" aria-label="previous document">&larr;</button>'
        f"<span>{index + 1} / {total}</span>"
        f'<button type="button" class="g2-next" aria-label="next document">&rarr;</button></div>',
        f"<h2>{_n(doc.title)}</h2>",
    ]
    if doc.error:
        parts.append(f'<p class="g2-error">extraction failed: {_e(doc.error)}</p>')
    parts.append(f'<div class="g2-text">{_marked_text(doc)}</div>')
    parts.append(_summary(doc))
    parts.append("</article>")
    return "\n".join(parts)


def _marked_text(doc: ViewDocument) -> str:
    out = []
    for start, end, covering in segments(doc.text, doc.highlights):
        piece = _e(doc.text[start:end])
        if covering:
            ids = " ".join(str(i) for i in covering)
            out.append(f'<mark class="g2-seg" data-h="{ids}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _score(confidence: object) -> str:
    if confidence is None:
        return ""
    known = known_score(confidence)
    return f' <span class="g2-conf">{"unknown" if known is None else f"{known:.2f}"}</span>'


def _summary(doc: ViewDocument) -> str:
    sections = []
    if doc.classifications:
        chips = "".join(
            f'<span class="g2-chip" data-task="{_e(c.task)}">{_n(c.task)}: <b>{_n(c.label)}</b>{_score(c.confidence)}</span>'
            for c in doc.classifications
        )
        sections.append(f'<section class="g2-classifications"><h3>classifications</h3>{chips}</section>')
    for record in doc.records:
        rows = "".join(
            f"<tr><td>{_n(f.name)}</td><td>{_e(f.value)}{_score(f.confidence)}</td></tr>" for f in record.fields
        )
        sections.append(f'<section class="g2-record"><h3>{_n(record.name)}</h3><table>{rows}</table></section>')
    return f'<div class="g2-summary">{"".join(sections)}</div>' if sections else ""
