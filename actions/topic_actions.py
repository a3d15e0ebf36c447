"""Answers to the guide's topics: thin adapters from the tracker to actions/answers.py.

- action_answer_topic: the topic (or, for a combined intent, each topic in the
  order asked) of the latest message, with the plan, state and person applied.
- action_answer_follow_up: a detail question about the last answer ("how long
  do they have?", "why?", "what does that mean?").
- action_show_sources: where the last answer comes from ("is that the law?").
- action_say_understood: before a form starts (checklist, specialist search,
  estimate), the line that says what the message told ("For your mother,
  with Medicare Advantage:"), so the facts are never silently taken.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, rendering
from actions.language_actions import in_conversation_language
from actions.logic import coverage, follow_ups, sources, topics
from understanding.intent_names import ABOUT_THE_ANSWER


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def send_detail(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], last: str
) -> List[EventType]:
    """The detail response for the last topic that fits the question, else that answer
    again; a question that moves on ("what if they say no?") gets the next topic."""
    moved_on = follow_ups.next_topic(last, tracker.latest_message.get("text"))
    if moved_on:
        return answers.answer_topics(dispatcher, tracker, [moved_on], opening=False)
    kind = follow_ups.kind_of(tracker.latest_message.get("text"))
    responses = domain.get("responses") or {}
    for name in follow_ups.response_names(last, kind):
        if name in responses:
            dispatcher.utter_message(response=name, topic=last)
            return []
    return answers.answer_topics(dispatcher, tracker, [last], opening=False)


def send_sources(dispatcher: CollectingDispatcher, tracker: Tracker, last: Optional[str]) -> None:
    """Where the last answer comes from: each rule's source, the law cited, the date checked."""
    # The estimate rests on the cost answer's rules and figures.
    topic = "cost" if last == "estimate" else last
    if topic in coverage.TOPICS:
        entries = sources.for_answer(coverage.answer(topic, answers.situation_from(tracker)))
    else:
        entries = sources.for_topic(topic)
    if not entries:
        dispatcher.utter_message(response="utter_no_sources", topic="sources")
        return
    message = rendering.sources_message(entries)
    dispatcher.utter_message(text=message["text"], topic="sources")


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        order = tracker.latest_message.get("topic_order") or []
        asked = topics.refined(
            topics.topics_of(latest_intent(tracker), order), tracker.latest_message.get("text")
        )
        if not asked:
            dispatcher.utter_message(response="utter_help")
            return []
        events = answers.answer_topics(dispatcher, tracker, asked)
        # A second question about that answer ("..., and what law says so?").
        about = order[-1] if order and order[-1] in ABOUT_THE_ANSWER else None
        answered = not any(e.get("name") == "pending_topic" and e.get("value") for e in events)
        if about == "ask_sources" and answered:
            send_sources(dispatcher, tracker, asked[-1])
        elif about == "ask_more_detail" and answered:
            send_detail(dispatcher, tracker, domain, asked[-1])
        return events


class ActionAnswerFollowUp(Action):
    """A question about the last answer: a detail response for that topic, else the answer again."""

    def name(self) -> Text:
        return "action_answer_follow_up"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        last = tracker.get_slot("last_topic")
        if not last:
            dispatcher.utter_message(response="utter_what_more")
            return []
        return send_detail(dispatcher, tracker, domain, last)


class ActionShowSources(Action):
    """Where the last answer comes from: each rule's source, the law cited, the date checked."""

    def name(self) -> Text:
        return "action_show_sources"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        send_sources(dispatcher, tracker, tracker.get_slot("last_topic"))
        return []


class ActionSayUnderstood(Action):
    """The "what I understood" line, when the message gave facts; nothing otherwise."""

    def name(self) -> Text:
        return "action_say_understood"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if answers.facts_in_message(tracker):
            situation = answers.situation_from(tracker)
            line = rendering.understood_line(situation, tracker.get_slot("person"))
            if line:
                dispatcher.utter_message(text=line, topic="understood")
        return []
