"""What to do when the user just tells us something ("I have a PPO", "we're in Ohio")."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions.coverage_actions import send_coverage_answer
from actions.logic import knowledge

# Entities whose new values we repeat back, so a user sees what was understood.
_ACKNOWLEDGED = ("plan_type", "us_state", "condition", "specialty", "location")


def _new_values(tracker: Tracker) -> Dict[str, Any]:
    """Entity values in the latest message (already mapped to slots by Rasa)."""
    values: Dict[str, Any] = {}
    for entity in tracker.latest_message.get("entities") or []:
        name = entity.get("entity")
        if name in _ACKNOWLEDGED and name not in values:
            values[name] = tracker.get_slot(name) or entity.get("value")
    return values


def acknowledgement(values: Dict[str, Any]) -> str:
    """One sentence confirming what the user told us ("Got it: you have a PPO, ...")."""
    parts = []
    if "plan_type" in values:
        parts.append(f"you have {knowledge.plan_label(values['plan_type'])}")
    if "us_state" in values:
        parts.append(f"you're in {knowledge.state_name(values['us_state']) or values['us_state']}")
    if "condition" in values:
        parts.append(f"it's about {values['condition']}")
    if "specialty" in values:
        parts.append(f"you're looking at {str(values['specialty']).replace('_', ' ')}")
    if "location" in values:
        parts.append(f"near {values['location']}")
    return "Got it: " + ", ".join(parts) + ". I'll use that for the rest of our conversation."


class ActionHandleInform(Action):
    def name(self) -> Text:
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        pending = tracker.get_slot("pending_topic")
        if pending and tracker.get_slot("plan_type"):
            # The user answered "which plan?" for a coverage question: answer it now.
            send_coverage_answer(dispatcher, pending, tracker)
            return [SlotSet("pending_topic", None)]
        if pending:
            dispatcher.utter_message(response="utter_ask_plan_type")
            return []
        values = _new_values(tracker)
        if not values:
            dispatcher.utter_message(response="utter_help")
            return []
        dispatcher.utter_message(
            text=acknowledgement(values),
            buttons=rendering.buttons(
                [
                    ("Does my plan cover it?", "/ask_insurance_coverage"),
                    ("Make my checklist", "/request_checklist"),
                ]
            ),
        )
        return []
