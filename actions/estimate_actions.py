"""The cost estimate form: it asks only for what the conversation doesn't know yet.

Figures given in any message ("my copay is $50 and the visit is $280") fill
the slots as entities (components/cost_numbers.py); the form then asks, in
order, only what actions.logic.cost_estimate.questions_left says is missing
(a message with everything gets the estimate at once). An answer to the
question just asked is read from its text when no entity was found ("$380").
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import estimate
from actions.form_validation import RESET_FORM_STATE, GuidedFormValidation, reply_if_stopped
from actions.language_actions import in_conversation_language
from actions.logic import cost_estimate, i18n, replies
from actions.logic.cost_estimate import EstimateInputError, parse_amount, parse_percent
from understanding.text import without_accents

_NUMBER = re.compile(r"\d")
# Also Spanish, without accents: "ya lo cumplí", "ya lo pagué todo", "cero", "completo";
# not "nada" ("no he pagado nada" means all of it is left).
_MET = re.compile(
    r"\b(met|none|nothing|zero|already\s+paid|done|cumpl\w*|ya\s+(lo\s+|la\s+)?pague|"
    r"ya\s+esta\s+(pagado|cumplido|completo)|complet[oa]|cero|no\s+(me\s+)?(falta|queda)\s+nada)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bpercent\b|\bcoinsurance\b", re.IGNORECASE)
_COPAY = re.compile(r"\$|\bco-?\s?pay\b|\bdollars?\b", re.IGNORECASE)


def parse_cost_share(text: str) -> Dict[str, str]:
    """'20%' -> coinsurance 20; '$40 copay' -> copay 40, as slot values.

    Raises EstimateInputError for an answer that is neither.
    """
    if _PERCENT.search(text or ""):
        return {"cost_share": "coinsurance", "coinsurance": str(parse_percent(text))}
    if _COPAY.search(text or ""):
        return {"cost_share": "copay", "copay": str(parse_amount(text, "copay"))}
    raise EstimateInputError(
        i18n.t(
            'Is that a percentage or a dollar copay? Please say it like "20%", or like "$40 copay".'
        )
    )


class ValidateCostEstimateForm(GuidedFormValidation):
    loop_name = "cost_estimate_form"
    skippable = ("deductible_remaining", "cost_share")

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        # "$500" answers the price question even if it was classified as ask_cost.
        return requested != "plan_type" and bool(
            _NUMBER.search(tracker.latest_message.get("text") or "")
        )

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # Figures given in any message answer the form's questions: a copay or a
        # coinsurance answers "which cost share?", "deductible met" the deductible.
        inputs = estimate.inputs_from(tracker)
        answered: List[EventType] = []
        if inputs.has_cost_share and not tracker.get_slot("cost_share"):
            answered.append(SlotSet("cost_share", "copay" if inputs.copay else "coinsurance"))
        left = cost_estimate.deductible_left(inputs)
        asked = cost_estimate.questions(inputs)
        if (
            "deductible_remaining" in asked
            and left is not None
            and tracker.get_slot("deductible_remaining") is None
        ):
            answered.append(SlotSet("deductible_remaining", str(left)))
        tracker.add_slots(answered)
        return answered + await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        active = set(self.active_slots(domain_slots, tracker))
        return [q for q in cost_estimate.questions(estimate.inputs_from(tracker)) if q in active]

    def _text_if_asked(self, tracker: Tracker, slot: str, *entities: str) -> Dict[Text, Any]:
        """The answer to the question just asked, as typed, unless an entity already gave it."""
        if tracker.get_slot("requested_slot") != slot:
            return {}
        given = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        text = (tracker.latest_message.get("text") or "").strip()
        if given & set(entities) or not text or text.startswith("/"):
            return {}
        if replies.is_stop_request(text) or replies.is_unsure(text) or replies.is_skip(text):
            return {}
        return {slot: text[:200]}

    async def extract_visit_price(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._text_if_asked(tracker, "visit_price", "visit_price", "amount")

    async def extract_deductible_remaining(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._text_if_asked(
            tracker, "deductible_remaining", "deductible_remaining", "deductible_met", "amount"
        )

    async def extract_cost_share(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._text_if_asked(tracker, "cost_share", "copay", "coinsurance")

    def validate_visit_price(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        try:
            price = parse_amount(value, "price")
            if price <= 0:
                raise EstimateInputError(i18n.t("The price must be more than zero."))
        except EstimateInputError as error:
            dispatcher.utter_message(
                text=i18n.text(
                    "{error} If you don't know it yet, pick an example amount.", error=error
                )
            )
            return {"visit_price": None}
        return {"visit_price": str(price)}

    def validate_cost_share(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value in ("copay", "coinsurance") and tracker.get_slot(value) is not None:
            return {"cost_share": value}
        try:
            return parse_cost_share(str(value))
        except EstimateInputError as error:
            dispatcher.utter_message(text=i18n.text('{error} Or say "not sure".', error=error))
            return {"cost_share": None}

    def validate_deductible_remaining(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = str(value)
        if _MET.search(without_accents(text)) and not _NUMBER.search(text):
            return {"deductible_remaining": "0"}
        try:
            return {"deductible_remaining": str(parse_amount(text, "deductible"))}
        except EstimateInputError as error:
            dispatcher.utter_message(text=i18n.text('{error} Or say "not sure".', error=error))
            return {"deductible_remaining": None}


class ActionShowCostEstimate(Action):
    """Runs when the estimate form is done: the arithmetic, or why no estimate is needed."""

    def name(self) -> Text:
        return "action_show_cost_estimate"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        stopped = reply_if_stopped(dispatcher, tracker, "utter_estimate_stopped")
        if stopped is not None:
            return stopped
        return (
            list(RESET_FORM_STATE)
            + estimate.show(dispatcher, tracker)
            + [SlotSet("cost_figures", None)]
        )
