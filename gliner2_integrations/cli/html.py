"""``--html PAGE``: a viewer page of every extraction, written beside the JSON lines.

The extraction commands collect each input's text and outcome as they go
(:func:`collect`) and write one self-contained page at the end (:func:`write`):
spans highlighted in their text by label, with confidences (see
:mod:`gliner2_integrations.viz`). Inputs that failed are listed with their error.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gliner2_integrations.cli import output
from gliner2_integrations.cli.inputs import check_not_inputs

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


def check(args: argparse.Namespace, files: Sequence[str]) -> None:
    """Before any input is read: ``--html PAGE`` names no input or schema file, and can be written.

    Raises:
        ValueError: When ``PAGE`` is an input or the schema file (it would be overwritten).
        OutputError: When ``PAGE`` cannot be written (no permission, a folder, a full disk).
    """
    page = getattr(args, "html", None)
    if page is None:
        return
    check_not_inputs("--html", page, files, args)
    try:
        if page.is_fifo():  # a pipe: whoever reads it is there at the end, opening it now would wait
            return
        if page.exists():
            descriptor = os.open(page, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(descriptor, b"")  # writes nothing (the page is rewritten at the end); /dev/full refuses
            finally:
                os.close(descriptor)
        else:
            page.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=page.parent, prefix=".gliner2-probe-"):
                pass
    except OSError as err:
        raise output.OutputError(err, page, "--html") from err


def collect(args: argparse.Namespace, item: Any, outcome: Any = None, error: str | None = None) -> None:
    """Keep the view of one input (``source``, ``text``) and its outcome, when ``--html`` is set.

    An input that failed (unreadable, its extraction or its record failed: ``error``) is shown
    as a failure with its error, never as a document without findings.
    """
    if getattr(args, "html", None) is None:
        return
    from gliner2_integrations.viz import ViewDocument, from_extraction, from_output, from_result

    documents = args.__dict__.setdefault(_KEY, [])
    text = item.text or ""
    if error is not None or outcome is None:
        documents.append(ViewDocument(item.source, text, error=error or "failed"))
    elif outcome.result is not None:
        documents.append(from_result(text, outcome.result, title=item.source))
    elif outcome.typed is not None:
        documents.append(from_extraction(outcome.typed, title=item.source))
    elif outcome.raw is not None:
        documents.append(from_output(text, outcome.raw, title=item.source))
    else:  # a blank text, not sent to the model
        documents.append(ViewDocument(item.source, text))


def write(args: argparse.Namespace) -> Path | None:
    """Write the page of everything collected (``None`` without ``--html``).

    Raises:
        OutputError: When the page cannot be written.
    """
    if getattr(args, "html", None) is None:
        return None
    from gliner2_integrations.viz import write_html

    documents = args.__dict__.get(_KEY, [])
    try:
        path = write_html(documents, args.html, title=f"gliner2-kit extract: {len(documents)} inputs", threshold=0.0)
    except OSError as err:
        raise output.OutputError(err, args.html, "--html") from err
    logger.info("wrote the viewer page %s (%d documents)", path, len(documents))
    return path
