"""Commerce documents: invoices, shop receipts (also OCR-style upper-case dumps), purchase orders,
shipping notices and product pages."""

from __future__ import annotations

from gliner2_core.training.synthetic import filler
from gliner2_core.training.synthetic.core import Builder, Doc, Span, Val
from gliner2_core.training.synthetic.layouts import BLOCK_STYLES, ITEM_STYLES, block, items
from gliner2_core.training.synthetic.schema import DocType, StructSpec, spec
from gliner2_core.training.synthetic.values import CURRENCY_CHOICES, Ctx

PRODUCTS = (
    "USB-C charging cable", "wireless mouse", "A4 copy paper (500 sheets)", "office chair", "LED desk lamp",
    "espresso beans 1kg", "printer toner cartridge", "laptop stand", "ergonomic keyboard", "27-inch monitor",
    "consulting hours", "website maintenance", "cloud hosting (monthly)", "software licence", "safety gloves",
    "stainless steel bolts M8", "packing tape", "cardboard boxes", "whiteboard markers", "network switch",
    "graphic design services", "translation services", "cleaning service", "HDMI cable 2m", "external SSD 1TB",
    "notebook pack", "ballpoint pens (box of 50)", "coffee mugs", "hand sanitiser 500ml", "first aid kit",
)  # fmt: skip
GROCERIES = (
    "MILK 1L", "BREAD", "BANANAS", "EGGS 12", "COFFEE", "BUTTER", "APPLES", "CHEESE", "PASTA", "TOMATOES",
    "WATER 6X1.5L", "YOGURT", "RICE 1KG", "CHOCOLATE", "ORANGE JUICE", "CHICKEN BREAST", "OLIVE OIL", "TEA",
)  # fmt: skip
PAYMENT_METHODS = ("credit card", "debit card", "cash", "bank transfer", "paypal")
PAYMENT_SURFACES = {
    "credit card": ("Credit card", "VISA", "Mastercard", "credit card"),
    "debit card": ("Debit card", "EC card", "debit card", "Maestro"),
    "cash": ("Cash", "cash"),
    "bank transfer": ("Bank transfer", "wire transfer", "bank transfer", "SEPA transfer"),
    "paypal": ("PayPal", "paypal"),
}
SELLER = "company|seller|vendor|issuer|supplier|merchant"
TOTAL = "total|amount due|grand total|total amount|total due|invoice total"
CURRENCY = spec("currency|currency code", "the currency of the amounts", choices=CURRENCY_CHOICES)
PAYMENT = spec("payment method|paid with|payment type", "how the buyer pays or paid", choices=PAYMENT_METHODS)

LINE_ITEM = StructSpec.of(
    "line item|item|invoice line|position",
    description=spec("description|item|product|article", "what was sold or ordered", required=True),
    quantity=spec("quantity|qty|units|count", "how many units"),
    unit_price=spec("unit price|price per unit|rate|price", "the price of one unit"),
    amount=spec("line total|amount|line amount", "quantity times unit price"),
)


def _line_items(ctx: Ctx, b: Builder, doc: Doc, n: int, pool: tuple[str, ...] = PRODUCTS) -> float:
    """Write ``n`` line items in a random item layout; records them and returns the subtotal."""
    style = ctx.pick(ITEM_STYLES)
    names = ctx.rng.sample(pool, n)
    rows, total = [], 0.0
    columns = ctx.pick((("description", "quantity", "unit_price", "amount"), ("quantity", "description", "amount"),
                        ("description", "amount")))  # fmt: skip
    for name in names:
        quantity = ctx.rng.randint(1, 12)
        price = ctx.amount(1, 400)
        total += quantity * price
        cells = {"description": name, "quantity": str(quantity), "unit_price": ctx.money(price),
                 "amount": ctx.money(quantity * price)}  # fmt: skip
        rows.append([cells[c] for c in columns])
    headers = [{"description": "Item", "quantity": "Qty", "unit_price": "Unit price", "amount": "Amount"}[c]
               for c in columns]  # fmt: skip
    for spans in items(b, headers, rows, style, ctx.rng):
        doc.record("line item", dict(zip(columns, spans, strict=True)))
    return round(total, 2)


def _currency_shown(ctx: Ctx) -> str | None:
    return None if ctx.money_style == 3 else ctx.currency


INVOICE = StructSpec.of(
    "invoice|bill",
    seller=spec(SELLER, "the company that issued the invoice", "who is selling", required=True),
    buyer=spec("customer|buyer|bill to|client|billed to", "who is billed"),
    number=spec("invoice number|invoice no|reference|invoice id", "the identifier of the invoice"),
    date=spec("date|invoice date|issue date|issued on", "when the invoice was issued"),
    due_date=spec("due date|payment due|pay by", "when payment is due"),
    address=spec("address|seller address|company address", "the postal address of the seller"),
    total=spec(TOTAL, "the total amount to pay", "the final amount including tax", required=True),
    currency=CURRENCY,
    payment_method=PAYMENT,
)

_INVOICE_PROSE = (
    "Invoice from {seller}, {address}. Date {date}. Total {total}",
    "Invoice {number} from {seller}, total due {total}.",
    "{seller} ({address}) invoiced {buyer} on {date}: invoice {number}, amount due {total}, payable by {due_date}.",
    "Bill {number} dated {date} from {seller} to {buyer}. Grand total: {total}. Please pay by {due_date}.",
    "Please find attached invoice {number} issued by {seller} on {date} for {total}. Payment is due on {due_date}.",
)


def invoice(ctx: Ctx) -> Doc:
    b = Builder()
    doc = Doc(b)
    seller, buyer = ctx.company(), ctx.pick((ctx.company(), ctx.person()))
    number = ctx.code(ctx.pick(("INV-", "#", "F", "RE-", "2024-")), ctx.rng.randint(3, 6))
    total = ctx.amount(20, 9000)
    issued, due = ctx.dates(gap=(7, 60))
    values = {"seller": seller, "buyer": buyer, "number": number, "date": issued, "due_date": due,
              "total": ctx.money(total)}  # fmt: skip
    lines = ctx.faker("address")
    values["address"] = Val(", ".join(lines.splitlines()), "address")
    values["address_lines"] = Val(lines, "address")
    method = None
    if ctx.chance(0.35):
        template = ctx.pick(_INVOICE_PROSE)
        spans = b.fill(template, **{k: v for k, v in values.items() if "{" + k + "}" in template})
    else:
        spans, total_span, method = _invoice_document(ctx, b, doc, values)
        spans["total"] = total_span
    doc.record("invoice", {**spans, "currency": _currency_shown(ctx), "payment_method": method}, first=True)
    return doc


def _invoice_document(ctx: Ctx, b: Builder, doc: Doc, values: dict) -> tuple[dict[str, Span], Span, str | None]:
    b.line(ctx.pick(("INVOICE", "Invoice", "# Invoice", "TAX INVOICE", "Rechnung / Invoice")))
    b.add("\n")
    spans: dict[str, Span] = {}
    if ctx.chance(0.5):
        spans["seller"] = b.line("{v}", v=values["seller"])["v"]
        spans["address"] = b.line("{v}", v=values["address_lines"])["v"]
        b.add("\n")
    else:
        values = {**values}
    rows = [(ctx.pick(("Invoice No", "Invoice #", "Number", "Reference")), values["number"], "number"),
            (ctx.pick(("Date", "Invoice date", "Issued")), values["date"], "date")]  # fmt: skip
    if "seller" not in spans:
        rows.insert(0, (ctx.pick(("From", "Seller", "Vendor", "Supplier")), values["seller"], "seller"))
        if ctx.chance(0.6):
            rows.insert(1, (ctx.pick(("Address", "Seller address")), values["address"], "address"))
    if ctx.chance(0.8):
        rows.append((ctx.pick(("Bill to", "Customer", "Client", "Billed to")), values["buyer"], "buyer"))
    if ctx.chance(0.6):
        rows.append((ctx.pick(("Due date", "Payment due", "Due")), values["due_date"], "due_date"))
    spans.update(block(b, rows, ctx.pick(BLOCK_STYLES)))
    b.add("\n")
    subtotal = _line_items(ctx, b, doc, ctx.count(1, 6, 14))
    tax = round(subtotal * ctx.pick((0.0, 0.07, 0.19, 0.2, 0.1)), 2)
    b.add("\n")
    if tax and ctx.chance(0.7):
        b.line(ctx.pick(("Subtotal", "Net")) + ": {v}", v=ctx.money(subtotal))
        b.line(ctx.pick(("VAT", "Tax", "Sales tax")) + ": {v}", v=ctx.money(tax))
    label = ctx.pick(("Total", "TOTAL", "Amount due", "Grand total", "Balance due", "Total due"))
    total_span = b.line(label + ": {v}", v=ctx.money(subtotal + tax))["v"]
    method = None
    if ctx.chance(0.5):
        method = ctx.pick(PAYMENT_METHODS)
        b.line(ctx.pick(("Payment method", "Payment", "Pay by")) + ": " + ctx.pick(PAYMENT_SURFACES[method]))
    if ctx.chance(0.35):
        b.add("\n")
        b.line(ctx.pick(("Bank details:", "Please pay to:", "Payment details")))
        bank = Val(f"{ctx.faker('last_name')} {ctx.pick(('Bank', 'Savings Bank', 'Bank plc'))}", "organisation")
        b.fill(ctx.pick(("{bank}, IBAN {iban}", "Bank: {bank}\nIBAN: {iban}")), bank=bank,
               iban=f"{ctx.pick(('DE', 'GB', 'FR', 'NL'))}{ctx.code(digits=2)} {ctx.code(digits=4)} {ctx.code(digits=4)}")
        b.add("\n")
    if ctx.chance(0.4):
        b.add("\n").line(ctx.pick(("Thank you for your business!", "Please include the invoice number with your payment.",
                                   "Payment terms: 30 days net.")))  # fmt: skip
    return spans, total_span, method


RECEIPT = StructSpec.of(
    "receipt|purchase|sale",
    store=spec("store|shop|merchant|seller|company", "the shop that sold the goods", required=True),
    address=spec("address|store address|location", "where the shop is"),
    date=spec("date|purchase date|transaction date", "when the purchase was made"),
    total=spec("total|amount paid|total paid|sum", "the total amount paid", required=True),
    payment_method=PAYMENT,
    currency=CURRENCY,
)
RECEIPT_ITEM = StructSpec.of(
    "item|purchased item|product",
    name=spec("name|product|item|article", "the product bought", required=True),
    price=spec("price|amount|cost", "what it cost"),
)


def receipt(ctx: Ctx) -> Doc:
    """A till receipt; half of them are OCR-style upper-case line dumps."""
    ocr = ctx.chance(0.5)
    b = Builder(upper=ocr)
    doc = Doc(b)
    store = ctx.company()
    spans = {"store": b.line("{v}", v=store)["v"]}
    if ctx.chance(0.7):
        address = ctx.address(multiline=not ocr or ctx.chance(0.5))
        spans["address"] = b.line("{v}", v=address)["v"]
    if ctx.chance(0.4):
        b.line("TEL {v}", v=ctx.phone())
    date = ctx.date()
    spans["date"] = b.line(ctx.pick(("{v}", "DATE {v}", "Date: {v}", "{v} " + f"{ctx.rng.randint(7, 21):02d}:"
                                     f"{ctx.rng.randint(0, 59):02d}")), v=date)["v"]  # fmt: skip
    b.line(ctx.pick(("-" * 24, "=" * 24, "")))
    total = 0.0
    money_style = ctx.pick((0, 2, 3))
    for name in ctx.rng.sample(GROCERIES + PRODUCTS[:8], ctx.rng.randint(1, 9)):
        price = ctx.amount(0.3, 40)
        total += price
        row = b.fill("{name}" + ctx.pick(("  ", " ", "\t", " .... ")) + "{price}", name=name,
                     price=ctx.money(price, style=money_style))  # fmt: skip
        b.add("\n")
        doc.record("item", {"name": row["name"], "price": row["price"]})
    b.line(ctx.pick(("-" * 24, "=" * 24, "")))
    label = ctx.pick(("TOTAL", "Total", "SUM", "AMOUNT DUE", "TOTAL EUR" if ctx.currency == "EUR" else "BALANCE"))
    spans["total"] = b.line(label + " {v}", v=ctx.money(total, style=money_style))["v"]
    method = None
    if ctx.chance(0.7):
        method = ctx.pick(PAYMENT_METHODS[:3])
        b.line(ctx.pick(PAYMENT_SURFACES[method]))
    if ctx.chance(0.5):
        b.line(ctx.pick(("THANK YOU FOR SHOPPING WITH US", "Thank you! Please come again", "No refunds without receipt",
                         "VAT included")))  # fmt: skip
    currency = None if money_style == 3 and "EUR" not in label else ctx.currency
    doc.record("receipt", {**spans, "payment_method": method, "currency": currency}, first=True)
    return doc


PAYMENT_TERMS = ("net 30", "net 60", "prepaid", "cash on delivery")
_TERMS_SURFACES = {"net 30": ("Net 30", "30 days net", "payable within 30 days"),
                   "net 60": ("Net 60", "60 days net", "payable within 60 days"),
                   "prepaid": ("Prepayment", "payment in advance", "prepaid"),
                   "cash on delivery": ("COD", "cash on delivery", "payment on delivery")}  # fmt: skip
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
        spans = b.fill(ctx.pick((
            "Please supply the items below under purchase order {number} for {buyer}, delivery by {delivery_date}.",
            "{buyer} orders the following (PO {number}, dated {date}):",
        )), number=number, buyer=buyer, delivery_date=delivery, date=ordered)  # fmt: skip
        b.add("\n")
    else:
        b.line(ctx.pick(("PURCHASE ORDER", "Purchase Order", "# Purchase order")))
        rows = [(ctx.pick(("PO number", "Order no.", "PO #")), number, "number"),
                (ctx.pick(("Buyer", "From", "Ordered by")), buyer, "buyer"),
                (ctx.pick(("Supplier", "To", "Vendor")), ctx.company(), "supplier"),
                (ctx.pick(("Order date", "Date")), ordered, "date"),
                (ctx.pick(("Delivery date", "Deliver by", "Required by")), delivery, "delivery_date"),
                (ctx.pick(("Contact", "Requested by", "Buyer contact")), ctx.person(), "contact")]  # fmt: skip
        spans = block(b, [r for r in rows if r[2] in ("number", "buyer") or ctx.chance(0.7)], ctx.pick(BLOCK_STYLES))
        if ctx.chance(0.7):
            b.line(ctx.pick(("Ship to:", "Delivery address:", "Deliver to:")))
            spans["ship_to"] = b.line("{v}", v=ctx.address(multiline=True))["v"]
        b.add("\n")
    subtotal = _line_items(ctx, b, doc, ctx.count(1, 7, 16))
    if ctx.chance(0.8):
        b.add("\n")
        spans["total"] = b.line(ctx.pick(("Total", "Order total", "TOTAL", "Total value")) + ": {v}",
                                v=ctx.money(subtotal))["v"]  # fmt: skip
    terms = ctx.pick(PAYMENT_TERMS) if ctx.chance(0.6) else None
    if terms:
        b.line(ctx.pick(("Payment terms", "Terms")) + ": " + ctx.pick(_TERMS_SURFACES[terms]))
    doc.record("order", {**spans, "terms": terms}, first=True)
    return doc


CARRIERS = ("DHL Express", "UPS", "FedEx", "DPD", "Royal Mail", "GLS", "La Poste", "USPS")
SHIP_STATUS = ("shipped", "in transit", "out for delivery", "delivered")
SHIPMENT = StructSpec.of(
    "shipment|delivery|parcel|shipping notice",
    carrier=spec("carrier|shipping company|courier|shipped with", "the company transporting the parcel"),
    tracking=spec("tracking number|tracking id|tracking code|consignment number", "the number to track the parcel",
                  required=True),
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
    b.line(ctx.pick({"shipped": ("Good news: your order has shipped!", "Your order is on its way."),
                     "in transit": ("Your parcel is in transit.", "Your order is travelling to you."),
                     "out for delivery": ("Your parcel is out for delivery today.",),
                     "delivered": ("Your parcel has been delivered.", "We delivered your order.")}[status]))  # fmt: skip
    b.add("\n")
    rows = [(ctx.pick(("Carrier", "Shipped with", "Courier")), carrier, "carrier"),
            (ctx.pick(("Tracking number", "Tracking", "Tracking ID")), tracking, "tracking"),
            (ctx.pick(("Order", "Order number", "Order #")), ctx.code(ctx.pick(("#", "ORD-", "")), 7), "order"),
            (ctx.pick(("Shipped on", "Dispatched")), shipped, "shipped"),
            (ctx.pick(("Estimated delivery", "Expected", "Arriving")), eta, "eta")]  # fmt: skip
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
BRANDS = ("Nordwind", "Lumio", "Kestrel", "Aurora Labs", "Ferro", "Velvetine", "Bergmann", "Solace", "Trailhead")
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
COLOURS = ("black", "white", "navy", "olive", "sand", "red", "silver", "graphite", "sky blue", "forest green")
KINDS = ("Wireless Headphones", "Trail Running Shoes", "Espresso Machine", "Backpack 30L", "Smart Watch",
         "Desk Lamp", "Rain Jacket", "Bluetooth Speaker", "Office Chair", "Water Bottle 750ml")  # fmt: skip


def product_page(ctx: Ctx) -> Doc:
    """A shop's product page in markdown: title, price, rating, colours, description and a spec table."""
    b = Builder()
    doc = Doc(b)
    brand = ctx.pick(BRANDS)
    kind = ctx.pick(KINDS)
    values: dict[str, Val | str] = {"name": f"{brand} {kind}", "price": ctx.money(ctx.amount(9, 900)),
                                    "rating": f"{ctx.rng.randint(25, 50) / 10}", "reviews": str(ctx.rng.randint(3, 4000)),
                                    "sku": ctx.code(ctx.pick(("SKU ", "ART-", "")), 7)}  # fmt: skip
    availability = ctx.pick(AVAILABILITY) if ctx.chance(0.8) else None
    spans = b.line(ctx.pick(("# {name}", "{name}", "## {name}")), name=values["name"])
    if ctx.chance(0.5):
        spans.update(b.line(ctx.pick(("by {brand}", "Brand: {brand}")), brand=brand))
    spans.update(b.line(ctx.pick(("{price}", "Price: {price}", "Now {price}")), price=values["price"]))
    if ctx.chance(0.7):
        spans.update(b.line(ctx.pick(("Rated {rating} out of 5 ({reviews} reviews)", "{rating}/5 stars - {reviews} ratings",
                                      "★ {rating} · {reviews} reviews")), rating=values["rating"], reviews=values["reviews"]))  # fmt: skip
    if availability:
        b.line({"in stock": ctx.pick(("In stock", "Available now", "Ships within 24 hours")),
                "out of stock": ctx.pick(("Out of stock", "Currently unavailable", "Sold out")),
                "pre-order": ctx.pick(("Pre-order now", "Available for pre-order"))}[availability])  # fmt: skip
    colours: list[Span] = []
    if ctx.chance(0.6):
        b.add(ctx.pick(("Colours: ", "Available in ", "Color: ")))
        for i, colour in enumerate(ctx.rng.sample(COLOURS, ctx.rng.randint(1, 4))):
            b.add(", " if i else "")
            colours.append(b.put(colour))
        b.add("\n")
    b.add("\n")
    b.line(ctx.pick((f"Built for everyday use, this {kind.lower()} combines durable materials with a clean design.",
                     f"Our best-selling {kind.lower()}, now lighter and more efficient than ever.",
                     f"Whether at home or on the go, the {kind.lower()} is ready when you are.")))  # fmt: skip
    if ctx.chance(0.5):
        filler.bullets(ctx, b, "product", 2, 4)
    if ctx.chance(0.6):
        b.add("\n")
        rows = [("Weight", f"{ctx.rng.randint(100, 5000)} g", "weight"), ("Warranty", f"{ctx.rng.randint(1, 5)} years", "w"),
                (ctx.pick(("SKU", "Article no.", "Model")), values["sku"], "sku")]  # fmt: skip
        found = block(b, rows, ctx.pick(("table", "bullets", "kv")))
        spans["sku"] = found["sku"]
    doc.record("product", {**spans, "colours": colours, "availability": availability})
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("invoice", {"invoice": INVOICE, "line item": LINE_ITEM}, invoice),
    DocType("shop receipt", {"receipt": RECEIPT, "item": RECEIPT_ITEM}, receipt),
    DocType("purchase order", {"order": ORDER, "line item": LINE_ITEM}, purchase_order),
    DocType("shipping notice", {"shipment": SHIPMENT}, shipping_notice),
    DocType("product page", {"product": PRODUCT}, product_page),
)
