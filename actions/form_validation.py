"""What the assistant's two forms (checklist, cost estimate) share.

In both, the user may at any question: stop ("stop", "cancel"), skip a
skippable question ("skip", "no", "not sure"), or ask something else (a topic
question, help, an emergency). Asking something else rejects the form for
that turn: the topic's rule answers, and the RulePolicy returns to the form
(an emergency or goodbye ends it, see data/rules/).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection
from rasa_sdk.types import DomainDict

from actions.coverage_actions import send_coverage_answer
from actions.logic import knowledge, replies

# Intents that are not an answer to the form's question.
INTERRUPTING_INTENTS = frozenset(
    {
        "emergency",
        "help",
        "out_of_scope",
        "human_handoff",
        "bot_challenge",
        "goodbye",
        "ask_what_is_second_opinion",
        "ask_why_second_opinion",
        "ask_insurance_coverage",
        "ask_preauthorization",
        "ask_cost",
        "ask_medical_necessity",
        "ask_how_to_get",
        "ask_tell_doctor",
        "ask_medical_records",
        "ask_find_doctor",
        "ask_make_appointment",
        "ask_what_to_expect",
        "ask_after_second_opinion",
        "inform_opinions_differ",
        "inform_opinions_agree",
        "ask_coverage_denied",
        "ask_virtual_second_opinion",
        "request_checklist",
        "request_cost_estimate",
        "request_more_results",
        "nlu_fallback",
        "request_forget_me",
        "confirm_forget_me",
        "cancel_forget_me",
        "message_too_long",
    }
)


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


class GuidedFormValidation(FormValidationAction):
    """Stop, skip and interruption handling around rasa_sdk's FormValidationAction."""

    loop_name: str = ""
    skippable: Tuple[str, ...] = ()

    def name(self) -> Text:
        return f"validate_{self.loop_name}"

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        """Whether the latest message answers `requested` even if its intent looks like a question.

        Subclasses override this for questions with a recognisable answer
        (a dollar amount "$500" is an answer whatever the classifier said)."""
        return False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = self._stop_or_skip_events(tracker)
        tracker.add_slots(events)
        return events + await super().run(dispatcher, tracker, domain)

    def _stop_or_skip_events(self, tracker: Tracker) -> List[EventType]:
        # rasa_sdk extracts custom slots only for required slots; these two are
        # never asked for, so they are handled here. Only ever about the
        # question we just asked: at activation nothing has been asked yet.
        requested = tracker.get_slot("requested_slot")
        if not requested:
            return []
        intent = latest_intent(tracker)
        text = tracker.latest_message.get("text")
        if intent == "emergency":
            raise ActionExecutionRejection(self.loop_name, "emergency")
        # "stop the checklist" is often classified as request_checklist: the words win.
        if replies.is_stop_request(text):
            return [SlotSet("form_stopped", True)]
        if intent in INTERRUPTING_INTENTS and not self.is_answer(tracker, requested):
            raise ActionExecutionRejection(self.loop_name, "the user asked something else")
        has_entities = bool(tracker.latest_message.get("entities"))
        if (
            requested in self.skippable
            and not has_entities
            and (intent == "deny" or replies.is_skip(text) or replies.is_unsure(text))
        ):
            skipped = list(tracker.get_slot("skipped_questions") or [])
            return [SlotSet("skipped_questions", skipped + [requested])]
        return []

    def active_slots(self, domain_slots: List[Text], tracker: Tracker) -> List[Text]:
        """The form's questions, less the skipped ones; none once the user said stop."""
        if tracker.get_slot("form_stopped"):
            return []
        skipped = set(tracker.get_slot("skipped_questions") or [])
        return [slot for slot in domain_slots if slot not in skipped]

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        return self.active_slots(domain_slots, tracker)

    def validate_us_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if isinstance(value, str) and knowledge.state_name(value):
            return {"us_state": value.upper()}
        hint = ', or say "skip"' if "us_state" in self.skippable else ""
        dispatcher.utter_message(
            text="Sorry, I didn't recognise that state. "
            f'Please type its full name, like "Ohio"{hint}.'
        )
        return {"us_state": None}

    def validate_plan_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value not in knowledge.plan_types():
            dispatcher.utter_message(
                text="Sorry, I didn't recognise that kind of plan. Please pick one of the buttons."
            )
            return {"plan_type": None}
        pending = tracker.get_slot("pending_topic")
        if pending:
            # A coverage question asked mid-form waited for the plan: answer it now.
            tracker.slots["plan_type"] = value
            send_coverage_answer(dispatcher, pending, tracker)
            return {"plan_type": value, "pending_topic": None}
        return {"plan_type": value}


# Events that end a form's run (used by the actions that run when a form is done).
RESET_FORM_STATE = [SlotSet("form_stopped", None), SlotSet("skipped_questions", None)]


def reply_if_stopped(
    dispatcher: CollectingDispatcher, tracker: Tracker, response: str
) -> Optional[List[EventType]]:
    """For the action after a form: whether the user stopped the form.

    Args:
        dispatcher: where to say `response`.
        tracker: the conversation.
        response: what to say when the user stopped the form.

    Returns:
        The events that reset the form's state when it was stopped (after
        saying `response`), else None.
    """
    if not tracker.get_slot("form_stopped"):
        return None
    dispatcher.utter_message(response=response)
    return list(RESET_FORM_STATE)
