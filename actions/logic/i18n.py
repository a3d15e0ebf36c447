"""The language the guide writes in: Spanish texts for its English ones.

The English texts stay where they are (the knowledge files, the code); their
Spanish versions are in one catalogue, actions/knowledge/es.yml, keyed by the
English text itself, as gettext does. So:
- a text changed in English has no Spanish version any more until someone
  translates the new one (the tests render every answer in Spanish and fail
  on a missing text, instead of showing stale Spanish);
- the knowledge files, their fingerprints and `as_of` dates are untouched;
- {placeholders} are filled after translation, so figures, dates and names
  stay single-sourced.

The language is the conversation's (`language` slot), set for the time an
action runs with `speaking(...)`, like Django's `translation.override`: the
logic modules call `t()` on each text and need no language argument.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import string
from functools import cache
from typing import Any, Dict, Iterator, List, Optional

from actions.logic import knowledge

logger = logging.getLogger(__name__)

ENGLISH, SPANISH = "en", "es"
LANGUAGES = (ENGLISH, SPANISH)

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=ENGLISH)

# Tests set this: a text without a Spanish version then raises instead of
# falling back to English.
STRICT = False

_MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()


class MissingTranslation(KeyError):
    """An English text with no Spanish version in actions/knowledge/es.yml."""


def language() -> str:
    """The language being written: "en" or "es"."""
    return _language.get()


def normalise(value: Any) -> str:
    """A `language` slot value as one of LANGUAGES; English for anything else."""
    return SPANISH if str(value or "").lower().startswith(SPANISH) else ENGLISH


@contextlib.contextmanager
def speaking(value: Any) -> Iterator[str]:
    """Write in this language until the block ends (None or unknown: English)."""
    token = _language.set(normalise(value))
    try:
        yield _language.get()
    finally:
        _language.reset(token)


@cache
def catalogue() -> Dict[str, str]:
    """English text -> Spanish text, from actions/knowledge/es.yml."""
    return {str(pair["en"]): str(pair["es"]) for pair in (knowledge.load("es")["texts"] or [])}


def t(english: str) -> str:
    """The text in the language being written (English as given)."""
    if language() == ENGLISH:
        return english
    spanish = catalogue().get(english)
    if spanish is not None:
        return spanish
    if STRICT:
        raise MissingTranslation(english)
    logger.warning("no Spanish text for %r", english[:80])
    return english


def text(english: str, **fields: Any) -> str:
    """t(english) with its {fields} filled in."""
    return t(english).format(**fields)


def date_text(day: datetime.date) -> str:
    """A date as people write it: "December 1, 2026" / "1 de diciembre de 2026"."""
    if language() == SPANISH:
        return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


# Fields that name one thing in forms each language chooses from: the
# person ("your mother's" / "de su madre"), the kind of specialist.
WORD_FORMS = frozenset(
    {"name", "whose", "pronoun_possessive", "quien", "de_quien", "su", "sus"}
    | {"specialists", "specialty", "label"}
)


def placeholders(template: str) -> List[str]:
    """The {field} names of a template, sorted."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(template) if name})


def validate() -> List[str]:
    """Problems in es.yml (used by the tests): duplicates, placeholders that differ.

    Every placeholder (a figure, a date, a name) must be in both texts, except
    the WORD_FORMS, of which each language uses its own.
    """
    problems: List[str] = []
    seen: Dict[str, Optional[str]] = {}
    for pair in knowledge.load("es")["texts"] or []:
        english, spanish = str(pair.get("en", "")), str(pair.get("es", ""))
        if not english or not spanish:
            problems.append(f"incomplete entry: {pair!r}")
            continue
        if english in seen:
            problems.append(f"duplicate: {english[:60]!r}")
        seen[english] = spanish
        facts_en = set(placeholders(english)) - WORD_FORMS
        facts_es = set(placeholders(spanish)) - WORD_FORMS
        if facts_en != facts_es:
            problems.append(f"placeholders differ: {english[:60]!r}")
    return problems
