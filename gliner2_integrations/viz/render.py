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
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from gliner2_core import SchemaError
from gliner2_integrations.viz.assets import CSS, JS, PALETTE
from gliner2_integrations.viz.document import Highlight, ViewDocument


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
    labels = list(dict.fromkeys(h.label for doc in docs for h in doc.highlights))
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}
    data = {
        "labels": labels,
        "colours": colours,
        "docs": [[_highlight_data(h) for h in doc.highlights] for doc in docs],
    }
    counts = {label: sum(h.label == label for doc in docs for h in doc.highlights) for label in labels}
    body = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        '<div id="g2-threshold-box"><label for="g2-threshold">confidence &ge;</label>'
        f'<input type="range" id="g2-threshold" min="0" max="1" step="0.01" value="{threshold:.2f}">'
        f'<output id="g2-threshold-value">{threshold:.2f}</output></div>',
        '<div id="g2-legend">' + "".join(_legend_item(lbl, colours[lbl], counts[lbl]) for lbl in labels) + "</div>",
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
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
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

    Example:
        >>> segments("abcdef", [Highlight(0, 4, "x", "x"), Highlight(2, 6, "y", "y")])
        [(0, 2, [0]), (2, 4, [0, 1]), (4, 6, [1])]
    """
    cuts = sorted({0, len(text), *(h.start for h in highlights), *(h.end for h in highlights)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [i for i, h in enumerate(highlights) if h.start <= start and end <= h.end]
        out.append((start, end, covering))
    return out


def _highlight_data(h: Highlight) -> dict[str, object]:
    return {"label": h.label, "field": h.field, "confidence": h.confidence, "start": h.start, "end": h.end}


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _legend_item(label: str, colour: str, count: int) -> str:
    return (
        f'<label><input type="checkbox" value="{_e(label)}" checked>'
        f'<span class="g2-swatch" style="background:{colour}"></span>{_e(label)}'
        f' <span class="g2-count">{count}</span></label>'
    )


def _nav_item(index: int, doc: ViewDocument) -> str:
    return (
        f'<a href="#doc-{index}" data-doc="{index}" title="{_e(doc.title)}"><span class="g2-title">{_e(doc.title)}</span>'
        f'<span class="g2-count">{len(doc.highlights)}</span></a>'
    )


def _document(index: int, doc: ViewDocument, total: int) -> str:
    parts = [
        f'<article class="g2-doc" id="doc-{index}" data-doc="{index}">',
        f'<div class="g2-pager"><button type="button" class="g2-prev" aria-label="previous document">&larr;</button>'
        f"<span>{index + 1} / {total}</span>"
        f'<button type="button" class="g2-next" aria-label="next document">&rarr;</button></div>',
        f"<h2>{_e(doc.title)}</h2>",
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


def _score(confidence: float | None) -> str:
    return "" if confidence is None else f' <span class="g2-conf">{confidence:.2f}</span>'


def _summary(doc: ViewDocument) -> str:
    sections = []
    if doc.classifications:
        chips = "".join(
            f'<span class="g2-chip" data-task="{_e(c.task)}">{_e(c.task)}: <b>{_e(c.label)}</b>{_score(c.confidence)}</span>'
            for c in doc.classifications
        )
        sections.append(f'<section class="g2-classifications"><h3>classifications</h3>{chips}</section>')
    for record in doc.records:
        rows = "".join(
            f"<tr><td>{_e(f.name)}</td><td>{_e(f.value)}{_score(f.confidence)}</td></tr>" for f in record.fields
        )
        sections.append(f'<section class="g2-record"><h3>{_e(record.name)}</h3><table>{rows}</table></section>')
    return f'<div class="g2-summary">{"".join(sections)}</div>' if sections else ""
