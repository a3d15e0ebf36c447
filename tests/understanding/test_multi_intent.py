"""Two questions in one message become the combined intent, in the order asked."""

import pytest

from understanding.intent_model import IntentModel
from understanding.multi_intent import combined_name, two_questions

COVERAGE = [
    "does my insurance cover a second opinion",
    "will medicare pay for it",
    "is a second opinion covered by my plan",
    "does my hmo cover it",
    "is it covered by insurance",
]
FIND = [
    "how do i find a specialist",
    "where can i find a good oncologist",
    "can you help me find a doctor",
    "how do i find a surgeon for a second opinion",
    "who should i see for a second opinion",
]
RECORDS = [
    "how do i get my medical records",
    "can i get copies of my scans",
    "how do i get my pathology slides sent",
    "will they send my records",
    "how do i request my test results",
]
COMBINED = [
    "does insurance cover it and how do i find a specialist",
    "is it covered? where can i find a doctor",
]


@pytest.fixture(scope="module")
def model():
    texts = COVERAGE + FIND + RECORDS + COMBINED
    labels = (
        ["ask_insurance_coverage"] * len(COVERAGE)
        + ["ask_find_doctor"] * len(FIND)
        + ["ask_medical_records"] * len(RECORDS)
        + ["ask_insurance_coverage+ask_find_doctor"] * len(COMBINED)
    )
    return IntentModel.fit(texts, labels)


def test_two_topics_give_the_known_combined_intent_in_the_order_asked(model):
    found = two_questions(
        model, "Can you help me find a specialist near me, and will my plan cover it?"
    )
    assert found.name == "ask_insurance_coverage+ask_find_doctor"
    assert found.order == ["ask_find_doctor", "ask_insurance_coverage"]
    assert 0 < found.confidence <= 1


def test_a_pair_without_a_combined_intent_is_answered_in_the_order_asked(model):
    found = two_questions(model, "is it covered by insurance? and how do i get my records?")
    assert found.known is False
    assert found.name == "ask_insurance_coverage"
    assert found.order == ["ask_insurance_coverage", "ask_medical_records"]


def test_only_topics_pair_up():
    from understanding.multi_intent import _unknown_pair

    assert _unknown_pair([("greet", 0.9), ("ask_cost", 0.8)]) is None
    assert _unknown_pair([("ask_cost", 0.9), ("inform", 0.8)]) is None


def test_one_question_is_not_two(model):
    assert two_questions(model, "my dad has medicare, will it cover a second opinion?") is None


def test_two_questions_on_one_topic_are_one_intent(model):
    assert two_questions(model, "does my hmo cover it? is it covered by insurance?") is None


def test_combined_name_in_either_order():
    known = ["ask_insurance_coverage+ask_find_doctor"]
    assert combined_name("ask_find_doctor", "ask_insurance_coverage", known) == known[0]
    assert combined_name("ask_cost", "ask_find_doctor", known) is None


def test_a_combined_intent_s_parts_in_the_order_asked(model):
    from understanding.multi_intent import asked_order

    parts = ["ask_insurance_coverage", "ask_find_doctor"]
    text = "where can i find a good surgeon? and is it covered by insurance?"
    assert asked_order(model, text, parts) == ["ask_find_doctor", "ask_insurance_coverage"]
    # One question only: the canonical order stays.
    assert asked_order(model, "is it covered and who to see", parts) == parts
    # A message with no question at all keeps the parts' order (it once crashed the model).
    assert asked_order(model, "My HMO. A cardiologist.", parts) == parts


@pytest.fixture(scope="module")
def wider_model():
    texts = COVERAGE + FIND + RECORDS + COMBINED + RECORDS_WITH_FIND
    labels = (
        ["ask_insurance_coverage"] * len(COVERAGE)
        + ["ask_find_doctor"] * len(FIND)
        + ["ask_medical_records"] * len(RECORDS)
        + ["ask_insurance_coverage+ask_find_doctor"] * len(COMBINED)
        + ["ask_find_doctor+ask_medical_records"] * len(RECORDS_WITH_FIND)
    )
    return IntentModel.fit(texts, labels)


RECORDS_WITH_FIND = [
    "how do i find a doctor and get my records to them",
    "where can i find a specialist? how do i send my scans",
]


def test_an_unknown_pair_of_answerable_topics_keeps_both_in_order(wider_model):
    found = two_questions(
        wider_model, "how do I get copies of my scans? and is it covered by my insurance?"
    )
    assert found.known is False
    assert found.name == "ask_medical_records"
    assert found.order == ["ask_medical_records", "ask_insurance_coverage"]


def test_a_form_starting_intent_does_not_carry_the_pair():
    from understanding.multi_intent import _unknown_pair

    found = _unknown_pair([("ask_find_doctor", 0.9), ("ask_cost", 0.8)])
    assert found.name == "ask_cost" and found.order == ["ask_find_doctor", "ask_cost"]
    assert found.confidence == 0.8


def test_a_question_about_the_answer_comes_after_its_topic():
    from understanding.multi_intent import _unknown_pair

    found = _unknown_pair([("ask_coverage_denied", 0.9), ("ask_sources", 0.7)])
    assert found.name == "ask_coverage_denied"
    assert found.order == ["ask_coverage_denied", "ask_sources"]
    assert _unknown_pair([("ask_sources", 0.9), ("ask_coverage_denied", 0.7)]) is None
