"""Buying and delivering: purchase orders, shipping notices (dispatch e-mails) and product pages."""

from __future__ import annotations

from gliner2_datasets.synthetic import filler
from gliner2_datasets.synthetic.commerce import LINE_ITEM, line_items
from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, block
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import Ctx
from gliner2_datasets.synthetic.vocab import BRANDS, CARRIERS, COLOURS, KINDS, PRODUCTS

PAYMENT_TERMS = ("net 30", "net 60", "prepaid", "cash on delivery")
_TERMS_SURFACES = {
    "net 30": ("Net 30", "30 days net", "payable within 30 days"),
    "net 60": ("Net 60", "60 days net", "payable within 60 days"),
    "prepaid": ("Prepayment", "payment in advance", "prepaid"),
    "cash on delivery": ("COD", "cash on delivery", "payment on delivery"),
}
ORDER = StructSpec.of(
    "purchase order|order|PO",
    number=spec("PO number|order number|purchase order no|order id", "the identifier of the order", required=True),
    buyer=spec("buyer|ordering company|customer|purchaser", "the company placing the order"),
    supplier=spec("supplier|vendor|seller|company", "the company that will deliver"),
    date=spec("order date|date|issued", "when the order was placed"),
    delivery_date=spec("delivery date|deliver by|requested delivery", "when the goods must arrive"),
    ship_to=spec("ship to|delivery address|shipping address", "where the goods go"),
    contact=spec("contact|buyer contact|requested by", "the person handling the order"),
    total=spec("total|order total|total value|amount", "the value of the whole order"),
    terms=spec("payment terms|terms|terms of payment", "when and how the order will be paid", choices=PAYMENT_TERMS),
)


def purchase_order(ctx: Ctx) -> Doc:
    """A purchase order: header block, ship-to address on several lines, line items, total and terms."""
    b = Builder()
    doc = Doc(b)
    ordered, delivery = ctx.dates(gap=(5, 40))
    buyer = ctx.company()
    number = ctx.code(ctx.pick(("PO-", "PO ", "4500", "ORD-")), ctx.rng.randint(4, 6))
    if ctx.chance(0.25):
        spans = b.fill(
            ctx.pick(
                (
                    "Please supply the items below under purchase order {number} for {buyer}, delivery by {delivery_date}.",
                    "{buyer} orders the following (PO {number}, dated {date}):",
                )
            ),
            number=number,
            buyer=buyer,
            delivery_date=delivery,
            date=ordered,
        )
        b.add("\n")
    else:
        b.line(ctx.pick(("PURCHASE ORDER", "Purchase Order", "# Purchase order")))
        rows = [
            (ctx.pick(("PO number", "Order no.", "PO #")), number, "number"),
            (ctx.pick(("Buyer", "From", "Ordered by")), buyer, "buyer"),
            (ctx.pick(("Supplier", "To", "Vendor")), ctx.company(), "supplier"),
            (ctx.pick(("Order date", "Date")), ordered, "date"),
            (ctx.pick(("Delivery date", "Deliver by", "Required by")), delivery, "delivery_date"),
            (ctx.pick(("Contact", "Requested by", "Buyer contact")), ctx.person(), "contact"),
        ]
        spans = block(b, [r for r in rows if r[2] in ("number", "buyer") or ctx.chance(0.7)], ctx.pick(BLOCK_STYLES))
        if ctx.chance(0.7):
            b.line(ctx.pick(("Ship to:", "Delivery address:", "Deliver to:")))
            spans["ship_to"] = b.line("{v}", v=ctx.address(multiline=True))["v"]
        b.add("\n")
    subtotal = line_items(ctx, b, doc, ctx.count(1, 7, 16))
    if ctx.chance(0.8):
        b.add("\n")
        spans["total"] = b.line(
            ctx.pick(("Total", "Order total", "TOTAL", "Total value")) + ": {v}", v=ctx.money(subtotal)
        )["v"]
    terms = ctx.pick(PAYMENT_TERMS) if ctx.chance(0.6) else None
    if terms:
        b.line(ctx.pick(("Payment terms", "Terms")) + ": " + ctx.pick(_TERMS_SURFACES[terms]))
    doc.record("order", {**spans, "terms": terms}, first=True)
    return doc


SHIP_STATUS = ("shipped", "in transit", "out for delivery", "delivered")
SHIPMENT = StructSpec.of(
    "shipment|delivery|parcel|shipping notice",
    carrier=spec("carrier|shipping company|courier|shipped with", "the company transporting the parcel"),
    tracking=spec(
        "tracking number|tracking id|tracking code|consignment number", "the number to track the parcel", required=True
    ),
    order=spec("order number|order|order reference", "the order the parcel belongs to"),
    recipient=spec("recipient|deliver to|addressee|customer", "who receives the parcel"),
    address=spec("delivery address|shipping address|address|destination", "where the parcel goes"),
    eta=spec("estimated delivery|expected delivery|delivery date|eta", "when the parcel should arrive"),
    shipped=spec("ship date|shipped on|dispatch date", "when the parcel left"),
    status=spec("status|shipping status|delivery status", "where the parcel is now", choices=SHIP_STATUS),
)


def shipping_notice(ctx: Ctx) -> Doc:
    """A dispatch e-mail: greeting, tracking details, delivery address, the items in the parcel."""
    b = Builder()
    doc = Doc(b)
    recipient = ctx.person()
    shipped, eta = ctx.dates(start=2024, gap=(1, 6))
    status = ctx.pick(SHIP_STATUS)
    carrier = Val(ctx.pick(CARRIERS), "organisation")
    tracking = ctx.pick(("1Z", "JD", "00", "")) + ctx.code(digits=ctx.rng.randint(10, 16))
    b.line(ctx.pick(("Hi {v},", "Dear {v},", "Hello {v},")), v=recipient)
    b.add("\n")
    b.line(
        ctx.pick(
            {
                "shipped": ("Good news: your order has shipped!", "Your order is on its way."),
                "in transit": ("Your parcel is in transit.", "Your order is travelling to you."),
                "out for delivery": ("Your parcel is out for delivery today.",),
                "delivered": ("Your parcel has been delivered.", "We delivered your order."),
            }[status]
        )
    )
    b.add("\n")
    rows = [
        (ctx.pick(("Carrier", "Shipped with", "Courier")), carrier, "carrier"),
        (ctx.pick(("Tracking number", "Tracking", "Tracking ID")), tracking, "tracking"),
        (ctx.pick(("Order", "Order number", "Order #")), ctx.code(ctx.pick(("#", "ORD-", "")), 7), "order"),
        (ctx.pick(("Shipped on", "Dispatched")), shipped, "shipped"),
        (ctx.pick(("Estimated delivery", "Expected", "Arriving")), eta, "eta"),
    ]
    spans = block(b, [r for r in rows if r[2] == "tracking" or ctx.chance(0.7)], ctx.pick(BLOCK_STYLES))
    if ctx.chance(0.7):
        b.add("\n")
        b.line(ctx.pick(("Delivery address:", "Shipping to:", "It will be delivered to:")))
        spans["recipient"] = b.line("{v}", v=recipient)["v"]
        spans["address"] = b.line("{v}", v=ctx.address(multiline=True))["v"]
    if ctx.chance(0.6):
        b.add("\n")
        b.line(ctx.pick(("In this parcel:", "Items shipped:", "Package contents:")))
        for name in ctx.rng.sample(PRODUCTS, ctx.rng.randint(1, 4)):
            b.line(f"- {ctx.rng.randint(1, 3)} x {name}")
    b.add("\n")
    b.line(ctx.pick(("Thanks for shopping with us!", "Questions? Just reply to this e-mail.", "")))
    doc.record("shipment", {**spans, "status": status})
    return doc


AVAILABILITY = ("in stock", "out of stock", "pre-order")
PRODUCT = StructSpec.of(
    "product|item|listing|product page",
    name=spec("product name|name|product|title", "what the product is called", required=True),
    brand=spec("brand|manufacturer|maker|make", "who makes it"),
    price=spec("price|current price|sale price|cost", "what it costs now"),
    sku=spec("sku|article number|product code|model number", "the product's identifier"),
    rating=spec("rating|average rating|stars|score", "the average customer rating"),
    reviews=spec("number of reviews|review count|reviews", "how many reviews it has"),
    colours=spec("colours|colors|available colours|colour options", "the colours it comes in"),
    availability=spec("availability|stock status|in stock", "whether it can be bought now", choices=AVAILABILITY),
)


def _availability_text(ctx: Ctx, availability: str) -> str:
    return {
        "in stock": ctx.pick(("In stock", "Available now", "Ships within 24 hours")),
        "out of stock": ctx.pick(("Out of stock", "Currently unavailable", "Sold out")),
        "pre-order": ctx.pick(("Pre-order now", "Available for pre-order")),
    }[availability]


def _colours(ctx: Ctx, b: Builder) -> list[Span]:
    """An optional "Colours: a, b" line; the colour spans."""
    colours: list[Span] = []
    if ctx.chance(0.6):
        b.add(ctx.pick(("Colours: ", "Available in ", "Color: ")))
        for i, colour in enumerate(ctx.rng.sample(COLOURS, ctx.rng.randint(1, 4))):
            b.add(", " if i else "")
            colours.append(b.put(colour))
        b.add("\n")
    return colours


def product_page(ctx: Ctx) -> Doc:
    """A shop's product page in markdown: title, price, rating, colours, description and a spec table."""
    b = Builder()
    doc = Doc(b)
    brand = ctx.pick(BRANDS)
    kind = ctx.pick(KINDS)
    values: dict[str, Val | str] = {
        "name": f"{brand} {kind}",
        "price": ctx.money(ctx.amount(9, 900)),
        "rating": f"{ctx.rng.randint(25, 50) / 10}",
        "reviews": str(ctx.rng.randint(3, 4000)),
        "sku": ctx.code(ctx.pick(("SKU ", "ART-", "")), 7),
    }
    availability = ctx.pick(AVAILABILITY) if ctx.chance(0.8) else None
    spans = b.line(ctx.pick(("# {name}", "{name}", "## {name}")), name=values["name"])
    if ctx.chance(0.5):
        spans.update(b.line(ctx.pick(("by {brand}", "Brand: {brand}")), brand=brand))
    spans.update(b.line(ctx.pick(("{price}", "Price: {price}", "Now {price}")), price=values["price"]))
    if ctx.chance(0.7):
        spans.update(
            b.line(
                ctx.pick(
                    (
                        "Rated {rating} out of 5 ({reviews} reviews)",
                        "{rating}/5 stars - {reviews} ratings",
                        "★ {rating} · {reviews} reviews",
                    )
                ),
                rating=values["rating"],
                reviews=values["reviews"],
            )
        )
    if availability:
        b.line(_availability_text(ctx, availability))
    colours = _colours(ctx, b)
    b.add("\n")
    b.line(
        ctx.pick(
            (
                f"Built for everyday use, this {kind.lower()} combines durable materials with a clean design.",
                f"Our best-selling {kind.lower()}, now lighter and more efficient than ever.",
                f"Whether at home or on the go, the {kind.lower()} is ready when you are.",
            )
        )
    )
    if ctx.chance(0.5):
        filler.bullets(ctx, b, "product", 2, 4)
    if ctx.chance(0.6):
        b.add("\n")
        rows = [
            ("Weight", f"{ctx.rng.randint(100, 5000)} g", "weight"),
            ("Warranty", f"{ctx.rng.randint(1, 5)} years", "w"),
            (ctx.pick(("SKU", "Article no.", "Model")), values["sku"], "sku"),
        ]
        found = block(b, rows, ctx.pick(("table", "bullets", "kv")))
        spans["sku"] = found["sku"]
    doc.record("product", {**spans, "colours": colours, "availability": availability})
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("purchase order", {"order": ORDER, "line item": LINE_ITEM}, purchase_order),
    DocType("shipping notice", {"shipment": SHIPMENT}, shipping_notice),
    DocType("product page", {"product": PRODUCT}, product_page),
)
