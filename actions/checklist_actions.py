"""The checklist form's validation and the action that writes the checklist.

The form asks for plan type, condition, whether surgery was recommended, and
the state (skippable). The user can answer in any order or several at once
(entities fill slots from any message), skip a question ("skip", "no"), stop
("stop", "cancel"), or ask a topic question mid-form: the validation rejects
the form for that turn, the topic's rule answers, and the form resumes.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection
from rasa_sdk.types import DomainDict

from actions import rendering
from actions.logic import checklist, knowledge, replies

FORM_NAME = "checklist_form"
SKIPPABLE = ("plan_type", "condition", "us_state")
MAX_CONDITION_LENGTH = 80

# Intents that interrupt the form: the rules answer them, then the form resumes
# (or, for an emergency, stops).
INTERRUPTING_INTENTS = {
    "emergency", "help", "out_of_scope", "human_handoff", "bot_challenge", "goodbye",
    "ask_what_is_second_opinion", "ask_why_second_opinion", "ask_insurance_coverage",
    "ask_preauthorization", "ask_cost", "ask_medical_necessity", "ask_how_to_get",
    "ask_tell_doctor", "ask_medical_records", "ask_find_doctor", "ask_make_appointment",
    "ask_what_to_expect", "ask_after_second_opinion", "inform_opinions_differ",
    "inform_opinions_agree", "ask_coverage_denied", "ask_virtual_second_opinion",
    "nlu_fallback",
}


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


class ValidateChecklistForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_checklist_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events = self._stop_or_skip_events(tracker)
        tracker.add_slots(events)
        return events + await super().run(dispatcher, tracker, domain)

    @staticmethod
    def _stop_or_skip_events(tracker: Tracker) -> List[EventType]:
        """Stop, skip, or reject the turn; only ever about the question we just asked.

        (rasa_sdk extracts custom slots only for required slots, and these two
        are never asked for, so they are handled here.)
        """
        requested = tracker.get_slot("requested_slot")
        if not requested:
            return []
        intent = _latest_intent(tracker)
        text = tracker.latest_message.get("text")
        if intent in INTERRUPTING_INTENTS:
            # Not an answer to our question: let the rules answer it, then resume.
            raise ActionExecutionRejection(FORM_NAME, "interrupted by a question")
        if replies.is_stop_request(text):
            return [SlotSet("checklist_stopped", True)]
        has_entities = bool(tracker.latest_message.get("entities"))
        if requested in SKIPPABLE and not has_entities and (
                intent == "deny" or replies.is_skip(text) or replies.is_unsure(text)):
            skipped = list(tracker.get_slot("skipped_questions") or [])
            return [SlotSet("skipped_questions", skipped + [requested])]
        return []

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if tracker.get_slot("checklist_stopped"):
            return []
        skipped = set(tracker.get_slot("skipped_questions") or [])
        return [slot for slot in domain_slots if slot not in skipped]

    # -- custom extraction (only for the question we just asked) ------------------
    async def extract_surgery_recommended(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "surgery_recommended":
            return {}
        answer = replies.yes_no_unsure(_latest_intent(tracker), tracker.latest_message.get("text"))
        return {"surgery_recommended": answer} if answer else {}

    # -- validations ---------------------------------------------------------------
    def validate_plan_type(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        if value in knowledge.plan_types():
            return {"plan_type": value}
        dispatcher.utter_message(text="Sorry, I didn't recognise that kind of plan. Please pick one of the buttons.")
        return {"plan_type": None}

    def validate_us_state(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        if isinstance(value, str) and knowledge.state_name(value):
            return {"us_state": value.upper()}
        dispatcher.utter_message(text="Sorry, I didn't recognise that state. Please type its full name, like \"Ohio\", or say \"skip\".")
        return {"us_state": None}

    def validate_condition(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        entity_types = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        if "condition" not in entity_types and entity_types & {"plan_type", "us_state"}:
            # "I have a PPO" typed at the condition question is not a condition.
            return {"condition": None}
        if not text:
            return {"condition": None}
        if len(text) > MAX_CONDITION_LENGTH:
            dispatcher.utter_message(text=f"That's a bit long for me. Could you name the condition in a few words (under {MAX_CONDITION_LENGTH} characters)?")
            return {"condition": None}
        return {"condition": text}


class ActionBuildChecklist(Action):
    """Runs when the form is done: writes the checklist, or confirms the stop."""

    def name(self) -> Text:
        return "action_build_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reset = [SlotSet("checklist_stopped", None), SlotSet("skipped_questions", None)]
        if tracker.get_slot("checklist_stopped"):
            dispatcher.utter_message(response="utter_checklist_stopped")
            return reset
        built = checklist.build(
            plan_type=tracker.get_slot("plan_type"),
            condition=tracker.get_slot("condition"),
            surgery_recommended=tracker.get_slot("surgery_recommended"),
            us_state=tracker.get_slot("us_state"),
        )
        for message in rendering.checklist_messages(built):
            dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))
        return reset
