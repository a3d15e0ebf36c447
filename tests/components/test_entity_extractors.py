"""The deterministic extractors add their entities to a message, next to the others'."""

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from components.case_facts import CaseFactsExtractor
from components.cost_numbers import CostNumberExtractor


def _run(component_class, text, entities=None):
    component = component_class.create(
        {}, LocalModelStorage("/tmp"), Resource("x"), ExecutionContext(graph_schema=None)
    )
    message = Message(data={"text": text, "entities": list(entities or [])})
    component.process([message])
    return message.get("entities")


def test_cost_figures_become_entities():
    entities = _run(CostNumberExtractor, "my copay is $50 and the visit is $280")
    found = {(e["entity"], e["value"], e["extractor"]) for e in entities}
    assert found == {
        ("copay", "50", "CostNumberExtractor"),
        ("visit_price", "280", "CostNumberExtractor"),
    }


def test_cost_figures_are_added_to_the_other_entities():
    plan = {"entity": "plan_type", "value": "hmo", "start": 7, "end": 10}
    entities = _run(CostNumberExtractor, "I have an HMO, the visit is $280", [plan])
    assert plan in entities and any(e["entity"] == "visit_price" for e in entities)


def test_buttons_and_plain_questions_get_no_figures():
    assert _run(CostNumberExtractor, '/inform{"plan_type": "hmo"}') == []
    assert _run(CostNumberExtractor, "does it cost anything?") == []


def test_an_implied_state_is_added_when_none_is_named():
    entities = _run(CaseFactsExtractor, "I have Medi-Cal and live in Los Angeles")
    assert [(e["entity"], e["value"]) for e in entities] == [("us_state", "CA")]


def test_a_named_state_wins():
    named = {"entity": "us_state", "value": "NV", "start": 28, "end": 34}
    entities = _run(CaseFactsExtractor, "we moved from Los Angeles to Nevada", [named])
    assert entities == [named]


def test_who_it_is_for_with_words_in_between():
    ruler_guess = {"entity": "person", "value": "child", "start": 0, "end": 13}
    entities = _run(CaseFactsExtractor, "my 8-year-old son has Medicaid", [ruler_guess])
    assert [(e["entity"], e["value"]) for e in entities] == [("person", "son")]


def test_a_named_plan_type_wins_over_where_the_insurance_comes_from():
    found = [
        {"entity": "plan_type", "value": "ppo", "start": 7, "end": 10},
        {"entity": "plan_type", "value": "employer_unknown", "start": 11, "end": 23},
    ]
    entities = _run(CaseFactsExtractor, "it's a PPO through work", found)
    assert [(e["entity"], e["value"]) for e in entities] == [("plan_type", "ppo")]


def _plans(text, *names):
    """plan_type entities for each (value, words) in the text."""
    return [
        {
            "entity": "plan_type",
            "value": value,
            "start": text.index(words),
            "end": text.index(words) + len(words),
        }
        for value, words in names
    ]


@pytest.mark.parametrize(
    "text,names,expected",
    [
        (
            "tiene Medicare Advantage, un PPO de Humana",
            [("medicare_advantage", "Medicare Advantage"), ("ppo", "PPO")],
            "medicare_advantage_ppo",
        ),
        (
            "Estoy en un Medicare Advantage que es HMO, aquí en Phoenix",
            [("medicare_advantage", "Medicare Advantage"), ("hmo", "HMO")],
            "medicare_advantage_hmo",
        ),
        (
            "my Medicaid is an HMO",
            [("medicaid", "Medicaid"), ("hmo", "HMO")],
            "medicaid_managed_care",
        ),
    ],
)
def test_a_program_and_its_kind_named_together_are_one_plan(text, names, expected):
    entities = _run(CaseFactsExtractor, text, _plans(text, *names))
    assert [e["value"] for e in entities if e["entity"] == "plan_type"] == [expected]


def test_plans_named_apart_are_kept_apart():
    text = "I have Medicaid. My husband's job gives him an HMO."
    entities = _run(
        CaseFactsExtractor, text, _plans(text, ("medicaid", "Medicaid"), ("hmo", "HMO"))
    )
    assert [e["value"] for e in entities if e["entity"] == "plan_type"] == ["medicaid", "hmo"]


def test_an_employer_plan_alone_is_kept():
    found = [{"entity": "plan_type", "value": "employer_unknown", "start": 3, "end": 25}]
    assert _run(CaseFactsExtractor, "my insurance through work", found) == found


def test_each_message_gets_its_language_when_it_is_clear():
    from components.language_detector import LanguageDetector

    component = LanguageDetector.create(
        {}, LocalModelStorage("/tmp"), Resource("x"), ExecutionContext(graph_schema=None)
    )
    spanish = Message(data={"text": "quiero una segunda opinion para mi mama"})
    short = Message(data={"text": "ok"})
    component.process([spanish, short])
    assert spanish.get("language_detected")["language"] == "es"
    assert short.get("language_detected") is None
    assert "language_detected" in spanish.as_dict(only_output_properties=True)
