"""Office documents: meeting notes with action items, and support tickets."""

from __future__ import annotations

from gliner2_datasets.synthetic import filler
from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, block
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import Ctx
from gliner2_datasets.synthetic.vocab import (
    PROBLEMS,
    SOFTWARE,
    TASKS,
    TOPICS,
)

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
_STATUS_SURFACES = {
    "open": ("open", "not started", "TODO"),
    "in progress": ("in progress", "ongoing", "WIP"),
    "done": ("done", "completed", "closed"),
}


def meeting_notes(ctx: Ctx) -> Doc:
    """Minutes with a header, discussion paragraphs and several action items (owner, due date, status)."""
    b = Builder()
    doc = Doc(b)
    people = [ctx.person() for _ in range(ctx.rng.randint(2, 6))]
    topic = ctx.pick(TOPICS)
    spans: dict[str, Span | list[Span]] = {}
    spans["title"] = b.line(
        ctx.pick(("# Meeting notes: {v}", "Minutes - {v}", "Subject: {v}", "{v} sync")),
        v=topic[4:].capitalize() if topic.startswith("the ") else topic,
    )["v"]
    rows: list[tuple[str, Val | str, str]] = [(ctx.pick(("Date", "When", "Held on")), ctx.date(), "date")]
    if ctx.chance(0.5):
        rows.append((ctx.pick(("Chair", "Organiser", "Facilitator")), people[0], "organiser"))
    if ctx.chance(0.5):
        rows.append(
            (
                ctx.pick(("Room", "Location", "Where")),
                ctx.pick(("Room B214", "Board room", "Zoom", "Teams call", "Main office")),
                "location",
            )
        )
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
            b.line(
                ctx.pick(
                    (
                        f"The team reviewed {ctx.pick(TOPICS)} and agreed to keep the current scope for now.",
                        f"Concerns were raised about {ctx.pick(TOPICS)}; a decision was postponed to the next meeting.",
                        f"Progress on {ctx.pick(TOPICS)} is on track, with two open risks around timing and cost.",
                        f"Everyone agreed that {ctx.pick(TOPICS)} needs a clear owner before the end of the month.",
                    )
                )
            )
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
    return b.fill(
        ctx.pick(("{owner} to {task} by {due}", "{task} - {owner}, due {due}", "{owner}: {task} (deadline {due})")),
        owner=owner,
        task=task,
        due=due,
    )


PRIORITIES = ("low", "medium", "high", "urgent")
TICKET_STATUS = ("open", "pending", "resolved")
CATEGORIES = ("billing", "technical", "account", "shipping")
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


def support_ticket(ctx: Ctx) -> Doc:
    """A help-desk ticket: labelled header fields and the customer's message."""
    b = Builder()
    doc = Doc(b)
    customer = ctx.person()
    category = ctx.pick(CATEGORIES)
    values: dict[str, Val | str] = {
        "ticket_id": ctx.code(ctx.pick(("#", "TCK-", "CASE-", "SR")), ctx.rng.randint(4, 7)),
        "customer": customer,
        "email": ctx.email(customer.text),
        "product": ctx.pick(SOFTWARE),
        "created": ctx.date(start=2024),
        "agent": ctx.person(),
    }
    chosen = {"priority": ctx.pick(PRIORITIES), "status": ctx.pick(TICKET_STATUS), "category": category}
    labels = {
        "ticket_id": ("Ticket", "Ticket ID", "Case #"),
        "customer": ("From", "Customer", "Requester"),
        "email": ("Email", "Reply-to"),
        "product": ("Product", "Service"),
        "created": ("Created", "Opened"),
        "agent": ("Assignee", "Agent", "Assigned to"),
        "priority": ("Priority", "Severity"),
        "status": ("Status", "State"),
        "category": ("Category", "Type"),
    }
    keys = [k for k in (*values, *chosen) if k == "customer" or ctx.chance(0.7)]
    rows = [(ctx.pick(labels[k]), values[k] if k in values else chosen[k].title(), k) for k in keys]
    spans = block(b, rows, ctx.pick(BLOCK_STYLES))
    for key in chosen:
        spans.pop(key, None)
    b.add("\n")
    b.line(ctx.pick(("Hello,", "Hi support team,", "Dear support,")))
    b.line(
        ctx.pick(PROBLEMS[category])
        + " "
        + ctx.pick(
            ("Could you please look into this?", "This is blocking our team.", "Thanks in advance for your help.")
        )
    )
    if "product" not in spans and ctx.chance(0.5):
        spans.update(b.line("This concerns {product}.", product=values["product"]))
    b.line(ctx.pick(("Regards,", "Thanks,", "Best,")))
    b.line("{v}", v=Val(customer.text, "person"))
    # The message always reveals the category; priority and status only when their line is shown.
    shown = {k: (v if k in keys or k == "category" else None) for k, v in chosen.items()}
    doc.record("ticket", {**spans, **shown})
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("meeting notes", {"meeting": MEETING, "action": ACTION}, meeting_notes),
    DocType("support ticket", {"ticket": TICKET}, support_ticket),
)
