"""Printable documents in the conversation: the details form, the preview and the link.

A button (/request_document{"document_kind": ...}) under the checklist, the
records answer or the denial answer (the appeal letter) starts
`document_form`. It asks only for the details that document needs and the
conversation does not have yet (actions/logic/documents.py,
DocumentKind.details); each can be skipped, and a skipped one is a blank line
to write on by hand (and not asked again for the next document). The appeal
letter's reason and "why I need it" are sentences in the user's words: only a
short reply there skips or stops; its "is it urgent?" takes yes, no or not
sure. Stop, skip and questions asked mid-way work as in the other forms
(actions/form_validation.py); the details are free text, so the form takes
them itself from the answer to its own question, and comes back to that
question after answering something else.

`action_offer_document` then says what the document will hold and gives the
link: on the web page a "Download / print" button that opens the PDF, on
other channels the link in the text (REST also gets it as a button of type
web_url). The PDF itself is made by the Rasa server when the link is opened
(channels/documents.py), from the slots as they are then. On Slack and
Telegram the message also carries the link's token in a custom payload
({"document": {"token", "caption"}}): their output channels upload the PDF
itself as a file and send the link text only if the upload fails
(channels/document_files.py).

Documents need DOCUMENTS_SECRET (actions/logic/document_links.py): without it
they are off and the user is told so; a secret that is set but too short
stops the action server at start.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import rendering
from actions.form_validation import (
    RESET_FORM_STATE,
    GuidedFormValidation,
    latest_intent,
    reply_if_stopped,
)
from actions.language_actions import in_conversation_language
from actions.logic import document_links, documents, i18n, replies
from actions.logic.document_links import LinkSettings

logger = logging.getLogger(__name__)

# Refuse to start with a secret that is set but unusable (raises DocumentsMisconfigured).
document_links.settings_from_env()

# Messages that are never a detail. A name or an address can look like
# anything to the classifier (a name was taken for "help"), so only these, a
# question (ending in "?") and a button's payload ("/...") step aside.
_NOT_DETAILS = frozenset(
    {"request_forget_me", "confirm_forget_me", "cancel_forget_me", "message_too_long"}
)
# Slots that entities fill from any message: a name like "Virginia O'Brien" (a
# state) typed for the letter must not change the facts of the case.
_FACT_SLOTS = ("plan_type", "us_state", "condition", "person", "specialty", "location")
DOWNLOAD_TITLE = "Download / print"


def link_settings() -> Optional[LinkSettings]:
    """The link settings now; None when documents are off (or, after start, misconfigured)."""
    try:
        return document_links.settings_from_env()
    except document_links.DocumentsMisconfigured as error:
        logger.error("Printable documents are off: %s", error)
        return None


def value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message set anything."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    value = None
    for event in events[: max(last_user, 0)]:
        if event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
    return value


class ValidateDocumentForm(GuidedFormValidation):
    loop_name = "document_form"
    # "No" answers "is it urgent?"; it does not skip it.
    skippable = tuple(s for s in documents.DETAIL_SLOTS if s != "appeal_urgent")

    def _extract(self, slot: str, tracker: Tracker) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        return {slot: tracker.latest_message.get("text")}

    async def extract_patient_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("patient_name", tracker)

    async def extract_patient_birth_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("patient_birth_date", tracker)

    async def extract_records_holder(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("records_holder", tracker)

    async def extract_records_recipient(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("records_recipient", tracker)

    async def extract_member_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("member_id", tracker)

    async def extract_denial_reason(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("denial_reason", tracker)

    async def extract_why_necessary(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("why_necessary", tracker)

    async def extract_appeal_urgent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._extract("appeal_urgent", tracker)

    def _stop_or_skip_events(self, tracker: Tracker) -> List[EventType]:
        # The plan's reason and why the opinion is needed are sentences in the
        # user's words: "the surgeon is not sure" or "no, they said..." is the
        # answer. Only a short reply there is a skip or a stop.
        requested = tracker.get_slot("requested_slot")
        text = str(tracker.latest_message.get("text") or "")
        if (
            requested in documents.FREE_TEXT_DETAILS
            and not text.startswith("/")
            and not documents.is_short_reply(text)
            and self.is_answer(tracker, requested)
        ):
            return []
        return super()._stop_or_skip_events(tracker)

    def is_answer(self, tracker: Tracker, requested: str) -> bool:
        # A name or an office is free text, and the classifier may call it
        # anything; a question ("how long do they have?") is not an answer.
        if requested not in documents.DETAIL_SLOTS:
            return False
        text = str(tracker.latest_message.get("text") or "").strip()
        return (
            latest_intent(tracker) not in _NOT_DETAILS
            and not text.endswith("?")
            and not text.startswith("/")
        )

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        kind = documents.kind_of(tracker.get_slot("document_kind"))
        if kind is None or link_settings() is None:
            return []  # action_offer_document explains
        left_blank = set(tracker.get_slot("skipped_details") or [])
        return [
            slot
            for slot in self.active_slots(domain_slots, tracker)
            if slot in kind.details and slot not in left_blank
        ]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        touched = tracker.slots_to_validate()
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if tracker.get_slot("requested_slot") not in documents.DETAIL_SLOTS:
            return events
        events = [e for e in events if not (e.get("event") == "slot" and e["name"] in _FACT_SLOTS)]
        events += [
            SlotSet(slot, value_before_latest_message(tracker, slot))
            for slot in _FACT_SLOTS
            if slot in touched
        ]
        # Rasa took the message's text for the detail asked; after a skip or a
        # stop ("/deny", "skip", "stop") that text is not the detail: clear it.
        validated = {e["name"] for e in events if e.get("event") == "slot"}
        events += [
            SlotSet(slot, None)
            for slot in documents.DETAIL_SLOTS
            if slot in touched and slot not in validated
        ]
        return events

    def _detail(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        text = str(value or "")
        short = slot not in documents.FREE_TEXT_DETAILS or documents.is_short_reply(text)
        if text.startswith("/") or (
            short and (replies.is_skip(text) or replies.is_stop_request(text))
        ):
            return {slot: None}  # a skip or a stop, handled by GuidedFormValidation
        checked = documents.check_detail(slot, text)
        if checked.problem:
            dispatcher.utter_message(text=checked.problem)
            return {slot: None}
        return {slot: checked.value}

    def validate_patient_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("patient_name", value, dispatcher, tracker)

    def validate_patient_birth_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("patient_birth_date", value, dispatcher, tracker)

    def validate_records_holder(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("records_holder", value, dispatcher, tracker)

    def validate_records_recipient(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("records_recipient", value, dispatcher, tracker)

    def validate_member_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("member_id", value, dispatcher, tracker)

    def validate_denial_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("denial_reason", value, dispatcher, tracker)

    def validate_why_necessary(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self._detail("why_necessary", value, dispatcher, tracker)

    def validate_appeal_urgent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Yes, no, or not sure ("skip" too: the letter then asks for no fast decision)."""
        text = str(value or "")
        if replies.is_stop_request(text):
            return {"appeal_urgent": None}  # handled by GuidedFormValidation
        answer = replies.urgency_answer(latest_intent(tracker), text)
        if answer is None:
            dispatcher.utter_message(
                text='Please answer "yes" if waiting could harm your health, or "no". '
                'You can also say "not sure".'
            )
        return {"appeal_urgent": answer}


def download_message(
    kind: documents.DocumentKind, token: str, url: str, minutes: int, channel: Optional[str]
) -> Dict[str, Any]:
    """The link, as the channel shows it best: keyword arguments for dispatcher.utter_message."""
    note = i18n.text(
        "The link works for {minutes} minutes; press the button again for a new one. "
        '"Delete my data" removes your details, and the link stops working.',
        minutes=minutes,
    )
    label = i18n.t(kind.label)
    button = {"type": "web_url", "title": i18n.t(DOWNLOAD_TITLE), "url": url}
    if documents.delivery(channel) == "web_button":
        # Rasa's socket.io output emits a custom message's "data" as it is; the
        # web widget shows a web_url button as a link that opens in a new tab.
        return {
            "json_message": {
                "data": {
                    "text": i18n.text("Your {label} is ready. {note}", label=label, note=note),
                    "buttons": [button],
                }
            }
        }
    message: Dict[str, Any] = {
        "text": i18n.text("Your {label} is ready: {url}", label=label, url=url) + "\n" + note
    }
    if channel == "rest":
        message["buttons"] = [button]
    elif documents.delivery(channel) == "file":
        # The text stays the message (the fallback); the channel uploads the file instead.
        caption = i18n.text("Your {label} (PDF).", label=label)
        message["json_message"] = {"document": {"token": token, "caption": caption}}
    return message


class ActionOfferDocument(Action):
    """After the details: what the document will hold, and the link to it."""

    def name(self) -> Text:
        return "action_offer_document"

    @in_conversation_language
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        stopped = reply_if_stopped(dispatcher, tracker, "utter_document_stopped")
        if stopped is not None:
            return stopped
        done = list(RESET_FORM_STATE)
        kind = documents.kind_of(tracker.get_slot("document_kind"))
        if kind is None:
            dispatcher.utter_message(
                text=i18n.t("Sorry, I can't make that document. I can make these:"),
                buttons=rendering.buttons(
                    (k.button, documents.request_payload(k.name)) for k in documents.KINDS.values()
                ),
            )
            return done
        settings = link_settings()
        if settings is None:
            dispatcher.utter_message(response="utter_documents_off")
            return done
        key = tracker.get_slot("document_key") or document_links.new_document_key()
        slots = {name: tracker.get_slot(name) for name in documents.SLOTS_READ}
        preview = documents.preview(kind.name, slots)
        dispatcher.utter_message(
            text=i18n.text("Here's what your {label} will have:", label=i18n.t(kind.label))
            + "\n"
            + rendering.bullet_list(preview),
            topic="document",
        )
        token = document_links.make_token(settings, tracker.sender_id, kind.name, key)
        url = document_links.link_url(settings, token)
        message = download_message(
            kind, token, url, settings.ttl_seconds // 60, tracker.get_latest_input_channel()
        )
        dispatcher.utter_message(**message, topic="document")
        left_blank = set(tracker.get_slot("skipped_details") or [])
        left_blank |= set(tracker.get_slot("skipped_questions") or []) & set(documents.DETAIL_SLOTS)
        return done + [
            SlotSet("document_key", key),
            SlotSet("skipped_details", sorted(left_blank) or None),
        ]
