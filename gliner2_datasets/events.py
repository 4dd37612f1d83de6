"""CASIE cyber-security events as nested records (``json_structures``) plus argument entities.

Each article is cut into windows of at most ``max_words`` words. A window's
record has one structure per event mention whose trigger lies in the window,
named by the event type and holding ``"trigger"`` and every argument role of
that type (a list of pinned spans, empty when the role is not filled in the
window), and the typed argument spans as ``entities``.

The argument entities are only those annotated as event arguments, so a name
that plays no role in an event is not marked even if it is, say, an
organisation. The source's character offsets are shifted by one or more
characters in 33 of the 1000 articles; every span is re-found near its offset.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from gliner2_datasets._records import Record, entity_map
from gliner2_datasets.splits import assign_split, text_key
from gliner2_datasets.text import Offsets, Span, locate, pinned, rebase, strip_offsets, window_offsets

logger = logging.getLogger(__name__)

CASIE_DIR = "casie/data/annotation"

EVENT_TYPES = {
    "Databreach": "data breach",
    "Phishing": "phishing",
    "Ransom": "ransom",
    "DiscoverVulnerability": "discover vulnerability",
    "PatchVulnerability": "patch vulnerability",
}
ROLES = {
    "Attacker": "attacker",
    "Victim": "victim",
    "Number-of-Victim": "number of victims",
    "Compromised-Data": "compromised data",
    "Number-of-Data": "amount of data",
    "Tool": "tool",
    "Attack-Pattern": "attack pattern",
    "Purpose": "purpose",
    "Damage-Amount": "damage amount",
    "Trusted-Entity": "trusted entity",
    "Price": "ransom price",
    "Payment-Method": "payment method",
    "Time": "time",
    "Place": "place",
    "Vulnerability": "vulnerability",
    "Vulnerable_System": "vulnerable system",
    "Vulnerable_System_Owner": "vulnerable system owner",
    "Vulnerable_System_Version": "vulnerable system version",
    "Supported_Platform": "supported platform",
    "CVE": "cve identifier",
    "Capabilities": "capabilities",
    "Discoverer": "discoverer",
    "Releaser": "releaser",
    "Patch": "patch",
    "Patch-Number": "patch number",
    "Issues-Addressed": "issues addressed",
}
EVENT_ROLES = {
    "Databreach": (
        "Attacker",
        "Victim",
        "Number-of-Victim",
        "Compromised-Data",
        "Number-of-Data",
        "Tool",
        "Attack-Pattern",
        "Purpose",
        "Damage-Amount",
        "Time",
        "Place",
    ),
    "Phishing": (
        "Attacker",
        "Victim",
        "Trusted-Entity",
        "Tool",
        "Attack-Pattern",
        "Purpose",
        "Damage-Amount",
        "Time",
        "Place",
    ),
    "Ransom": (
        "Attacker",
        "Victim",
        "Tool",
        "Attack-Pattern",
        "Price",
        "Payment-Method",
        "Damage-Amount",
        "Time",
        "Place",
    ),
    "DiscoverVulnerability": (
        "Discoverer",
        "Vulnerability",
        "Vulnerable_System",
        "Vulnerable_System_Owner",
        "Vulnerable_System_Version",
        "Supported_Platform",
        "CVE",
        "Capabilities",
        "Time",
    ),
    "PatchVulnerability": (
        "Releaser",
        "Patch",
        "Patch-Number",
        "Vulnerability",
        "Vulnerable_System",
        "Vulnerable_System_Version",
        "Supported_Platform",
        "CVE",
        "Issues-Addressed",
        "Time",
    ),
}
"""Argument roles of each event type, as annotated in the corpus."""

ARGUMENT_TYPES = {
    "Person": "person",
    "Organization": "organisation",
    "GPE": "geopolitical entity",
    "Vulnerability": "vulnerability",
    "Capabilities": "capability",
    "System": "system",
    "Software": "software",
    "Device": "device",
    "Version": "version",
    "Patch": "patch",
    "Malware": "malware",
    "File": "file",
    "Website": "website",
    "Data": "data",
    "PII": "personal information",
    "CVE": "cve identifier",
    "Time": "time",
    "Money": "money",
    "Number": "number",
    "PaymentMethod": "payment method",
    "Purpose": "purpose",
}

Event = tuple[str, Span, list[tuple[str, str, Span]]]
"""An event mention: (event type, trigger span, [(role, argument type, span)])."""


def load_casie(data_dir: Path, split: str, max_words: int) -> Iterator[Record]:
    """CASIE cyber-security news: 5 event types with 26 roles as nested records, plus argument entities.

    CASIE has no splits; an article goes to train, dev or test (80/10/10) by the
    hash of its normalised text, so all windows of an article share a split.
    """
    for path in sorted((data_dir / CASIE_DIR).glob("*.json"), key=lambda path: int(path.stem)):
        with open(path, encoding="utf-8") as handle:
            article = json.load(handle)
        text = _article_text(article)
        if assign_split(text_key(text)) != split:
            continue
        events = list(_events(text, article, path.stem))
        for window in window_offsets(text, max_words):
            yield _window_record(text, window, events)


def _article_text(article: dict) -> str:
    """The article text without the stray ``</text>`` that ends a few of them."""
    text: str = article["content"]
    end = text.rfind("</text>")
    return text[:end] if end >= 0 and not text[end + len("</text>") :].strip() else text


def _events(text: str, article: dict, doc_id: str) -> Iterator[Event]:
    for hopper in article["cyberevent"].get("hopper", []):
        for event in hopper["events"]:
            trigger = _pin(text, event["nugget"], doc_id)
            if trigger is None:
                continue
            arguments = []
            for argument in event.get("argument", []):
                span = _pin(text, argument, doc_id)
                if span is not None:
                    arguments.append((argument["role"]["type"], argument["type"], span))
            yield event["subtype"], trigger, arguments


def _pin(text: str, annotation: dict, doc_id: str) -> Span | None:
    """Pin an annotated span, re-found near its (possibly shifted) offset and trimmed of whitespace."""
    start = locate(text, annotation["text"], annotation["startOffset"])
    trimmed = None if start is None else strip_offsets(text, start, start + len(annotation["text"]))
    if trimmed is None:
        logger.debug(
            "casie %s: dropped %r, not found near offset %d", doc_id, annotation["text"], annotation["startOffset"]
        )
        return None
    return pinned(text, *trimmed)


def _window_record(text: str, window: Offsets, events: list[Event]) -> Record:
    """The record of one window: events triggered in it and every argument span inside it."""
    window_text = text[window[0] : window[1]]
    structures: list[dict[str, dict[str, object]]] = []
    mentions: list[tuple[str, Span]] = []
    for event_type, trigger, arguments in events:
        moved_arguments = [(role, kind, rebase(span, window, window_text)) for role, kind, span in arguments]
        mentions.extend((ARGUMENT_TYPES[kind], span) for _, kind, span in moved_arguments if span is not None)
        moved_trigger = rebase(trigger, window, window_text)
        if moved_trigger is not None:
            roles: dict[str, list[Span]] = {ROLES[role]: [] for role in EVENT_ROLES[event_type]}
            for role, _, span in moved_arguments:
                if span is not None and span not in roles[ROLES[role]]:
                    roles[ROLES[role]].append(span)
            structures.append({EVENT_TYPES[event_type]: {"trigger": moved_trigger, **roles}})
    output: dict[str, object] = {"entities": entity_map(list(ARGUMENT_TYPES.values()), mentions)}
    if structures:
        output["json_structures"] = structures
    return {"input": window_text, "output": output}
