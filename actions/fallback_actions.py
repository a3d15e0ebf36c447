"""The first stage of Rasa's two-stage fallback: "Did you mean ...?" with the likely topics.

When the classifier is unsure (nlu_fallback), Rasa's action_two_stage_fallback
runs `action_default_ask_affirmation`; this replaces Rasa's default ("Did you
mean 'ask_cost'?", yes/no) with the top candidate topics as buttons in words a
patient understands. Each button carries the plan, state and person already
understood in the message, so choosing one answers the question with them.
"None of these" leads to Rasa's second stage (asking to rephrase), and then
to the topic menu with the way to a person (utter_default).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions.language_actions import in_conversation_language
from actions.logic import topics

MAX_CHOICES = 3
# Below this a topic is no real candidate.
MIN_CONFIDENCE = 0.05
_CARRIED_ENTITIES = ("plan_type", "us_state", "person", "condition")


def candidate_intents(ranking: List[Dict[str, Any]]) -> List[str]:
    """The topic intents of an intent ranking worth offering, best first.

    A combined intent offers its parts; the fallback and general intents are
    no topic to offer.
    """
    chosen: List[str] = []
    for entry in ranking:
        if (entry.get("confidence") or 0) < MIN_CONFIDENCE:
            continue
        for intent in str(entry.get("name") or "").split(topics.COMBINED_SEPARATOR):
            if intent in topics.INTENT_TOPICS and intent not in chosen:
                chosen.append(intent)
    return chosen[:MAX_CHOICES]


def payload(intent: str, entities: Dict[str, str]) -> str:
    """'/ask_cost{"plan_type": "hmo"}': the intent with the entities understood."""
    return f"/{intent}" + (json.dumps(entities) if entities else "")


class ActionAskAffirmation(Action):
    def name(self) -> Text:
        return "action_default_ask_affirmation"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        latest = tracker.latest_message
        entities = {
            e["entity"]: e["value"]
            for e in latest.get("entities") or []
            if e.get("entity") in _CARRIED_ENTITIES and isinstance(e.get("value"), str)
        }
        choices = candidate_intents(latest.get("intent_ranking") or [])
        if not choices:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        buttons = [(topics.TITLES[topics.INTENT_TOPICS[i]], payload(i, entities)) for i in choices]
        buttons.append(("None of these", "/out_of_scope"))
        dispatcher.utter_message(
            response="utter_did_you_mean", buttons=rendering.buttons(buttons), topic="clarify"
        )
        return []
