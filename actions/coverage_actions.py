"""Coverage actions: thin adapters from the tracker to actions.logic.coverage.

One class per action. Each answers for the plan type in the `plan_type` slot,
and asks for it (with buttons) when it is unknown, remembering the question in
`pending_topic` so action_handle_inform can answer it once the plan is known.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions.logic import call_script, coverage, replies


def situation_from(tracker: Tracker) -> coverage.Situation:
    """What the conversation has told us of the user's case, for the coverage engine."""
    return coverage.Situation(
        plan_type=tracker.get_slot("plan_type"),
        us_state=tracker.get_slot("us_state"),
        condition=tracker.get_slot("condition"),
        surgery_recommended=tracker.get_slot("surgery_recommended"),
        # Urgency changes the denial answer (expedited appeal); read from the message itself.
        urgent=True if replies.is_urgent(tracker.latest_message.get("text")) else None,
    )


def send_coverage_answer(dispatcher: CollectingDispatcher, topic: str, tracker: Tracker) -> None:
    """Answer one coverage topic for the user's plan and state, with its follow-up buttons.

    Args:
        dispatcher: where the answer goes.
        topic: one of coverage.TOPICS.
        tracker: the conversation, for the plan, state, condition and urgency.
    """
    message = rendering.coverage_message(coverage.answer(topic, situation_from(tracker)))
    dispatcher.utter_message(text=message["text"], buttons=message["buttons"])


class _PlanSpecificAnswer(Action):
    """Shared behaviour of the four plan-specific coverage actions."""

    topic: str = ""
    action_name: str = ""

    def name(self) -> Text:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("plan_type"):
            if tracker.get_slot("requested_slot") != "plan_type":
                # (Inside a form that is asking for the plan, the form asks again itself.)
                dispatcher.utter_message(response="utter_ask_plan_type")
            return [SlotSet("pending_topic", self.topic)]
        send_coverage_answer(dispatcher, self.topic, tracker)
        return [SlotSet("pending_topic", None)]


class ActionAnswerCoverage(_PlanSpecificAnswer):
    topic = "coverage"
    action_name = "action_answer_coverage"


class ActionAnswerPreauthorization(_PlanSpecificAnswer):
    """Referral / prior authorization, then the call script for the user's plan."""

    topic = "authorization"
    action_name = "action_answer_preauthorization"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events = await super().run(dispatcher, tracker, domain)
        if tracker.get_slot("plan_type"):
            script = rendering.call_script_message(
                call_script.questions(tracker.get_slot("plan_type"))
            )
            if script:
                dispatcher.utter_message(text=script["text"])
        return events


class ActionAnswerCost(_PlanSpecificAnswer):
    topic = "cost"
    action_name = "action_answer_cost"


class ActionAnswerDenial(_PlanSpecificAnswer):
    topic = "denial"
    action_name = "action_answer_denial"


class ActionAnswerThirdOpinion(Action):
    """The two opinions differ: general advice, then what the user's plan says (no need to ask)."""

    def name(self) -> Text:
        return "action_answer_third_opinion"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_opinions_differ")
        send_coverage_answer(dispatcher, "third_opinion", tracker)
        return []
