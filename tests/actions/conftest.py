"""Fixtures for the action adapters: real rasa_sdk Trackers built with Tracker.from_dict."""

import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"

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
    "copay",
    "coinsurance",
    "deductible_remaining",
    "deductible_paid",
    "deductible_met",
    "cost_share",
    "cost_figures",
    "search_skip",
    "person",
    "last_topic",
    "document_kind",
    "patient_name",
    "patient_birth_date",
    "records_holder",
    "records_recipient",
    "member_id",
    "denial_reason",
    "why_necessary",
    "appeal_urgent",
    "document_key",
    "skipped_details",
    "language",
    "language_chosen",
]


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "inform",
    text: str = "",
    entities: Optional[List[dict]] = None,
    active_loop: Optional[str] = None,
    extracted: Optional[Dict[str, Any]] = None,
    parse: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker after one user message; `extracted` are the slots Rasa set from that message."""
    values = {name: None for name in ALL_SLOTS}
    values.update(slots or {})
    values.update(extracted or {})
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        **(parse or {}),
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


# The day the figures are those of, for every test here: an answer's amounts
# (Part B deductible, HSA limits...) are chosen by the date, so tests pin it.
PINNED_DAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch):
    from actions.logic import figures

    monkeypatch.setattr(figures, "today", lambda: PINNED_DAY)
    return PINNED_DAY


@pytest.fixture(autouse=True)
def strict_translations(monkeypatch):
    """A text with no Spanish version fails a test instead of falling back to English."""
    from actions.logic import i18n

    monkeypatch.setattr(i18n, "STRICT", True)


@pytest.fixture
def tracker_factory():
    return make_tracker


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


_DOMAIN_FILE = yaml.safe_load(DOMAIN_FILE.read_text())
DOMAIN = {
    "slots": {name: {} for name in ALL_SLOTS},
    # As domain.yml has them, so a form's new question is asked in the tests too.
    "forms": {
        name: {"required_slots": list(form["required_slots"])}
        for name, form in _DOMAIN_FILE["forms"].items()
    },
    "responses": _DOMAIN_FILE["responses"],
}


@pytest.fixture
def domain():
    return DOMAIN
