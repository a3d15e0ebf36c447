"""Printable documents against the real servers: ask for one over REST, answer or skip the
details, open the link (a PDF made by the Rasa server from the conversation), and what must
hold around it: bad input, expiry, "delete my data", no names in the logs."""

from __future__ import annotations

import io

import pytest
import requests
from pypdf import PdfReader

from actions.logic import document_links
from tests.integration.conftest import DOCUMENTS_SECRET, Chat, Servers

NAME = "Zoë O'Brien-Núñez"
RECORDS_LETTER = '/request_document{"document_kind": "records_request"}'
CHECKLIST = '/request_document{"document_kind": "checklist"}'


def payloads(messages):
    return [b.get("payload") for m in messages for b in m.get("buttons", [])]


def link_in(messages) -> str:
    for message in messages:
        for button in message.get("buttons", []):
            if button.get("type") == "web_url":
                assert button["url"] in message["text"]  # REST: the link in the text too
                return button["url"]
    raise AssertionError(f"no download link in {messages!r}")


def pdf_text(url: str) -> str:
    answer = requests.get(url, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(answer.content), strict=True)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def settings():
    return document_links.LinkSettings(secret=DOCUMENTS_SECRET)


@pytest.fixture
def letter_link(servers):
    """A conversation that asked for the records letter, and its link."""
    chat = Chat(servers.rasa_url)
    answer = chat.send("/ask_medical_records")
    assert RECORDS_LETTER in payloads(answer)
    assert "patient's full name" in chat.say(RECORDS_LETTER)
    assert "date of birth" in chat.say(NAME)
    assert "Which office" in chat.say("03/14/1952")
    assert "Where should the records go" in chat.say("skip")
    messages = chat.send("Dr. Ana Patel, Ohio Cancer Center, 3 Main St, Cleveland OH")
    return chat, messages


def test_records_letter_from_the_chat_to_the_pdf(servers, letter_link):
    chat, messages = letter_link
    preview = messages[0]["text"]
    assert f"From: {NAME}, born March 14, 1952" in preview
    assert "blank line for the office" in preview
    assert "30 days" in preview and "cost-based" in preview
    text = pdf_text(link_in(messages))
    for fact in (
        NAME,
        "March 14, 1952",
        "Dr. Ana Patel, Ohio Cancer Center",
        "45 CFR 164.524",
        "within 30 days",
        "reasonable, cost-based fee",
    ):
        assert fact in text, fact
    # Details typed or skipped are not asked again: a new link at once.
    again = chat.send(RECORDS_LETTER)
    assert f"From: {NAME}" in again[0]["text"]
    assert link_in(again) != link_in(messages)


def test_the_printable_checklist_from_the_chat(servers):
    chat = Chat(servers.rasa_url)
    chat.say("can you make me a checklist")
    chat.say("PPO")
    chat.say("breast cancer")
    chat.say("yes")
    last = chat.send("Ohio")
    assert CHECKLIST in payloads(last)
    assert "name should go at the top" in chat.say(CHECKLIST)
    messages = chat.send("María O'Brien")
    assert "7 steps with check boxes" in messages[0]["text"]
    text = pdf_text(link_in(messages))
    for fact in ("María O'Brien", "breast cancer", "a PPO", "Ohio", "Call reference number"):
        assert fact in text, fact


def test_bad_details_get_a_clear_answer_and_the_question_again(servers):
    chat = Chat(servers.rasa_url)
    chat.say(RECORDS_LETTER)
    answer = chat.say("<script>alert('x')</script>")
    assert "plain words" in answer and "full name" in answer
    answer = chat.say("Name " * 300)
    assert "too long" in answer
    answer = chat.say("王小明")
    assert "can only print" in answer
    assert "date of birth" in chat.say("Mary O'Brien")
    assert "couldn't read that as a date" in chat.say("the day after tomorrow")
    assert "Which office" in chat.say("skip")
    # A question in the middle is answered; the form goes on with the same question.
    answer = chat.say("what does medically necessary mean?")
    assert "Medically necessary" in answer and "Which office" in answer
    assert "stopped" in chat.say("stop")


def test_links_expire_and_forged_ones_are_refused(servers, letter_link):
    _, messages = letter_link
    url = link_in(messages)
    claims = document_links.read_token(settings(), url.rsplit("/", 1)[1])
    expired = document_links.make_token(
        settings(), claims.conversation_id, claims.kind, claims.document_key, now=1_000_000_000
    )
    answer = requests.get(f"{servers.rasa_url}/documents/{expired}", timeout=30)
    assert answer.status_code == 410 and "expired" in answer.text
    answer = requests.get(url[:-12], timeout=30)
    assert answer.status_code == 404 and "not valid" in answer.text


def test_delete_my_data_ends_the_link(servers, letter_link):
    chat, messages = letter_link
    url = link_in(messages)
    assert requests.get(url, timeout=60).status_code == 200
    chat.say("please delete my data")
    assert "deleted this conversation" in chat.say("/confirm_forget_me")
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 410
    assert "no longer available" in answer.text
    # Writing again starts fresh: the name is asked again.
    assert "patient's full name" in chat.say(RECORDS_LETTER)


def test_names_and_dates_of_birth_never_reach_the_logs(servers, letter_link):
    _, messages = letter_link
    pdf_text(link_in(messages))
    for log in (servers.rasa_log, servers.workdir / "action-server.log"):
        text = log.read_text()
        for secret in ("O'Brien", "Zoë", "1952", "Ana Patel"):
            assert secret not in text, f"{secret!r} leaked into {log.name}"


def test_another_replica_opens_the_link(servers, letter_link):
    """A second Rasa server on the same tracker store and secret, nothing else shared."""
    _, messages = letter_link
    url = link_in(messages)
    replica = Servers(servers.workdir / "documents-replica", servers.registry, servers.endpoints)
    try:
        replica.start_rasa()
        text = pdf_text(url.replace(servers.rasa_url, replica.rasa_url))
        assert NAME in text
    finally:
        replica.stop_all()


# ---- the appeal letter ------------------------------------------------------------

APPEAL_LETTER = '/request_document{"document_kind": "appeal_letter"}'
DENIAL_REASON = "They wrote that it is not medically necessary"
WHY_NECESSARY = (
    "The surgeon is not sure the tumor can come out safely, and Dr. Okafor's team disagrees. "
    "I want a sarcoma expert to look first."
)


@pytest.fixture
def appeal_link(servers):
    """A PPO member told of a denial, who asked for the appeal letter and filled it in."""
    chat = Chat(servers.rasa_url)
    chat.say("/ask_coverage_denied")
    answer = chat.send('/inform{"plan_type": "ppo"}')
    assert "internal appeal" in " ".join(m.get("text", "") for m in answer)
    assert APPEAL_LETTER in payloads(answer)
    assert "patient's full name, as the plan knows it" in chat.say(APPEAL_LETTER)
    assert "member ID" in chat.say(NAME)
    assert "What reason did the plan give" in chat.say("skip")
    assert "why do you need this second opinion" in chat.say(DENIAL_REASON)
    assert "Could waiting harm your health" in chat.say(WHY_NECESSARY)
    messages = chat.send("/affirm")
    return chat, messages


def test_appeal_letter_from_the_denial_answer_to_the_pdf(servers, appeal_link):
    chat, messages = appeal_link
    preview = messages[0]["text"]
    assert f"From: {NAME} (a blank line for the member ID)" in preview
    assert "a request for an internal appeal" in preview
    assert "Deadline: 180 days from the date of the denial notice" in preview
    assert "fast (expedited) decision, within 72 hours" in preview
    text = pdf_text(link_in(messages))
    for fact in (
        NAME,
        DENIAL_REASON,
        WHY_NECESSARY,
        "This letter is my request for an internal appeal.",
        "Please decide within 72 hours, as the rules require.",
        "Send it in time: 180 days from the date of the denial notice.",
        "how the next step works: the external review",
    ):
        assert fact in text, fact
    for other in ("reconsideration", "redetermination", "fair hearing"):
        assert other not in text


def test_appeal_details_never_reach_the_logs(servers, appeal_link):
    _, messages = appeal_link
    pdf_text(link_in(messages))
    for log in (servers.rasa_log, servers.workdir / "action-server.log"):
        text = log.read_text()
        for secret in ("O'Brien", "Zoë", "not medically necessary", "Okafor", "sarcoma expert"):
            assert secret not in text, f"{secret!r} leaked into {log.name}"


def test_delete_my_data_removes_the_appeal_details(servers, appeal_link):
    chat, messages = appeal_link
    url = link_in(messages)
    chat.say("please delete my data")
    assert "deleted this conversation" in chat.say("/confirm_forget_me")
    assert requests.get(url, timeout=30).status_code == 410
    # Nothing of the letter is left: the plan and every detail are asked again.
    chat.say(APPEAL_LETTER)
    answer = chat.send("skip")
    answer += chat.send("skip")
    assert "What reason did the plan give" in " ".join(m.get("text", "") for m in answer)
    chat.say("skip")
    chat.say("skip")
    preview = chat.send("no")[0]["text"]
    assert "Your plan: not given" in preview and "Blank lines for the plan's reason" in preview
    assert NAME not in preview


def test_bad_appeal_details_get_a_clear_answer(servers):
    chat = Chat(servers.rasa_url)
    chat.say('/inform{"plan_type": "medicare_advantage"}')
    chat.say(APPEAL_LETTER)
    chat.say("skip")
    chat.say("skip")
    assert "plain words" in chat.say("<script>alert('x')</script>")
    assert "too long" in chat.say("because " * 60)
    assert "can only print" in chat.say("医生说不需要")
    assert "why do you need" in chat.say("Out of network, they say. L'hôpital isn't in their list")
    assert "Could waiting harm" in chat.say("skip")
    assert 'answer "yes"' in chat.say("purple")
    messages = chat.send("no")
    assert "a request for a reconsideration" in messages[0]["text"]
    text = pdf_text(link_in(messages))
    assert "L'hôpital isn't in their list" in text
    assert "Please decide fast" not in text
