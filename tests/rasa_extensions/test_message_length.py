"""Messages over the cap skip the NLU pipeline and get `message_too_long`, unless they
mention a crisis."""

from rasa_extensions.message_length import (
    DEFAULT_MAX_MESSAGE_CHARS,
    TOO_LONG_INTENT,
    max_message_chars,
    parse_without_nlu,
)


def test_a_long_message_gets_the_too_long_intent_and_keeps_its_text():
    text = "my records say " * 2000
    parse = parse_without_nlu(text)
    assert parse["intent"]["name"] == TOO_LONG_INTENT
    assert parse["text"] == text
    assert parse["entities"] == []


def test_a_long_message_mentioning_a_crisis_gets_the_emergency_intent():
    text = "blah " * 1000 + "and honestly I want to kill myself " + "blah " * 1000
    parse = parse_without_nlu(text)
    assert parse["intent"]["name"] == "emergency"
    assert parse["safety_net"] == "crisis"


def test_the_cap_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "500")
    assert max_message_chars() == 500
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "not a number")
    assert max_message_chars() == DEFAULT_MAX_MESSAGE_CHARS
    monkeypatch.delenv("MAX_MESSAGE_CHARS")
    assert max_message_chars() == DEFAULT_MAX_MESSAGE_CHARS
