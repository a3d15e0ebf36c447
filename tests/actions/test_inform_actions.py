from actions.inform_actions import ActionHandleInform


async def test_answers_the_pending_question_once_the_plan_is_known(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"plan_type": "ppo", "pending_topic": "cost"},
        text="a PPO",
        entities=[{"entity": "plan_type", "value": "ppo"}],
    )
    events = await ActionHandleInform().run(dispatcher, tracker, domain)
    assert "Here's what you may pay with a PPO" in dispatcher.messages[0]["text"]
    assert events[0]["name"] == "pending_topic" and events[0]["value"] is None


async def test_asks_again_when_the_plan_is_still_missing(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"pending_topic": "coverage"}, text="ohio", entities=[{"entity": "us_state", "value": "OH"}]
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_plan_type"


async def test_acknowledges_what_was_understood(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {"plan_type": "medicaid", "us_state": "NY", "condition": "lymphoma"},
        text="medicaid in NY, lymphoma",
        entities=[
            {"entity": "plan_type", "value": "medicaid"},
            {"entity": "us_state", "value": "NY"},
            {"entity": "condition", "value": "lymphoma"},
        ],
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "you have Medicaid" in text and "New York" in text and "lymphoma" in text


async def test_nothing_understood_offers_help(tracker_factory, dispatcher, domain):
    await ActionHandleInform().run(dispatcher, tracker_factory(text="hmm"), domain)
    assert dispatcher.messages[0]["response"] == "utter_help"
