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
    """The slots the validation sets, with `requested_slot` the question the form asks next.

    When the form's questions are the domain's own list, rasa_sdk leaves the
    next question to Rasa's form, which asks the first one still empty: the
    same is computed here.
    """
    tracker = tracker_factory(slots, intent=intent, text=text, active_loop="cost_estimate_form")
    events = _slots(await ValidateCostEstimateForm().run(dispatcher, tracker, domain))
    if "requested_slot" not in events:
        known = {**slots, **events}
        questions = domain["forms"]["cost_estimate_form"]["required_slots"]
        events["requested_slot"] = next((q for q in questions if known.get(q) is None), None)
    return events


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


async def test_medicare_is_asked_only_the_price(tracker_factory, dispatcher, domain):
    # Original Medicare's coinsurance and deductible are known: no more questions.
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"requested_slot": "visit_price", "plan_type": "original_medicare"},
        "500",
    )
    assert slots["visit_price"] == "500"
    assert slots["requested_slot"] is None


async def test_figures_given_before_the_form_are_not_asked_again(
    tracker_factory, dispatcher, domain
):
    # "I'm on an HMO, my copay is 50 dollars and the visit is 280": nothing left to ask.
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"plan_type": "hmo", "visit_price": "280", "copay": "50"},
        "my copay is 50 dollars and the visit is 280, how much would I pay",
        intent="ask_cost",
    )
    assert slots["cost_share"] == "copay"
    assert slots["requested_slot"] is None


async def test_coinsurance_without_the_deductible_asks_for_it(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"plan_type": "employer_unknown", "visit_price": "600", "coinsurance": "20"},
        "20% coinsurance and it costs $600",
        intent="ask_cost",
    )
    assert slots["requested_slot"] == "deductible_remaining"


async def test_deductible_met_answers_the_deductible_question(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {"plan_type": "ppo", "coinsurance": "20", "deductible_met": "yes"},
        "PPO with 20% coinsurance, deductible met",
        intent="ask_cost",
    )
    assert slots["deductible_remaining"] == "0"
    assert slots["requested_slot"] == "visit_price"


async def test_a_price_alone_asks_for_the_plan_first(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory, dispatcher, domain, {"visit_price": "400"}, "it costs $400", "ask_cost"
    )
    assert slots["requested_slot"] == "plan_type"


async def test_the_cost_share_answer_fills_its_amount(tracker_factory, dispatcher, domain):
    slots = await _validate(
        tracker_factory,
        dispatcher,
        domain,
        {
            "requested_slot": "cost_share",
            "plan_type": "epo",
            "visit_price": "500",
            "deductible_remaining": "0",
        },
        "25% coinsurance",
    )
    assert (slots["cost_share"], slots["coinsurance"]) == ("coinsurance", "25")
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
    slots = parse_cost_share(text)
    kind = slots["cost_share"]
    assert (kind, float(slots[kind])) == parsed


def test_a_bare_number_is_ambiguous():
    with pytest.raises(EstimateInputError):
        parse_cost_share("20")


async def test_show_estimate_with_coinsurance(tracker_factory, dispatcher, domain):
    tracker = tracker_factory(
        {
            "plan_type": "ppo",
            "visit_price": "500",
            "deductible_remaining": "200",
            "cost_share": "coinsurance",
            "coinsurance": "20",
        }
    )
    events = await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "You pay about $260" in text and "$200" in text and "20% coinsurance" in text
    # The figures stay for a follow-up ("and if my copay was $75?"); the trigger is cleared.
    assert _slots(events)["cost_figures"] is None and "visit_price" not in _slots(events)


async def test_show_estimate_with_a_copay_assumes_no_deductible(
    tracker_factory, dispatcher, domain
):
    tracker = tracker_factory({"plan_type": "ppo", "visit_price": "300", "copay": "50"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "You pay about $50" in text and "deductible first" in text


async def test_medicare_deductible_partly_paid(tracker_factory, dispatcher, domain):
    # $283 Part B deductible in 2026, $183 paid: $100 + 20% of $200 = $140.
    tracker = tracker_factory(
        {"plan_type": "original_medicare", "visit_price": "300", "deductible_paid": "183"}
    )
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    assert "You pay about $140" in dispatcher.messages[0]["text"]


async def test_tricare_for_life_pays_medicare_s_share(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "tricare_for_life", "visit_price": "350"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "you pay nothing" in text and "20%" not in text


async def test_show_estimate_for_medicare_uses_the_deductible(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "original_medicare", "visit_price": "500"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "Part B deductible" in text and "20% coinsurance" in text


async def test_show_estimate_for_medicaid_explains_instead(tracker_factory, dispatcher, domain):
    tracker = tracker_factory({"plan_type": "medicaid_managed_care"})
    await ActionShowCostEstimate().run(dispatcher, tracker, domain)
    assert "you pay nothing" in dispatcher.messages[0]["text"]


async def test_show_estimate_after_stop(tracker_factory, dispatcher, domain):
    await ActionShowCostEstimate().run(dispatcher, tracker_factory({"form_stopped": True}), domain)
    assert dispatcher.messages[0]["response"] == "utter_estimate_stopped"
