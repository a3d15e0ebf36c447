import pytest

from actions.coverage_actions import (
    ActionAnswerCost,
    ActionAnswerCoverage,
    ActionAnswerDenial,
    ActionAnswerPreauthorization,
    ActionAnswerThirdOpinion,
)

ACTIONS = [
    (ActionAnswerCoverage, "coverage"),
    (ActionAnswerPreauthorization, "authorization"),
    (ActionAnswerCost, "cost"),
    (ActionAnswerDenial, "denial"),
]


@pytest.mark.parametrize("action_class,topic", ACTIONS)
async def test_asks_for_the_plan_when_unknown(
    action_class, topic, tracker_factory, dispatcher, domain
):
    events = await action_class().run(dispatcher, tracker_factory(), domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_plan_type"
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_topic", "value": topic}]


@pytest.mark.parametrize("action_class,topic", ACTIONS)
async def test_answers_for_the_known_plan(action_class, topic, tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "original_medicare", "pending_topic": topic})
    events = await action_class().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert "with Original Medicare" in message["text"]
    assert "Based on:" in message["text"]
    assert message["buttons"]
    assert events[0]["name"] == "pending_topic" and events[0]["value"] is None


async def test_coverage_names_the_state_law(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "hmo", "us_state": "CA"})
    await ActionAnswerCoverage().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "with an HMO in California" in text
    assert "California law requires" in text


async def test_changing_plan_changes_the_answer(tracker_factory, domain):
    from rasa_sdk.executor import CollectingDispatcher

    answers = []
    for plan in ("original_medicare", "ppo"):
        dispatcher = CollectingDispatcher()
        await ActionAnswerCost().run(dispatcher, tracker_factory({"plan_type": plan}), domain)
        answers.append(dispatcher.messages[0]["text"])
    assert "20%" in answers[0] and "20%" not in answers[1]


async def test_third_opinion_without_plan_still_answers(tracker_factory, dispatcher, domain):
    await ActionAnswerThirdOpinion().run(dispatcher, tracker_factory(), domain)
    assert dispatcher.messages[0]["response"] == "utter_opinions_differ"
    assert dispatcher.messages[1]["text"].startswith("About a third opinion:")
    assert "Ask your plan whether a third opinion is covered" in dispatcher.messages[1]["text"]


async def test_preauthorization_adds_the_call_script(tracker_factory, dispatcher, domain):
    await ActionAnswerPreauthorization().run(
        dispatcher, tracker_factory({"plan_type": "hmo"}), domain
    )
    assert len(dispatcher.messages) == 2
    script = dispatcher.messages[1]["text"]
    assert script.startswith("When you call your plan")
    assert "reference number" in script


async def test_no_call_script_without_insurance(tracker_factory, dispatcher, domain):
    await ActionAnswerPreauthorization().run(
        dispatcher, tracker_factory({"plan_type": "uninsured"}), domain
    )
    assert len(dispatcher.messages) == 1


async def test_inside_a_form_asking_for_the_plan_the_question_waits(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory({"requested_slot": "plan_type"}, active_loop="checklist_form")
    events = await ActionAnswerCoverage().run(dispatcher, tracker, domain)
    assert dispatcher.messages == []  # the form asks for the plan itself
    assert events[0]["name"] == "pending_topic" and events[0]["value"] == "coverage"


async def test_urgent_denial_gets_the_expedited_route(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "ppo"},
        intent="ask_coverage_denied",
        text="my plan denied it and it's urgent, surgery is scheduled for Monday",
    )
    await ActionAnswerDenial().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "Because it's urgent, ask for an expedited appeal" in text
