"""Specialties: plain labels, NUCC taxonomy descriptions for the NPI registry, and
which specialties fit a condition. Data in actions/knowledge/specialties.yml."""

from __future__ import annotations

import re
from typing import List, Optional

from actions.logic import conditions, i18n, knowledge

_WORD = re.compile(r"[a-z][a-z'-]*")


def _data() -> dict:
    return knowledge.load("specialties")


def _entries() -> dict:
    return _data()["specialties"]


def _key(specialty: Optional[str]) -> str:
    """Normalise 'Medical Oncology' / 'medical-oncology' to the slot value 'medical_oncology'."""
    return re.sub(r"[\s-]+", "_", str(specialty or "").strip().lower())


def _entry(specialty: Optional[str]) -> dict:
    entry = _entries().get(_key(specialty))
    if entry is None:
        raise ValueError("unknown specialty")
    return entry


def all_values() -> List[str]:
    """Every specialty slot value, in the order of the knowledge file."""
    return list(_entries())


def is_known(specialty: Optional[str]) -> bool:
    """Whether a slot value, or its words ('Medical Oncology'), is a known specialty."""
    return _key(specialty) in _entries()


def label(specialty: str) -> str:
    """Plain words for the doctor, e.g. 'cardiologist'. ValueError for an unknown value."""
    return i18n.t(_entry(specialty)["label"])


def taxonomy(specialty: str) -> str:
    """The NUCC taxonomy description to send as `taxonomy_description`.

    ValueError for an unknown value.
    """
    return _entry(specialty)["taxonomy"]


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _matches(rule: dict, words: set, phrase: str, kind: str) -> bool:
    when = _as_list(rule.get("when"))
    if when and kind not in when:
        return False
    if kind in _as_list(rule.get("unless")):
        return False
    if words & set(_as_list(rule.get("unless_words"))):
        return False
    for word in _as_list(rule.get("words")):
        word = str(word).lower()
        if (" " in word and f" {word} " in phrase) or word in words:
            return True
    return False


def for_condition(condition_text: Optional[str]) -> List[str]:
    """Specialty values that fit the condition the user typed, best first; [] when none fits."""
    kind = conditions.categorize(condition_text)
    if kind is None or condition_text is None:
        return []
    tokens = _WORD.findall(condition_text.lower())
    words = set(tokens)
    phrase = f" {' '.join(tokens)} "
    found: List[str] = []
    defaults = True
    for rule in _data().get("by_condition_word") or []:
        if _matches(rule, words, phrase, kind):
            found.extend(_as_list(rule.get("specialties")))
            defaults = defaults and not rule.get("skip_defaults")
    if defaults:
        found.extend(_as_list((_data().get("by_condition") or {}).get(kind)))
    known = _entries()
    result: List[str] = []
    for value in found:
        if value in known and value not in result:
            result.append(value)
    return result
