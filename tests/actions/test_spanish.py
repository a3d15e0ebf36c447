"""The guide in Spanish: every text has a Spanish version carrying the same facts.

- Every domain response with an English text has a Spanish variation
  (condition: language es), with the same buttons (Spanish titles, the same
  payloads) and the same figures to fill in.
- Every answer the actions build (tests/actions/bot_messages.py: every plan
  type, topic, state with a law, checklist variant, estimate, source line)
  renders in Spanish with no English text left (i18n.STRICT), and carries
  the same facts as in English: every number (amounts, percentages, days,
  years, phone numbers, legal sections), web address and legal citation of
  one appears in the other.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
import yaml

from actions.logic import figures, i18n
from tests.actions import bot_messages
from tests.actions.conftest import DOMAIN_FILE

RESPONSES = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]

# Numbers, web addresses and legal citations: the facts a translation must keep.
_URL = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|mil|net|md)\b(?:/[^\s)]*)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CITATION = re.compile(r"§+\s?\d+(?:[.\-]\d+)*|\b\d+ (?:CFR|U\.S\.C\.) \d+(?:\.\d+)*")
# Facts that only the Spanish text gives, on purpose: the 988 Lifeline's
# Spanish line ("marque 2 para hablar en español").
SPANISH_ONLY = {"utter_emergency": Counter({"2": 1})}
# Its button offers the other language.
OWN_BUTTONS = {"utter_language_switched"}
# Slots that hold the Spanish words for an English slot's value ("esposo" for "husband").
SPANISH_PLACEHOLDERS = {"person_es": "person"}


def placeholders(text: str) -> list:
    return [SPANISH_PLACEHOLDERS.get(p, p) for p in re.findall(r"\{(\w+)\}", text)]


def facts(text: str) -> Counter:
    """The numbers, addresses and citations of a text, as a multiset."""
    urls = _URL.findall(text)
    rest = _URL.sub(" ", text)
    numbers = [n.replace(",", "") for n in _NUMBER.findall(rest)]
    return Counter(urls + numbers + [c.replace(" ", "") for c in _CITATION.findall(rest)])


def _variations(name: str, language: str) -> list:
    return [v for v in RESPONSES[name] if bot_messages.language_of(v) == language]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_a_spanish_variation(name):
    english = [v for v in _variations(name, i18n.ENGLISH) if v.get("text")]
    spanish = _variations(name, i18n.SPANISH)
    assert spanish, f"{name} has no Spanish variation"
    # The same buttons (payloads) and the same placeholders, in the same order.
    for es in spanish:
        payloads = [b["payload"] for b in es.get("buttons") or []]
        assert name in OWN_BUTTONS or any(
            payloads == [b["payload"] for b in en.get("buttons") or []] for en in english
        ), name
        assert any(placeholders(es["text"]) == placeholders(en["text"]) for en in english), name
        assert any(
            facts(es["text"]) - SPANISH_ONLY.get(name, Counter()) == facts(en["text"])
            for en in english
        ), name


def test_a_spanish_variation_is_chosen_only_in_spanish():
    # Rasa picks at random among matching conditional variations: for each
    # language exactly one set of variations may match.
    for name, variants in RESPONSES.items():
        for variant in variants:
            slots = {c["name"] for c in variant.get("condition") or []}
            assert not variant.get("condition") or "language" in slots, name


@pytest.fixture(scope="module")
def rendered():
    """Every message of bot_messages in English and in Spanish, in the same order.

    Strict: a text with no Spanish version fails instead of falling back to English.
    """
    patch = pytest.MonkeyPatch()
    patch.setattr(figures, "today", lambda: datetime.date(2026, 12, 1))
    patch.setattr(i18n, "STRICT", True)
    try:
        english = bot_messages.labelled_messages(i18n.ENGLISH)
        spanish = bot_messages.labelled_messages(i18n.SPANISH)
    finally:
        patch.undo()
    return english, spanish


def test_the_catalogue_is_sound():
    assert i18n.validate() == []


def test_every_answer_renders_in_spanish_with_the_same_facts(rendered):
    # The domain's responses are checked response by response above.
    english, spanish = [[m for m in ms if not m[0].startswith("utter_")] for ms in rendered]
    assert [label for label, _ in english] == [label for label, _ in spanish]
    assert len(english) > 5000
    differ = []
    for (label, en), (_, es) in zip(english, spanish, strict=True):
        if en == es:
            differ.append((label, "not translated", en[:120]))
        elif facts(en) != facts(es):
            differ.append((label, facts(en) - facts(es), facts(es) - facts(en)))
    assert differ == [], f"{len(differ)} messages differ:\n" + "\n".join(map(str, differ[:10]))


def test_spanish_answers_name_no_english_plan_words(rendered):
    # A sample of English words that never belong in a Spanish answer.
    _, spanish = rendered
    english_words = re.compile(r"\b(the|your|you|with|without|ask|plan's|doctor|must)\b")
    found = [
        (label, text[:160]) for label, text in spanish if english_words.search(_URL.sub("", text))
    ]
    assert found == []


def test_what_counts_as_a_fact():
    assert facts("Call 1-866-444-3272 within 180 days; see 42 CFR 438.206.") == Counter(
        {"1": 1, "866": 1, "444": 1, "3272": 1, "180": 1, "42": 1, "438.206": 1,
         "42CFR438.206": 1}
    )  # fmt: skip
    assert facts("Revisado el 1 de diciembre de 2026.") == facts("Checked December 1, 2026.")
    assert facts("see npiregistry.cms.hhs.gov") == Counter({"npiregistry.cms.hhs.gov": 1})
