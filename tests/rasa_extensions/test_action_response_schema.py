"""The action server's answers are still validated, with a schema compiled once."""

from unittest import mock

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

ACTION = RemoteAction("action_answer_coverage", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_a_valid_answer_passes():
    assert ACTION._validate_action_result(
        {
            "events": [{"event": "slot", "name": "plan_type", "value": "hmo"}],
            "responses": [{"text": "hello"}],
        }
    )


@pytest.mark.parametrize(
    "answer",
    [
        {"events": "not a list"},
        {"events": [{"no_event_key": 1}]},
        {"responses": [1, 2]},
    ],
)
def test_an_invalid_answer_is_refused_with_rasas_message(answer):
    with pytest.raises(jsonschema.ValidationError) as caught:
        ACTION._validate_action_result(answer)
    assert "Failed to validate Action server response" in caught.value.message


def test_the_schema_itself_is_not_checked_again_on_every_answer():
    ACTION._validate_action_result({"events": [], "responses": []})  # compiled by now
    validator_class = jsonschema.validators.validator_for(
        RemoteAction.action_response_format_spec()
    )
    with mock.patch.object(validator_class, "check_schema") as check_schema:
        for _ in range(5):
            ACTION._validate_action_result({"events": [], "responses": []})
    check_schema.assert_not_called()
