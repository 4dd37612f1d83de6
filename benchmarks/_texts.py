"""Benchmark inputs: realistic English texts of a given length, label sets and schemas.

Texts are cut deterministically from a small bank of news, business and support
paragraphs (named people, companies, places, dates and amounts, like the text the
models are used on), so every run and both libraries see exactly the same input.
"Words" are whitespace-separated words; the models split punctuation off as words
of their own, so the model sees about 15% more.
"""

from __future__ import annotations

from typing import Any

PARAGRAPHS = (
    "Apple announced on Tuesday that Tim Cook will present the new iPhone at the Steve Jobs Theater in Cupertino, "
    "California. Analysts at Morgan Stanley expect the device to cost about 999 dollars and to ship in late September. "
    "Shares of the company rose 2.4 percent in early trading in New York after the Financial Times reported the news.",
    "The European Central Bank kept interest rates unchanged at its meeting in Frankfurt on Thursday. Christine Lagarde "
    "told reporters that inflation in the euro area had fallen to 2.1 percent in May, close to the bank's target, but "
    "warned that wages in Germany and Spain were still growing faster than productivity.",
    "Hi team, my order 48213 from the Berlin warehouse still has not arrived, although the tracking page said it would "
    "be delivered last Friday. I paid 129 euros for express shipping with DHL. Could someone from customer support "
    "refund the shipping cost or send a replacement to my office in Munich? Thanks, Laura Schmidt.",
    "Researchers at the University of Oxford and DeepMind published a study in Nature describing a new protein folding "
    "model. The lead author, Dr. Amina Yusuf, said the system predicted the structure of 200 million proteins and could "
    "speed up the search for antibiotics against resistant bacteria such as MRSA.",
    "Manchester United beat Arsenal 3-1 at Old Trafford on Sunday evening. Marcus Rashford scored twice in the first half "
    "and Bruno Fernandes added a penalty after the break. The win lifts the club to fourth place in the Premier League, "
    "two points ahead of Tottenham Hotspur with six matches left.",
    "Microsoft agreed to acquire the gaming company Activision Blizzard for 68.7 billion dollars in an all-cash deal. "
    "Satya Nadella said the purchase would help Microsoft compete with Sony and Tencent in mobile games. The Federal "
    "Trade Commission in Washington opened an inquiry into the merger in February.",
    "The city council of Lyon approved a plan on Monday to build 40 kilometres of new bicycle lanes by 2027. Mayor "
    "Gregory Doucet said the project, funded partly by the French government, would cost 120 million euros and connect "
    "the university district with the main railway station at Part-Dieu.",
    "Toyota recalled 1.2 million vehicles in Japan and the United States because of a faulty airbag sensor. The company "
    "said no injuries had been reported, and owners of the affected Corolla and Camry models from 2019 and 2020 would "
    "receive letters from their dealers within thirty days.",
    "Dear Dr. Patel, thank you for your invoice 2024-117 for the consulting work in March. Our finance department in "
    "Toronto has approved the payment of 8,450 Canadian dollars, which will be transferred to your account at the Royal "
    "Bank of Canada before April 15. Kind regards, Michael Chen, Northwind Logistics.",
    "NASA postponed the launch of the Artemis mission from Cape Canaveral in Florida after engineers found a hydrogen "
    "leak in the rocket's engine section. Bill Nelson, the agency's administrator, said the next attempt could take "
    "place in early November if repairs on the Space Launch System go as planned.",
    "Amazon opened its first fulfilment centre in Poland near Wroclaw, creating about 1,500 jobs. The building covers "
    "an area of 100,000 square metres and will serve customers in Germany, the Czech Republic and Austria. Jeff Bezos "
    "did not attend the opening ceremony, which was led by local manager Anna Kowalska.",
    "The film Oppenheimer, directed by Christopher Nolan, won seven awards at the Oscars in Los Angeles, including best "
    "picture and best actor for Cillian Murphy. The movie, produced by Universal Pictures, earned more than 950 million "
    "dollars at the box office worldwide and was praised by critics for its score by Ludwig Goransson.",
)

ENTITY_LABELS = (
    "person",
    "organization",
    "location",
    "date",
    "money",
    "percentage",
    "product",
    "event",
    "city",
    "country",
    "company",
    "time",
    "quantity",
    "law",
    "language",
    "nationality",
    "facility",
    "vehicle",
    "award",
    "film",
    "book",
    "song",
    "sports team",
    "sports event",
    "disease",
    "drug",
    "chemical",
    "protein",
    "gene",
    "species",
    "university",
    "government agency",
    "political party",
    "politician",
    "athlete",
    "artist",
    "musician",
    "actor",
    "director",
    "scientist",
    "job title",
    "email address",
    "phone number",
    "url",
    "street address",
    "postal code",
    "order number",
    "invoice number",
    "account number",
    "currency",
    "stock ticker",
    "financial index",
    "bank",
    "airline",
    "airport",
    "railway station",
    "river",
    "mountain",
    "continent",
    "region",
    "state",
    "district",
    "building",
    "museum",
    "stadium",
    "hospital",
    "school",
    "religion",
    "ethnic group",
    "weapon",
    "military unit",
    "software",
    "programming language",
    "website",
    "social media handle",
    "hashtag",
    "brand",
    "food",
    "beverage",
    "clothing",
    "medical condition",
    "symptom",
    "treatment",
    "body part",
    "measurement",
    "temperature",
    "distance",
    "duration",
    "age",
    "ordinal",
    "cardinal number",
    "court case",
    "treaty",
    "conference",
    "publication",
    "journal",
    "newspaper",
    "tv show",
    "video game",
    "mission",
)

SENTIMENT = ("positive", "negative", "neutral")
CATEGORIES = ("business", "politics", "science", "sports", "technology", "entertainment")
SCHEMA_KINDS = ("entities", "full")


def make_text(words: int, seed: int = 0) -> str:
    """A text of exactly ``words`` whitespace words, cut from the paragraph bank, ending with a full stop."""
    bank: list[str] = []
    start = seed % len(PARAGRAPHS)
    step = 1 + (seed // len(PARAGRAPHS)) % (len(PARAGRAPHS) - 1)  # varies the paragraph order with the seed
    index = start
    while len(bank) < words:
        bank.extend(PARAGRAPHS[index].split())
        index = (index + step) % len(PARAGRAPHS)
    chosen = bank[:words]
    chosen[-1] = chosen[-1].rstrip(".,;:!?") + "."
    return " ".join(chosen)


def make_document(chars: int, seed: int = 0) -> str:
    """A document of about ``chars`` characters (whole words, ending with a full stop)."""
    text = make_text(chars // 5 + 1, seed)[:chars]
    return text[: text.rfind(" ")].rstrip(".,;:!?") + "."


def make_texts(count: int, words: int, seed: int = 0) -> list[str]:
    """``count`` different texts of ``words`` words each (text ``i`` uses seed ``seed * count + i``)."""
    return [make_text(words, seed * count + i) for i in range(count)]


def entity_labels(count: int) -> list[str]:
    if not 1 <= count <= len(ENTITY_LABELS):
        raise ValueError(f"labels: got {count}; expected 1..{len(ENTITY_LABELS)}")
    return list(ENTITY_LABELS[:count])


def schema_dict(labels: int, kind: str = "entities") -> dict[str, Any]:
    """A schema in the reference's dict form (readable by both libraries' ``Schema.from_dict``).

    ``kind="entities"``: ``labels`` entity types. ``kind="full"``: the same entities plus a
    classification, a structure with a choice field and a relation.
    """
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"schema kind: got {kind!r}; expected one of {SCHEMA_KINDS}")
    schema: dict[str, Any] = {"entities": entity_labels(labels)}
    if kind == "full":
        schema["classifications"] = [{"task": "sentiment", "labels": list(SENTIMENT)}]
        schema["structures"] = {
            "announcement": {
                "fields": [
                    {"name": "organization", "dtype": "str"},
                    {"name": "product", "dtype": "list"},
                    {"name": "category", "dtype": "str", "choices": list(CATEGORIES)},
                ]
            }
        }
        schema["relations"] = ["works_for"]
    return schema


def vocabulary() -> list[str]:
    """Every lower-cased word of the bank and the labels (for the synthetic base tokenizer)."""
    import re

    found = re.findall(r"[a-z0-9]+", " ".join(PARAGRAPHS + ENTITY_LABELS + SENTIMENT + CATEGORIES).lower())
    return sorted(set(found) | {"announcement", "sentiment", "works_for", "works", "for", "organization"})
