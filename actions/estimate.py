"""The cost estimate as the conversation knows it: read from the slots, shown with its arithmetic.

Used when the estimate form is done and when a new figure changes an estimate
just given ("and if my copay was $75?").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, rendering
from actions.logic import cost_estimate, i18n
from actions.logic.cost_estimate import EstimateInputs


def _decimal(value: Any) -> Optional[Decimal]:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _met(value: Any) -> Optional[bool]:
    if value in (True, "yes", "true"):
        return True
    if value in (False, "no", "false"):
        return False
    return None


def inputs_from(tracker: Tracker) -> EstimateInputs:
    """The estimate's inputs from the slots (figures the user gave, in any message)."""
    return EstimateInputs(
        plan_type=tracker.get_slot("plan_type"),
        visit_price=_decimal(tracker.get_slot("visit_price")),
        copay=_decimal(tracker.get_slot("copay")),
        coinsurance=_decimal(tracker.get_slot("coinsurance")),
        deductible_remaining=_decimal(tracker.get_slot("deductible_remaining")),
        deductible_paid=_decimal(tracker.get_slot("deductible_paid")),
        deductible_met=_met(tracker.get_slot("deductible_met")),
        skipped=frozenset(tracker.get_slot("skipped_questions") or []),
    )


def show(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Show the estimate for what is known: the arithmetic, or why none is needed."""
    inputs = inputs_from(tracker)
    situation = answers.situation_from(tracker)
    relation = tracker.get_slot("person")
    if inputs.plan_type and cost_estimate.needs_no_arithmetic(inputs.plan_type):
        line = rendering.understood_line(situation, relation)
        text = cost_estimate.no_arithmetic_answer(inputs.plan_type)
        dispatcher.utter_message(
            text=f"{line}\n{text}" if line else text,
            buttons=rendering.buttons([rendering.SOURCES_BUTTON]),
            topic="estimate",
        )
        return [SlotSet("last_topic", "estimate")]
    if inputs.visit_price is None:
        dispatcher.utter_message(
            text=i18n.t("I need the visit's price to estimate your cost. Ask the office for it."),
            buttons=rendering.buttons([("Estimate my cost", "/request_cost_estimate")]),
            topic="estimate",
        )
        return [SlotSet("last_topic", "estimate")]
    result = cost_estimate.estimate_from(inputs)
    text = rendering.estimate_text(result.steps, list(result.notes), situation, relation)
    dispatcher.utter_message(
        text=text, buttons=rendering.buttons([rendering.SOURCES_BUTTON]), topic="estimate"
    )
    return [SlotSet("last_topic", "estimate")]
