"""A long message that leaves the classifier unsure is decided by its question read alone."""

import pytest

from understanding.focus import focused_intent, is_unsure, questions_alone
from understanding.intent_model import IntentModel

EXPECT = [
    "what should i ask the second doctor",
    "what questions do i bring to the appointment",
    "what happens at the second opinion visit",
    "what should we ask at the visit",
]
STEPS = [
    "how do i get a second opinion",
    "how do i ask for a second opinion",
    "what are the steps to get another opinion",
    "how do i start",
]
STORY = [
    "the cardiologist wants surgery and we are scared",
    "my daughter was diagnosed with a heart defect",
    "the doctor found a defect in her heart",
]


@pytest.fixture(scope="module")
def model():
    texts = EXPECT + STEPS + STORY
    labels = ["ask_what_to_expect"] * 4 + ["ask_how_to_get"] * 4 + ["inform"] * 3
    return IntentModel.fit(texts, labels)


def test_the_questions_of_a_longer_message_are_read_alone():
    text = "My daughter has a heart defect. The doctor wants surgery. What should we ask?"
    assert questions_alone(text) == ["What should we ask?"]
    assert questions_alone("what should we ask at the visit?") == []  # one sentence: itself


def test_unsure_means_low_or_close():
    assert is_unsure([("a", 0.3), ("b", 0.1)])
    assert is_unsure([("a", 0.5), ("b", 0.48)])
    assert not is_unsure([("a", 0.9), ("b", 0.05)])
    assert not is_unsure([])


def test_the_clear_question_decides(model):
    text = (
        "Our daughter is 4 and was diagnosed with a heart defect. The cardiologist wants "
        "surgery and we are scared. What should we ask the second doctor?"
    )
    intent, confidence = focused_intent(model, text)
    assert intent == "ask_what_to_expect" and confidence >= 0.5


def test_no_question_decides_nothing(model):
    assert (
        focused_intent(model, "My daughter has a heart defect. The doctor wants surgery.") is None
    )
