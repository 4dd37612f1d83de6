"""ATIS airline travel queries: intents (multi-label) plus slots as natural-language entity labels.

Each query is a record with an ``intent`` classification (the source's
``#``-joined labels are several true intents) and the slots of ``seq.out``
(IOB2, one tag per word of ``seq.in``) as entities. Slot names such as
``fromloc.city_name`` become labels such as ``"departure city"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gliner2_core.errors import TrainingDataError
from gliner2_datasets._bio import decode_chunks
from gliner2_datasets._records import Record, classification, entity_map
from gliner2_datasets.text import join_tokens, pinned

ATIS_SPLITS = {"train": "train", "dev": "valid", "test": "test"}
ATIS_FILES = [f"atis/{folder}/{name}" for folder in ATIS_SPLITS.values() for name in ("seq.in", "seq.out", "label")]

ATIS_INTENTS = {
    "atis_flight": "find flights",
    "atis_airfare": "ask airfare",
    "atis_ground_service": "ask ground transport",
    "atis_airline": "ask airline",
    "atis_abbreviation": "explain abbreviation",
    "atis_aircraft": "ask aircraft type",
    "atis_flight_time": "ask flight schedule",
    "atis_quantity": "ask how many",
    "atis_airport": "ask airport",
    "atis_capacity": "ask seating capacity",
    "atis_distance": "ask distance",
    "atis_ground_fare": "ask ground transport fare",
    "atis_city": "ask city",
    "atis_flight_no": "ask flight number",
    "atis_meal": "ask meal",
    "atis_restriction": "ask fare restriction",
    "atis_day_name": "ask day of week",
    "atis_cheapest": "find cheapest fare",
}

_FRAMES = {
    "fromloc": "departure",
    "toloc": "destination",
    "stoploc": "stopover",
    "depart_date": "departure",
    "depart_time": "departure",
    "arrive_date": "arrival",
    "arrive_time": "arrival",
    "return_date": "return",
    "return_time": "return",
}
_FIELDS = {
    "city_name": "city",
    "airport_name": "airport",
    "airport_code": "airport code",
    "state_name": "state",
    "state_code": "state code",
    "country_name": "country",
    "day_name": "weekday",
    "day_number": "day of month",
    "month_name": "month",
    "year": "year",
    "date_relative": "relative date",
    "today_relative": "relative day",
    "time": "time",
    "time_relative": "time qualifier",
    "start_time": "earliest time",
    "end_time": "latest time",
    "period_of_day": "period of day",
    "period_mod": "period modifier",
}
_PLAIN_SLOTS = {
    "airline_name": "airline",
    "airline_code": "airline code",
    "round_trip": "round trip",
    "class_type": "travel class",
    "cost_relative": "price qualifier",
    "fare_amount": "fare amount",
    "fare_basis_code": "fare basis code",
    "flight_mod": "flight modifier",
    "flight_stop": "stops",
    "flight_number": "flight number",
    "flight_time": "flight time",
    "flight_days": "flight days",
    "flight": "flight",
    "transport_type": "transport type",
    "meal": "meal",
    "meal_description": "meal description",
    "meal_code": "meal code",
    "aircraft_code": "aircraft code",
    "economy": "economy class",
    "connect": "connection",
    "restriction_code": "restriction code",
    "days_code": "days code",
    "compartment": "cabin compartment",
    "booking_class": "booking class",
    "mod": "modifier",
}
IGNORED_SLOTS = ("or",)
"""Slots that mark a function word (``or``), not an entity; left out."""


def slot_label(slot: str) -> str:
    """The natural label of an ATIS slot, e.g. ``"fromloc.city_name"`` -> ``"departure city"``.

    Raises:
        TrainingDataError: If the slot name is unknown.
    """
    frame, _, field = slot.rpartition(".")
    if not frame and slot in _PLAIN_SLOTS:
        return _PLAIN_SLOTS[slot]
    if field in _FIELDS and (not frame or frame in _FRAMES):
        if not frame:
            return _FIELDS[field]
        if frame.endswith("_time") and field == "time":
            return f"{_FRAMES[frame]} time"
        return f"{_FRAMES[frame]} {_FIELDS[field]}"
    raise TrainingDataError(f"dataset 'atis': got slot {slot!r}; expected a known ATIS slot name")


def _slot_labels(data_dir: Path) -> list[str]:
    """Every slot label of the three splits, in a stable order (so every split shares one label set)."""
    slots = set()
    for folder in ATIS_SPLITS.values():
        for line in (data_dir / "atis" / folder / "seq.out").read_text(encoding="utf-8").splitlines():
            slots.update(tag.partition("-")[2] for tag in line.split() if tag != "O")
    return sorted({slot_label(slot) for slot in slots if slot not in IGNORED_SLOTS})


def load_atis(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """ATIS airline travel queries: 18 intents (multi-label) and about 80 slot types as entities.

    Read from the SlotGated-SLU copy (``seq.in``, ``seq.out``, ``label``); ``valid`` is the dev split.
    """
    folder = data_dir / "atis" / ATIS_SPLITS[split]
    queries = (folder / "seq.in").read_text(encoding="utf-8").splitlines()
    tag_lines = (folder / "seq.out").read_text(encoding="utf-8").splitlines()
    intent_lines = (folder / "label").read_text(encoding="utf-8").splitlines()
    if not len(queries) == len(tag_lines) == len(intent_lines):
        raise TrainingDataError(f"dataset 'atis': {folder} has files of different lengths; expected one line per query")
    intents = list(ATIS_INTENTS.values())
    slot_labels = _slot_labels(data_dir)
    for query, tag_line, intent_line in zip(queries, tag_lines, intent_lines, strict=True):
        tokens, tags = query.split(), tag_line.split()
        if len(tokens) != len(tags):
            raise TrainingDataError(f"dataset 'atis': got {len(tags)} tags for {len(tokens)} words in {query!r}")
        text, offsets = join_tokens(tokens)
        mentions = [
            (slot_label(kind), pinned(text, offsets[first][0], offsets[last - 1][1]))
            for first, last, kind in decode_chunks(tags)
            if kind not in IGNORED_SLOTS
        ]
        true = [ATIS_INTENTS[name] for name in dict.fromkeys(intent_line.strip().split("#"))]
        yield {
            "input": text,
            "output": {
                "entities": entity_map(slot_labels, mentions),
                "classifications": [classification("intent", intents, true, multi_label=True)],
            },
        }
