"""The crisis net's intent survives the FallbackClassifier that follows it in config.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from components.crisis_detector import CrisisDetector

ROOT = Path(__file__).resolve().parents[2]
STROKE = (
    "we were setting up a second opinion for next week, but right now he's slurring "
    "his words and one side of his face is drooping. What do I do??"
)


def _fallback_classifier() -> FallbackClassifier:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    (settings,) = [c for c in pipeline if c["name"] == "FallbackClassifier"]
    config = {**FallbackClassifier.get_default_config(), **settings}
    config.pop("name")
    return FallbackClassifier(config)


def _classified(text: str, ranking: list) -> Message:
    message = Message(
        data={"text": text, "intent": dict(ranking[0]), "intent_ranking": list(ranking)}
    )
    detector = CrisisDetector.create(
        {}, LocalModelStorage("/tmp"), Resource("x"), ExecutionContext(graph_schema=None)
    )
    detector.process([message])
    _fallback_classifier().process([message])
    return message


@pytest.mark.parametrize(
    "ranking",
    [
        # The classifier sure of another topic, or torn between two: the net decides.
        [{"name": "ask_more_detail", "confidence": 0.96}, {"name": "greet", "confidence": 0.02}],
        [{"name": "ask_cost", "confidence": 0.49}, {"name": "ask_find_doctor", "confidence": 0.48}],
        [{"name": "emergency", "confidence": 0.3}, {"name": "ask_cost", "confidence": 0.29}],
    ],
)
def test_emergency_language_keeps_the_emergency_intent_after_the_fallback(ranking):
    message = _classified(STROKE, ranking)
    assert message.get("intent")["name"] == "emergency"
    assert message.get("safety_net") == "medical_emergency"
    names = [r["name"] for r in message.get("intent_ranking")]
    # The rest of the ranking is kept in its order, below the emergency.
    assert names[0] == "emergency"
    assert [n for n in names[1:] if n != "emergency"] == [
        r["name"] for r in ranking if r["name"] != "emergency"
    ]


def test_other_messages_are_left_to_the_fallback():
    ranking = [
        {"name": "ask_cost", "confidence": 0.49},
        {"name": "ask_find_doctor", "confidence": 0.48},
    ]
    message = _classified("how much and who do I see", ranking)
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("safety_net") is None
