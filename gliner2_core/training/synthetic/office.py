"""Office documents: meeting notes with action items, support tickets, event announcements, news briefs."""

from __future__ import annotations

from gliner2_core.training.synthetic import filler
from gliner2_core.training.synthetic.core import Builder, Doc, Span, Val
from gliner2_core.training.synthetic.layouts import BLOCK_STYLES, block
from gliner2_core.training.synthetic.schema import DocType, StructSpec, spec
from gliner2_core.training.synthetic.values import Ctx

TOPICS = ("the Q3 budget", "the website relaunch", "hiring for the data team", "the supplier contract", "the office move",
          "the customer onboarding flow", "the annual report", "the security audit", "the product roadmap",
          "the trade fair stand", "the migration to the new CRM", "the pricing update")  # fmt: skip
TASKS = ("send the revised budget to finance", "book the venue", "update the project plan", "draft the press release",
         "review the contract with legal", "collect quotes from three suppliers", "set up the test environment",
         "schedule interviews", "prepare the board slides", "fix the login bug", "call the customer back",
         "order new laptops", "write the onboarding guide", "clean up the shared drive")  # fmt: skip
STATUS = ("open", "in progress", "done")

MEETING = StructSpec.of(
    "meeting|meeting notes|minutes",
    title=spec("title|subject|topic|meeting title", "what the meeting was about", required=True),
    date=spec("date|meeting date|held on", "when the meeting took place"),
    attendees=spec("attendees|participants|present|people present", "who attended"),
    organiser=spec("organiser|chair|facilitator|host", "who ran the meeting"),
    location=spec("location|room|venue", "where it took place"),
)
ACTION = StructSpec.of(
    "action item|task|todo|follow-up",
    task=spec("task|action|what|description", "what has to be done", required=True),
    owner=spec("owner|assignee|responsible|who", "who will do it"),
    due=spec("due date|deadline|due|by when", "when it must be done"),
    status=spec("status|state|progress", "how far the task is", choices=STATUS),
)
_STATUS_SURFACES = {"open": ("open", "not started", "TODO"), "in progress": ("in progress", "ongoing", "WIP"),
                    "done": ("done", "completed", "closed")}  # fmt: skip


def meeting_notes(ctx: Ctx) -> Doc:
    """Minutes with a header, discussion paragraphs and several action items (owner, due date, status)."""
    b = Builder()
    doc = Doc(b)
    people = [ctx.person() for _ in range(ctx.rng.randint(2, 6))]
    topic = ctx.pick(TOPICS)
    spans: dict[str, Span | list[Span]] = {}
    spans["title"] = b.line(ctx.pick(("# Meeting notes: {v}", "Minutes - {v}", "Subject: {v}", "{v} sync")),
                            v=topic[4:].capitalize() if topic.startswith("the ") else topic)["v"]  # fmt: skip
    rows: list[tuple[str, Val | str, str]] = [(ctx.pick(("Date", "When", "Held on")), ctx.date(), "date")]
    if ctx.chance(0.5):
        rows.append((ctx.pick(("Chair", "Organiser", "Facilitator")), people[0], "organiser"))
    if ctx.chance(0.5):
        rows.append((ctx.pick(("Room", "Location", "Where")), ctx.pick(("Room B214", "Board room", "Zoom", "Teams call",
                                                                        "Main office")), "location"))  # fmt: skip
    spans.update(block(b, rows, ctx.pick(("kv", "bullets", "bold_bullets", "kv_dash"))))
    b.add(ctx.pick(("Attendees: ", "Present: ", "Participants: ")))
    attendees = []
    for i, person in enumerate(people):
        b.add(", " if i else "")
        attendees.append(b.put(person))
    spans["attendees"] = attendees
    b.add("\n\n")
    if ctx.chance(0.7):
        b.line(ctx.pick(("## Discussion", "Discussion", "Notes")))
        if ctx.chance(0.5):
            filler.paragraph(ctx, b, "meeting", 1, 4)
        for _ in range(ctx.count(1, 3, 6)):
            b.line(ctx.pick((
                f"The team reviewed {ctx.pick(TOPICS)} and agreed to keep the current scope for now.",
                f"Concerns were raised about {ctx.pick(TOPICS)}; a decision was postponed to the next meeting.",
                f"Progress on {ctx.pick(TOPICS)} is on track, with two open risks around timing and cost.",
                f"Everyone agreed that {ctx.pick(TOPICS)} needs a clear owner before the end of the month.",
            )))  # fmt: skip
        b.add("\n")
    b.line(ctx.pick(("## Action items", "Action items:", "Next steps", "TODO")))
    for task in ctx.rng.sample(TASKS, ctx.count(1, 5, 10)):
        owner = ctx.pick(people)
        status = ctx.pick(STATUS) if ctx.chance(0.5) else None
        item = _action_item(ctx, b, task, ctx.first_name(owner) if ctx.chance(0.3) else owner)
        if status:
            b.add(" " + ctx.pick(("[{}]", "({})", "- status: {}")).format(ctx.pick(_STATUS_SURFACES[status])))
        b.add("\n")
        doc.record("action", {**item, "status": status})
    doc.record("meeting", spans, first=True)
    return doc


def _action_item(ctx: Ctx, b: Builder, task: str, owner: Val) -> dict[str, Span]:
    b.add(ctx.pick(("- ", "* ", "[ ] ")))
    due = ctx.date() if ctx.chance(0.6) else None
    if due is None:
        return b.fill(ctx.pick(("{owner} to {task}", "{task} ({owner})", "{owner}: {task}")), owner=owner, task=task)
    return b.fill(ctx.pick(("{owner} to {task} by {due}", "{task} - {owner}, due {due}", "{owner}: {task} (deadline {due})")),
                  owner=owner, task=task, due=due)  # fmt: skip


PRIORITIES = ("low", "medium", "high", "urgent")
TICKET_STATUS = ("open", "pending", "resolved")
CATEGORIES = ("billing", "technical", "account", "shipping")
PROBLEMS = {
    "billing": ("I was charged twice for my subscription this month.", "My invoice shows the wrong VAT number."),
    "technical": ("The app crashes every time I open the settings page.", "Exports to CSV are empty since the update."),
    "account": ("I cannot reset my password, the reset e-mail never arrives.", "Please delete my account and data."),
    "shipping": ("My parcel has not arrived although tracking says delivered.", "The package arrived damaged."),
}  # fmt: skip
TICKET = StructSpec.of(
    "ticket|support ticket|case|support request",
    ticket_id=spec("ticket id|ticket number|case number|reference", "the identifier of the ticket"),
    customer=spec("customer|requester|reported by|customer name", "who opened the ticket", required=True),
    email=spec("email|customer email|contact", "the customer's e-mail address"),
    product=spec("product|affected product|service", "which product the problem is about"),
    created=spec("created|opened on|date|submitted", "when the ticket was opened"),
    agent=spec("agent|assignee|assigned to|handled by", "the support agent working on it"),
    priority=spec("priority|urgency|severity", "how urgent the ticket is", choices=PRIORITIES),
    status=spec("status|ticket status|state", "where the ticket stands", choices=TICKET_STATUS),
    category=spec("category|issue type|topic", "what kind of problem it is", choices=CATEGORIES),
)
SOFTWARE = ("CloudDesk Pro", "the mobile app", "PayFlow", "the web dashboard", "Router X200", "SmartHome Hub", "Sync Drive")


def support_ticket(ctx: Ctx) -> Doc:
    """A help-desk ticket: labelled header fields and the customer's message."""
    b = Builder()
    doc = Doc(b)
    customer = ctx.person()
    category = ctx.pick(CATEGORIES)
    values: dict[str, Val | str] = {"ticket_id": ctx.code(ctx.pick(("#", "TCK-", "CASE-", "SR")), ctx.rng.randint(4, 7)),
              "customer": customer, "email": ctx.email(customer.text), "product": ctx.pick(SOFTWARE),
              "created": ctx.date(start=2024), "agent": ctx.person()}  # fmt: skip
    chosen = {"priority": ctx.pick(PRIORITIES), "status": ctx.pick(TICKET_STATUS), "category": category}
    labels = {"ticket_id": ("Ticket", "Ticket ID", "Case #"), "customer": ("From", "Customer", "Requester"),
              "email": ("Email", "Reply-to"), "product": ("Product", "Service"), "created": ("Created", "Opened"),
              "agent": ("Assignee", "Agent", "Assigned to"), "priority": ("Priority", "Severity"),
              "status": ("Status", "State"), "category": ("Category", "Type")}  # fmt: skip
    keys = [k for k in (*values, *chosen) if k == "customer" or ctx.chance(0.7)]
    rows = [(ctx.pick(labels[k]), values[k] if k in values else chosen[k].title(), k) for k in keys]
    spans = block(b, rows, ctx.pick(BLOCK_STYLES))
    for key in chosen:
        spans.pop(key, None)
    b.add("\n")
    b.line(ctx.pick(("Hello,", "Hi support team,", "Dear support,")))
    b.line(ctx.pick(PROBLEMS[category]) + " " + ctx.pick(("Could you please look into this?", "This is blocking our team.",
                                                           "Thanks in advance for your help.")))  # fmt: skip
    if "product" not in spans and ctx.chance(0.5):
        spans.update(b.line("This concerns {product}.", product=values["product"]))
    b.line(ctx.pick(("Regards,", "Thanks,", "Best,")))
    b.line("{v}", v=Val(customer.text, "person"))
    # The message always reveals the category; priority and status only when their line is shown.
    shown = {k: (v if k in keys or k == "category" else None) for k, v in chosen.items()}
    doc.record("ticket", {**spans, **shown})
    return doc


EVENT_KINDS = ("conference", "workshop", "meetup", "concert", "webinar", "charity run", "book launch", "trade fair")
FORMATS = ("in person", "online", "hybrid")
THEMES = ("Future of Data", "Green Energy", "Open Source", "Jazz by the River", "Small Business", "Healthy Cities",
          "AI in Practice", "Spring Fundraising", "Women in Tech", "Local Food", "Design Systems", "Winter Lights")
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
    venue = Val(ctx.pick(("Town Hall", "Convention Centre", "Community Library", "Riverside Park", "Grand Hotel")) + ", "
                + city, "location") if fmt != "online" else "our online platform"  # fmt: skip
    price = ctx.money(ctx.rng.randint(5, 300)) if ctx.chance(0.7) else "free"
    values = {"name": name, "date": ctx.date(start=2025), "time": ctx.pick(("9:00", "18:30", "7 pm", "10am", "14:00")),
              "venue": venue, "organiser": organiser, "price": price, "registration": ctx.email(domain=ctx.domain(
              organiser.text))}  # fmt: skip
    speakers: list[Span] = []
    if ctx.chance(0.4):
        spans = b.fill(ctx.pick((
            "Join us for {name} on {date} at {time}, {venue}. Tickets {price}. Register at {registration}.",
            "{organiser} invites you to {name}, taking place on {date} from {time} at {venue}.",
            "Save the date: {name}, {date}, {venue}. Entry: {price}.",
        )), **values)  # fmt: skip
    else:
        spans = {"name": b.line(ctx.pick(("# {v}", "{v}", "ANNOUNCEMENT: {v}")), v=name)["v"]}
        b.add("\n")
        b.line(ctx.pick((f"We are excited to announce our {kind} for everyone interested in {ctx.pick(TOPICS)[4:]}.",
                         f"A day of talks, networking and good food. This year's {kind} is bigger than ever.")))  # fmt: skip
        b.add("\n")
        labels = {"date": ("Date", "When"), "time": ("Time", "Starts"), "venue": ("Venue", "Where", "Location"),
                  "organiser": ("Organiser", "Hosted by"), "price": ("Tickets", "Price", "Entry"),
                  "registration": ("RSVP", "Register", "Sign up")}  # fmt: skip
        rows = [(ctx.pick(labels[k]), values[k], k) for k in labels if ctx.chance(0.75)]
        spans.update(block(b, rows, ctx.pick(BLOCK_STYLES)))
        if ctx.chance(0.6):
            b.add("\n" + ctx.pick(("Speakers: ", "Featuring: ", "With: ")))
            for i in range(ctx.rng.randint(1, 4)):
                b.add(", " if i else "")
                speakers.append(b.put(ctx.person()))
            b.add("\n")
    if fmt and ctx.chance(0.8):
        b.add(f"\nFormat: {fmt}.")
    else:
        fmt = "online" if fmt == "online" else None
    doc.record("event", {**spans, "speakers": speakers, "format": fmt})
    return doc


NEWS = StructSpec.of(
    "news event|event|news item|story",
    who=spec("who|actor|subject|main party", "who did it or was involved", required=True),
    what=spec("what|event|action|what happened", "what happened"),
    where=spec("where|location|place", "where it happened"),
    when=spec("when|date|time", "when it happened"),
)
COMPANY_NEWS = ("announced a merger with a regional competitor", "opened a new headquarters", "recalled 2,000 vehicles",
                "signed a supply agreement", "cut 300 jobs", "launched an electric bus fleet", "received a government grant",
                "published its annual sustainability report", "filed for insolvency", "broke ground on a new hospital")  # fmt: skip
PERSON_NEWS = ("was elected mayor", "won a national award", "resigned as chief executive", "opened a new bakery",
               "was appointed head of the regional hospital", "set a new marathon record", "donated an art collection to the city",
               "announced a run for parliament")  # fmt: skip
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
    b.line(ctx.pick(("# ", "", "BREAKING: ")) + what[0].upper() + what[1:].split(",")[0] + " - " + ctx.pick(
        ("report", "update", "what we know")))  # fmt: skip
    b.add("\n")
    spans = b.fill(ctx.pick(_NEWS_TEMPLATES), who=who, what=what, where=ctx.city(), when=ctx.date())
    b.add(" " + " ".join(filler.sentences(ctx, "news", 1, 3)) + "\n\n")
    b.fill(ctx.pick(('"We are confident this is the right step," said {person}, a spokesperson for {org}.',
                     '{person} of {org} called it "an important day for everyone involved".')),
           person=ctx.person(), org=ctx.company())  # fmt: skip
    b.add(" " + " ".join(filler.sentences(ctx, "news", 1, 3)) + "\n")
    if ctx.chance(0.5):
        b.add("\n")
        filler.paragraph(ctx, b, "news", 2, 4)
    doc.record("news", spans)
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("meeting notes", {"meeting": MEETING, "action": ACTION}, meeting_notes),
    DocType("support ticket", {"ticket": TICKET}, support_ticket),
    DocType("event announcement", {"event": EVENT}, event_announcement),
    DocType("news brief", {"news": NEWS}, news_brief),
)
