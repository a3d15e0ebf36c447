"""Validate the action server's answers against a compiled schema, not a fresh one each time.

Replaces: rasa.core.actions.action.RemoteAction._validate_action_result.
Upstream checks every action server response with `jsonschema.validate`,
which first validates the schema itself against JSON Schema's metaschema, on
every call. Under `make bench` load that was a large share of the Rasa
server's time (docs/performance.md has the profile). The schema is Rasa's own and never
changes: here it is checked once and the compiled validator reused. The
response is validated exactly as before, with the same error message.
"""

from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator = None


def response_validator():
    """The validator of Rasa's action-response schema, built and checked on first use."""
    global _validator
    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        validator_class = validator_for(schema)
        validator_class.check_schema(schema)
        _validator = validator_class(schema)
    return _validator


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error


def install() -> None:
    """Replace the validation (called once, by rasa_extensions.install)."""
    RemoteAction._validate_action_result = _validate_action_result
