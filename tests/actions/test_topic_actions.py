"""action_answer_topic, action_answer_follow_up and action_show_sources, on rasa_sdk trackers."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.logic.topics import INTENT_TOPICS
from actions.topic_actions import ActionAnswerFollowUp, ActionAnswerTopic, ActionShowSources

PLAN_TOPICS = [
    ("ask_insurance_coverage", "coverage"),
    ("ask_preauthorization", "authorization"),
    ("ask_cost", "cost"),
    ("ask_coverage_denied", "denial"),
]


def slots_set(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("intent,topic", PLAN_TOPICS)
async def test_asks_for_the_plan_when_unknown(intent, topic, tracker_factory, dispatcher, domain):
    events = await ActionAnswerTopic().run(dispatcher, tracker_factory(intent=intent), domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_plan_type"
    assert slots_set(events) == {"pending_topic": topic, "last_topic": topic}


@pytest.mark.parametrize("intent,topic", PLAN_TOPICS)
async def test_answers_for_the_known_plan(intent, topic, tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "original_medicare"}, intent=intent)
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert "with Original Medicare" in message["text"]
    assert "Based on:" in message["text"]
    assert message["buttons"] and message["topic"] == topic
    assert slots_set(events) == {"pending_topic": None, "last_topic": topic}


async def test_coverage_names_the_state_law(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "hmo", "us_state": "CA"}, intent="ask_insurance_coverage"
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "with an HMO in California" in text
    assert "California law makes plans give a second opinion" in text
    assert {"title": "Where is this from?", "payload": "/ask_sources"} in dispatcher.messages[0][
        "buttons"
    ]


async def test_changing_plan_changes_the_answer(tracker_factory, domain):
    answers = []
    for plan in ("original_medicare", "ppo"):
        dispatcher = CollectingDispatcher()
        tracker = tracker_factory({"plan_type": plan}, intent="ask_cost")
        await ActionAnswerTopic().run(dispatcher, tracker, domain)
        answers.append(dispatcher.messages[0]["text"])
    assert "20%" in answers[0] and "20%" not in answers[1]


async def test_third_opinion_without_plan_still_answers(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(intent="inform_opinions_differ")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_opinions_differ"
    assert dispatcher.messages[1]["text"].startswith("A third opinion:")
    assert "Ask your plan if a third opinion is covered" in dispatcher.messages[1]["text"]


async def test_preauthorization_adds_the_call_script(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "hmo"}, intent="ask_preauthorization")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 2
    script = dispatcher.messages[1]["text"]
    assert script.startswith("When you call your plan")
    assert "reference number" in script


async def test_no_call_script_without_insurance(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "uninsured"}, intent="ask_preauthorization")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 1


async def test_inside_a_form_asking_for_the_plan_the_question_waits(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"requested_slot": "plan_type"},
        intent="ask_insurance_coverage",
        active_loop="checklist_form",
    )
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages == []  # the form asks for the plan itself
    assert slots_set(events)["pending_topic"] == "coverage"


async def test_urgent_denial_gets_the_expedited_route(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "ppo"},
        intent="ask_coverage_denied",
        text="my plan denied it and it's urgent, surgery is scheduled for Monday",
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "ask for a fast appeal (an expedited appeal)" in text
    assert "external review at the same time" in text


async def test_a_named_plan_gives_its_own_steps_for_how_to_get_one(
    tracker_factory, dispatcher, domain
):
    # "I'm a vet, I get my care through the VA. How do I get a second opinion?"
    tracker = tracker_factory(
        {"plan_type": "va"},
        intent="ask_how_to_get",
        entities=[{"entity": "plan_type", "value": "va"}],
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert texts[0] == "With VA health care:"
    assert dispatcher.messages[1]["response"] == "utter_how_to_get"
    assert "VA care team" in texts[2]


async def test_the_answer_opens_with_what_was_understood_for_a_caregiver(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"plan_type": "medicaid", "us_state": "CA", "person": "mother"},
        intent="ask_medical_records",
        entities=[{"entity": "person", "value": "mother"}, {"entity": "us_state", "value": "CA"}],
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == "For your mother, with Medicaid in California:"
    assert dispatcher.messages[1]["response"] == "utter_medical_records"


async def test_coverage_for_a_caregiver_names_the_person(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "original_medicare", "person": "father"}, intent="ask_insurance_coverage"
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert "for your father, with Original Medicare" in dispatcher.messages[0]["text"]


async def test_two_questions_are_answered_in_the_order_asked(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "ppo"},
        intent="ask_insurance_coverage+ask_find_doctor",
        parse={"topic_order": ["ask_find_doctor", "ask_insurance_coverage"]},
    )
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    topics = [m["topic"] for m in dispatcher.messages]
    assert topics[0] == "find_doctor" and topics[-1] == "coverage"
    # Beside another question the search is offered, not started.
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/ask_find_doctor"
    assert slots_set(events)["last_topic"] == "coverage"


async def test_two_questions_with_the_plan_unknown_ask_for_it_once(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(intent="ask_insurance_coverage+ask_preauthorization")
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_plan_type"]
    assert slots_set(events)["pending_topic"] == "coverage"


async def test_a_follow_up_gets_the_detail_for_the_last_topic(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"last_topic": "records"}, intent="ask_more_detail", text="how long does that usually take"
    )
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_more_records"


async def test_a_time_follow_up_prefers_the_timing_detail(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"last_topic": "authorization"}, intent="ask_more_detail", text="how long does that take?"
    )
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_more_authorization_time"


async def test_a_follow_up_without_a_detail_answers_the_topic_again(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"last_topic": "denial", "plan_type": "medicare_advantage"},
        intent="ask_more_detail",
        text="how long do I have to appeal?",
    )
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["topic"] == "denial"
    assert "Medicare Advantage" in dispatcher.messages[0]["text"]


async def test_a_follow_up_with_nothing_before_asks_what_about(tracker_factory, dispatcher, domain):
    await ActionAnswerFollowUp().run(dispatcher, tracker_factory(intent="ask_more_detail"), domain)
    assert dispatcher.messages[0]["response"] == "utter_what_more"


async def test_sources_of_a_state_law_answer(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"last_topic": "coverage", "plan_type": "hmo", "us_state": "CA"}, intent="ask_sources"
    )
    await ActionShowSources().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Where this comes from:")
    assert "Health & Safety Code" in text and "Checked December 1, 2026." in text
    assert "https://leginfo.legislature.ca.gov/" in text


async def test_sources_of_an_estimate_are_those_of_the_cost_answer(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"last_topic": "estimate", "plan_type": "original_medicare"}, intent="ask_sources"
    )
    await ActionShowSources().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "Medicare Parts A & B Premiums and Deductibles" in text


async def test_sources_of_a_response_topic(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"last_topic": "records"}, intent="ask_sources")
    await ActionShowSources().run(dispatcher, tracker, domain)
    assert "45 CFR 164.524" in dispatcher.messages[0]["text"]


async def test_no_sources_for_general_guidance(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"last_topic": "appointment"}, intent="ask_sources")
    await ActionShowSources().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_no_sources"


async def test_a_single_intent_carrying_a_second_question_answers_both_in_order(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"plan_type": "hmo"},
        intent="ask_preauthorization",
        parse={"topic_order": ["ask_preauthorization", "ask_virtual_second_opinion"]},
    )
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    topics = [m["topic"] for m in dispatcher.messages]
    assert topics[0] == "authorization" and topics[-1] == "virtual"
    assert slots_set(events)["last_topic"] == "virtual"


async def test_where_the_answer_comes_from_follows_the_answer(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "medicaid", "us_state": "TX"},
        intent="ask_coverage_denied",
        parse={"topic_order": ["ask_coverage_denied", "ask_sources"]},
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    topics = [m["topic"] for m in dispatcher.messages]
    assert topics[0] == "denial" and topics[-1] == "sources"
    assert "Where this comes from" in dispatcher.messages[-1]["text"]


async def test_no_sources_for_an_answer_still_waiting_for_the_plan(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        intent="ask_coverage_denied",
        parse={"topic_order": ["ask_coverage_denied", "ask_sources"]},
    )
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_plan_type"]


async def test_a_follow_up_to_the_estimate_shows_it_again_with_the_new_plan(
    tracker_factory, dispatcher, domain
):
    from actions.topic_actions import ActionAnswerFollowUp

    tracker = tracker_factory(
        {"plan_type": "medicaid", "visit_price": "850", "last_topic": "estimate"},
        intent="ask_more_detail",
        text="I was approved for Medicaid. Does that change it?",
        entities=[{"entity": "plan_type", "value": "medicaid"}],
    )
    events = await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert [m["topic"] for m in dispatcher.messages] == ["estimate"]
    assert "Medicaid" in dispatcher.messages[0]["text"]
    assert slots_set(events)["last_topic"] == "estimate"


@pytest.mark.parametrize("last", sorted(set(INTENT_TOPICS.values()) | {"estimate"}))
async def test_every_last_topic_can_be_answered_again(last, tracker_factory, dispatcher, domain):
    from actions.topic_actions import ActionAnswerFollowUp

    tracker = tracker_factory(
        {"plan_type": "ppo", "last_topic": last}, intent="ask_more_detail", text="and then?"
    )
    await ActionAnswerFollowUp().run(dispatcher, tracker, domain)
    assert dispatcher.messages
