"""The first stage of the two-stage fallback: the likely topics as buttons, with the facts."""

import json

from actions.fallback_actions import ActionAskAffirmation, candidate_intents


def test_candidates_are_topics_best_first_and_parts_of_combined_intents():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "inform_opinions_differ", "confidence": 0.28},
        {"name": "inform", "confidence": 0.2},
        {"name": "ask_after_second_opinion+inform_opinions_differ", "confidence": 0.1},
        {"name": "ask_cost", "confidence": 0.01},
    ]
    assert candidate_intents(ranking) == ["inform_opinions_differ", "ask_after_second_opinion"]


async def test_buttons_in_plain_words_carry_the_facts(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        intent="nlu_fallback",
        text="the two surgeons disagree about my husband's surgery, what now",
        entities=[{"entity": "person", "value": "husband"}],
        parse={
            "intent_ranking": [
                {"name": "nlu_fallback", "confidence": 0.3},
                {"name": "inform_opinions_differ", "confidence": 0.28},
                {"name": "ask_after_second_opinion", "confidence": 0.18},
            ]
        },
    )
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_did_you_mean"
    titles = [b["title"] for b in message["buttons"]]
    assert titles == ["The doctors disagree", "What to do afterwards", "None of these"]
    payload = message["buttons"][0]["payload"]
    assert payload.startswith("/inform_opinions_differ{")
    assert json.loads(payload[len("/inform_opinions_differ") :]) == {"person": "husband"}
    assert message["buttons"][-1]["payload"] == "/out_of_scope"


async def test_no_candidate_asks_to_rephrase(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        intent="nlu_fallback", parse={"intent_ranking": [{"name": "greet", "confidence": 0.2}]}
    )
    await ActionAskAffirmation().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_ask_rephrase"
