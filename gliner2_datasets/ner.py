"""Named-entity sets: CoNLL-2003, WNUT-17, WikiGold, BTC, Few-NERD and the DataTurks resumes.

Token-level sources become one record per sentence, the text being the tokens
joined by single spaces. The resumes carry character offsets and are cut into
windows of at most ``max_words`` words.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from gliner2_datasets._bio import Sentence, label_set, read_conll, sentence_record
from gliner2_datasets._records import Record, entity_map
from gliner2_datasets.splits import carve_dev, text_key
from gliner2_datasets.text import Span, locate, pinned, rebase, strip_offsets, window_offsets

logger = logging.getLogger(__name__)

CONLL_LABELS = {"person": "person", "organisation": "organisation", "location": "location", "misc": "miscellaneous"}
WNUT_LABELS = {
    "person": "person",
    "location": "location",
    "group": "group",
    "corporation": "corporation",
    "product": "product",
    "creative-work": "creative work",
}
WIKIGOLD_LABELS = {"PER": "person", "ORG": "organisation", "LOC": "location", "MISC": "miscellaneous"}
BTC_LABELS = {"PER": "person", "ORG": "organisation", "LOC": "location"}
FEWNERD_LABELS = {
    "art_broadcastprogram": "broadcast program",
    "art_film": "film",
    "art_music": "music",
    "art_other": "other art work",
    "art_painting": "painting",
    "art_writtenart": "written work",
    "building_airport": "airport",
    "building_hospital": "hospital",
    "building_hotel": "hotel",
    "building_library": "library",
    "building_other": "other building",
    "building_restaurant": "restaurant",
    "building_sportsfacility": "sports facility",
    "building_theater": "theater",
    "event_attack/battle/war/militaryconflict": "military conflict",
    "event_disaster": "disaster",
    "event_election": "election",
    "event_other": "other event",
    "event_protest": "protest",
    "event_sportsevent": "sports event",
    "location_GPE": "geopolitical entity",
    "location_bodiesofwater": "body of water",
    "location_island": "island",
    "location_mountain": "mountain",
    "location_other": "other location",
    "location_park": "park",
    "location_road/railway/highway/transit": "road or transit line",
    "organization_company": "company",
    "organization_education": "educational institution",
    "organization_government/governmentagency": "government agency",
    "organization_media/newspaper": "media organisation",
    "organization_other": "other organisation",
    "organization_politicalparty": "political party",
    "organization_religion": "religious organisation",
    "organization_showorganization": "show organisation",
    "organization_sportsleague": "sports league",
    "organization_sportsteam": "sports team",
    "other_astronomything": "astronomical object",
    "other_award": "award",
    "other_biologything": "biological entity",
    "other_chemicalthing": "chemical",
    "other_currency": "currency",
    "other_disease": "disease",
    "other_educationaldegree": "educational degree",
    "other_god": "god",
    "other_language": "language",
    "other_law": "law",
    "other_livingthing": "living thing",
    "other_medical": "medical term",
    "person_actor": "actor",
    "person_architect": "architect",
    "person_artist/author": "artist or author",
    "person_athlete": "athlete",
    "person_director": "director",
    "person_other": "other person",
    "person_politician": "politician",
    "person_scholar": "scholar",
    "person_soldier": "soldier",
    "product_airplane": "aircraft",
    "product_car": "car",
    "product_food": "food",
    "product_game": "game",
    "product_other": "other product",
    "product_ship": "ship",
    "product_software": "software",
    "product_train": "train",
    "product_weapon": "weapon",
}
RESUME_LABELS = {
    "Name": "name",
    "Designation": "job title",
    "Companies worked at": "company",
    "Skills": "skill",
    "Location": "location",
    "College Name": "college",
    "Degree": "degree",
    "Graduation Year": "graduation year",
    "Email Address": "email address",
    "Years of Experience": "years of experience",
}
"""DataTurks resume labels; the two ``UNKNOWN`` annotations in the source are dropped."""

CONLL2003_FILES = {split: f"conll2003/{split}.txt" for split in ("train", "dev", "test")}
WNUT_FILES = {
    "train": "wnut17/data/WNUT17/CONLL-format/data/train/wnut17train.conll",
    "dev": "wnut17/data/WNUT17/CONLL-format/data/dev/emerging.dev.conll",
    "test": "wnut17/data/WNUT17/CONLL-format/data/test/emerging.test.annotated",
}
WIKIGOLD_FILE = "wikigold/data/wikigold/CONLL-format/data/wikigold.conll.txt"
BTC_FILES = tuple(f"btc/data/BTC/CONLL-format/data/{section}.conll" for section in "abefgh")
FEWNERD_FILES = {split: f"fewnerd_partial/data/fewnerd/{split}.txt" for split in ("dev", "test", "big_test")}
FEWNERD_TRAIN_SOURCES = ("dev", "big_test")
"""The fork's files that make Few-NERD's train and dev splits; its ``test`` file is the test split."""
RESUME_FILE = "resume_ner_dataturks/Entity Recognition in Resumes.json"


def _bio_records(dataset: str, sentences: Sequence[Sentence], label_map: dict[str, str]) -> Iterator[Record]:
    """One entity record per sentence; the label set is every type the sentences use."""
    labels = label_set(sentences, label_map, dataset)
    for sentence in sentences:
        yield sentence_record([token for token, _ in sentence], [tag for _, tag in sentence], label_map, labels)


def load_conll2003(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """CoNLL-2003 English news NER (person, organisation, location, miscellaneous), one record per sentence.

    Read from the tab-separated IOB2 files of the CrossNER copy.
    """
    sentences = list(read_conll(data_dir / CONLL2003_FILES[split]))
    return _bio_records("conll2003", sentences, CONLL_LABELS)


def load_wnut17(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """WNUT-17 emerging and rare entities in social media (6 types), one record per sentence."""
    sentences = list(read_conll(data_dir / WNUT_FILES[split]))
    return _bio_records("wnut17", sentences, WNUT_LABELS)


def load_wikigold(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """WikiGold Wikipedia NER (CoNLL types), all 1,696 sentences in one ``test`` split.

    The file uses space-separated IO tags and ``-DOCSTART-`` lines.
    """
    sentences = list(read_conll(data_dir / WIKIGOLD_FILE, separator=" "))
    return _bio_records("wikigold", sentences, WIKIGOLD_LABELS)


def load_btc(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Broad Twitter Corpus (person, organisation, location), all six sections in one ``test`` split."""
    sentences = [_join_handles(s) for path in BTC_FILES for s in read_conll(data_dir / path)]
    return _bio_records("btc", sentences, BTC_LABELS)


def _join_handles(sentence: Sentence) -> Sentence:
    """Make ``@`` and the following handle one mention.

    BTC splits a user mention into ``@`` and the name and tags both ``B-``;
    read literally that would give a mention ``@`` of its own.
    """
    fixed = list(sentence)
    for index in range(len(fixed) - 1):
        (token, tag), (next_token, next_tag) = fixed[index], fixed[index + 1]
        if token == "@" and tag.startswith("B-") and next_tag == tag:
            fixed[index + 1] = (next_token, "I-" + tag[2:])
    return fixed


def load_fewnerd(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """Few-NERD subsets of the structshot fork (66 fine types), one record per sentence.

    The fork's ``test`` file is the test split. Its ``dev`` file (the same 36
    types) and ``big_test`` file (18 others) together make train and dev
    (90/10 by hash of the sentence text), less every sentence whose text is
    also in test. Tags are ``B-coarse_fine``/``I-coarse_fine``; a record's
    label set is the types its source file uses, so a type that file never
    annotates is never offered as a negative.
    """
    if split == "test":
        yield from _bio_records("fewnerd", list(read_conll(data_dir / FEWNERD_FILES["test"])), FEWNERD_LABELS)
        return
    held_out = {_sentence_key(sentence) for sentence in read_conll(data_dir / FEWNERD_FILES["test"])}
    seen: set[str] = set()
    for source in FEWNERD_TRAIN_SOURCES:
        sentences = []
        for sentence in read_conll(data_dir / FEWNERD_FILES[source]):
            key = _sentence_key(sentence)
            if key not in held_out and key not in seen and carve_dev(key) == split:
                seen.add(key)
                sentences.append(sentence)
        yield from _bio_records("fewnerd", sentences, FEWNERD_LABELS)


def _sentence_key(sentence: Sentence) -> str:
    return text_key(" ".join(token for token, _ in sentence))


def load_resume_ner(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """DataTurks resumes (220, 10 entity types) in one ``test`` split, cut into windows of ``max_words`` words.

    One resume that occurs twice in the source is read once.
    """
    labels = list(RESUME_LABELS.values())
    seen = set()
    with open(data_dir / RESUME_FILE, encoding="utf-8") as handle:
        for line in handle:
            resume = json.loads(line)
            text = resume["content"]
            if text in seen:
                continue
            seen.add(text)
            mentions = list(_resume_mentions(text, resume.get("annotation") or []))
            for window in window_offsets(text, max_words):
                window_text = text[window[0] : window[1]]
                moved = [(label, rebase(span, window, window_text)) for label, span in mentions]
                entities = entity_map(labels, [(label, span) for label, span in moved if span])
                yield {"input": window_text, "output": {"entities": entities}}


def _resume_mentions(text: str, annotations: Iterable[dict]) -> Iterator[tuple[str, Span]]:
    """Pinned mentions of one resume.

    The source's ``end`` is inclusive and some offsets are shifted; each mention
    is re-found near its offset and trimmed of surrounding whitespace.
    """
    for annotation in annotations:
        labels = [RESUME_LABELS[label] for label in annotation["label"] if label in RESUME_LABELS]
        for point in annotation["points"]:
            start = locate(text, point["text"], point["start"])
            trimmed = None if start is None else strip_offsets(text, start, start + len(point["text"]))
            if trimmed is None:
                logger.debug("resume_ner: dropped %r, not found near offset %d", point["text"], point["start"])
                continue
            for label in labels:
                yield label, pinned(text, *trimmed)
