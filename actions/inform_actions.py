"""What to do when the user just tells us something ("I have a PPO", "what about Medicaid?").

In order:
1. A question waited for the plan ("Which kind of insurance do you have?"):
   answer it now.
2. The message changes a fact of the case (plan, state, who it is for, a cost
   figure) right after an answer that depends on it: answer that topic again
   with the new fact ("and if it were Medicaid?", "what about my dad?").
3. Otherwise say what was understood, and offer the next steps.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, estimate, rendering
from actions.language_actions import in_conversation_language
from actions.logic import i18n, knowledge, people, specialties, topics

# Entities whose new values we repeat back, so a user sees what was understood.
_ACKNOWLEDGED = ("plan_type", "us_state", "condition", "specialty", "location", "person")
_COST_FIGURES = ("visit_price", "copay", "coinsurance", "deductible_remaining", "deductible_met")
# Last topics a new fact changes: the plan's rules, the steps through the plan, the estimate.
_REANSWERED = frozenset(topics.COVERAGE_TOPICS + topics.PLAN_STEPS_TOPICS) | {"estimate"}


def _new_values(tracker: Tracker) -> Dict[str, Any]:
    """Entity values in the latest message (already mapped to slots by Rasa)."""
    values: Dict[str, Any] = {}
    for entity in tracker.latest_message.get("entities") or []:
        name = entity.get("entity")
        if name in _ACKNOWLEDGED + _COST_FIGURES and name not in values:
            values[name] = tracker.get_slot(name) or entity.get("value")
    return values


def acknowledgement(values: Dict[str, Any], relation: Any = None) -> str:
    """'Got it: your mother has Medicaid, in New York, ...' for what the message told."""
    parts = []
    who = people.person(values.get("person", relation))
    words = who.words
    if "person" in values and "plan_type" not in values:
        parts.append(i18n.text("it's for {name}", **words))
    if "plan_type" in values:
        plan = knowledge.plan_label(values["plan_type"])
        if who.is_user:
            parts.append(i18n.text("you have {plan}", plan=plan))
        else:
            parts.append(i18n.text("{name} has {plan}", plan=plan, **words))
    if "us_state" in values:
        state = knowledge.state_name(values["us_state"]) or values["us_state"]
        parts.append(i18n.text("in {state}", state=state))
    if "condition" in values:
        parts.append(i18n.text("it's about {condition}", condition=values["condition"]))
    if "specialty" in values:
        specialty = str(values["specialty"])
        label = specialties.label(specialty) if specialties.is_known(specialty) else specialty
        parts.append(
            i18n.text(
                "you're looking at {specialty}", specialty=specialty.replace("_", " "), label=label
            )
        )
    if "location" in values:
        parts.append(i18n.text("near {location}", location=values["location"]))
    for name, words_for in (
        ("visit_price", "the visit costs {amount}"),
        ("copay", "your copay is {amount}"),
    ):
        if name in values:
            parts.append(i18n.text(words_for, amount=f"${values[name]}"))
    if "coinsurance" in values:
        parts.append(
            i18n.text("your coinsurance is {percent}", percent=f"{values['coinsurance']}%")
        )
    if "deductible_remaining" in values:
        parts.append(
            i18n.text(
                "{amount} of your deductible is left",
                amount=f"${values['deductible_remaining']}",
            )
        )
    return i18n.text(
        "Got it: {parts}. I'll use that for the rest of our conversation.",
        parts=", ".join(parts),
    )


class ActionHandleInform(Action):
    def name(self) -> Text:
        return "action_handle_inform"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        pending = tracker.get_slot("pending_topic")
        if pending and tracker.get_slot("plan_type"):
            # The user answered "which plan?" for a waiting question: answer it now.
            return answers.answer_topics(dispatcher, tracker, [pending], opening=False)
        if pending:
            answers.ask_for_plan(dispatcher, tracker, pending)
            return []
        values = _new_values(tracker)
        last = tracker.get_slot("last_topic")
        if last and "person" in values and last != "estimate":
            # "what about my dad?": the last answer again, for them.
            return answers.answer_topics(dispatcher, tracker, [last], opening=True)
        if values and last in _REANSWERED:
            if last == "estimate":
                return estimate.show(dispatcher, tracker)
            if set(values) & {"plan_type", "us_state"}:
                return answers.answer_topics(dispatcher, tracker, [last], opening=True)
        if not values:
            dispatcher.utter_message(response="utter_help")
            return []
        next_steps = [
            ("Does my plan cover it?", "/ask_insurance_coverage"),
            ("Make my checklist", "/request_checklist"),
        ]
        if set(values) & set(_COST_FIGURES):
            next_steps = [("Estimate my cost", "/request_cost_estimate")]
        dispatcher.utter_message(
            text=acknowledgement(values, tracker.get_slot("person")),
            buttons=rendering.buttons(next_steps),
            topic="acknowledge",
        )
        return [SlotSet("pending_topic", None)]
