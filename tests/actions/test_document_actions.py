"""The document details form and the offer with its link (rasa_sdk Trackers, no servers)."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.interfaces import ActionExecutionRejection

from actions.answers import answer_topics
from actions.checklist_actions import ActionBuildChecklist
from actions.document_actions import (
    ActionOfferDocument,
    ValidateDocumentForm,
    value_before_latest_message,
)
from actions.logic import document_links, documents
from tests.actions.conftest import ALL_SLOTS

SECRET = "unit-test-documents-secret-0123456789abcdef"


@pytest.fixture
def documents_on(monkeypatch):
    monkeypatch.setenv("DOCUMENTS_SECRET", SECRET)
    monkeypatch.setenv("DOCUMENTS_BASE_URL", "https://chat.example.org")


@pytest.fixture
def documents_off(monkeypatch):
    monkeypatch.delenv("DOCUMENTS_SECRET", raising=False)


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def asking(tracker_factory, slot, text, intent="inform", kind="records_request", **extra):
    return tracker_factory(
        {"requested_slot": slot, "document_kind": kind, **extra.pop("slots", {})},
        intent=intent,
        text=text,
        active_loop="document_form",
        extracted={slot: text, **extra.pop("extracted", {})},
        **extra,
    )


async def test_the_letter_asks_its_four_details_in_order(
    documents_on, tracker_factory, dispatcher, domain
):
    form = ValidateDocumentForm()
    tracker = tracker_factory({"document_kind": "records_request"}, intent="request_document")
    assert await form.required_slots(
        domain["forms"]["document_form"]["required_slots"], dispatcher, tracker, domain
    ) == ["patient_name", "patient_birth_date", "records_holder", "records_recipient"]
    checklist = tracker_factory({"document_kind": "checklist"}, intent="request_document")
    assert await form.required_slots(
        domain["forms"]["document_form"]["required_slots"], dispatcher, checklist, domain
    ) == ["patient_name"]


async def test_details_left_blank_before_are_not_asked_again(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"document_kind": "records_request", "skipped_details": ["records_holder"]},
        intent="request_document",
    )
    slots = domain["forms"]["document_form"]["required_slots"]
    assert "records_holder" not in await ValidateDocumentForm().required_slots(
        slots, dispatcher, tracker, domain
    )


async def test_the_offer_remembers_what_was_left_blank(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = offer_tracker(
        tracker_factory,
        "rest",
        skipped_questions=["records_holder"],
        skipped_details=["patient_birth_date"],
    )
    slots = _slots(await ActionOfferDocument().run(dispatcher, tracker, domain))
    assert slots["skipped_details"] == ["patient_birth_date", "records_holder"]
    assert slots["skipped_questions"] is None


async def test_nothing_is_asked_when_documents_are_off_or_the_kind_is_unknown(
    documents_off, tracker_factory, dispatcher, domain
):
    form = ValidateDocumentForm()
    slots = domain["forms"]["document_form"]["required_slots"]
    tracker = tracker_factory({"document_kind": "records_request"})
    assert await form.required_slots(slots, dispatcher, tracker, domain) == []


async def test_a_name_with_accents_and_an_apostrophe_is_kept_whatever_the_intent(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = asking(tracker_factory, "patient_name", "María O'Brien", intent="nlu_fallback")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["patient_name"] == "María O'Brien"
    # The next question is the first empty one (Rasa's form asks it: nothing was skipped).


async def test_a_birth_date_is_kept_as_a_date(documents_on, tracker_factory, dispatcher, domain):
    tracker = asking(tracker_factory, "patient_birth_date", "March 14, 1952", intent="inform")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["patient_birth_date"] == "1952-03-14"


@pytest.mark.parametrize(
    "slot, text, says",
    [
        ("patient_name", "<script>alert(1)</script>", "plain words"),
        ("patient_name", "n" * 300, "too long"),
        ("records_holder", "王医生诊所", "can only print"),
        ("patient_birth_date", "the day after tomorrow", "03/14/1952"),
    ],
)
async def test_bad_details_get_a_clear_message_and_the_question_again(
    documents_on, tracker_factory, dispatcher, domain, slot, text, says
):
    tracker = asking(tracker_factory, slot, text)
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots[slot] is None
    assert says in dispatcher.messages[0]["text"]


async def test_skip_leaves_a_blank_and_goes_on(documents_on, tracker_factory, dispatcher, domain):
    tracker = asking(tracker_factory, "patient_name", "/deny", intent="deny")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["skipped_questions"] == ["patient_name"]
    assert slots["patient_name"] is None
    assert slots["requested_slot"] == "patient_birth_date"
    assert dispatcher.messages == []


async def test_a_question_mid_way_is_answered_not_taken_as_a_detail(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = asking(
        tracker_factory, "records_holder", "how long do they have to send them?", "ask_more_detail"
    )
    with pytest.raises(ActionExecutionRejection):
        await ValidateDocumentForm().run(dispatcher, tracker, domain)


async def test_stop_ends_the_form(documents_on, tracker_factory, dispatcher, domain):
    tracker = asking(tracker_factory, "patient_name", "stop", intent="deny")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["form_stopped"] is True and slots["requested_slot"] is None
    assert slots["patient_name"] is None  # "stop" is not a name


def tracker_with_history(events, latest_text, entities=()):
    latest = {
        "text": latest_text,
        "intent": {"name": "inform", "confidence": 0.9},
        "entities": list(entities),
    }
    values = {name: None for name in ALL_SLOTS}
    for event in events:
        if event.get("event") == "slot":
            values[event["name"]] = event["value"]
    return Tracker.from_dict(
        {
            "sender_id": "t",
            "slots": values,
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": "document_form"},
            "latest_action_name": "action_listen",
        }
    )


async def test_a_name_that_is_also_a_state_does_not_change_the_case(
    documents_on, dispatcher, domain
):
    events = [
        {"event": "slot", "name": "us_state", "value": "OH"},
        {"event": "slot", "name": "document_kind", "value": "checklist"},
        {"event": "slot", "name": "requested_slot", "value": "patient_name"},
        {"event": "user", "text": "Virginia O'Brien"},
        {"event": "slot", "name": "us_state", "value": "VA"},
        {"event": "slot", "name": "patient_name", "value": "Virginia O'Brien"},
    ]
    tracker = tracker_with_history(
        events, "Virginia O'Brien", [{"entity": "us_state", "value": "VA"}]
    )
    assert value_before_latest_message(tracker, "us_state") == "OH"
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["us_state"] == "OH"
    assert slots["patient_name"] == "Virginia O'Brien"


def offer_tracker(tracker_factory, channel, **slots):
    tracker = tracker_factory({"document_kind": "records_request", **slots}, intent="deny")
    tracker.latest_message["input_channel"] = channel
    tracker.events[0]["input_channel"] = channel
    return tracker


async def test_the_offer_previews_the_letter_and_gives_a_download_button_on_the_web(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = offer_tracker(
        tracker_factory, "socketio", patient_name="María O'Brien", patient_birth_date="1952-03-14"
    )
    events = await ActionOfferDocument().run(dispatcher, tracker, domain)
    preview, link = dispatcher.messages
    assert "From: María O'Brien, born March 14, 1952" in preview["text"]
    assert "blank line for the office" in preview["text"]
    button = link["custom"]["data"]["buttons"][0]
    assert button["type"] == "web_url" and button["title"] == "Download / print"
    assert button["url"].startswith("https://chat.example.org/documents/")
    key = _slots(events)["document_key"]
    token = button["url"].rsplit("/", 1)[1]
    claims = document_links.read_token(document_links.settings_from_env(), token)
    assert (claims.conversation_id, claims.kind, claims.document_key) == (
        "test-user",
        "records_request",
        key,
    )


async def test_rest_and_other_channels_get_the_link_in_the_text(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = offer_tracker(tracker_factory, "rest", document_key="kept-key")
    events = await ActionOfferDocument().run(dispatcher, tracker, domain)
    link = dispatcher.messages[1]
    assert "https://chat.example.org/documents/" in link["text"]
    assert link["buttons"][0]["url"] in link["text"]
    assert _slots(events)["document_key"] == "kept-key"  # earlier links stay valid


@pytest.mark.parametrize("channel", ["slack", "telegram"])
async def test_slack_and_telegram_get_the_link_and_the_token_for_the_file(
    documents_on, tracker_factory, dispatcher, domain, channel
):
    tracker = offer_tracker(tracker_factory, channel, document_key="kept-key")
    await ActionOfferDocument().run(dispatcher, tracker, domain)
    link = dispatcher.messages[1]
    document = link["custom"]["document"]
    # The channel uploads the PDF made for this token; the text is sent if that fails.
    assert link["text"].startswith("Your medical records request letter is ready: https://")
    assert link["text"].split()[7].endswith("/documents/" + document["token"])
    assert document["caption"] == "Your medical records request letter (PDF)."
    claims = document_links.read_token(document_links.settings_from_env(), document["token"])
    assert (claims.kind, claims.document_key) == ("records_request", "kept-key")
    assert not link["buttons"]


async def test_the_offer_says_when_documents_are_off(
    documents_off, tracker_factory, dispatcher, domain
):
    await ActionOfferDocument().run(dispatcher, offer_tracker(tracker_factory, "rest"), domain)
    assert dispatcher.messages[0]["response"] == "utter_documents_off"


async def test_an_unknown_kind_gets_the_list_of_documents(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory({"document_kind": "<script>"}, intent="request_document")
    await ActionOfferDocument().run(dispatcher, tracker, domain)
    assert "can't make that document" in dispatcher.messages[0]["text"]
    assert len(dispatcher.messages[0]["buttons"]) == len(documents.KINDS)


async def test_the_checklist_offers_its_printable_version_only_when_documents_are_on(
    monkeypatch, tracker_factory, dispatcher, domain
):
    case = {"plan_type": "ppo", "condition": "lupus", "surgery_recommended": "no"}
    monkeypatch.setenv("DOCUMENTS_SECRET", SECRET)
    await ActionBuildChecklist().run(dispatcher, tracker_factory(case), domain)
    titles = [b["title"] for b in dispatcher.messages[-1]["buttons"]]
    assert titles[-1] == "Printable checklist" and "Find a specialist" in titles
    monkeypatch.delenv("DOCUMENTS_SECRET")
    dispatcher.messages.clear()
    await ActionBuildChecklist().run(dispatcher, tracker_factory(case), domain)
    assert "Printable checklist" not in [b["title"] for b in dispatcher.messages[-1]["buttons"]]


async def test_back_after_a_question_mid_way_the_question_is_not_a_detail(
    documents_on, tracker_factory, dispatcher, domain
):
    # The form runs again after another rule answered "how long do they have?".
    tracker = tracker_factory(
        {"requested_slot": "records_holder", "document_kind": "records_request"},
        intent="ask_more_detail",
        text="how long does the office have to send them?",
        active_loop="document_form",
    )
    # Rasa's form adds its own ActionExecuted before calling the validation action.
    tracker.events += [
        {"event": "action", "name": "action_answer_follow_up"},
        {"event": "bot", "text": "The office must act within 30 days."},
        {"event": "action", "name": "document_form"},
    ]
    events = await ValidateDocumentForm().run(dispatcher, tracker, domain)
    assert "records_holder" not in _slots(events) or _slots(events)["records_holder"] is None
    assert dispatcher.messages == []


# ---- the appeal letter ------------------------------------------------------------


async def test_the_appeal_letter_asks_its_five_details_in_order(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"document_kind": "appeal_letter", "plan_type": "ppo"}, intent="request_document"
    )
    assert await ValidateDocumentForm().required_slots(
        domain["forms"]["document_form"]["required_slots"], dispatcher, tracker, domain
    ) == ["patient_name", "member_id", "denial_reason", "why_necessary", "appeal_urgent"]


@pytest.mark.parametrize(
    "slot, text",
    [
        ("denial_reason", "No, they said it is not medically necessary"),
        (
            "why_necessary",
            "The surgeon is not sure the tumor can come out, and I'd rather not rush",
        ),
        ("why_necessary", "End stage kidney disease; the transplant team disagrees with my doctor"),
    ],
)
async def test_the_users_own_words_are_kept_even_with_no_or_not_sure_in_them(
    documents_on, tracker_factory, dispatcher, domain, slot, text
):
    intent = "deny" if text.startswith("No") else "inform"
    tracker = asking(tracker_factory, slot, text, intent=intent, kind="appeal_letter")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots[slot] == text
    assert "skipped_questions" not in slots and "form_stopped" not in slots


@pytest.mark.parametrize(
    "text, intent", [("skip", "deny"), ("/deny", "deny"), ("not sure", "deny")]
)
async def test_a_short_skip_of_the_reason_leaves_blank_lines(
    documents_on, tracker_factory, dispatcher, domain, text, intent
):
    tracker = asking(tracker_factory, "denial_reason", text, intent=intent, kind="appeal_letter")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["skipped_questions"] == ["denial_reason"]
    assert slots["denial_reason"] is None


@pytest.mark.parametrize(
    "text, intent, kept",
    [
        ("/affirm", "affirm", "yes"),
        ("/deny", "deny", "no"),
        ("not sure", "deny", "unsure"),
        ("it's urgent, the surgery is this week", "inform", "yes"),
    ],
)
async def test_is_it_urgent_takes_yes_no_and_not_sure(
    documents_on, tracker_factory, dispatcher, domain, text, intent, kept
):
    tracker = asking(tracker_factory, "appeal_urgent", text, intent=intent, kind="appeal_letter")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["appeal_urgent"] == kept
    assert "skipped_questions" not in slots  # "no" is an answer, not a skip


async def test_an_unclear_urgency_answer_is_asked_again(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = asking(
        tracker_factory, "appeal_urgent", "purple", intent="inform", kind="appeal_letter"
    )
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["appeal_urgent"] is None
    assert '"yes"' in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    "text, says",
    [
        ("<script>alert(1)</script> they said no", "plain words"),
        ("because " * 100, "too long"),
        ("医生说不需要", "can only print"),
        ("   ", "didn't get anything"),
    ],
)
async def test_bad_reasons_get_a_clear_message(
    documents_on, tracker_factory, dispatcher, domain, text, says
):
    tracker = asking(tracker_factory, "why_necessary", text, kind="appeal_letter")
    slots = _slots(await ValidateDocumentForm().run(dispatcher, tracker, domain))
    assert slots["why_necessary"] is None
    assert says in dispatcher.messages[0]["text"]


async def test_the_offer_previews_the_appeal_letter(
    documents_on, tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {
            "document_kind": "appeal_letter",
            "plan_type": "medicare_advantage",
            "patient_name": "Seán O'Brien",
            "denial_reason": "out of network",
            "appeal_urgent": "yes",
        },
        intent="affirm",
    )
    tracker.latest_message["input_channel"] = "rest"
    tracker.events[0]["input_channel"] = "rest"
    await ActionOfferDocument().run(dispatcher, tracker, domain)
    preview, link = dispatcher.messages
    assert "Here's what your appeal letter will have" in preview["text"]
    assert "a request for a reconsideration" in preview["text"]
    assert "within 72 hours" in preview["text"]
    assert "If the plan still says no: the independent review entity" in preview["text"]
    token = link["buttons"][0]["url"].rsplit("/", 1)[1]
    claims = document_links.read_token(document_links.settings_from_env(), token)
    assert claims.kind == "appeal_letter"


@pytest.mark.parametrize(
    "plan_type, offered",
    [
        ("ppo", True),
        ("medicare_advantage", True),
        ("original_medicare", True),
        ("medicaid", True),
        ("va", True),
        ("uninsured", False),
    ],
)
async def test_the_denial_answer_offers_the_appeal_letter(
    monkeypatch, tracker_factory, dispatcher, plan_type, offered
):
    monkeypatch.setenv("DOCUMENTS_SECRET", SECRET)
    answer_topics(dispatcher, tracker_factory({"plan_type": plan_type}), ["denial"])
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert (documents.request_payload("appeal_letter") in payloads) is offered
    monkeypatch.delenv("DOCUMENTS_SECRET")
    dispatcher.messages.clear()
    answer_topics(dispatcher, tracker_factory({"plan_type": plan_type}), ["denial"])
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert documents.request_payload("appeal_letter") not in payloads
