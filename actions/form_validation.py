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

from actions.answers import answer_topics
from actions.language_actions import in_conversation_language
from actions.logic import i18n, knowledge, replies

# The intents that can answer a form's question ("a PPO", "yes", "skip"). Any
# other intent (a topic question, help, an emergency, one added later) is the
# user asking something else: the form steps aside for that turn.
FORM_ANSWER_INTENTS = frozenset({"inform", "affirm", "deny"})


# Actions that run between a user message and the form's reading of it. After
# any other action the message was answered by someone else (a digression).
_BEFORE_THE_FORM = frozenset({"action_listen", "action_extract_slots"})


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

    def back_after_a_digression(self, tracker: Tracker) -> bool:
        """Whether another action already answered the latest message, and the form resumes.

        After a question asked mid-way is answered, Rasa runs the form again and
        calls this validation with that same message: it is neither an answer
        nor a reason to step aside again (stepping aside twice ends in Rasa's
        fallback), so the form only asks its question again.
        """
        if not tracker.get_slot("requested_slot"):
            return False
        events = list(tracker.events)
        last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
        own = _BEFORE_THE_FORM | {self.loop_name, self.name()}
        return any(
            e.get("event") == "action" and e.get("name") not in own for e in events[last_user + 1 :]
        )

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if self.back_after_a_digression(tracker):
            return await super().run(dispatcher, tracker, domain)
        events = self._stop_or_skip_events(tracker)
        tracker.add_slots(events)
        return events + await super().run(dispatcher, tracker, domain)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Answers read from the latest message; none when it was a question answered mid-way."""
        if self.back_after_a_digression(tracker):
            return []
        return await super().get_extraction_events(dispatcher, tracker, domain)

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
        if intent not in FORM_ANSWER_INTENTS and not self.is_answer(tracker, requested):
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
        hint = i18n.t(', or say "skip"') if "us_state" in self.skippable else ""
        dispatcher.utter_message(
            text=i18n.text(
                "Sorry, I didn't recognise that state. "
                'Please type its full name, like "Ohio"{hint}.',
                hint=hint,
            )
        )
        return {"us_state": None}

    def validate_plan_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value not in knowledge.plan_types():
            dispatcher.utter_message(
                text=i18n.t(
                    "Sorry, I didn't recognise that kind of plan. Please pick one of the buttons."
                )
            )
            return {"plan_type": None}
        pending = tracker.get_slot("pending_topic")
        if pending:
            # A coverage question asked mid-form waited for the plan: answer it now.
            tracker.slots["plan_type"] = value
            events = answer_topics(dispatcher, tracker, [pending], opening=False)
            return {"plan_type": value, **{e["name"]: e["value"] for e in events}}
        if tracker.get_slot("requested_slot") == "plan_type" and value != knowledge.UNKNOWN:
            # Say what was understood before the next question.
            dispatcher.utter_message(
                text=i18n.text("Got it: {plan}.", plan=knowledge.plan_label(value))
            )
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
