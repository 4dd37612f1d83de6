"""Contact details: contact cards (one or several people) and e-mail signatures."""

from __future__ import annotations

from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, block
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import Ctx
from gliner2_datasets.synthetic.vocab import TITLES

CONTACT = StructSpec.of(
    "contact|person|contact card|contact details",
    name=spec("name|full name|person|contact name", "the person's full name", required=True),
    title=spec("job title|title|position|role", "the person's job title"),
    company=spec("company|organisation|employer|organization", "where the person works"),
    email=spec("email|e-mail|email address", "the person's e-mail address"),
    phone=spec("phone|phone number|telephone|mobile", "the person's phone number"),
    address=spec("address|postal address|office address", "the person's postal address"),
    website=spec("website|web site|url|homepage", "a web address"),
)


def _contact(ctx: Ctx) -> dict[str, Val | str]:
    person = ctx.person()
    company = ctx.company()
    return {
        "name": person,
        "title": ctx.pick(TITLES),
        "company": company,
        "email": ctx.email(person.text),
        "phone": ctx.phone(),
        "address": ctx.address(multiline=ctx.chance(0.5)),
        "website": "www." + ctx.domain(company.text),
    }


_CONTACT_LABELS = {
    "name": ("Name", "Full name", "Contact"),
    "title": ("Title", "Position", "Role"),
    "company": ("Company", "Organisation", "Employer"),
    "email": ("Email", "E-mail", "Mail"),
    "phone": ("Phone", "Tel", "Mobile", "Telephone"),
    "address": ("Address", "Office"),
    "website": ("Web", "Website", "URL"),
}


def contact_card(ctx: Ctx) -> Doc:
    """One to four contact cards, as labelled blocks, a vCard-like list or one-line prose."""
    b = Builder()
    doc = Doc(b)
    style = ctx.pick(BLOCK_STYLES + ("prose",))
    if ctx.chance(0.5):
        b.line(ctx.pick(("Contacts", "Team directory", "Attendees' contact details", "Key contacts", "## Contacts")))
    for i in range(ctx.rng.choices((1, 2, 3, 4), (4, 3, 2, 1))[0]):
        values = _contact(ctx)
        shown = ("title", "company", "email", "phone") if style == "prose" else tuple(k for k in values if k != "name")
        kept = ["name", *(k for k in shown if ctx.chance(0.7))]
        if len(kept) < 3:  # a name alone is not a contact card
            kept = ["name", *ctx.rng.sample(shown, 2)]
        if style == "prose":
            spans = b.fill(
                "{name}"
                + (", {title}" if "title" in kept else "")
                + (" at {company}" if "company" in kept else "")
                + (", can be reached at {email}" if "email" in kept else "")
                + (" or on {phone}" if "phone" in kept else "")
                + ".",
                **{k: values[k] for k in kept},
            )
            b.add(" ")
        else:
            rows = [(ctx.pick(_CONTACT_LABELS[k]), values[k], k) for k in kept]
            if style == "table":
                b.add("\n" if i else "")
            spans = block(b, rows, style)
            b.add("\n")
        doc.record("contact", spans)
    return doc


def email_signature(ctx: Ctx) -> Doc:
    """An e-mail whose sender signs with name, title, company and contact lines."""
    b = Builder()
    doc = Doc(b)
    other = ctx.person()
    b.line(ctx.pick(("Hi {v},", "Dear {v},", "Hello {v},")), v=ctx.first_name(other))
    b.add("\n")
    b.line(
        ctx.pick(
            (
                "Thanks for your time on the call today. As discussed, I have attached the revised proposal and the "
                "timeline for the next phase. Let me know if anything is unclear.",
                "Just a quick follow-up on my previous message: could you confirm whether the delivery can go ahead next week?",
                "Please find the signed contract attached. We look forward to working with you.",
                "I am out of the office until Monday with limited access to e-mail.",
            )
        )
    )
    b.add("\n")
    doc.record("contact", signature(ctx, b))
    return doc


def signature(ctx: Ctx, b: Builder) -> dict[str, Span]:
    """Write a sign-off and an e-mail signature block; returns the contact spans."""
    values = _contact(ctx)
    b.line(ctx.pick(("Best regards,", "Kind regards,", "Cheers,", "Thanks,", "Best,", "Regards,")))
    spans: dict[str, Span] = {"name": b.line("{v}", v=values["name"])["v"]}
    if ctx.chance(0.8):
        if ctx.chance(0.5):
            spans.update(b.line("{title} | {company}", title=values["title"], company=values["company"]))
        else:
            spans["title"] = b.line("{v}", v=values["title"])["v"]
            spans["company"] = b.line("{v}", v=values["company"])["v"]
    for key, labels in (
        ("phone", ("T: ", "Tel. ", "Phone: ", "M: ", "")),
        ("email", ("E: ", "Email: ", "")),
        ("website", ("W: ", "")),
        ("address", ("", "A: ")),
    ):
        if ctx.chance(0.6):
            spans[key] = b.line(ctx.pick(labels) + "{v}", v=values[key])["v"]
    return spans


TYPES: tuple[DocType, ...] = (
    DocType("contact card", {"contact": CONTACT}, contact_card),
    DocType("email signature", {"contact": CONTACT}, email_signature),
)
