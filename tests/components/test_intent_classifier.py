"""The Rasa adapter: trains from TrainingData, sets intent and ranking, survives a reload."""

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intent_classifier import LinearIntentClassifier

EXAMPLES = [
    ("does my insurance cover a second opinion", "ask_insurance_coverage"),
    ("will medicare pay for it", "ask_insurance_coverage"),
    ("is a second opinion covered by my plan", "ask_insurance_coverage"),
    ("is it covered", "ask_insurance_coverage"),
    ("bye", "goodbye"),
    ("see you later", "goodbye"),
    ("goodbye for now", "goodbye"),
    ("talk to you later", "goodbye"),
]


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context():
    return ExecutionContext(graph_schema=None, model_id="test")


def _train(storage, context, examples=EXAMPLES, config=None):
    resource = Resource("intent_classifier")
    component = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), **(config or {})},
        storage,
        resource,
        context,
    )
    component.train(TrainingData([Message(data={"text": t, "intent": i}) for t, i in examples]))
    return component, resource


def _classify(component, text):
    message = Message(data={"text": text})
    component.process([message])
    return message


def test_sets_intent_and_ranking(storage, context):
    component, _ = _train(storage, context)
    message = _classify(component, "does my plan cover that")
    assert message.get("intent")["name"] == "ask_insurance_coverage"
    ranking = message.get("intent_ranking")
    assert ranking[0] == message.get("intent")
    assert {r["name"] for r in ranking} == {"ask_insurance_coverage", "goodbye"}


def test_ranking_length_is_configurable(storage, context):
    component, _ = _train(storage, context, config={"ranking_length": 1})
    assert len(_classify(component, "bye now").get("intent_ranking")) == 1


def test_reloaded_component_predicts_the_same(storage, context):
    component, resource = _train(storage, context)
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, resource, context
    )
    for text in ("see ya", "is it covered by medicaid"):
        assert _classify(loaded, text).get("intent") == _classify(component, text).get("intent")


NO_INTENT = {"name": None, "confidence": 0.0}


@pytest.mark.parametrize("text", ["", "   \n"])
def test_blank_text_gets_no_intent_with_zero_confidence(storage, context, text):
    # Rasa's FallbackClassifier needs an intent entry; confidence 0 makes it nlu_fallback.
    component, _ = _train(storage, context)
    message = _classify(component, text)
    assert message.get("intent") == NO_INTENT
    assert message.get("intent_ranking") == []


def test_untrained_component_reports_no_intent(storage, context):
    component, resource = _train(storage, context, examples=[("hi", "greet")])
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, resource, context
    )
    assert _classify(loaded, "hi").get("intent") == NO_INTENT


def test_blank_text_becomes_nlu_fallback_in_the_pipeline(storage, context):
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    component, _ = _train(storage, context)
    fallback = FallbackClassifier.create(
        {**FallbackClassifier.get_default_config(), "threshold": 0.3},
        storage,
        Resource("fallback"),
        context,
    )
    message = _classify(component, "")
    fallback.process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_two_questions_give_the_combined_intent_and_their_order(storage, context):
    examples = EXAMPLES + [
        ("how do i find a specialist", "ask_find_doctor"),
        ("where can i find a good doctor", "ask_find_doctor"),
        ("can you help me find a surgeon", "ask_find_doctor"),
        ("who should i see for it", "ask_find_doctor"),
        (
            "does insurance cover it and how do i find a specialist",
            "ask_insurance_coverage+ask_find_doctor",
        ),
        ("is it covered? where can i find a doctor", "ask_insurance_coverage+ask_find_doctor"),
    ]
    component, _ = _train(storage, context, examples)
    message = _classify(component, "where can i find a good surgeon? and will medicare pay for it?")
    assert message.get("intent")["name"] == "ask_insurance_coverage+ask_find_doctor"
    assert message.get("topic_order") == ["ask_find_doctor", "ask_insurance_coverage"]
    # Its parts follow, well below it: not read as two intents too close to choose.
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "ask_insurance_coverage+ask_find_doctor"
    assert ranking[0]["confidence"] >= 2 * max(r["confidence"] for r in ranking[1:])
