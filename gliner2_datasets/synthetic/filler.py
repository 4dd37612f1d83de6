"""Entity-free filler sentences that make documents long and realistic.

No sentence here names a person, organisation, place, date, amount of money,
e-mail address or phone number, so records that mark those entities stay
complete when filler is mixed in.
"""

from __future__ import annotations

from gliner2_datasets.synthetic.core import Builder
from gliner2_datasets.synthetic.values import Ctx

POOLS: dict[str, tuple[str, ...]] = {
    "company": (
        "We are a fast-growing team that builds tools people enjoy using every day.",
        "Our customers range from small shops to large public institutions.",
        "We value clear communication, ownership and a healthy work-life balance.",
        "The team is spread across several offices and meets in person every quarter.",
        "We have been profitable for years and invest heavily in training.",
        "Diversity of background and thought makes our products better.",
    ),
    "role": (
        "Design, build and maintain services used by thousands of customers.",
        "Work closely with product, design and support to ship improvements every week.",
        "Review code and mentor less experienced colleagues.",
        "Take part in an on-call rotation shared fairly across the team.",
        "Turn vague requirements into clear, testable plans.",
        "Write documentation that others actually want to read.",
        "Present results to stakeholders and collect their feedback.",
    ),
    "benefits": (
        "Flexible working hours",
        "Thirty days of paid holiday",
        "A yearly learning budget",
        "Company pension scheme",
        "Bike leasing",
        "Parental leave above the legal minimum",
        "Home office equipment",
        "Team events",
    ),
    "news": (
        "The decision follows months of negotiations.",
        "Observers said the step had been widely expected.",
        "Critics questioned whether the plan goes far enough.",
        "Local residents welcomed the news.",
        "The details of the agreement were not disclosed.",
        "Further announcements are expected in the coming weeks.",
        "The move is part of a wider strategy to modernise operations.",
        "Shares moved little after the announcement.",
        "Trade unions asked for talks as soon as possible.",
    ),
    "meeting": (
        "The group walked through the open risks one by one.",
        "Feedback from the last customer survey was mostly positive.",
        "The timeline was judged tight but achievable.",
        "Two options were compared; the cheaper one was preferred.",
        "It was agreed to revisit the scope after the pilot.",
        "Dependencies on the infrastructure team remain the main blocker.",
    ),
    "product": (
        "Made from recycled materials wherever possible.",
        "Free returns within thirty days of delivery.",
        "Designed and tested to last for years of daily use.",
        "Easy to clean and simple to set up.",
        "Compatible with most common accessories.",
        "Every order ships in plastic-free packaging.",
    ),
    "home": (
        "The living room opens onto a sunny balcony.",
        "The kitchen was fully renovated and comes with modern appliances.",
        "Public transport, schools and shops are within walking distance.",
        "The building has a lift and a shared garden.",
        "Pets are welcome by arrangement.",
        "Viewings are available on weekday evenings and on weekends.",
    ),
    "resume": (
        "Delivered projects on time and under budget.",
        "Introduced automated testing, halving the number of production incidents.",
        "Coordinated a cross-functional team of designers and engineers.",
        "Negotiated contracts with key suppliers.",
        "Trained new hires and wrote the internal handbook.",
        "Reduced reporting time from days to hours.",
    ),
}


def sentences(ctx: Ctx, pool: str, low: int, high: int) -> list[str]:
    """Between ``low`` and ``high`` distinct sentences of a pool."""
    options = POOLS[pool]
    return ctx.rng.sample(options, min(len(options), ctx.rng.randint(low, high)))


def paragraph(ctx: Ctx, b: Builder, pool: str, low: int = 1, high: int = 3) -> None:
    """Write a paragraph of filler sentences followed by a line break."""
    b.line(" ".join(sentences(ctx, pool, low, high)))


def bullets(ctx: Ctx, b: Builder, pool: str, low: int = 2, high: int = 4) -> None:
    """Write filler items as a bullet list."""
    mark = ctx.pick(("- ", "* ", "• "))
    for item in sentences(ctx, pool, low, high):
        b.line(mark + item)
