"""``--html PAGE``: a viewer page of every extraction, written beside the JSON lines.

The extraction commands collect each input's text and outcome as they go
(:func:`collect`) and write one self-contained page at the end (:func:`write`):
spans highlighted in their text by label, with confidences (see
:mod:`gliner2_integrations.viz`). Inputs that failed are listed with their error.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
_KEY = "_html_documents"


def add_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--html PAGE`` to a subcommand's parser."""
    parser.add_argument(
        "--html",
        type=Path,
        metavar="PAGE",
        help="also write an HTML page showing every extracted span in its text (self-contained, offline)",
    )


def collect(args: argparse.Namespace, items: Sequence[Any], outcomes: Sequence[Any]) -> None:
    """Keep the view of each readable item (``source``, ``text``) and its outcome, when ``--html`` is set."""
    if getattr(args, "html", None) is None:
        return
    from gliner2_integrations._runtime import describe_error
    from gliner2_integrations.viz import ViewDocument, from_extraction, from_output, from_result

    documents = args.__dict__.setdefault(_KEY, [])
    for item, outcome in zip(items, outcomes, strict=True):
        if outcome.result is not None:
            documents.append(from_result(item.text, outcome.result, title=item.source))
        elif outcome.typed is not None:
            documents.append(from_extraction(outcome.typed, title=item.source))
        elif outcome.raw is not None:
            documents.append(from_output(item.text, outcome.raw, title=item.source))
        else:
            error = describe_error(outcome.error) if outcome.error is not None else None
            documents.append(ViewDocument(item.source, item.text, error=error))


def write(args: argparse.Namespace) -> Path | None:
    """Write the page of everything collected (``None`` without ``--html``)."""
    if getattr(args, "html", None) is None:
        return None
    from gliner2_integrations.viz import write_html

    documents = args.__dict__.get(_KEY, [])
    path = write_html(documents, args.html, title=f"gliner2-kit extract: {len(documents)} inputs", threshold=0.0)
    logger.info("wrote the viewer page %s (%d documents)", path, len(documents))
    return path
