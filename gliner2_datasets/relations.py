"""Relation sets: CoNLL04 and SciERC (entities plus relations), FewRel (one relation per sentence).

All three are token-level; the text is the tokens joined by single spaces and
both ends of a relation are pinned spans.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from gliner2_datasets._bio import decode_chunks
from gliner2_datasets._records import Record, entity_map
from gliner2_datasets.text import Offsets, Span, join_tokens, pinned

CONLL04_ENTITIES = {"Peop": "person", "Loc": "location", "Org": "organisation", "Other": "other"}
CONLL04_RELATIONS = {
    "Work_For": "works for",
    "Live_In": "lives in",
    "OrgBased_In": "organisation based in",
    "Located_In": "located in",
    "Kill": "killed",
}
SCIERC_ENTITIES = {
    "Task": "task",
    "Method": "method",
    "Material": "material",
    "OtherScientificTerm": "other scientific term",
    "Metric": "metric",
    "Generic": "generic",
}
SCIERC_RELATIONS = {
    "Used-for": "used for",
    "Feature-of": "feature of",
    "Hyponym-of": "hyponym of",
    "Evaluate-for": "used to evaluate",
    "Part-of": "part of",
    "Compare": "compared with",
    "Conjunction": "used in conjunction with",
}
SEMEVAL_RELATIONS = {
    "Cause-Effect": "causes",
    "Component-Whole": "component of",
    "Content-Container": "contained in",
    "Entity-Destination": "moved to",
    "Entity-Origin": "originates from",
    "Instrument-Agency": "used by",
    "Member-Collection": "member of",
    "Message-Topic": "has topic",
    "Product-Producer": "produced by",
}
"""SemEval-2010 relation names in FewRel's ``val_semeval``, read head (``e1``) to tail (``e2``)."""

CONLL04_FILES = {split: f"conll04/data/datasets/conll04/conll04_{split}.json" for split in ("train", "dev", "test")}
SCIERC_FILES = {
    split: f"scierc/data/scierc_joint_er/scierc_joint_er_{split}.json" for split in ("train", "dev", "test")
}
FEWREL_FILES = {split: f"fewrel/data/{split}.json" for split in ("val_wiki", "val_nyt", "val_pubmed", "val_semeval")}
FEWREL_NAMES = "fewrel/data/pid2name.json"

_SEMEVAL_NAME = re.compile(r"^(?P<relation>[\w-]+)\((?P<order>e1,e2|e2,e1)\)$")


def _relation(label: str, head: Span, tail: Span) -> dict[str, dict[str, Span]]:
    return {label: {"head": head, "tail": tail}}


def _joint_record(
    text: str, entities: Sequence[tuple[str, Span]], relations: list[dict], labels: Sequence[str]
) -> Record:
    """A record with every entity label and, when there are any, the relations."""
    output: dict[str, object] = {"entities": entity_map(labels, entities)}
    if relations:
        output["relations"] = relations
    return {"input": text, "output": output}


def load_conll04(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """CoNLL04 news sentences: 4 entity types and 5 relations.

    Read from the TablERT/SpERT layout: BILOU tags, relations by entity index.
    """
    with open(data_dir / CONLL04_FILES[split], encoding="utf-8") as handle:
        examples = json.load(handle)
    for example in examples:
        text, offsets = join_tokens(example["tokens"])
        entities = [
            (CONLL04_ENTITIES[kind], pinned(text, offsets[first][0], offsets[last - 1][1]))
            for first, last, kind in decode_chunks(example["tags"])
        ]
        relations = [
            _relation(CONLL04_RELATIONS[item["type"]], entities[item["head"]][1], entities[item["tail"]][1])
            for item in example["relations"]
        ]
        yield _joint_record(text, entities, relations, list(CONLL04_ENTITIES.values()))


def load_scierc(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """SciERC abstract sentences: 6 scientific entity types (possibly nested) and 7 relations.

    Read from the SpERT layout (entity token ranges, end exclusive).
    """
    with open(data_dir / SCIERC_FILES[split], encoding="utf-8") as handle:
        examples = json.load(handle)
    for example in examples:
        text, offsets = join_tokens(example["tokens"])
        entities = [
            (SCIERC_ENTITIES[item["type"]], pinned(text, offsets[item["start"]][0], offsets[item["end"] - 1][1]))
            for item in example["entities"]
        ]
        relations = [
            _relation(SCIERC_RELATIONS[item["type"]], entities[item["head"]][1], entities[item["tail"]][1])
            for item in example["relations"]
        ]
        yield _joint_record(text, entities, relations, list(SCIERC_ENTITIES.values()))


def load_fewrel(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """FewRel validation sets (wiki, nyt, pubmed, semeval): one relation per sentence.

    Head and tail are pinned at their first occurrence.
    """
    with open(data_dir / FEWREL_FILES[split], encoding="utf-8") as handle:
        examples_by_relation = json.load(handle)
    with open(data_dir / FEWREL_NAMES, encoding="utf-8") as handle:
        wikidata_names = {pid: names[0].lower() for pid, names in json.load(handle).items()}
    for name, examples in examples_by_relation.items():
        label, swapped = _fewrel_label(name, wikidata_names)
        for example in examples:
            text, offsets = join_tokens(example["tokens"])
            head, tail = (_first_mention(text, offsets, example[key][2]) for key in ("h", "t"))
            if swapped:
                head, tail = tail, head
            yield {"input": text, "output": {"relations": [_relation(label, head, tail)]}}


def _fewrel_label(name: str, wikidata_names: dict[str, str]) -> tuple[str, bool]:
    """Natural label of a FewRel relation name, and whether head and tail must be swapped.

    Wikidata ids (wiki, nyt) are named by ``pid2name.json`` (lower-cased); PubMed names are
    snake case; SemEval names carry a direction such as ``Cause-Effect(e2,e1)``.
    """
    if name in wikidata_names:
        return wikidata_names[name], False
    match = _SEMEVAL_NAME.match(name)
    if match:
        return SEMEVAL_RELATIONS[match["relation"]], match["order"] == "e2,e1"
    return name.replace("_", " "), False


def _first_mention(text: str, offsets: Sequence[Offsets], occurrences: Sequence[Sequence[int]]) -> Span:
    """Pin the first occurrence (a list of token indices) of a FewRel entity."""
    indices = occurrences[0]
    return pinned(text, offsets[min(indices)][0], offsets[max(indices)][1])
