"""The cost estimate form: visit price, deductible left, coinsurance or copay.

It asks only what the plan type leaves open (no insurance: the price only;
Original Medicare: 20% is known), then shows the arithmetic from
actions.logic.cost_estimate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import rendering
from actions.form_validation import RESET_FORM_STATE, GuidedFormValidation, reply_if_stopped
from actions.logic import coverage, knowledge, replies
from actions.logic.cost_estimate import (
    EstimateInputError,
    estimate_for_plan,
    parse_amount,
    parse_percent,
)

_NUMBER = re.compile(r"\d")
_MET = re.compile(r"\b(met|none|nothing|zero|already\s+paid|done)\b", re.IGNORECASE)
_PERCENT = re.compile(r"%|\bpercent\b|\bcoinsurance\b", re.IGNORECASE)

# Plan families whose estimate needs no numbers beyond these questions.
_QUESTIONS_BY_FAMILY = {
    "uninsured": ["plan_type", "visit_price"],
    "medicare": ["plan_type", "visit_price", "deductible_remaining"],
    "medicaid": ["plan_type"],
    "va": ["plan_type"],
}


def parse_cost_share(text: str):
    """'20%' -> ('coinsurance', 20); '$40 copay' -> ('copay', 40). Raises EstimateInputError."""
    if _PERCENT.search(text or ""):
        return "coinsurance", parse_percent(text)
    if "$" in (text or "") or re.search(r"\bco-?pay\b", text or "", re.IGNORECASE):
        return "copay", parse_amount(text, "copay")
    raise EstimateInputError(
        'Is that a percentage or a dollar copay? Please say it like "20%" or "$40 copay".'
    )


class ValidateCostEstimateForm(GuidedFormValidation):
    loop_name = "cost_estimate_form"
    skippable = ("deductible_remaining", "cost_share")

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        # "$500" is an answer to the price question even if it was classified as ask_cost.
        return requested != "plan_type" and bool(
            _NUMBER.search(tracker.latest_message.get("text") or "")
        )

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        slots = self.active_slots(domain_slots, tracker)
        family = knowledge.rules_family(tracker.get_slot("plan_type"))
        wanted = _QUESTIONS_BY_FAMILY.get(family)
        return [s for s in slots if wanted is None or s in wanted]

    def _text_if_asked(self, tracker: Tracker, slot: str) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        text = (tracker.latest_message.get("text") or "").strip()
        if not text or replies.is_stop_request(text):
            return {}
        return {slot: text[:200]}

    async def extract_visit_price(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._text_if_asked(tracker, "visit_price")

    async def extract_deductible_remaining(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._text_if_asked(tracker, "deductible_remaining")

    async def extract_cost_share(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self._text_if_asked(tracker, "cost_share")

    def validate_visit_price(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        try:
            price = parse_amount(value, "price")
            if price <= 0:
                raise EstimateInputError("The price must be more than $0.")
        except EstimateInputError as error:
            dispatcher.utter_message(
                text=f"{error} If you don't know it yet, pick an example amount."
            )
            return {"visit_price": None}
        return {"visit_price": str(price)}

    def validate_deductible_remaining(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if _MET.search(str(value)) and not _NUMBER.search(str(value)):
            return {"deductible_remaining": "0"}
        try:
            return {"deductible_remaining": str(parse_amount(value, "deductible"))}
        except EstimateInputError as error:
            dispatcher.utter_message(text=f'{error} Or say "not sure".')
            return {"deductible_remaining": None}

    def validate_cost_share(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        try:
            kind, amount = parse_cost_share(str(value))
        except EstimateInputError as error:
            dispatcher.utter_message(text=f'{error} Or say "not sure".')
            return {"cost_share": None}
        return {"cost_share": f"{kind}:{amount}"}


def _decimal(value: Optional[str]) -> Optional[Decimal]:
    return Decimal(value) if value not in (None, "", knowledge.UNKNOWN) else None


class ActionShowCostEstimate(Action):
    """Runs when the estimate form is done: the arithmetic, or why no estimate is needed."""

    def name(self) -> Text:
        return "action_show_cost_estimate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        clear = list(RESET_FORM_STATE) + [
            SlotSet(n, None) for n in ("visit_price", "deductible_remaining", "cost_share")
        ]
        stopped = reply_if_stopped(dispatcher, tracker, "utter_estimate_stopped")
        if stopped is not None:
            return clear
        plan_type = tracker.get_slot("plan_type")
        price = _decimal(tracker.get_slot("visit_price"))
        if price is None:
            # Plans with no cost sharing to compute (Medicaid, VA): the plan's cost answer says it.
            answer = coverage.answer(
                "cost",
                coverage.Situation(plan_type=plan_type, us_state=tracker.get_slot("us_state")),
            )
            message = rendering.coverage_message(answer)
            dispatcher.utter_message(text=message["text"])
            return clear
        coinsurance = copay = None
        share = tracker.get_slot("cost_share")
        if share and ":" in share:
            kind, amount = share.split(":", 1)
            coinsurance = Decimal(amount) if kind == "coinsurance" else None
            copay = Decimal(amount) if kind == "copay" else None
        result = estimate_for_plan(
            plan_type, price, _decimal(tracker.get_slot("deductible_remaining")), coinsurance, copay
        )
        notes = list(result.notes)
        # Without insurance or with Medicare's fixed rules, nothing was left out.
        asked_everything = knowledge.rules_family(plan_type) in ("uninsured", "medicare")
        if share is None and not asked_everything:
            notes.append(
                "I left out your copay or coinsurance, which I don't know; ask your plan for it."
            )
        if tracker.get_slot("deductible_remaining") is None and not asked_everything:
            notes.append(
                "I assumed your deductible is already met; if it isn't, you would pay more."
            )
        dispatcher.utter_message(text=rendering.estimate_text(result.steps, notes))
        return clear
