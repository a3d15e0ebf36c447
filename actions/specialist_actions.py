"""Finding a specialist: the search form and the NPI Registry search.

The form asks for the specialty (or derives it from the condition) and the
place (a ZIP code, or a city and state). Entities in the first message fill
what they can ("a cardiologist near 02115"). The search itself is
actions.logic.npi_registry; this module only adapts it to the conversation.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import rendering
from actions.form_validation import RESET_FORM_STATE, GuidedFormValidation, reply_if_stopped
from actions.language_actions import in_conversation_language
from actions.logic import checklist, conditions, i18n, specialties
from actions.logic.npi_registry import (
    MAX_SKIP,
    NpiRegistryClient,
    RegistryError,
    find_zip_code,
    is_zip_code,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 5
MAX_CITY_LENGTH = 40

# One client, so one aiohttp session, per action-server process.
_client: Optional[NpiRegistryClient] = None


def registry_client() -> NpiRegistryClient:
    """The action server's one NPI Registry client, created on first use."""
    global _client
    if _client is None:
        _client = NpiRegistryClient()
    return _client


class ValidateSpecialistSearchForm(GuidedFormValidation):
    loop_name = "specialist_search_form"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events = []
        if not tracker.get_slot("specialty"):
            # From the condition known, else from the words of the request itself
            # ("how do I find a sarcoma specialist?" when no extractor took "sarcoma").
            derived = specialties.for_condition(
                tracker.get_slot("condition")
            ) or specialties.for_condition(tracker.latest_message.get("text"))
            if derived:
                events.append(SlotSet("specialty", derived[0]))
                tracker.add_slots(events)
        return events + await super().run(dispatcher, tracker, domain)

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        # "02115" answers the place question whatever the classifier said.
        return requested == "location" and bool(find_zip_code(tracker.latest_message.get("text")))

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        slots = self.active_slots(domain_slots, tracker)
        if not slots:
            return slots
        location = tracker.get_slot("location")
        if location and not is_zip_code(location):
            slots.append("us_state")  # a city needs its state
        return slots

    async def extract_specialty(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "specialty" or tracker.get_slot("specialty"):
            return {}
        derived = specialties.for_condition(tracker.latest_message.get("text"))
        return {"specialty": derived[0]} if derived else {}

    async def extract_location(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "location" or tracker.latest_message.get(
            "entities"
        ):
            return {}
        text = (tracker.latest_message.get("text") or "").strip()
        zip_code = find_zip_code(text)
        if zip_code:
            return {"location": zip_code}
        if text and not text.startswith("/") and len(text) <= MAX_CITY_LENGTH:
            return {"location": text}
        return {}

    def validate_specialty(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if specialties.is_known(value):
            return {"specialty": value}
        dispatcher.utter_message(
            text=i18n.t(
                "Sorry, I don't know that kind of specialist. "
                'Try a word like "cardiologist" or "oncologist".'
            )
        )
        return {"specialty": None}

    def validate_location(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        zip_code = find_zip_code(text)
        if zip_code:
            return {"location": zip_code}
        if not text or len(text) > MAX_CITY_LENGTH or not re.search(r"[A-Za-z]", text):
            dispatcher.utter_message(text=i18n.t("Please give a 5-digit ZIP code, or a city name."))
            return {"location": None}
        return {"location": text}


def _about_cancer(specialty: str, condition: Optional[str]) -> bool:
    return conditions.categorize(condition) == "cancer" or specialty.endswith("oncology")


class ActionSearchSpecialists(Action):
    """Runs when the search form is done, and for "show more" (next page)."""

    def name(self) -> Text:
        return "action_search_specialists"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        stopped = reply_if_stopped(dispatcher, tracker, "utter_find_doctor")
        if stopped is not None:
            return stopped
        specialty = tracker.get_slot("specialty")
        location = tracker.get_slot("location")
        state = tracker.get_slot("us_state")
        if not specialties.is_known(specialty) or not location:
            dispatcher.utter_message(response="utter_find_doctor")
            return list(RESET_FORM_STATE)
        more = (tracker.latest_message.get("intent") or {}).get("name") == "request_more_results"
        skip = int(tracker.get_slot("search_skip") or 0) if more else 0
        if is_zip_code(location):
            query = {"postal_code": location.strip()}
            place = location.strip()
        else:
            query = {"city": location, "state": state}
            place = f"{location}, {state}" if state else location
        try:
            result = await registry_client().find_specialists(
                specialties.taxonomy(specialty), limit=PAGE_SIZE, skip=skip, **query
            )
        except (RegistryError, ValueError) as error:
            logger.warning("specialist search failed: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_registry_unavailable")
            return list(RESET_FORM_STATE)
        message = rendering.specialist_results_message(
            result, specialties.label(specialty), place, skip
        )
        if message is None:
            if more:
                dispatcher.utter_message(text=i18n.t("That's all the matches I found."))
            else:
                dispatcher.utter_message(response="utter_no_specialists_found")
            return list(RESET_FORM_STATE) + [SlotSet("search_skip", None)]
        dispatcher.utter_message(**message)
        checks = checklist.doctor_checks(
            _about_cancer(specialty, tracker.get_slot("condition")),
            tracker.get_slot("plan_type"),
        )
        # The registry pages up to MAX_SKIP records.
        more = len(result.providers) == PAGE_SIZE and skip + PAGE_SIZE < MAX_SKIP
        dispatcher.utter_message(**rendering.before_booking_message(checks, more))
        return list(RESET_FORM_STATE) + [SlotSet("search_skip", skip + PAGE_SIZE)]
