"""Fixtures for the action adapters: real rasa_sdk Trackers built with Tracker.from_dict."""

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ALL_SLOTS = [
    "plan_type",
    "us_state",
    "condition",
    "specialty",
    "location",
    "surgery_recommended",
    "skipped_questions",
    "form_stopped",
    "pending_topic",
    "requested_slot",
    "visit_price",
    "deductible_remaining",
    "cost_share",
    "search_skip",
]


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "inform",
    text: str = "",
    entities: Optional[List[dict]] = None,
    active_loop: Optional[str] = None,
    extracted: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker after one user message; `extracted` are the slots Rasa set from that message."""
    values = {name: None for name in ALL_SLOTS}
    values.update(slots or {})
    values.update(extracted or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
    }
    events = [{"event": "user", "text": text, "parse_data": latest}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (extracted or {}).items()]
    return Tracker.from_dict(
        {
            "sender_id": "test-user",
            "slots": values,
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


@pytest.fixture
def tracker_factory():
    return make_tracker


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


DOMAIN = {
    "slots": {name: {} for name in ALL_SLOTS},
    "forms": {
        "checklist_form": {
            "required_slots": ["plan_type", "condition", "surgery_recommended", "us_state"]
        },
        "cost_estimate_form": {
            "required_slots": ["plan_type", "visit_price", "deductible_remaining", "cost_share"]
        },
    },
}


@pytest.fixture
def domain():
    return DOMAIN
