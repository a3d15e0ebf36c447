import pytest
from rasa_sdk.interfaces import ActionExecutionRejection

from actions.estimate_actions import (
    ActionShowCostEstimate,
    ValidateCostEstimateForm,
    parse_cost_share,
)
from actions.logic.cost_estimate import EstimateInputError


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def _validate(tracker_factory, dispatcher, domain, slots, text, intent="inform"):
    tracker = tracker_factory(slots, intent=intent, text=text, active_loop="cost_estimate_form")
    return _slots(await ValidateCostEstimateForm().run(dispatcher, tracker, domain))


async def test_a_dollar_amount_answers_the_price_whatever_the_intent(
    tracker_factory, dispatcher, domain
):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"requested_slot": "visit_price", "plan_type": "ppo"},
        "$500",
        intent="ask_cost",
    )
    assert slots["visit_price"] == "500"


async def test_a_question_without_a_number_interrupts(tracker_factory, dispatcher, domain):
    with pytest.raises(ActionExecutionRejection):
        await _validate(
            tracker_factory,
            dispatcher,
            domain,
            {"requested_slot": "visit_price", "plan_type": "ppo"},
            "what does medically necessary mean",
            intent="ask_medical_necessity",
        )


async def test_words_instead_of_a_price_are_refused(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"requested_slot": "visit_price", "plan_type": "ppo"},
        "quite expensive",
    )
    assert slots["visit_price"] is None
    assert "dollar amount" in dispatcher.messages[0]["text"]


async def test_uninsured_is_asked_only_the_price(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"requested_slot": "visit_price", "plan_type": "uninsured"},
        "800",
    )
    assert slots["requested_slot"] is None


async def test_medicare_is_not_asked_the_coinsurance(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {
            "requested_slot": "deductible_remaining",
            "plan_type": "original_medicare",
            "visit_price": "500",
        },
        "already met",
    )
    assert slots["deductible_remaining"] == "0"
    assert slots["requested_slot"] is None


async def test_not_sure_skips_the_question(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {
            "requested_slot": "cost_share",
            "plan_type": "ppo",
            "visit_price": "500",
            "deductible_remaining": "0",
        },
        "not sure",
    )
    assert slots["skipped_questions"] == ["cost_share"]
    assert slots["requested_slot"] is None


@pytest.mark.parametrize(
    "text,parsed",
    [
        ("20%", ("coinsurance", 20)),
        ("30 percent coinsurance", ("coinsurance", 30)),
        ("$40 copay", ("copay", 40)),
        ("copay of 25", ("copay", 25)),
    ],
)
def test_parse_cost_share(text, parsed):
    kind, amount = parse_cost_share(text)
    assert (kind, float(amount)) == parsed


def test_a_bare_number_is_ambiguous():
    with pytest.raises(EstimateInputError):
        parse_cost_share("20")


async def test_show_estimate_with_coinsurance(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            "plan_type": "ppo",
            "visit_price": "500",
            "deductible_remaining": "200",
            "cost_share": "coinsurance:20",
        }
    )
    events = await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "You pay about $260" in text and "$200" in text and "20% coinsurance" in text
    assert _slots(events)["visit_price"] is None


async def test_show_estimate_for_medicare_uses_the_deductible(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "original_medicare", "visit_price": "500"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "Part B deductible" in text and "20% coinsurance" in text


async def test_show_estimate_for_medicaid_explains_instead(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "medicaid_managed_care"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    assert "no cost" in dispatcher.messages[0]["text"]


async def test_show_estimate_after_stop(tracker_factory, dispatcher, domain):
    await ActionShowCostEstimate().run(dispatcher, tracker_factory({"form_stopped": True}), domain)
    assert dispatcher.messages[0]["response"] == "utter_estimate_stopped"
