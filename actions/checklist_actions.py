"""The checklist form's validation and the action that writes the checklist.

The form asks for plan type, condition, whether surgery was recommended, and
the state. The user can answer in any order or several at once (entities fill
slots from any message); stop, skip and digressions are handled by
actions.form_validation.GuidedFormValidation.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text, cast

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import rendering
from actions.document_actions import link_settings
from actions.form_validation import (
    RESET_FORM_STATE,
    GuidedFormValidation,
    latest_intent,
    reply_if_stopped,
)
from actions.language_actions import in_conversation_language
from actions.logic import checklist, conditions, documents, i18n, replies

MAX_CONDITION_LENGTH = 80


class ValidateChecklistForm(GuidedFormValidation):
    loop_name = "checklist_form"
    skippable = ("plan_type", "condition", "us_state")

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        # A rare condition ("Erdheim-Chester disease") is often a low-confidence
        # message to the classifier; right after "What condition...?" it is the
        # answer (domain.yml maps the text of nlu_fallback there too).
        return requested == "condition" and latest_intent(tracker) == "nlu_fallback"

    # -- custom extraction (only for the question we just asked) ------------------
    async def extract_surgery_recommended(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "surgery_recommended":
            return {}
        answer = replies.yes_no_unsure(latest_intent(tracker), tracker.latest_message.get("text"))
        return {"surgery_recommended": answer} if answer else {}

    # -- validations ---------------------------------------------------------------
    def validate_condition(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = conditions.whole_name(
            tracker.latest_message.get("text"), " ".join(str(value or "").split())
        )
        entity_types = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        if "condition" not in entity_types and entity_types & {"plan_type", "us_state"}:
            # "I have a PPO" typed at the condition question is not a condition.
            return {"condition": None}
        if not text:
            return {"condition": None}
        if len(text) > MAX_CONDITION_LENGTH:
            dispatcher.utter_message(
                text=i18n.text(
                    "That's a bit long for me. Could you name the condition in a few words "
                    "(under {limit} characters)?",
                    limit=MAX_CONDITION_LENGTH,
                )
            )
            return {"condition": None}
        return {"condition": text}


class ActionBuildChecklist(Action):
    """Runs when the form is done: writes the checklist, or confirms the stop."""

    def name(self) -> Text:
        return "action_build_checklist"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        stopped = reply_if_stopped(dispatcher, tracker, "utter_checklist_stopped")
        if stopped is not None:
            return stopped
        built = checklist.build(
            plan_type=tracker.get_slot("plan_type"),
            condition=tracker.get_slot("condition"),
            surgery_recommended=tracker.get_slot("surgery_recommended"),
            us_state=tracker.get_slot("us_state"),
            person=tracker.get_slot("person"),
        )
        messages = rendering.checklist_messages(built)
        if link_settings() is not None:
            # The printable version, beside the last section's buttons.
            last = messages[-1]
            shown = cast(List[Dict[str, str]], last.get("buttons") or [])
            last["buttons"] = shown + [documents.offer_button("checklist")]
        for message in messages:
            dispatcher.utter_message(
                text=message["text"], buttons=message.get("buttons", []), topic="checklist"
            )
        return list(RESET_FORM_STATE) + [SlotSet("last_topic", "checklist")]
