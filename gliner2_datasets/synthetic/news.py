"""Announcements: event announcements and news briefs (who, what, where, when)."""

from __future__ import annotations

from gliner2_datasets.synthetic import filler
from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, block
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import Ctx
from gliner2_datasets.synthetic.vocab import COMPANY_NEWS, EVENT_KINDS, PERSON_NEWS, THEMES, TOPICS

FORMATS = ("in person", "online", "hybrid")
EVENT = StructSpec.of(
    "event|event announcement|happening",
    name=spec("event name|name|title|event", "what the event is called", required=True),
    date=spec("date|event date|when|takes place on", "the day of the event"),
    time=spec("time|start time|starts at|doors open", "when it starts"),
    venue=spec("venue|location|place|where", "where it takes place"),
    organiser=spec("organiser|organizer|host|hosted by", "who organises it"),
    price=spec("price|ticket price|entry fee|cost", "what a ticket costs"),
    speakers=spec("speakers|performers|featuring|guests", "who speaks or performs"),
    registration=spec("registration|sign up|rsvp|contact", "where to register"),
    format=spec("format|attendance mode|event format", "whether it is in person or online", choices=FORMATS),
)


def event_announcement(ctx: Ctx) -> Doc:
    """An announcement: prose or poster-style labelled lines, with speakers and price."""
    b = Builder()
    doc = Doc(b)
    kind = ctx.pick(EVENT_KINDS)
    city = ctx.faker("city")
    organiser = ctx.company()
    # Names hold no city or company, so no untagged entity hides inside them.
    name = f"{ctx.pick(THEMES)} {kind.title()}" + ctx.pick(("", f" {ctx.rng.randint(2024, 2027)}"))
    fmt = ctx.pick(FORMATS) if ctx.chance(0.6) else None
    venue = (
        Val(
            ctx.pick(("Town Hall", "Convention Centre", "Community Library", "Riverside Park", "Grand Hotel"))
            + ", "
            + city,
            "location",
        )
        if fmt != "online"
        else "our online platform"
    )
    price = ctx.money(ctx.rng.randint(5, 300)) if ctx.chance(0.7) else "free"
    values: dict[str, Val | str] = {
        "name": name,
        "date": ctx.date(start=2025),
        "time": ctx.pick(("9:00", "18:30", "7 pm", "10am", "14:00")),
        "venue": venue,
        "organiser": organiser,
        "price": price,
        "registration": ctx.email(domain=ctx.domain(organiser.text)),
    }
    speakers: list[Span] = []
    if ctx.chance(0.4):
        spans = b.fill(
            ctx.pick(
                (
                    "Join us for {name} on {date} at {time}, {venue}. Tickets {price}. Register at {registration}.",
                    "{organiser} invites you to {name}, taking place on {date} from {time} at {venue}.",
                    "Save the date: {name}, {date}, {venue}. Entry: {price}.",
                )
            ),
            **values,
        )
    else:
        spans, speakers = _event_poster(ctx, b, values, kind)
    if fmt and ctx.chance(0.8):
        b.add(f"\nFormat: {fmt}.")
    else:
        fmt = "online" if fmt == "online" else None
    doc.record("event", {**spans, "speakers": speakers, "format": fmt})
    return doc


def _event_poster(ctx: Ctx, b: Builder, values: dict[str, Val | str], kind: str) -> tuple[dict[str, Span], list[Span]]:
    """Poster-style announcement: heading, teaser, labelled facts and speakers; returns their spans."""
    spans = {"name": b.line(ctx.pick(("# {v}", "{v}", "ANNOUNCEMENT: {v}")), v=values["name"])["v"]}
    b.add("\n")
    b.line(
        ctx.pick(
            (
                f"We are excited to announce our {kind} for everyone interested in {ctx.pick(TOPICS)[4:]}.",
                f"A day of talks, networking and good food. This year's {kind} is bigger than ever.",
            )
        )
    )
    b.add("\n")
    labels = {
        "date": ("Date", "When"),
        "time": ("Time", "Starts"),
        "venue": ("Venue", "Where", "Location"),
        "organiser": ("Organiser", "Hosted by"),
        "price": ("Tickets", "Price", "Entry"),
        "registration": ("RSVP", "Register", "Sign up"),
    }
    rows = [(ctx.pick(labels[k]), values[k], k) for k in labels if ctx.chance(0.75)]
    spans.update(block(b, rows, ctx.pick(BLOCK_STYLES)))
    speakers: list[Span] = []
    if ctx.chance(0.6):
        b.add("\n" + ctx.pick(("Speakers: ", "Featuring: ", "With: ")))
        for i in range(ctx.rng.randint(1, 4)):
            b.add(", " if i else "")
            speakers.append(b.put(ctx.person()))
        b.add("\n")
    return spans, speakers


NEWS = StructSpec.of(
    "news event|event|news item|story",
    who=spec("who|actor|subject|main party", "who did it or was involved", required=True),
    what=spec("what|event|action|what happened", "what happened"),
    where=spec("where|location|place", "where it happened"),
    when=spec("when|date|time", "when it happened"),
)
_NEWS_TEMPLATES = (
    "{who} {what} in {where} on {when}.",
    "On {when}, {who} {what} in {where}.",
    "{where} - {who} {what}, it was announced on {when}.",
    "{who} {what}, officials in {where} confirmed on {when}.",
)


def news_brief(ctx: Ctx) -> Doc:
    """One to four short news items (who/what/where/when), or one longer article with a quote."""
    b = Builder()
    doc = Doc(b)
    if ctx.chance(0.3):
        return _news_article(ctx, b, doc)
    if ctx.chance(0.6):
        b.line(ctx.pick(("News in brief", "## Today's briefing", "BUSINESS NEWS", "Local news roundup")))
        b.add("\n")
    for _ in range(ctx.count(1, 4, 7)):
        is_person = ctx.chance(0.4)
        who = ctx.person() if is_person else ctx.company()
        what = ctx.pick(PERSON_NEWS if is_person else COMPANY_NEWS)
        spans = b.fill(ctx.pick(_NEWS_TEMPLATES), who=who, what=what, where=ctx.city(), when=ctx.date())
        if ctx.chance(0.7):
            b.add(" " + " ".join(filler.sentences(ctx, "news", 1, 4)))
        b.add("\n\n" if ctx.chance(0.6) else " ")
        doc.record("news", spans)
    return doc


def _news_article(ctx: Ctx, b: Builder, doc: Doc) -> Doc:
    """Headline, lead sentence with who/what/where/when, filler paragraphs and a spokesperson's quote."""
    is_person = ctx.chance(0.4)
    who = ctx.person() if is_person else ctx.company()
    what = ctx.pick(PERSON_NEWS if is_person else COMPANY_NEWS)
    b.line(
        ctx.pick(("# ", "", "BREAKING: "))
        + what[0].upper()
        + what[1:].split(",")[0]
        + " - "
        + ctx.pick(("report", "update", "what we know"))
    )
    b.add("\n")
    spans = b.fill(ctx.pick(_NEWS_TEMPLATES), who=who, what=what, where=ctx.city(), when=ctx.date())
    b.add(" " + " ".join(filler.sentences(ctx, "news", 1, 3)) + "\n\n")
    b.fill(
        ctx.pick(
            (
                '"We are confident this is the right step," said {person}, a spokesperson for {org}.',
                '{person} of {org} called it "an important day for everyone involved".',
            )
        ),
        person=ctx.person(),
        org=ctx.company(),
    )
    b.add(" " + " ".join(filler.sentences(ctx, "news", 1, 3)) + "\n")
    if ctx.chance(0.5):
        b.add("\n")
        filler.paragraph(ctx, b, "news", 2, 4)
    doc.record("news", spans)
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("event announcement", {"event": EVENT}, event_announcement),
    DocType("news brief", {"news": NEWS}, news_brief),
)
