"""Values for synthetic documents: Faker names and addresses, dates, money, in mixed formats.

Faker is slow per call, so names, companies and addresses come from pools
filled lazily from seeded Faker instances (one per locale) and reused once
full; everything else is drawn from the record's own ``random.Random``. No
global random state is touched.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from gliner2_core.processing.words import split_words
from gliner2_datasets.synthetic.core import Val

MAX_SPAN_WORDS = 8
"""Longest value in words (as the model splits them): the default ``max_width`` of our checkpoints.
Longer gold spans could not be predicted and are dropped by the trainer's aligner."""

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_IE")
POOL_SIZE = 400
"""Distinct values kept per kind and locale."""

CURRENCIES = {
    "USD": ("$", "US$", "USD", "dollars"),
    "EUR": ("€", "EUR", "euros"),
    "GBP": ("£", "GBP", "pounds"),
    "CHF": ("CHF", "Fr."),
    "JPY": ("¥", "JPY", "yen"),
}
CURRENCY_CHOICES = tuple(CURRENCIES)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Pools:
    """Faker values per (kind, locale), filled lazily up to :data:`POOL_SIZE` then reused.

    Args:
        seed: Seeds the Faker instances.
    """

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self._fakers = {}
        for i, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed * 7919 + i)
            for provider in fake.get_providers():
                # Faker's it_IT city list is built from a set: its order (and so the draws) would follow
                # PYTHONHASHSEED. Sorting makes the same seed give the same cities in every process.
                if isinstance(getattr(provider, "cities", None), list):
                    provider.cities = sorted(provider.cities)
            self._fakers[locale] = fake
        self._pools: dict[tuple[str, str], list[str]] = {}

    def get(self, kind: str, locale: str, rng: random.Random) -> str:
        """A ``kind`` value (a Faker provider name, e.g. ``"name"``) of ``locale``."""
        pool = self._pools.setdefault((kind, locale), [])
        if len(pool) < POOL_SIZE:
            pool.append(self._draw(kind, locale))
            return pool[-1]
        return rng.choice(pool)

    def _draw(self, kind: str, locale: str) -> str:
        """A new value with trimmed lines; values too long for a span ("Gros S.A.R.L." is 9 words) are redrawn."""
        for _ in range(8):
            value = str(getattr(self._fakers[locale], kind)())
            value = "\n".join(line.strip() for line in value.strip().splitlines() if line.strip())
            if span_words(value) <= MAX_SPAN_WORDS:
                break
        return value


class Ctx:
    """What a document generator draws from: the record's random source, a locale, Faker pools.

    Args:
        rng: The record's random source.
        pools: Shared Faker pools.
    """

    def __init__(self, rng: random.Random, pools: Pools) -> None:
        self.rng = rng
        self.pools = pools
        self.locale = rng.choice(LOCALES)
        self.currency = rng.choice(CURRENCY_CHOICES)
        self.money_style = rng.choice((0, 0, 1, 2, 2, 3, 4))
        self.date_style = rng.randrange(len(_DATE_STYLES))

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.rng.random() < p

    def count(self, low: int, high: int, long_high: int, p_long: float = 0.15) -> int:
        """How many items: usually ``low..high``, with probability ``p_long`` up to ``long_high`` (long documents)."""
        return self.rng.randint(high, long_high) if self.chance(p_long) else self.rng.randint(low, high)

    def pick(self, options):  # noqa: ANN001, ANN201 - any sequence
        return self.rng.choice(options)

    def faker(self, kind: str, *, any_locale: bool = False) -> str:
        locale = self.rng.choice(LOCALES) if any_locale else self.locale
        return self.pools.get(kind, locale, self.rng)

    def person(self) -> Val:
        return Val(self.faker("name"), "person")

    def first_name(self, person: Val) -> Val:
        """The given name of a full name (skipping titles such as "Dr." or "Herr")."""
        return Val(first_name(person.text), "person")

    def company(self) -> Val:
        return Val(self.faker("company"), "organisation")

    def city(self) -> Val:
        return Val(self.faker("city"), "location")

    def address(self, *, multiline: bool = False) -> Val:
        """A postal address (lines joined with ", " unless ``multiline``) of at most :data:`MAX_SPAN_WORDS` words."""
        return Val(self.address_lines(joined=not multiline), "address")

    def address_lines(self, *, joined: bool = False) -> str:
        """A multi-line address that fits in a span; a few draws, then its first line(s) only."""
        text = self.faker("address")
        for _ in range(4):
            if span_words(", ".join(text.splitlines())) <= MAX_SPAN_WORDS:
                break
            text = self.faker("address")
        lines = text.splitlines()
        while len(lines) > 1 and span_words(", ".join(lines)) > MAX_SPAN_WORDS:
            lines = lines[:-1]
        return ", ".join(lines) if joined else "\n".join(lines)

    def phone(self) -> Val:
        return Val(self.faker("phone_number"), "phone")

    def email(self, person: str | None = None, domain: str | None = None) -> Val:
        """An e-mail address, built from a person's name when given."""
        local = self.pick(("info", "sales", "hello", "contact", "billing", "support"))
        if person:
            parts = ["".join(c for c in p.lower() if c.isascii() and c.isalpha()) for p in person.split()]
            parts = [p for p in parts if p] or ["staff"]
            local = self.pick((".".join(parts[:1] + parts[-1:]), parts[0][0] + parts[-1], parts[0]))
        if domain is None:
            domain = self.pick(("example.com", "mail.com", "example.org", "post.example.net", "inbox.example.eu"))
        return Val(f"{local}@{domain}", "email")

    def domain(self, company: str) -> str:
        word = "".join(c for c in company.split()[0].lower() if c.isascii() and c.isalnum()) or "company"
        return f"{word}.{self.pick(('com', 'co.uk', 'de', 'fr', 'eu', 'io', 'net'))}"

    def date(self, *, start: int = 2019, end: int = 2026, style: int | None = None) -> Val:
        day = dt.date(start, 1, 1) + dt.timedelta(days=self.rng.randrange((end - start + 1) * 365))
        return Val(format_date(day, self.date_style if style is None else style), "date")

    def day(self, start: int = 2019, end: int = 2026) -> dt.date:
        """A random calendar day between the start of ``start`` and the end of ``end``."""
        return dt.date(start, 1, 1) + dt.timedelta(days=self.rng.randrange((end - start + 1) * 365))

    def dates(self, *, start: int = 2019, end: int = 2026, gap: tuple[int, int] = (3, 45)) -> tuple[Val, Val]:
        """Two dates in this record's format, the second ``gap`` days (a range) after the first."""
        first = self.day(start, end)
        second = first + dt.timedelta(days=self.rng.randint(*gap))
        return Val(format_date(first, self.date_style), "date"), Val(format_date(second, self.date_style), "date")

    def amount(self, low: float = 1, high: float = 2000) -> float:
        return round(self.rng.uniform(low, high), 2)

    def money(self, amount: float, *, currency: str | None = None, style: int | None = None) -> Val:
        return Val(
            format_money(amount, currency or self.currency, self.money_style if style is None else style), "money"
        )

    def code(self, prefix: str = "", digits: int = 5) -> str:
        number = "".join(str(self.rng.randrange(10)) for _ in range(digits))
        return f"{prefix}{number}"


def format_money(amount: float, currency: str, style: int) -> str:
    """Money as ``$1,250.00`` (0), ``1.250,00 €`` (1), ``EUR 1,250.00`` (2), a bare ``1250.00`` (3) or ``1,250.00 EUR`` (4)."""
    symbols = CURRENCIES[currency]
    plain = f"{amount:,.2f}"
    if style == 0:
        return f"{symbols[0]}{plain}" if len(symbols[0]) == 1 else f"{symbols[0]} {plain}"
    if style == 1:
        european = plain.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{european} {symbols[0]}"
    if style == 2:
        return f"{currency} {plain}"
    if style == 4:
        return f"{plain} {currency}"
    return f"{amount:.2f}"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


_DATE_STYLES: tuple[Callable[[dt.date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{_MONTHS[d.month - 1][:3]} {_ordinal(d.day)}, {d.year}",
    lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
)


def format_date(day: dt.date, style: int) -> str:
    """A date in one of several common formats (ISO, day-first, month-first, written out)."""
    return _DATE_STYLES[style % len(_DATE_STYLES)](day)


_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "herr",
    "frau",
    "sig",
    "sig.ra",
    "dott",
    "dott.ssa",
    "ing",
    "dipl",
    "univ.prof",
    "m",
    "mme",
    "mlle",
    "sr",
    "sra",
    "don",
    "doña",
    "dhr",
    "mevr",
    "lord",
    "lady",
    "sir",
}


def first_name(name: str) -> str:
    """The first word of ``name`` that is not a title or an abbreviation."""
    words = name.split()
    for word in words:
        if word.rstrip(".").lower() not in _TITLES and not word.endswith("."):
            return word.rstrip(",")
    return words[-1]


def span_words(text: str) -> int:
    """How many words the model sees in ``text`` (punctuation counts as words)."""
    return len(split_words(text).words)
