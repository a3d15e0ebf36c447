"""Download links: encrypted, unforgeable, expiring, readable by any server with the secret."""

import pytest

from actions.logic import document_links
from actions.logic.document_links import (
    DocumentsMisconfigured,
    ExpiredLink,
    InvalidLink,
    LinkSettings,
)

SECRET = "a-test-secret-that-is-long-enough-0123456789"
SETTINGS = LinkSettings(secret=SECRET, base_url="https://chat.example.org", ttl_seconds=1800)
NOW = 1_800_000_000


def test_a_link_round_trips_on_another_process_with_the_same_secret():
    token = document_links.make_token(SETTINGS, "web-1234", "checklist", "key-1", now=NOW)
    other_replica = LinkSettings(secret=SECRET)  # nothing shared but the secret
    claims = document_links.read_token(other_replica, token, now=NOW + 60)
    assert (claims.conversation_id, claims.kind, claims.document_key) == (
        "web-1234",
        "checklist",
        "key-1",
    )
    assert claims.expires_at == NOW + 1800


def test_the_link_shows_nothing_of_the_conversation():
    token = document_links.make_token(SETTINGS, "web-session-abcdef", "checklist", "k", now=NOW)
    url = document_links.link_url(SETTINGS, token)
    assert url.startswith("https://chat.example.org/documents/")
    for secret_part in ("web-session-abcdef", "checklist"):
        assert secret_part not in url
    # The same document twice gives two different, unguessable links.
    assert token != document_links.make_token(SETTINGS, "web-session-abcdef", "checklist", "k")


def test_the_link_expires():
    token = document_links.make_token(SETTINGS, "c", "checklist", "k", now=NOW)
    document_links.read_token(SETTINGS, token, now=NOW + 1799)
    with pytest.raises(ExpiredLink):
        document_links.read_token(SETTINGS, token, now=NOW + 1800)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),
        lambda t: t[:20],
        lambda t: "",
        lambda t: "not-a-token",
        lambda t: "é" * 10,
        lambda t: "A" * 5000,
    ],
)
def test_an_altered_or_made_up_link_is_refused(mangle):
    token = document_links.make_token(SETTINGS, "c", "checklist", "k", now=NOW)
    with pytest.raises(InvalidLink):
        document_links.read_token(SETTINGS, mangle(token), now=NOW)


def test_a_link_made_with_another_secret_is_refused():
    token = document_links.make_token(
        LinkSettings(secret="another-secret-another-secret-another"), "c", "checklist", "k", now=NOW
    )
    with pytest.raises(InvalidLink):
        document_links.read_token(SETTINGS, token, now=NOW)


def test_settings_from_the_environment():
    assert document_links.settings_from_env({}) is None  # documents off
    settings = document_links.settings_from_env(
        {
            "DOCUMENTS_SECRET": SECRET,
            "DOCUMENTS_BASE_URL": "https://chat.example.org/",
            "DOCUMENT_LINK_MINUTES": "10",
        }
    )
    assert settings == LinkSettings(SECRET, "https://chat.example.org", 600)
    assert document_links.settings_from_env({"DOCUMENTS_SECRET": SECRET}).base_url == (
        "http://127.0.0.1:5005"
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DOCUMENTS_SECRET": "short"},
        {"DOCUMENTS_SECRET": SECRET, "DOCUMENT_LINK_MINUTES": "0"},
        {"DOCUMENTS_SECRET": SECRET, "DOCUMENT_LINK_MINUTES": "a day"},
        {"DOCUMENTS_SECRET": SECRET, "DOCUMENTS_BASE_URL": "javascript:alert(1)"},
    ],
)
def test_unusable_settings_stop_the_process_with_a_clear_reason(env):
    with pytest.raises(DocumentsMisconfigured):
        document_links.settings_from_env(env)


def test_a_new_document_key_is_random():
    keys = {document_links.new_document_key() for _ in range(100)}
    assert len(keys) == 100 and all(len(k) >= 20 for k in keys)
