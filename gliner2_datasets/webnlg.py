"""WebNLG v1.6 (enriched, English): DBpedia triples and their verbalisations as relations and entity records.

Every verbalisation (``<lex>`` rated good) of an entry is a record whose text is
the ``<text>``. Each triple ``subject | property | object`` whose two ends are
found in that text becomes a relation named by the humanised property
(``birthPlace`` -> ``"birth place"``). The entry's main entity (the most
frequent subject) also becomes one ``json_structures`` record named by the
category (``Airport`` -> ``"airport"``) with a ``name`` field and one field per
property it has, e.g. an airport's city served, runway length and operator.

An entity is pinned at the first occurrence of its DBpedia name (underscores
as spaces, quotes removed) or, failing that, of one of the surface strings
that ``<references>`` gives for it in this text (pronouns and demonstratives
excepted). Matching ignores case and the spaces of the tokenised references
(``it 's`` matches ``it's``). Values found nowhere in the text are left out.
"""

from __future__ import annotations

import itertools
import logging
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from gliner2_datasets._records import Record
from gliner2_datasets.text import Span, pinned

logger = logging.getLogger(__name__)

WEBNLG_DIR = "webnlg/en"
TEST_ONLY_CATEGORIES = ("Artist", "Athlete", "CelestialBody", "MeanOfTransportation", "Politician")
"""Categories of the test split that train and dev never show (WebNLG's unseen categories)."""

CATEGORY_LABELS = {"MeanOfTransportation": "means of transportation", "ComicsCharacter": "comics character"}
PROPERTY_LABELS = {
    "leaderName": "leader",
    "isPartOf": "part of",
    "ISBN_number": "isbn number",
    "ISSN_number": "issn number",
    "OCLC_number": "oclc number",
    "LCCN_number": "lccn number",
    "CODEN_code": "coden code",
    "ICAO_Location_Identifier": "icao location identifier",
    "IATA_Location_Identifier": "iata location identifier",
    "UTCOffset": "utc offset",
    "office (workedAt, workedAs)": "office",
    "crew1Up": "first crew member",
    "crew2Up": "second crew member",
    "r1Surface": "first runway surface",
    "r3Surface": "third runway surface",
    "dateOfRet": "date of retirement",
    "currentclub": "current club",
    "fullname": "full name",
    "youthclub": "youth club",
    "LibraryofCongressClassification": "library of congress classification",
    "relatedMeanOfTransportation": "related means of transportation",
}
"""Properties whose mechanical humanisation reads badly."""

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SKIPPED_REFERENCES = ("pronoun", "demonstrative")


def humanise(name: str) -> str:
    """A natural label from a DBpedia property or category name: ``"birthPlace"`` -> ``"birth place"``.

    Slashes become "or", underscores spaces, brackets are dropped, acronyms are lower-cased.
    """
    if name in PROPERTY_LABELS:
        return PROPERTY_LABELS[name]
    if name in CATEGORY_LABELS:
        return CATEGORY_LABELS[name]
    parts = []
    pieces = name.split("/")
    if len(pieces) == 2 and pieces[0][:1].isupper():
        pieces = pieces[1:]  # "MeanOfTransportation/length": a class prefix, not an alternative
    for part in pieces:
        words = _CAMEL.sub(" ", part.replace("_", " ")).replace("(", " ").replace(")", " ")
        parts.append(" ".join(words.lower().split()))
    return " or ".join(dict.fromkeys(part for part in parts if part))


def entity_name(value: str) -> str:
    """The readable name of a DBpedia resource or literal: ``"Abilene,_Texas"`` -> ``"Abilene, Texas"``."""
    return " ".join(value.replace("_", " ").strip().strip('"').split())


def find_surface(text: str, surface: str) -> list[Span]:
    """Pin every occurrence of ``surface`` in ``text``, ignoring case and spaces between its tokens."""
    tokens = surface.split()
    if not tokens:
        return []
    pattern = r"\s*".join(re.escape(token) for token in tokens)
    before = r"(?<!\w)" if tokens[0][0].isalnum() else ""
    after = r"(?!\w)" if tokens[-1][-1].isalnum() else ""
    return [pinned(text, m.start(), m.end()) for m in re.finditer(before + pattern + after, text, re.IGNORECASE)]


def load_webnlg_unseen(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """WebNLG test texts of the five categories no training split shows (Artist, Athlete, CelestialBody, ...).

    Relations and records of kinds of entities the model never saw in WebNLG: a zero-shot figure.
    Its only split is ``test``.
    """
    paths = sorted(
        (p for p in (data_dir / WEBNLG_DIR / "test").glob("*triples/*.xml") if p.stem in TEST_ONLY_CATEGORIES),
        key=lambda path: (path.stem, str(path)),
    )
    for _, group in itertools.groupby(paths, key=lambda path: path.stem):
        yield from _category_records(list(group))


def load_webnlg(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """WebNLG v1.6 DBpedia triples verbalised in English: relations plus one entity record per text.

    The source's train, dev and test are kept; 15 categories, of which 5 (Artist, Athlete,
    CelestialBody, MeanOfTransportation, Politician) occur only in test.
    """
    paths = sorted((data_dir / WEBNLG_DIR / split).glob("*triples/*.xml"), key=lambda path: (path.stem, str(path)))
    for _, group in itertools.groupby(paths, key=lambda path: path.stem):
        yield from _category_records(list(group))


def _category_records(paths: Sequence[Path]) -> Iterator[Record]:
    """The records of one category's files (one per entry size), read together to find the category's entities."""
    entries = []
    for path in paths:
        for entry in ElementTree.parse(path).getroot().iter("entry"):
            triples = [_triple(node.text or "") for node in entry.iter("mtriple")]
            entries.append((entry.get("category", ""), triples, entry))
    members = category_members([(category, triples) for category, triples, _ in entries])
    for category, triples, entry in entries:
        main = _root(triples)
        structure = humanise(category) if main is not None and main in members.get(category, ()) else None
        for lex in entry.iter("lex"):
            text = (lex.findtext("text") or "").strip()
            if lex.get("comment") == "bad" or not text:
                continue
            record = _lex_record(structure, main, triples, text, _references(lex))
            if record is not None:
                yield record


def _triple(line: str) -> tuple[str, str, str]:
    subject, relation, value = (part.strip() for part in line.split(" | ", 2))
    return subject, relation, value


def _root(triples: Sequence[tuple[str, str, str]]) -> str | None:
    """The one subject that is no triple's object (the entity the entry describes), if there is one."""
    roots = list(dict.fromkeys(subject for subject, _, _ in triples if all(subject != value for *_, value in triples)))
    return roots[0] if len(roots) == 1 else None


def category_members(entries: Sequence[tuple[str, Sequence[tuple[str, str, str]]]]) -> dict[str, set[str]]:
    """The entities of each category: roots of at least two entries of two or more triples.

    A one-triple entry of the Airport category may well describe the city an
    airport serves; only an entity that several larger entries centre on is
    taken to be an airport.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for category, triples in entries:
        root = _root(triples)
        if root is not None and len(triples) >= 2:
            counts[(category, root)] += 1
    members: dict[str, set[str]] = {}
    for (category, root), count in counts.items():
        if count >= 2:
            members.setdefault(category, set()).add(root)
    return members


def _references(lex: ElementTree.Element) -> dict[str, list[str]]:
    """Each entity's surface strings in this verbalisation (pronouns and demonstratives excepted)."""
    found: dict[str, list[str]] = {}
    for reference in lex.iter("reference"):
        if reference.get("type") not in _SKIPPED_REFERENCES and reference.text:
            found.setdefault(reference.get("entity", ""), []).append(reference.text.strip())
    return found


def _pin_all(text: str, values: Sequence[str], references: dict[str, list[str]]) -> dict[str, Span | None]:
    """Pin each entity at its first occurrence that does not overlap an entity pinned before it.

    Longer names are pinned first, so ``Gubbio`` is not pinned inside ``A.S. Gubbio 1910``.
    """
    candidates = {}
    for value in dict.fromkeys(values):
        for surface in (entity_name(value), *references.get(value, ())):
            found = find_surface(text, surface)
            if found:
                candidates[value] = found
                break
    spans: dict[str, Span | None] = dict.fromkeys(values)
    for value in sorted(candidates, key=lambda value: -len(candidates[value][0]["text"])):
        taken = [span for span in spans.values() if span is not None]
        free = [c for c in candidates[value] if all(c["end"] <= t["start"] or c["start"] >= t["end"] for t in taken)]
        spans[value] = (free or candidates[value])[0]
    return spans


def _lex_record(
    structure: str | None,
    main: str | None,
    triples: Sequence[tuple[str, str, str]],
    text: str,
    references: dict[str, list[str]],
) -> Record | None:
    """The record of one verbalisation, or ``None`` when nothing could be pinned.

    Args:
        structure: The structure name (the humanised category), or ``None`` when the entry's
            root entity is not known to belong to its category.
        main: The entry's root entity.
        triples: The entry's triples.
        text: The verbalisation.
        references: Surface strings by entity, from the verbalisation's ``<references>``.
    """
    spans = _pin_all(text, [value for triple in triples for value in (triple[0], triple[2])], references)
    relations = [
        {humanise(relation): {"head": spans[subject], "tail": spans[value]}}
        for subject, relation, value in triples
        if spans[subject] is not None and spans[value] is not None and spans[subject] != spans[value]
    ]
    output: dict[str, object] = {}
    if structure is not None and main is not None and spans[main] is not None:
        fields: dict[str, list[Span]] = {"name": [spans[main]]}
        for subject, relation, value in triples:
            span = spans[value]
            if subject == main and span is not None and span not in fields.setdefault(humanise(relation), []):
                fields[humanise(relation)].append(span)
        output["json_structures"] = [{structure: {key: value for key, value in fields.items() if value}}]
    if relations:
        output["relations"] = relations
    if not output:
        logger.debug("webnlg: nothing pinned in %r", text)
        return None
    return {"input": text, "output": output}
