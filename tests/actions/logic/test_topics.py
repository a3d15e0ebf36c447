"""Intents to topics, combined intents in the order asked."""

import pytest
import yaml

from actions.logic.topics import COMBINED_SEPARATOR, INTENT_TOPICS, combined_intent, topics_of
from tests.actions.conftest import DOMAIN_FILE


def test_a_topic_intent():
    assert topics_of("ask_medical_records") == ["records"]


def test_a_combined_intent_in_its_own_order_or_the_order_asked():
    intent = "ask_insurance_coverage+ask_find_doctor"
    assert topics_of(intent) == ["coverage", "find_doctor"]
    assert topics_of(intent, ["ask_find_doctor", "ask_insurance_coverage"]) == [
        "find_doctor",
        "coverage",
    ]


def test_an_order_that_does_not_match_is_ignored():
    assert topics_of("ask_cost+ask_find_doctor", ["ask_cost"]) == ["cost", "find_doctor"]


def test_general_intents_are_no_topic():
    assert topics_of("greet") == [] and topics_of(None) == []


def test_combined_names_are_canonical():
    assert combined_intent("ask_find_doctor", "ask_insurance_coverage") == (
        "ask_insurance_coverage+ask_find_doctor"
    )


def test_every_combined_intent_of_the_domain_is_two_topics_in_canonical_order():
    intents = yaml.safe_load(DOMAIN_FILE.read_text())["intents"]
    combined = [i for i in intents if COMBINED_SEPARATOR in i]
    assert combined
    for intent in combined:
        first, second = intent.split(COMBINED_SEPARATOR)
        assert first in INTENT_TOPICS and second in INTENT_TOPICS
        assert combined_intent(first, second) == intent


def test_the_classifier_knows_the_same_topic_intents():
    from understanding.intent_names import TOPIC_INTENTS

    assert set(TOPIC_INTENTS) == set(INTENT_TOPICS)


@pytest.mark.parametrize(
    "asked, text, expected",
    [
        (["after"], "The two surgeons disagree. What do we do now?", ["third_opinion"]),
        (["after"], "should we get a 3rd opinion?", ["third_opinion"]),
        (["cost", "after"], "cost? and they don't agree, now what", ["cost", "third_opinion"]),
        (["after"], "I had my second opinion, what now?", ["after"]),
        (["after", "third_opinion"], "they disagree, what now and a third opinion?", None),
    ],
)
def test_after_reads_as_third_opinion_when_the_doctors_disagree(asked, text, expected):
    from actions.logic.topics import refined

    assert refined(asked, text) == (expected or asked)


def test_a_different_suggestion_alone_is_not_a_disagreement():
    from actions.logic.topics import refined

    text = "The new doctor suggested something a bit different. What do I do now?"
    assert refined(["after"], text) == ["after"]
    assert refined(["after"], "we got two different answers, now what?") == ["third_opinion"]


def test_spanish_disagreeing_doctors_mean_a_third_opinion():
    from actions.logic.topics import refined

    assert refined(["after"], "los doctores no están de acuerdo, ¿qué hago?") == ["third_opinion"]
    assert refined(["after"], "¿me cubren una tercera opinión?") == ["third_opinion"]
    assert refined(["after"], "ya tengo la segunda opinión, ¿qué sigue?") == ["after"]
