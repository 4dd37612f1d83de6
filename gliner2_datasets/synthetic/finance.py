"""Money and places: bank transaction lists, travel bookings and real-estate listings."""

from __future__ import annotations

from gliner2_datasets.synthetic import filler
from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, ITEM_STYLES, block, items
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import CURRENCY_CHOICES, Ctx, format_date
from gliner2_datasets.synthetic.vocab import MERCHANTS, PAYEES

DIRECTIONS = ("debit", "credit")

STATEMENT = StructSpec.of(
    "bank statement|account statement|statement",
    bank=spec("bank|bank name|institution", "the bank that keeps the account", required=True),
    holder=spec("account holder|customer|owner|name", "who owns the account"),
    account=spec("account number|iban|account", "the account identifier"),
    balance=spec("closing balance|balance|ending balance", "the balance at the end of the period"),
    currency=spec("currency|account currency", "the account currency", choices=CURRENCY_CHOICES),
)
TRANSACTION = StructSpec.of(
    "transaction|payment|booking|entry",
    date=spec("date|booking date|value date|transaction date", "when it was booked", required=True),
    description=spec("description|payee|merchant|counterparty|details", "who was paid or who paid"),
    amount=spec("amount|value|sum", "how much money moved"),
    direction=spec("direction|type|debit or credit", "whether money left or entered the account", choices=DIRECTIONS),
)


def bank_transactions(ctx: Ctx) -> Doc:
    """A statement header and a list of transactions (several per text)."""
    b = Builder()
    doc = Doc(b)
    bank = Val(
        f"{ctx.faker('last_name')} {ctx.pick(('Bank', 'Savings Bank', 'Credit Union', 'Bank plc'))}", "organisation"
    )
    iban = (
        f"{ctx.pick(('DE', 'GB', 'FR', 'NL', 'IE'))}{ctx.code(digits=2)} {ctx.code(digits=4)} {ctx.code(digits=4)} "
        f"{ctx.code(digits=4)}"
    )
    rows = [
        (ctx.pick(("Bank", "Institution")), bank, "bank"),
        (ctx.pick(("Account holder", "Customer", "Name")), ctx.person(), "holder"),
        (ctx.pick(("IBAN", "Account", "Account no.")), iban, "account"),
    ]
    b.line(ctx.pick(("Account statement", "# Statement of account", "TRANSACTIONS", "Recent transactions")))
    spans = block(b, [r for r in rows if r[2] == "bank" or ctx.chance(0.7)], ctx.pick(BLOCK_STYLES))
    b.add("\n")
    style = ctx.pick(ITEM_STYLES)
    start = ctx.day()
    balance = ctx.amount(100, 9000)
    table = []
    directions = []
    for _ in range(ctx.count(2, 9, 20)):
        direction = ctx.pick(DIRECTIONS)
        amount = ctx.amount(2, 2500)
        balance += amount if direction == "credit" else -amount
        start = start.replace(day=min(28, start.day + ctx.rng.randint(0, 3)))
        sign = "" if direction == "credit" else "-"
        money = ctx.money(amount)
        table.append(
            [
                Val(format_date(start, ctx.date_style), "date"),
                ctx.pick((Val(ctx.pick(MERCHANTS), "organisation"), ctx.pick(PAYEES))),
                Val(sign + money.text, "money"),
            ]
        )
        directions.append(direction)
    for row, direction in zip(
        items(b, ("Date", "Description", "Amount"), table, style, ctx.rng), directions, strict=True
    ):
        # Debits carry a minus sign, credits none, so the direction is always readable.
        doc.record("transaction", {"date": row[0], "description": row[1], "amount": row[2], "direction": direction})
    if ctx.chance(0.7):
        b.add("\n")
        spans["balance"] = b.line(
            ctx.pick(("Closing balance", "Balance", "Ending balance")) + ": {v}", v=ctx.money(abs(balance))
        )["v"]
    currency = None if ctx.money_style == 3 else ctx.currency
    doc.record("statement", {**spans, "currency": currency}, first=True)
    return doc


CABINS = ("economy", "premium economy", "business", "first")
BOOKING = StructSpec.of(
    "booking|reservation|trip|itinerary",
    traveller=spec("traveller|passenger|guest|name", "who travels", required=True),
    reference=spec("booking reference|confirmation number|PNR|reference", "the booking code"),
    origin=spec("origin|from|departure city", "where the trip starts"),
    destination=spec("destination|to|arrival city", "where the trip goes"),
    departure=spec("departure date|outbound date|travel date|date", "when the trip starts"),
    return_date=spec("return date|inbound date|back on", "when the traveller comes back"),
    price=spec("price|total price|fare|cost", "what the booking costs"),
    cabin=spec("cabin|class|fare class", "the travel class", choices=CABINS),
    hotel=spec("hotel|accommodation|stay", "where the traveller sleeps"),
)


def travel_booking(ctx: Ctx) -> Doc:
    """A flight (and hotel) confirmation: labelled block, or a prose confirmation."""
    b = Builder()
    doc = Doc(b)
    cabin = ctx.pick(CABINS) if ctx.chance(0.7) else None
    outbound, inbound = ctx.dates(start=2025, end=2026, gap=(2, 21))
    values: dict[str, Val | str] = {
        "traveller": ctx.person(),
        "reference": "".join(ctx.pick("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)),
        "origin": ctx.city(),
        "destination": Val(ctx.faker("city", any_locale=True), "location"),
        "departure": outbound,
        "return_date": inbound,
        "price": ctx.money(ctx.amount(60, 3000)),
        "hotel": Val(f"Hotel {ctx.faker('last_name', any_locale=True)}", "organisation"),
    }
    if ctx.chance(0.4):
        spans = b.fill(
            ctx.pick(
                (
                    "Dear {traveller}, your trip from {origin} to {destination} on {departure} is confirmed. Booking reference "
                    "{reference}. Total paid: {price}.",
                    "Booking {reference} confirmed for {traveller}: {origin} to {destination}, departing {departure}, returning "
                    "{return_date}. You are staying at {hotel}.",
                )
            ),
            **values,
        )
        if cabin:
            b.add(f" Cabin: {cabin}.")
    else:
        b.line(ctx.pick(("Booking confirmation", "# Your itinerary", "E-TICKET RECEIPT", "Reservation details")))
        b.add("\n")
        labels = {
            "traveller": ("Passenger", "Traveller", "Name"),
            "reference": ("Booking ref", "PNR", "Confirmation"),
            "origin": ("From", "Departure"),
            "destination": ("To", "Arrival"),
            "departure": ("Outbound", "Departure date", "Date"),
            "return_date": ("Return", "Inbound"),
            "price": ("Total", "Fare", "Price"),
            "hotel": ("Hotel", "Accommodation"),
        }
        rows = [
            (ctx.pick(labels[k]), v, k)
            for k, v in values.items()
            if k in ("traveller", "destination") or ctx.chance(0.7)
        ]
        if cabin:
            rows.append((ctx.pick(("Class", "Cabin")), cabin.title(), "cabin_text"))
        spans = block(b, rows, ctx.pick(BLOCK_STYLES))
        spans.pop("cabin_text", None)
    doc.record("booking", {**spans, "cabin": cabin})
    return doc


PROPERTY_TYPES = ("apartment", "house", "studio", "townhouse")
LISTING_KIND = ("for sale", "for rent")
LISTING = StructSpec.of(
    "listing|property|real estate listing|home",
    kind=spec(
        "offer type|listing type|sale or rent", "whether the property is for sale or for rent", choices=LISTING_KIND
    ),
    property_type=spec("property type|type|kind of home", "what kind of home it is", choices=PROPERTY_TYPES),
    address=spec("address|location|property address", "where the property is", required=True),
    price=spec("price|asking price|rent|monthly rent", "what it costs"),
    bedrooms=spec("bedrooms|beds|number of bedrooms", "how many bedrooms"),
    area=spec("area|size|floor area|living space", "the floor area"),
    agent=spec("agent|contact|estate agent|realtor", "who to contact"),
    phone=spec("phone|agent phone|contact number", "the agent's phone number"),
)


def real_estate_listing(ctx: Ctx) -> Doc:
    """A property ad: headline, prose description, key facts."""
    b = Builder()
    doc = Doc(b)
    kind, ptype = ctx.pick(LISTING_KIND), ctx.pick(PROPERTY_TYPES)
    bedrooms = str(ctx.rng.randint(1, 5))
    price = ctx.money(ctx.amount(600, 4000) if kind == "for rent" else ctx.rng.randrange(90, 1500) * 1000)
    unit = ctx.pick(("m²", "sq m", "sq ft"))
    size = ctx.rng.randint(20, 60) + 25 * int(bedrooms)
    area = f"{size * 11 if unit == 'sq ft' else size} {unit}"
    b.add(f"{bedrooms}-bedroom {ptype} {kind}" if ctx.chance(0.5) else f"{ptype.title()} {kind}")
    b.add(ctx.pick((" in ", " - ")))
    spans: dict[str, Span] = {"address": b.put(ctx.address())}
    b.add("\n\n")
    if ctx.chance(0.6):
        filler.paragraph(ctx, b, "home", 1, 4)
        b.add("\n")
    facts = {"price": price, "bedrooms": bedrooms, "area": area}
    if ctx.chance(0.5):
        spans.update(
            b.fill(
                ctx.pick(
                    (
                        "Bright {bedrooms}-bedroom home of {area}, close to shops and schools. Asking {price}.",
                        "This spacious property offers {area} of living space and {bedrooms} bedrooms. Price: {price}.",
                    )
                ),
                **facts,
            )
        )
        b.add("\n")
    else:
        labels = {
            "price": ("Price", "Rent" if kind == "for rent" else "Asking price"),
            "bedrooms": ("Bedrooms", "Beds"),
            "area": ("Size", "Living area", "Area"),
        }
        spans.update(block(b, [(ctx.pick(labels[k]), v, k) for k, v in facts.items()], ctx.pick(BLOCK_STYLES)))
    if ctx.chance(0.7):
        b.add("\n")
        spans.update(
            b.line(
                ctx.pick(
                    (
                        "Contact {agent} on {phone}.",
                        "Viewings: {agent}, {phone}",
                        "Call {agent} ({phone}) to arrange a viewing.",
                    )
                ),
                agent=ctx.person(),
                phone=ctx.phone(),
            )
        )
    doc.record("listing", {**spans, "kind": kind, "property_type": ptype})
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("bank transactions", {"statement": STATEMENT, "transaction": TRANSACTION}, bank_transactions),
    DocType("travel booking", {"booking": BOOKING}, travel_booking),
    DocType("real estate listing", {"listing": LISTING}, real_estate_listing),
)
