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
    assert {e["name"]: e["value"] for e in events}["pending_topic"] is None


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


async def test_a_new_plan_answers_the_last_topic_again(tracker_factory, dispatcher, domain):
    # "and what if it were Medicaid?" after a denial answer
    tracker = tracker_factory(
        {"plan_type": "medicaid", "last_topic": "denial"},
        text="and what if it were Medicaid?",
        entities=[{"entity": "plan_type", "value": "medicaid"}],
    )
    events = await ActionHandleInform().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["topic"] == "denial"
    assert "fair hearing" in dispatcher.messages[0]["text"]
    assert {e["name"]: e["value"] for e in events}["last_topic"] == "denial"


async def test_another_person_answers_the_last_topic_for_them(tracker_factory, dispatcher, domain):
    # "What about my dad? He gets his care from the VA."
    tracker = tracker_factory(
        {"plan_type": "va", "person": "father", "last_topic": "coverage"},
        text="What about my dad? He gets his care from the VA.",
        entities=[{"entity": "person", "value": "father"}, {"entity": "plan_type", "value": "va"}],
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    assert "for your father, with VA health care" in dispatcher.messages[0]["text"]


async def test_a_new_cost_figure_redoes_the_estimate(tracker_factory, dispatcher, domain):
    # "and if my copay was $75?" after an estimate with a $50 copay
    tracker = tracker_factory(
        {"plan_type": "ppo", "visit_price": "300", "copay": "75", "last_topic": "estimate"},
        text="and if my copay was $75?",
        entities=[{"entity": "copay", "value": "75"}],
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    assert "You pay about $75" in dispatcher.messages[0]["text"]


async def test_a_fact_after_a_topic_it_does_not_change_is_acknowledged(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory(
        {"plan_type": "ppo", "last_topic": "what_is"},
        text="I have a PPO",
        entities=[{"entity": "plan_type", "value": "ppo"}],
    )
    await ActionHandleInform().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Got it: you have a PPO")
