"""Where an answer comes from: the sources behind the coverage rules and the guide's topics.

Each source is named once in actions/knowledge/sources.yml (name, link, the
law or regulation cited). The coverage engine's answers carry their bases
(the rule's plain line, its source and the date the rule was last checked);
the other topics' sources are listed in actions/knowledge/topic_sources.yml.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterable, List, Optional

from actions.logic import figures, i18n, knowledge
from actions.logic.coverage import Basis, CoverageAnswer

# Guidance from the assistant itself is no source to show.
OWN_GUIDANCE = "assistant_guidance"


@dataclass(frozen=True)
class SourceEntry:
    """One line of "where is this from": what it says, the source, its law, when it was checked."""

    statement: str
    source: str  # the source's name
    as_of: str  # ISO date the statement was last checked against the source
    url: Optional[str] = None
    law: Optional[str] = None
    key: str = ""

    @property
    def checked_on(self) -> str:
        """The check date as people write it: "December 1, 2026"."""
        try:
            day = datetime.date.fromisoformat(self.as_of)
        except ValueError:
            return self.as_of
        return i18n.date_text(day)


def source(key: str) -> dict:
    """One entry of sources.yml: name, and url and law where known. KeyError when unknown."""
    return knowledge.load("sources")[key]


def _entry(statement: str, key: str, as_of: str) -> SourceEntry:
    data = source(key)
    return SourceEntry(
        statement=statement,
        # Titles of publications stay as published; descriptions are translated.
        source=i18n.t(data["name"]),
        as_of=str(as_of),
        url=data.get("url"),
        law=data.get("law"),
        key=key,
    )


def from_basis(basis: Basis) -> SourceEntry:
    """The source line of one basis of a coverage answer."""
    return _entry(basis.text, basis.source, basis.as_of)


def unique(entries: Iterable[SourceEntry]) -> List[SourceEntry]:
    """One entry per source, the first statement kept; the assistant's own guidance left out."""
    seen = set()
    result = []
    for entry in entries:
        if entry.key == OWN_GUIDANCE or entry.key in seen:
            continue
        seen.add(entry.key)
        result.append(entry)
    return result


def for_answer(answer: CoverageAnswer) -> List[SourceEntry]:
    """Every source a coverage answer used: its rules, appeal routes and figures."""
    return unique(from_basis(basis) for basis in answer.bases)


def for_answers(answers: Iterable[CoverageAnswer]) -> List[SourceEntry]:
    """The sources of several answers, each once (the checklist's)."""
    return unique(from_basis(b) for a in answers for b in a.bases)


class _Figures(dict):
    def __missing__(self, key: str) -> str:
        return figures.get(key).display()


def for_topic(topic: Optional[str]) -> List[SourceEntry]:
    """The sources of a topic answered from the domain's responses; [] when none is listed."""
    entries = (knowledge.load("topic_sources") or {}).get(topic or "") or []
    return [
        _entry(i18n.t(entry["statement"]).format_map(_Figures()), entry["source"], entry["as_of"])
        for entry in entries
    ]
