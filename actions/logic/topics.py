"""The guide's topics: which intent asks about which topic, and how each is answered.

A topic is answered either by the coverage engine (coverage, authorization,
cost, denial, third opinion: they need the plan) or by one of the domain's
responses, with what the conversation knows added (the plan's own rule for a
"how do I get one" question, who it is for). Two questions in one message
come as a combined intent ("ask_insurance_coverage+ask_find_doctor", Rasa's
multi-intent form) and are answered in the order asked.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

from understanding.intent_names import SEPARATOR
from understanding.text import without_accents

# Intent -> topic key. The keys are also the `last_topic` slot's values.
INTENT_TOPICS: Dict[str, str] = {
    "ask_what_is_second_opinion": "what_is",
    "ask_why_second_opinion": "why",
    "ask_insurance_coverage": "coverage",
    "ask_preauthorization": "authorization",
    "ask_cost": "cost",
    "ask_coverage_denied": "denial",
    "inform_opinions_differ": "third_opinion",
    "ask_medical_necessity": "medical_necessity",
    "ask_how_to_get": "how_to_get",
    "ask_tell_doctor": "tell_doctor",
    "ask_medical_records": "records",
    "ask_find_doctor": "find_doctor",
    "ask_make_appointment": "appointment",
    "ask_what_to_expect": "what_to_expect",
    "ask_after_second_opinion": "after",
    "inform_opinions_agree": "opinions_agree",
    "ask_virtual_second_opinion": "virtual",
    "request_checklist": "checklist",
}
TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()}

# Answered by the coverage engine (actions/logic/coverage.py) for the user's plan.
COVERAGE_TOPICS = ("coverage", "authorization", "cost", "denial", "third_opinion")
# Of those, the ones that cannot be answered without the plan: the plan is asked first.
NEEDS_PLAN = ("coverage", "authorization", "cost", "denial")

# The domain response that answers each other topic.
RESPONSES: Dict[str, str] = {
    "what_is": "utter_what_is_second_opinion",
    "why": "utter_why_second_opinion",
    "medical_necessity": "utter_medical_necessity",
    "how_to_get": "utter_how_to_get",
    "tell_doctor": "utter_tell_doctor",
    "records": "utter_medical_records",
    "find_doctor": "utter_find_doctor",
    "appointment": "utter_make_appointment",
    "what_to_expect": "utter_what_to_expect",
    "after": "utter_after_second_opinion",
    "opinions_agree": "utter_opinions_agree",
    "virtual": "utter_virtual_second_opinion",
    "third_opinion": "utter_opinions_differ",
}
# Figures (figures.yml) a topic's response shows, filled in by the action that
# sends it: a number is never written into a response's text. The test
# tests/actions/test_no_numbers_in_text.py checks this against domain.yml.
RESPONSE_FIGURES: Dict[str, Sequence[str]] = {
    "why": ("mayo_study_confirmed", "mayo_study_refined", "mayo_study_changed"),
}
# Topics whose answer adds the plan's referral and approval rule once the plan is known:
# the steps to a second opinion go through the plan.
PLAN_STEPS_TOPICS = ("how_to_get", "tell_doctor", "appointment", "find_doctor")

# Words a patient understands, for buttons ("Did you mean ...?").
TITLES: Dict[str, str] = {
    "what_is": "What a second opinion is",
    "why": "Is it worth getting one?",
    "coverage": "Does insurance cover it?",
    "authorization": "Do I need a referral?",
    "cost": "What will it cost?",
    "denial": "My plan said no",
    "third_opinion": "The doctors disagree",
    "medical_necessity": "What 'medically necessary' means",
    "how_to_get": "How do I get one?",
    "tell_doctor": "Telling my doctor",
    "records": "Getting my records",
    "find_doctor": "Finding a specialist",
    "appointment": "Booking the visit",
    "what_to_expect": "What happens at the visit",
    "after": "What to do afterwards",
    "opinions_agree": "The doctors agree",
    "virtual": "Online second opinions",
    "checklist": "Make my checklist",
}

# Rasa's multi-intent separator ("ask_cost+ask_find_doctor").
COMBINED_SEPARATOR = SEPARATOR


def topics_of(intent: Optional[str], order: Optional[Sequence[str]] = None) -> List[str]:
    """The topics an intent asks about, in the order asked.

    A combined intent ("a+b") gives each part's topic; `order` (intent names as
    the classifier found them in the message) puts them in the user's order. A
    single intent with an `order` that holds it answers every topic in `order`.
    Intents that are not topics give [].
    """
    if not intent:
        return []
    parts = intent.split(COMBINED_SEPARATOR)
    if order and (set(order) == set(parts) or (len(parts) == 1 and parts[0] in order)):
        # The combined intent in the order asked, or a single intent that carries
        # a second question the model has no combined intent for.
        parts = list(order)
    return [INTENT_TOPICS[p] for p in parts if p in INTENT_TOPICS]


def combined_intent(first: str, second: str) -> str:
    """The combined intent's name for two intents, in the canonical (INTENT_TOPICS) order."""
    ranked = sorted({first, second}, key=list(INTENT_TOPICS).index)
    return COMBINED_SEPARATOR.join(ranked)


# "What do we do now?" after the doctors disagree, or "should I get a third
# opinion?": the answer about disagreeing opinions, not the general "after".
_DISAGREE = re.compile(
    r"\b(?:disagree\w*|(?:don'?t|do\s+not|didn'?t)\s+agree|differ(?:s|ed)?|contradict\w*|"
    r"(?:two|2|both)\s+(?:\w+\s+)?different\s+(?:opinions|answers|diagnos[ie]s|plans|things)|"
    r"(?:third|3rd)\s+opinion|tie\s*-?\s*breaker|break\s+the\s+tie|"
    # Spanish, matched without accents
    r"no\s+(?:estan|estamos|esta)\s+de\s+acuerdo|no\s+coincide\w*|(?:dicen|dijeron|opinan)\s+"
    r"(?:cosas\s+)?(?:diferentes|distint[oa]s|opuest[oa]s)|(?:dos|2)\s+(?:\w+\s+)?(?:diferentes|"
    r"distint[oa]s)|contradic\w*|tercera\s+opinion|3(?:ra|era)\s+opinion|desempat\w*)\b",
    re.IGNORECASE,
)


def refined(asked: Sequence[str], text: Optional[str]) -> List[str]:
    """The topics, with "after" read as "third_opinion" when the message says the
    doctors disagree or asks about a third opinion."""
    if "after" not in asked or "third_opinion" in asked:
        return list(asked)
    if not _DISAGREE.search(without_accents(text or "")):
        return list(asked)
    return ["third_opinion" if topic == "after" else topic for topic in asked]


def needs_plan(topic: str) -> bool:
    return topic in NEEDS_PLAN
