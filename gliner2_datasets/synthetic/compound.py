"""Compound documents: another document forwarded inside an e-mail, signed with a contact block.

The inner document's text is copied into the e-mail body and all its spans
(entity mentions and structure values, shared dicts included) are shifted by
the body's offset, so they stay pinned. The record then also teaches the
sender's ``contact`` structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gliner2_datasets.synthetic.contacts import CONTACT, signature
from gliner2_datasets.synthetic.core import Builder, Doc, Span
from gliner2_datasets.synthetic.schema import DocType
from gliner2_datasets.synthetic.values import Ctx

EMAILABLE = (
    "invoice",
    "purchase order",
    "shipping notice",
    "meeting notes",
    "job posting",
    "bank transactions",
    "news brief",
    "travel booking",
    "support ticket",
    "event announcement",
)
"""Types that are sometimes sent inside an e-mail (unseen types stay unseen: only their own splits use them)."""

_INTROS = {
    "invoice": ("please find our invoice below. Let us know if you have any questions about the charges.",),
    "purchase order": ("please confirm receipt of the purchase order below and the expected delivery date.",),
    "shipping notice": ("here is the dispatch notice from our warehouse for your records.",),
    "meeting notes": ("below are the notes from today's meeting. Please check your action items.",),
    "job posting": ("we would like to share the following opening with your network.",),
    "bank transactions": ("as requested, here are the recent transactions on the account.",),
    "news brief": ("here is this week's news digest for the team.",),
}
_GENERIC = ("see the details below.", "forwarding this for your information.", "please see the message below.")


def in_email(ctx: Ctx, doc_type: DocType, inner: Doc) -> tuple[Doc, dict]:
    """Wrap ``inner`` in an e-mail; returns the new document and its structure specs (with ``contact``)."""
    b = Builder()
    doc = Doc(b)
    if ctx.chance(0.5):
        b.line("Subject: " + ctx.pick(("Fwd: ", "Re: ", "")) + doc_type.name.title())
        b.add("\n")
    b.line(ctx.pick(("Hi {v},", "Dear {v},", "Hello {v},")), v=ctx.first_name(ctx.person()))
    b.add("\n")
    b.line(ctx.pick(("Good morning, ", "", "Hope you are well; ")) + ctx.pick(_INTROS.get(doc_type.name, _GENERIC)))
    b.add("\n")
    _embed(b, inner)
    doc.instances = list(inner.instances)
    b.add("\n\n")
    doc.record("contact", signature(ctx, b))
    return doc, {**doc_type.structures, "contact": CONTACT}


def _embed(b: Builder, inner: Doc) -> None:
    """Append ``inner``'s text to ``b`` and shift every span of ``inner`` to its new place."""
    offset = len(b.text)
    seen: set[int] = set()
    spans = [span for _, span in inner.builder.mentions]
    spans += [span for _, values in inner.instances for span in _spans(values)]
    for span in spans:
        if id(span) not in seen:
            seen.add(id(span))
            span["start"] += offset
            span["end"] += offset
    b.add_raw(inner.text)
    b.mentions.extend(inner.builder.mentions)


def _spans(value: Any) -> Iterator[Span]:
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys():
            yield value
        else:
            for item in value.values():
                yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)
