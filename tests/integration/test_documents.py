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
