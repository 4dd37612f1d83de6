"""Commerce documents: invoices and shop receipts (also OCR-style upper-case dumps)."""

from __future__ import annotations

from gliner2_datasets.synthetic.core import Builder, Doc, Span, Val
from gliner2_datasets.synthetic.layouts import BLOCK_STYLES, ITEM_STYLES, block, items
from gliner2_datasets.synthetic.schema import DocType, StructSpec, spec
from gliner2_datasets.synthetic.values import CURRENCY_CHOICES, Ctx
from gliner2_datasets.synthetic.vocab import GROCERIES, PRODUCTS

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


def line_items(ctx: Ctx, b: Builder, doc: Doc, n: int, pool: tuple[str, ...] = PRODUCTS) -> float:
    """Write ``n`` line items in a random item layout; records them and returns the subtotal."""
    style = ctx.pick(ITEM_STYLES)
    names = ctx.rng.sample(pool, n)
    rows, total = [], 0.0
    columns = ctx.pick(
        (
            ("description", "quantity", "unit_price", "amount"),
            ("quantity", "description", "amount"),
            ("description", "amount"),
        )
    )
    for name in names:
        quantity = ctx.rng.randint(1, 12)
        price = ctx.amount(1, 400)
        total += quantity * price
        cells = {
            "description": name,
            "quantity": str(quantity),
            "unit_price": ctx.money(price),
            "amount": ctx.money(quantity * price),
        }
        rows.append([cells[c] for c in columns])
    headers = [
        {"description": "Item", "quantity": "Qty", "unit_price": "Unit price", "amount": "Amount"}[c] for c in columns
    ]
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
    values = {
        "seller": seller,
        "buyer": buyer,
        "number": number,
        "date": issued,
        "due_date": due,
        "total": ctx.money(total),
    }
    lines = ctx.address_lines()
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
    rows = [
        (ctx.pick(("Invoice No", "Invoice #", "Number", "Reference")), values["number"], "number"),
        (ctx.pick(("Date", "Invoice date", "Issued")), values["date"], "date"),
    ]
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
    subtotal = line_items(ctx, b, doc, ctx.count(1, 6, 14))
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
        b.fill(
            ctx.pick(("{bank}, IBAN {iban}", "Bank: {bank}\nIBAN: {iban}")),
            bank=bank,
            iban=f"{ctx.pick(('DE', 'GB', 'FR', 'NL'))}{ctx.code(digits=2)} {ctx.code(digits=4)} {ctx.code(digits=4)}",
        )
        b.add("\n")
    if ctx.chance(0.4):
        b.add("\n").line(
            ctx.pick(
                (
                    "Thank you for your business!",
                    "Please include the invoice number with your payment.",
                    "Payment terms: 30 days net.",
                )
            )
        )
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
    spans["date"] = b.line(
        ctx.pick(
            ("{v}", "DATE {v}", "Date: {v}", "{v} " + f"{ctx.rng.randint(7, 21):02d}:{ctx.rng.randint(0, 59):02d}")
        ),
        v=date,
    )["v"]
    b.line(ctx.pick(("-" * 24, "=" * 24, "")))
    total = 0.0
    money_style = ctx.pick((0, 2, 3))
    for name in ctx.rng.sample(GROCERIES + PRODUCTS[:8], ctx.rng.randint(1, 9)):
        price = ctx.amount(0.3, 40)
        total += price
        row = b.fill(
            "{name}" + ctx.pick(("  ", " ", "\t", " .... ")) + "{price}",
            name=name,
            price=ctx.money(price, style=money_style),
        )
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
        b.line(
            ctx.pick(
                (
                    "THANK YOU FOR SHOPPING WITH US",
                    "Thank you! Please come again",
                    "No refunds without receipt",
                    "VAT included",
                )
            )
        )
    currency = None if money_style == 3 and "EUR" not in label else ctx.currency
    doc.record("receipt", {**spans, "payment_method": method, "currency": currency}, first=True)
    return doc


TYPES: tuple[DocType, ...] = (
    DocType("invoice", {"invoice": INVOICE, "line item": LINE_ITEM}, invoice),
    DocType("shop receipt", {"receipt": RECEIPT, "item": RECEIPT_ITEM}, receipt),
)
