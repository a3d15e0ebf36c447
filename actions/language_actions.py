"""The conversation's language (the `language` slot), chosen the way people expect.

(The same hook also notes whether the message named the person it is about,
the `person_in_message` slot, so that the emergency guidance can speak of them.)

Rasa runs `action_validate_slot_mappings` after every user message; here it
sets `language`, in this order:
1. the user's own choice ("¿puede contestarme en español?", "in English
   please", the language buttons) always wins, and is kept;
2. otherwise the message itself when it is clearly in one language
   (understanding/language.py, via the parse result's `language_detected`),
   except the answer to a form question asking for a name, a place or a
   condition: "Zoë O'Brien-Núñez" or "San Antonio" says nothing about the
   language the user reads;
3. otherwise, at the start, the channel's hint: the web page's `lang`, Telegram's
   `language_code` (the message's metadata `language`).
The choice stays for the rest of the conversation until one of these changes it.
"""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.logic import i18n
from actions.logic.people import spanish_relation
from understanding.language import ENGLISH, SPANISH, normalise

SWITCH_INTENTS = {"switch_to_spanish": SPANISH, "switch_to_english": ENGLISH}
# Form questions whose answer is a name, a date, a place or a condition.
NAMES_AND_PLACES = frozenset(
    {
        "patient_name",
        "patient_birth_date",
        "records_holder",
        "records_recipient",
        "condition",
        "location",
    }
)

_Run = TypeVar("_Run", bound=Callable[..., Awaitable[Any]])


def in_conversation_language(run: _Run) -> _Run:
    """For an action's `run`: everything it writes is in the `language` slot's language.

    The texts the logic builds (actions/logic/i18n.py) read the language set
    here; the domain's responses choose theirs by the slot themselves.
    """

    @functools.wraps(run)
    async def wrapper(self: Any, dispatcher: Any, tracker: Tracker, domain: Any) -> Any:
        with i18n.speaking(tracker.get_slot("language")):
            return await run(self, dispatcher, tracker, domain)

    return wrapper  # type: ignore[return-value]


def chosen_language(
    current: Optional[str],
    chosen_by_user: bool,
    intent: Optional[str],
    detected: Optional[Dict[str, Any]],
    hint: Any,
    answering: Optional[str] = None,
) -> Dict[str, Any]:
    """The `language` and `language_chosen` slot values after one user message.

    `answering` is the form question the message answers (`requested_slot`), if any.
    """
    if intent in SWITCH_INTENTS:
        return {"language": SWITCH_INTENTS[intent], "language_chosen": True}
    if chosen_by_user or answering in NAMES_AND_PLACES:
        return {}
    detected_language = normalise(detected.get("language")) if isinstance(detected, dict) else None
    if detected_language and detected_language != current:
        return {"language": detected_language}
    hinted = normalise(hint)
    if current is None and hinted:
        return {"language": hinted}
    return {}


def person_named(latest: Optional[Dict[str, Any]]) -> Optional[str]:
    """The relation the latest message said it is about ("my husband", "mi mamá"), or None."""
    entities = (latest or {}).get("entities") or []
    return next(
        (e["value"] for e in entities if e.get("entity") == "person" and e.get("value")), None
    )


def names_a_person(latest: Optional[Dict[str, Any]]) -> bool:
    """Whether the latest message said who it is about."""
    return person_named(latest) is not None


class ValidatePredefinedSlots(ValidationAction):
    """Rasa's hook for slots with custom mappings outside forms: here, the language."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # The language is chosen here, and whether this message named the person
        # (utter_emergency speaks of them); the other slots are Rasa's own mappings.
        values = await self.extract_language(dispatcher, tracker, domain)
        relation = person_named(tracker.latest_message)
        named = relation is not None
        if named != bool(tracker.get_slot("person_in_message")):
            values["person_in_message"] = named
        # The `person` slot holds the English value; the Spanish guidance needs its words.
        words_es = spanish_relation(relation)
        if named and words_es != tracker.get_slot("person_es"):
            values["person_es"] = words_es
        return [SlotSet(name, value) for name, value in values.items()]

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        latest = tracker.latest_message or {}
        return chosen_language(
            current=tracker.get_slot("language"),
            chosen_by_user=bool(tracker.get_slot("language_chosen")),
            intent=(latest.get("intent") or {}).get("name"),
            detected=latest.get("language_detected"),
            hint=(latest.get("metadata") or {}).get("language"),
            answering=tracker.get_slot("requested_slot"),
        )
