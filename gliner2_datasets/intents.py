"""Intent sets: CLINC150 (classification), HWU64 and SLURP (intent plus slot entities).

HWU64 and SLURP share the scenario/action intents and the slot types of the
Heriot-Watt collection, and SLURP re-uses many HWU64 utterances: about 45% of
SLURP's dev and test utterances also occur in HWU64. HWU64 ships as ten
cross-validation folds; it is split 80/10/10 by hash of the utterance, except
that an utterance that occurs in SLURP takes SLURP's split, so HWU64's train
split holds no SLURP dev or test utterance.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from gliner2_datasets._records import Record, classification, classification_record, entity_map
from gliner2_datasets.splits import assign_split
from gliner2_datasets.text import pinned

CLINC_FILE = "clinc150/data/data_full.json"
CLINC_SPLITS = {"train": ("train", "oos_train"), "dev": ("val", "oos_val"), "test": ("test", "oos_test")}
CLINC_NAMES = {
    "oos": "out of scope",
    "apr": "annual percentage rate",
    "w2": "w2 tax form",
    "mpg": "miles per gallon",
    "min_payment": "minimum payment",
    "routing": "routing number",
    "pto_balance": "paid time off balance",
    "pto_request": "request paid time off",
    "pto_request_status": "paid time off request status",
    "pto_used": "paid time off used",
    "change_ai_name": "change assistant name",
    "oil_change_how": "how to change oil",
    "oil_change_when": "when to change oil",
    "food_last": "how long food lasts",
    "cook_time": "cooking time",
    "todo_list": "to-do list",
    "todo_list_update": "update to-do list",
    "text": "send text message",
    "uber": "book uber",
    "carry_on": "carry-on luggage",
    "gas": "fuel level",
}
"""CLINC150 intents whose name is not plain English once underscores become spaces."""

HWU64_DIR = "hwu64/CrossValidation"
SLURP_FILES = {"dev": "slurp/dataset/slurp/devel.jsonl", "test": "slurp/dataset/slurp/test.jsonl"}
INTENTS = {
    "alarm_query": "check alarms",
    "alarm_remove": "remove alarm",
    "alarm_set": "set alarm",
    "audio_volume_down": "volume down",
    "audio_volume_mute": "mute volume",
    "audio_volume_up": "volume up",
    "calendar_query": "check calendar",
    "calendar_remove": "remove calendar event",
    "calendar_set": "add calendar event",
    "cooking_recipe": "recipe",
    "datetime_convert": "convert time",
    "datetime_query": "ask date or time",
    "email_addcontact": "add email contact",
    "email_query": "check email",
    "email_querycontact": "look up contact",
    "email_sendemail": "send email",
    "general_affirm": "affirm",
    "general_commandstop": "stop",
    "general_confirm": "confirm",
    "general_dontcare": "don't care",
    "general_explain": "ask for explanation",
    "general_joke": "tell joke",
    "general_negate": "negate",
    "general_praise": "praise",
    "general_quirky": "chit chat",
    "general_repeat": "repeat",
    "iot_cleaning": "start vacuum cleaner",
    "iot_coffee": "make coffee",
    "iot_hue_lightchange": "change light colour",
    "iot_hue_lightdim": "dim lights",
    "iot_hue_lightoff": "lights off",
    "iot_hue_lighton": "lights on",
    "iot_hue_lightup": "brighten lights",
    "iot_wemo_off": "smart plug off",
    "iot_wemo_on": "smart plug on",
    "lists_createoradd": "create or add to list",
    "lists_query": "check list",
    "lists_remove": "remove from list",
    "music_likeness": "like music",
    "music_query": "music question",
    "music_settings": "music settings",
    "news_query": "news",
    "play_audiobook": "play audiobook",
    "play_game": "play game",
    "play_music": "play music",
    "play_podcasts": "play podcast",
    "play_radio": "play radio",
    "qa_currency": "currency exchange",
    "qa_definition": "definition",
    "qa_factoid": "factual question",
    "qa_maths": "maths question",
    "qa_stock": "stock price",
    "recommendation_events": "recommend events",
    "recommendation_locations": "recommend places",
    "recommendation_movies": "recommend movies",
    "social_post": "social media post",
    "social_query": "social media question",
    "takeaway_order": "order takeaway",
    "takeaway_query": "takeaway question",
    "transport_query": "transport question",
    "transport_taxi": "book taxi",
    "transport_ticket": "book ticket",
    "transport_traffic": "traffic",
    "weather_query": "weather",
}
"""The 64 HWU64 intents (``scenario_intent``)."""

SLURP_EXTRA_INTENTS = {
    "audio_volume_other": "other volume request",
    "cooking_query": "cooking question",
    "general_greet": "greeting",
    "music_dislikeness": "dislike music",
}
SLOTS = {
    "date": "date",
    "time": "time",
    "timeofday": "time of day",
    "time_zone": "time zone",
    "general_frequency": "frequency",
    "person": "person",
    "relation": "relationship",
    "personal_info": "personal information",
    "email_address": "email address",
    "email_folder": "email folder",
    "place_name": "place name",
    "house_place": "room",
    "business_name": "business name",
    "business_type": "business type",
    "event_name": "event name",
    "currency_name": "currency",
    "device_type": "device type",
    "color_type": "colour",
    "change_amount": "change amount",
    "player_setting": "player setting",
    "media_type": "media type",
    "app_name": "app name",
    "list_name": "list name",
    "definition_word": "word to define",
    "news_topic": "news topic",
    "weather_descriptor": "weather descriptor",
    "transport_type": "transport type",
    "transport_agency": "transport agency",
    "transport_name": "transport name",
    "transport_descriptor": "transport descriptor",
    "food_type": "food type",
    "meal_type": "meal type",
    "order_type": "order type",
    "coffee_type": "coffee type",
    "drink_type": "drink type",
    "cooking_type": "cooking type",
    "ingredient": "ingredient",
    "joke_type": "joke type",
    "game_name": "game name",
    "game_type": "game type",
    "sport_type": "sport type",
    "alarm_type": "alarm type",
    "artist_name": "artist name",
    "song_name": "song name",
    "music_album": "music album",
    "music_genre": "music genre",
    "music_descriptor": "music descriptor",
    "playlist_name": "playlist name",
    "radio_name": "radio station",
    "podcast_name": "podcast name",
    "podcast_descriptor": "podcast descriptor",
    "audiobook_name": "audiobook name",
    "audiobook_author": "audiobook author",
    "movie_name": "movie name",
    "movie_type": "movie type",
}
"""Slot types of HWU64 and SLURP."""

SLURP_ONLY_SLOTS = ("sport_type",)

_SLOT = re.compile(r"\[\s*(?P<type>[^:\]]+?)\s*:\s*(?P<value>[^\]]*?)\s*\]")
_WORDS = re.compile(r"\w+")


def clinc_label(intent: str) -> str:
    """Natural name of a CLINC150 intent."""
    return CLINC_NAMES.get(intent, intent.replace("_", " "))


def load_clinc150(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """CLINC150 ``data_full``: 150 intents plus out-of-scope; ``val`` is the dev split."""
    with open(data_dir / CLINC_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    labels = sorted({clinc_label(intent) for part in data.values() for _, intent in part})
    for part in CLINC_SPLITS[split]:
        for text, intent in data[part]:
            yield classification_record(text, classification("intent", labels, [clinc_label(intent)]))


def utterance_key(text: str) -> str:
    """Key that matches an utterance across HWU64 and SLURP (lower-cased words, no punctuation)."""
    return " ".join(_WORDS.findall(text.lower()))


def parse_slots(annotated: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Turn ``"wake me at [time : nine am]"`` into the plain text and ``(slot, start, end)`` spans."""
    pieces: list[str] = []
    slots: list[tuple[str, int, int]] = []
    position = length = 0
    for match in _SLOT.finditer(annotated):
        pieces.append(annotated[position : match.start()])
        length += match.start() - position
        if match["value"]:
            slots.append((match["type"], length, length + len(match["value"])))
        pieces.append(match["value"])
        length += len(match["value"])
        position = match.end()
    pieces.append(annotated[position:])
    return "".join(pieces), slots


def _intent_record(
    text: str, slots: Sequence[tuple[str, int, int]], slot_labels: Sequence[str], intent: str, intents: Sequence[str]
) -> Record:
    """A record with the intent and every slot type of the dataset as entities."""
    entities = entity_map(slot_labels, [(SLOTS[slot], pinned(text, start, end)) for slot, start, end in slots])
    task = classification("intent", intents, [intent])
    return {"input": text, "output": {"entities": entities, "classifications": [task]}}


def _slurp_rows(data_dir: Path, split: str) -> Iterator[dict]:
    with open(data_dir / SLURP_FILES[split], encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle)


def load_slurp(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """SLURP dev and test (the train file is not in the data): intent ``scenario_action`` plus slots.

    The text is the annotated sentence with the brackets removed. SLURP's
    ``sentence`` field is a lower-cased, sometimes spelling-corrected copy that
    the slot annotation does not always match.
    """
    intents = {**INTENTS, **SLURP_EXTRA_INTENTS}
    labels = sorted(intents.values())
    slot_labels = list(SLOTS.values())
    for row in _slurp_rows(data_dir, split):
        text, slots = parse_slots(row["sentence_annotation"])
        yield _intent_record(text, slots, slot_labels, intents[f"{row['scenario']}_{row['action']}"], labels)


def load_hwu64(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """HWU64 utterances (the 11,036 of its ten test folds, de-duplicated): 64 intents plus slot entities.

    Split 80/10/10 by hash of the utterance; utterances also in SLURP take SLURP's split.
    """
    slurp_split = {
        utterance_key(text): part
        for part in SLURP_FILES
        for row in _slurp_rows(data_dir, part)
        for text in (row["sentence"], parse_slots(row["sentence_annotation"])[0])
    }
    labels = sorted(INTENTS.values())
    slot_labels = [label for slot, label in SLOTS.items() if slot not in SLURP_ONLY_SLOTS]
    seen = set()
    for row in _hwu64_rows(data_dir):
        key = utterance_key(row["answer_from_anno"])
        if key in seen or slurp_split.get(key, assign_split(key)) != split:
            continue
        seen.add(key)
        text, slots = parse_slots(row["answer_annotation"])
        yield _intent_record(text, slots, slot_labels, INTENTS[f"{row['scenario']}_{row['intent']}"], labels)


def _hwu64_rows(data_dir: Path) -> Iterator[dict[str, str]]:
    """Rows of every fold's test CSV (``;``-separated), in a stable order."""
    for path in sorted((data_dir / HWU64_DIR).glob("**/testset/csv/*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle, delimiter=";")
