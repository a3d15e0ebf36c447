"""GET /documents/<token> in the Rasa server, on a real in-memory tracker store (no HTTP server)."""

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
from actions.logic.document_links import LinkSettings
from channels.documents import DocumentsInput
from stores.conversation_store import delete_conversation

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = LinkSettings(secret="route-test-secret-0123456789abcdefghij")
KEY = "the-conversation-key"
DETAILS = {
    "plan_type": "original_medicare",
    "condition": "prostate cancer",
    "patient_name": "Zoë O'Brien",
    "patient_birth_date": "1950-07-04",
    "document_key": KEY,
}


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store(domain):
    store = InMemoryTrackerStore(domain)
    return store


async def save_conversation(store, domain, sender="web-abc", slots=None):
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(UserUttered("hello"))
    for name, value in (slots or DETAILS).items():
        tracker.update(SlotSet(name, value))
    await store.save(tracker)


def request_for(store):
    agent = SimpleNamespace(tracker_store=store)
    return SimpleNamespace(app=SimpleNamespace(ctx=SimpleNamespace(agent=agent)))


def token(kind="records_request", sender="web-abc", key=KEY, now=None):
    return document_links.make_token(SETTINGS, sender, kind, key, now=now)


async def test_a_valid_link_gives_the_pdf_built_from_the_slots(store, domain, caplog):
    await save_conversation(store, domain)
    caplog.set_level(logging.DEBUG, logger="channels.documents")
    answer = await DocumentsInput(SETTINGS).serve(request_for(store), token())
    assert answer.status == 200
    assert answer.content_type == "application/pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    assert 'filename="medical-records-request.pdf"' in answer.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.body)).pages)
    assert "Zoë O'Brien" in " ".join(text.split()) and "July 4, 1950" in text
    # The log says what happened, never whose document or its details.
    for secret in ("Zoë", "O'Brien", "1950", "web-abc", token()[:20]):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    "make, status, says",
    [
        (lambda: token(now=1_000_000_000), 410, "expired"),
        (lambda: token()[:-10], 404, "not valid"),
        (lambda: "made-up", 404, "not valid"),
        (lambda: token(key="another-key"), 410, "no longer available"),
        (lambda: token(sender="never-seen"), 410, "no longer available"),
        (lambda: token(kind="appeal_to_nowhere"), 404, "not valid"),
    ],
)
async def test_links_that_cannot_give_the_document_get_a_clear_page(
    store, domain, make, status, says
):
    await save_conversation(store, domain)
    answer = await DocumentsInput(SETTINGS).serve(request_for(store), make())
    assert answer.status == status
    assert says in answer.body.decode()
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")


async def test_after_delete_my_data_the_link_is_no_longer_available(store, domain):
    await save_conversation(store, domain)
    link = token()
    assert (await DocumentsInput(SETTINGS).serve(request_for(store), link)).status == 200
    delete_conversation(store, "web-abc")
    answer = await DocumentsInput(SETTINGS).serve(request_for(store), link)
    assert answer.status == 410 and "no longer available" in answer.body.decode()
    # A new conversation under the same id does not revive the old link.
    await save_conversation(store, domain, slots={"patient_name": "Someone Else"})
    assert (await DocumentsInput(SETTINGS).serve(request_for(store), link)).status == 410


async def test_documents_off_and_the_store_down_are_said_not_500(store, domain):
    answer = await DocumentsInput(None).serve(request_for(store), token())
    assert answer.status == 503 and "not switched on" in answer.body.decode()

    class BrokenStore:
        async def retrieve(self, sender_id):
            raise ConnectionError("database is down")

    answer = await DocumentsInput(SETTINGS).serve(request_for(BrokenStore()), token())
    assert answer.status == 503 and "try again" in answer.body.decode()


async def test_a_failure_while_making_the_pdf_is_a_page(store, domain, monkeypatch):
    await save_conversation(store, domain)
    monkeypatch.setattr(
        "channels.documents.build_pdf", lambda kind, slots: (_ for _ in ()).throw(ValueError())
    )
    answer = await DocumentsInput(SETTINGS).serve(request_for(store), token())
    assert answer.status == 500 and "could not be made" in answer.body.decode()


def test_the_server_refuses_to_start_with_a_short_secret(monkeypatch):
    monkeypatch.setenv("DOCUMENTS_SECRET", "too-short")
    with pytest.raises(document_links.DocumentsMisconfigured):
        DocumentsInput.from_credentials(None)


def test_without_a_secret_the_server_starts_with_documents_off(monkeypatch, caplog):
    monkeypatch.delenv("DOCUMENTS_SECRET", raising=False)
    with caplog.at_level(logging.WARNING):
        channel = DocumentsInput.from_credentials(None)
    assert channel.settings is None
    assert "Printable documents are OFF" in caplog.text
