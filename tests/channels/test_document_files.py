"""Documents sent as files by the Slack and Telegram output channels, against the local fakes
of their APIs, with the conversation in a real in-memory tracker store (no model)."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.logic import document_links
from channels.document_files import DocumentMessage, document_message
from channels.slack import SlackOutput
from channels.telegram import TelegramBot
from tests.fakes.slack_api_server import FakeSlackApi
from tests.fakes.telegram_api_server import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
SECRET = "document-files-test-secret-0123456789"
KEY = "the-conversation-key"
NAME = "Zoë O'Brien"
DETAILS = {
    "plan_type": "original_medicare",
    "condition": "prostate cancer",
    "patient_name": NAME,
    "patient_birth_date": "1950-07-04",
    "document_key": KEY,
}
CAPTION = "Your medical records request letter (PDF)."


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def agent(domain, monkeypatch):
    """Rasa's agent as the channels use it: its tracker store; documents switched on."""
    monkeypatch.setenv("DOCUMENTS_SECRET", SECRET)
    monkeypatch.setenv("DOCUMENTS_BASE_URL", "https://chat.example.org")
    return SimpleNamespace(tracker_store=InMemoryTrackerStore(domain))


async def save_conversation(agent, domain, sender, slots=None):
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(UserUttered("hello"))
    for name, value in (DETAILS if slots is None else slots).items():
        tracker.update(SlotSet(name, value))
    await agent.tracker_store.save(tracker)


def offer(sender: str, kind: str = "records_request") -> dict:
    """The action's message, as Rasa hands it to the output channel."""
    settings = document_links.settings_from_env()
    assert settings is not None
    token = document_links.make_token(settings, sender, kind, KEY)
    url = document_links.link_url(settings, token)
    return {
        "text": f"Your medical records request letter is ready: {url}\nThe link works...",
        "custom": {"document": {"token": token, "caption": CAPTION}},
    }


def pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body), strict=True)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def telegram_api():
    api = FakeTelegramApi().start()
    yield api
    api.stop()


@pytest.fixture
def slack_api():
    api = FakeSlackApi().start()
    yield api
    api.stop()


def test_only_a_message_with_a_document_token_is_a_document():
    assert document_message({"text": "hi"}) is None
    assert document_message({"text": "hi", "custom": {"data": {"text": "x"}}}) is None
    assert document_message({"custom": {"document": {"token": 3}}}) is None
    assert document_message(
        {"text": "link", "custom": {"document": {"token": "t", "caption": "c"}}}
    ) == DocumentMessage(token="t", caption="c", link_text="link")


async def test_telegram_sends_the_pdf_as_a_document_once_the_turn_is_saved(
    telegram_api, agent, domain, caplog
):
    caplog.set_level(logging.DEBUG)
    bot = TelegramBot(telegram_api.token, telegram_api.url)
    message = offer("4242")
    await bot.send_response("4242", dict(message))
    assert telegram_api.calls == []  # nothing yet: the turn is not saved
    await save_conversation(agent, domain, "4242")
    await bot.send_pending_documents(agent, "4242")
    await bot.close_session()
    [sent] = telegram_api.documents(4242)
    assert sent["caption"] == CAPTION
    assert sent["document"]["filename"] == "medical-records-request.pdf"
    text = pdf_text(sent["document"]["body"])
    assert NAME in text and "July 4, 1950" in text
    assert telegram_api.sent(4242) == []  # the file, not the link
    assert telegram_api.refused() == []
    for secret in ("Zoë", "O'Brien", "1950", message["custom"]["document"]["token"][:20]):
        assert secret not in caplog.text


@pytest.mark.parametrize("failure", ["refused", "conversation gone"])
async def test_telegram_sends_the_link_when_the_file_cannot_be_sent(
    telegram_api, agent, domain, failure
):
    if failure == "refused":
        telegram_api.refuse("sendDocument", 413, "Request Entity Too Large")
        await save_conversation(agent, domain, "4343")
    else:
        await save_conversation(agent, domain, "4343", slots={"document_key": "another-key"})
    bot = TelegramBot(telegram_api.token, telegram_api.url)
    message = offer("4343")
    await bot.send_response("4343", dict(message))
    await bot.send_pending_documents(agent, "4343")
    await bot.close_session()
    assert telegram_api.documents(4343) == []
    assert [m["text"] for m in telegram_api.sent(4343)] == [message["text"]]


async def test_telegram_other_messages_are_sent_at_once(telegram_api, agent):
    bot = TelegramBot(telegram_api.token, telegram_api.url)
    await bot.send_response("4444", {"text": "Hello"})
    await bot.send_pending_documents(agent, "4444")  # nothing pending: nothing more
    await bot.close_session()
    assert [m["text"] for m in telegram_api.sent(4444)] == ["Hello"]


async def test_slack_uploads_the_pdf_with_the_external_upload(slack_api, agent, domain, caplog):
    caplog.set_level(logging.DEBUG)
    output = SlackOutput(slack_api.token, slack_api.url, thread_id="1700000000.000100")
    message = offer("U0SLACK")
    await output.send_response("D0DOCS", dict(message))
    assert slack_api.calls == []
    await save_conversation(agent, domain, "U0SLACK")
    await output.send_pending_documents(agent)
    [shared] = slack_api.uploaded("D0DOCS")
    assert shared["filename"] == "medical-records-request.pdf"
    assert shared["initial_comment"] == CAPTION
    assert shared["thread_ts"] == "1700000000.000100"
    text = pdf_text(shared["body"])
    assert NAME in text and "July 4, 1950" in text
    steps = [c["method"] for c in slack_api.calls]
    assert steps == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert slack_api.posted("D0DOCS") == []  # the file, not the link
    for secret in ("Zoë", "O'Brien", "1950", message["custom"]["document"]["token"][:20]):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    "step", ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
)
async def test_slack_posts_the_link_when_a_step_of_the_upload_fails(
    slack_api, agent, domain, step, caplog
):
    slack_api.refuse(step, "missing_scope")
    await save_conversation(agent, domain, "U0FAIL")
    output = SlackOutput(slack_api.token, slack_api.url)
    message = offer("U0FAIL")
    await output.send_response("D0FAIL", dict(message))
    await output.send_pending_documents(agent)
    assert slack_api.uploaded("D0FAIL") == []
    [post] = slack_api.posted("D0FAIL")
    assert post["text"].startswith("Your medical records request letter is ready: https://")
    assert "the link is sent instead" in caplog.text
