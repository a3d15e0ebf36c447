"""Answering topics with what the conversation knows.

Shared by the topic, inform and follow-up actions.

Every answer message carries its topic in its metadata (`topic=`), so the
conversation's events say which question each message answered.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, cast

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rendering
from actions.logic import call_script, coverage, documents, figures, i18n, letters, topics
from actions.logic.replies import is_urgent

# Entities whose presence in a message means the user told us something about their case.
FACT_ENTITIES = ("plan_type", "us_state", "person")


def situation_from(tracker: Tracker) -> coverage.Situation:
    """What the conversation knows of the user's case."""
    return coverage.Situation(
        plan_type=tracker.get_slot("plan_type"),
        us_state=tracker.get_slot("us_state"),
        condition=tracker.get_slot("condition"),
        surgery_recommended=tracker.get_slot("surgery_recommended"),
        # Urgency changes the denial answer (expedited appeal); read from the message itself.
        urgent=True if is_urgent(tracker.latest_message.get("text")) else None,
    )


def facts_in_message(tracker: Tracker) -> List[str]:
    """The kinds of fact the latest message gave: ['plan_type', 'person'], ..."""
    found: List[str] = []
    for entity in tracker.latest_message.get("entities") or []:
        name = entity.get("entity")
        if name in FACT_ENTITIES and name not in found:
            found.append(name)
    return found


def offers_appeal_letter(plan_type: Optional[str]) -> bool:
    """Whether the denial answer offers the appeal letter: documents on and a plan to appeal to."""
    from actions.document_actions import link_settings  # it imports this module

    return letters.has_plan_to_appeal(plan_type) and link_settings() is not None


def send_coverage_answer(dispatcher: CollectingDispatcher, topic: str, tracker: Tracker) -> None:
    """The coverage engine's answer for one topic, for the user's plan, state and person."""
    answer = coverage.answer(topic, situation_from(tracker))
    message = rendering.coverage_message(answer, tracker.get_slot("person"))
    buttons = cast(List[Dict[str, str]], message["buttons"])
    if topic == "denial" and offers_appeal_letter(tracker.get_slot("plan_type")):
        buttons = buttons + [documents.offer_button("appeal_letter")]
    dispatcher.utter_message(text=message["text"], buttons=buttons, topic=topic)
    if topic == "authorization" and tracker.get_slot("plan_type"):
        script = rendering.call_script_message(call_script.questions(tracker.get_slot("plan_type")))
        if script:
            dispatcher.utter_message(text=script["text"], topic=topic)


def ask_for_plan(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> None:
    """Ask which plan, unless a form is asking it already (the form asks again itself)."""
    if tracker.get_slot("requested_slot") != "plan_type":
        dispatcher.utter_message(response="utter_ask_plan_type", topic=topic)


def _send_response_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, several: bool
) -> None:
    if topic == "third_opinion":
        dispatcher.utter_message(response=topics.RESPONSES[topic], topic=topic)
        send_coverage_answer(dispatcher, topic, tracker)
        return
    if topic == "checklist":
        dispatcher.utter_message(
            text=i18n.t("I can make a personal checklist for you."),
            buttons=rendering.buttons([(topics.TITLES[topic], "/request_checklist")]),
            topic=topic,
        )
        return
    extra: Dict[str, Any] = {
        name: figures.get(name).display() for name in topics.RESPONSE_FIGURES.get(topic, ())
    }
    if topic == "find_doctor" and several:
        # Alone, the question starts the search; beside another one it gets the tips
        # and a button, so the user is not asked two things at once.
        extra["buttons"] = rendering.buttons([("Search for a specialist", "/ask_find_doctor")])
    dispatcher.utter_message(response=topics.RESPONSES[topic], topic=topic, **extra)
    plan_type = tracker.get_slot("plan_type")
    if topic in topics.PLAN_STEPS_TOPICS and plan_type:
        facts = coverage.answer("authorization", situation_from(tracker)).facts[:2]
        if facts:
            message = rendering.plan_steps_message(plan_type, facts)
            dispatcher.utter_message(text=message["text"], topic=topic)


def answer_topics(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    asked: Sequence[str],
    opening: Optional[bool] = None,
) -> List[EventType]:
    """Answer each topic in the order asked, with the facts applied.

    The answer opens with what was understood ("For your mother, with
    Medicaid in Ohio:") when the message gave facts, or when `opening` says
    so. A topic that needs the plan while it is unknown gets the plan
    question instead, and waits in `pending_topic` to be answered once the
    plan is known.
    """
    if not asked:
        return []
    situation = situation_from(tracker)
    relation = tracker.get_slot("person")
    if opening is None:
        opening = bool(facts_in_message(tracker))
    plan_known = bool(situation.plan_type)
    first_is_coverage = asked[0] in topics.COVERAGE_TOPICS and (
        plan_known or not topics.needs_plan(asked[0])
    )
    line = rendering.understood_line(situation, relation)
    if opening and line and not first_is_coverage:
        dispatcher.utter_message(text=line, topic=asked[0])
    waiting: Optional[str] = None
    for topic in asked:
        if topic == "estimate":
            # The estimate again, with what the conversation knows now ("and with Medicaid?").
            from actions import estimate  # estimate uses this module

            estimate.show(dispatcher, tracker)
            continue
        if topics.needs_plan(topic) and not plan_known:
            if waiting is None:
                ask_for_plan(dispatcher, tracker, topic)
                waiting = topic
            continue
        if topic in topics.COVERAGE_TOPICS and topic != "third_opinion":
            send_coverage_answer(dispatcher, topic, tracker)
        else:
            _send_response_topic(dispatcher, tracker, topic, several=len(asked) > 1)
    return [SlotSet("last_topic", asked[-1]), SlotSet("pending_topic", waiting)]
