"""Sorting a condition the user typed into a kind (cancer, heart, ...)."""

from __future__ import annotations

import re
from typing import Optional

from actions.logic import i18n, knowledge

OTHER = "other"


def categorize(condition: Optional[str]) -> Optional[str]:
    """Return the kind of condition, 'other' when none matches, None when no condition."""
    if not condition or not condition.strip():
        return None
    words = set(re.findall(r"[a-z][a-z'-]*", condition.lower()))
    for kind, entry in knowledge.load("conditions").items():
        if words & set(entry.get("words") or []):
            return kind
    return OTHER


def label(kind: Optional[str]) -> str:
    """Plain words for a kind of condition, for "expertise in ..."; the "other" label if unknown."""
    entries = knowledge.load("conditions")
    return i18n.t(entries.get(kind or OTHER, entries[OTHER])["label"])


_NAME_CHAR = re.compile(r"[\w'-]")


def whole_name(text: Optional[str], found: str) -> str:
    """The condition as written, when the extractor found only part of a hyphenated name.

    "Erdheim-Chester disease" with "Chester disease" found gives the whole
    name; a `found` that is not in the text is returned as it is.
    """
    if not text or not found:
        return found
    start = text.find(found)
    if start < 0:
        return found
    end = start + len(found)
    while start > 0 and _NAME_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _NAME_CHAR.match(text[end]):
        end += 1
    return text[start:end]
