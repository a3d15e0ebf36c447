"""What the REST and socket.io channels accept, and the clear errors for the rest."""

import json

import pytest

from channels.validation import (
    MAX_BODY_BYTES,
    MAX_SENDER_ID_CHARS,
    InvalidMessage,
    RequestTooLarge,
    metadata_from,
    parse_rest_body,
    sender_id_from,
    text_from,
)


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_normal_message_passes_through():
    incoming = parse_rest_body(
        body(sender="abc", message="Does Medicare cover it? 😊", metadata={"page": "x"})
    )
    assert (incoming.sender_id, incoming.text, incoming.metadata) == (
        "abc",
        "Does Medicare cover it? 😊",
        {"page": "x"},
    )


def test_empty_and_whitespace_messages_are_accepted_for_the_bot_to_answer():
    assert parse_rest_body(body(sender="a", message="")).text == ""
    assert parse_rest_body(body(sender="a", message="   ")).text == "   "
    assert parse_rest_body(body(sender="a", message=None)).text == ""


def test_a_numeric_sender_becomes_a_string():
    assert parse_rest_body(body(sender=42, message="hi")).sender_id == "42"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"", "JSON object"),
        (b"{not json", "not valid JSON"),
        (b'"just a string"', "JSON object"),
        (b"[1, 2]", "JSON object"),
        (b'{"sender": "a", "message": "\xff\xfe"}', "UTF-8"),
        (body(sender="a"), '"message" is missing'),
        (body(message="hi"), '"sender" is missing'),
        (body(sender="a", message=["hi"]), '"message" must be a string'),
        (body(sender="a", message={"text": "hi"}), '"message" must be a string'),
        (body(sender="a", message=5), '"message" must be a string'),
        (body(sender=True, message="hi"), '"sender" must be a string'),
        (body(sender={"id": 1}, message="hi"), '"sender" must be a string'),
        (body(sender="  ", message="hi"), "must not be empty"),
        (body(sender="x" * (MAX_SENDER_ID_CHARS + 1), message="hi"), "too long"),
        (body(sender="a\nb", message="hi"), "control characters"),
        (body(sender="a", message="hi", metadata=[1]), '"metadata" must be a JSON object'),
    ],
)
def test_bad_input_gets_a_clear_400(raw, fragment):
    with pytest.raises(InvalidMessage) as caught:
        parse_rest_body(raw)
    assert fragment in str(caught.value)
    assert caught.value.status == 400


def test_a_body_too_large_for_a_chat_message_is_413():
    with pytest.raises(RequestTooLarge) as caught:
        parse_rest_body(body(sender="a", message="x" * MAX_BODY_BYTES))
    assert caught.value.status == 413


def test_a_long_message_under_the_body_limit_is_accepted():
    # The length cap is the bot's to answer (components/message_length.py), not a 4xx.
    assert len(parse_rest_body(body(sender="a", message="x" * 100_000)).text) == 100_000


def test_sender_id_at_the_limit_is_accepted():
    assert sender_id_from("x" * MAX_SENDER_ID_CHARS) == "x" * MAX_SENDER_ID_CHARS


def test_socketio_metadata_may_come_as_a_json_string():
    assert metadata_from('{"a": 1}') == {"a": 1}
    with pytest.raises(InvalidMessage):
        metadata_from("{broken")
    assert metadata_from(None) == {}


def test_text_from_rejects_non_strings():
    assert text_from("hi") == "hi"
    with pytest.raises(InvalidMessage):
        text_from(12)


def test_an_optional_message_id_and_input_channel_are_read():
    incoming = parse_rest_body(
        body(sender="a", message="hi", message_id="3f2a-01", input_channel="clinic-kiosk")
    )
    assert (incoming.message_id, incoming.input_channel) == ("3f2a-01", "clinic-kiosk")
    plain = parse_rest_body(body(sender="a", message="hi"))
    assert (plain.message_id, plain.input_channel) == (None, None)
    assert parse_rest_body(body(sender="a", message="hi", message_id=17)).message_id == "17"
    assert parse_rest_body(body(sender="a", message="hi", input_channel="")).input_channel is None


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"message_id": ""}, '"message_id" must not be empty'),
        ({"message_id": "x" * 129}, '"message_id" is too long'),
        ({"message_id": {"id": 1}}, '"message_id" must be a string'),
        ({"message_id": False}, '"message_id" must be a string'),
        ({"message_id": "a\nb"}, '"message_id" must not contain control characters'),
        ({"input_channel": ["rest"]}, '"input_channel" must be a string'),
        ({"input_channel": "c" * 65}, '"input_channel" is too long'),
    ],
)
def test_malformed_message_ids_and_input_channels_are_refused_clearly(fields, error):
    with pytest.raises(InvalidMessage, match=error):
        parse_rest_body(body(sender="a", message="hi", **fields))
