"""Label catalog data: relation types of CoNLL04, SciERC and FewRel (wiki, nyt, pubmed, semeval).

Each entry is ``label: (description, synonym, synonym, ...)``; the description
reads from head to tail. See :mod:`gliner2_datasets.label_catalog`.
"""

from __future__ import annotations

RELATIONS: dict[str, tuple[str, ...]] = {
    # CoNLL04
    "works for": ("the head person works for the tail organisation", "employed by", "employee of", "works at"),
    "lives in": ("the head person lives in the tail place", "resides in", "resident of", "based in"),
    "organisation based in": ("the head organisation is based in the tail place", "headquartered in", "located in"),
    "located in": ("the head place or thing lies within the tail place", "situated in", "in", "part of region"),
    "killed": ("the head killed the tail person", "murdered", "assassinated", "caused the death of"),
    # SciERC
    "used for": ("the head is used for the tail", "applied to", "serves", "used to do"),
    "feature of": ("the head is a feature or property of the tail", "property of", "attribute of", "aspect of"),
    "hyponym of": ("the head is a kind of the tail", "kind of", "type of", "is a"),
    "used to evaluate": ("the head is used to evaluate the tail", "evaluates", "measures", "benchmark for"),
    "part of": ("the head is a part of the tail", "component of", "belongs to", "member of"),
    "compared with": ("the head is compared with the tail", "versus", "contrasted with", "compared to"),
    "used in conjunction with": ("the head is used together with the tail", "combined with", "used with", "and"),
    # FewRel, SemEval names
    "causes": ("the head causes the tail", "leads to", "results in", "produces"),
    "component of": ("the head is a component of the tail", "part of", "piece of", "element of"),
    "contained in": ("the head is contained in the tail", "inside", "held in", "stored in"),
    "moved to": ("the head moved or was moved to the tail", "sent to", "went to", "destination"),
    "originates from": ("the head comes from the tail", "comes from", "derived from", "source"),
    "used by": ("the head is used by the tail", "employed by", "utilised by", "tool of"),
    "member of": ("the head is a member of the tail", "belongs to", "part of", "in"),
    "has topic": ("the head is about the tail", "about", "concerns", "deals with"),
    "produced by": ("the head is produced by the tail", "made by", "created by", "manufactured by"),
    # FewRel, Wikidata names
    "author": ("the tail wrote the head work", "writer", "written by", "authored by"),
    "award received": ("the head received the tail award", "won", "awarded", "honoured with"),
    "cast member": ("the tail acted in the head work", "actor in", "starring", "cast"),
    "child": ("the tail is a child of the head", "son or daughter", "offspring", "has child"),
    "classified as": ("the head is classified as the tail", "categorised as", "class", "type"),
    "competition class": ("the head competes in the tail class", "weight class", "division", "category"),
    "constellation": ("the head star or object lies in the tail constellation", "in constellation", "star group"),
    "crosses": ("the head bridge or route crosses the tail", "spans", "goes over", "passes over"),
    "director of photography": ("the tail was cinematographer of the head film", "cinematographer", "camera operator"),
    "employer": ("the head person works for the tail", "works for", "employed by", "company"),
    "ethnic group": ("the head belongs to the tail ethnic group", "ethnicity", "people", "race"),
    "follows": ("the head comes after the tail", "preceded by", "after", "successor of"),
    "industry": ("the head company works in the tail industry", "sector", "business area", "field"),
    "located in or next to body of water": (
        "the head lies in or next to the tail water",
        "on the shore of",
        "by the river",
    ),
    "main subject": ("the head work is mainly about the tail", "topic", "subject", "about"),
    "member of sports team": ("the head player plays for the tail team", "plays for", "team", "club"),
    "military rank": ("the head person holds the tail military rank", "rank", "grade", "military grade"),
    "mother": ("the tail is the mother of the head", "mom", "parent", "mother of"),
    "original language of film or tv show": (
        "the head film or show is in the tail language",
        "original language",
        "language",
    ),
    "parent organization": ("the tail organisation owns or contains the head", "parent company", "owner", "part of"),
    "parent taxon": ("the tail taxon contains the head taxon", "higher taxon", "genus", "family"),
    "position played on team / speciality": ("the head player plays the tail position", "position", "playing position"),
    "producer": ("the tail produced the head work", "produced by", "film producer", "record producer"),
    "production company": ("the tail company produced the head work", "studio", "produced by", "producer"),
    "sport": ("the head plays or belongs to the tail sport", "sport played", "discipline", "game"),
    "spouse": ("the tail is married to the head", "husband or wife", "married to", "partner"),
    "stock exchange": ("the head company is listed on the tail exchange", "listed on", "traded on", "exchange"),
    "voice type": ("the head singer has the tail voice type", "vocal range", "voice", "singing voice"),
    # FewRel, PubMed names
    "biological process involves gene product": (
        "the head process involves the tail gene product",
        "process involves gene",
        "gene product in process",
    ),
    "causative agent of": ("the head agent causes the tail disease", "causes disease", "pathogen of", "agent of"),
    "cause of death": ("the tail caused the death of the head", "died of", "death cause", "killed by"),
    "gene found in organism": ("the head gene occurs in the tail organism", "gene of organism", "found in"),
    "gene plays role in process": ("the head gene has a role in the tail process", "gene involved in", "role in"),
    "ingredient of": ("the head is an ingredient of the tail", "component of", "contained in", "part of"),
    "inheritance type of": (
        "the head is the mode of inheritance of the tail",
        "inheritance pattern of",
        "mode of inheritance",
    ),
    "is normal tissue origin of disease": (
        "the tail disease arises from the head tissue",
        "tissue of origin of",
        "origin tissue",
    ),
    "is primary anatomic site of disease": (
        "the tail disease starts in the head site",
        "primary site of",
        "site of disease",
    ),
    "material used": ("the head is made with the tail material", "made of", "material", "built from"),
    "occurs in": ("the head occurs in the tail", "happens in", "found in", "takes place in"),
    "present in work": ("the head character appears in the tail work", "appears in", "character in", "featured in"),
    "product or material produced": ("the head organisation makes the tail", "produces", "makes", "manufactures"),
}
"""Relation types of CoNLL04, SciERC and FewRel."""
