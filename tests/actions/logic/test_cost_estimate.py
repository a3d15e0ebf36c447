"""The cost estimate's arithmetic, table-driven."""

from decimal import Decimal as D

import pytest

from actions.logic.cost_estimate import (
    EstimateInputError,
    estimate,
    estimate_for_plan,
    parse_amount,
    parse_percent,
)


@pytest.mark.parametrize(
    "price,deductible,coinsurance,copay,you_pay",
    [
        (D(500), D(0), D(20), None, D("100.00")),  # deductible met: 20% of 500
        (D(500), D(200), D(20), None, D("260.00")),  # 200 deductible + 20% of 300
        (D(500), D(1000), D(20), None, D("500.00")),  # deductible larger than the price
        (D(500), D(500), D(20), None, D("500.00")),  # deductible exactly the price
        (D(300), D(0), None, D(50), D("50.00")),  # copay only
        (D(30), D(0), None, D(50), D("30.00")),  # copay larger than the price
        (D(300), D(100), None, D(40), D("140.00")),  # deductible partly met, then copay
        (D(300), D(0), D(0), None, D("0.00")),  # 0% coinsurance
        (D(300), D(0), D(100), None, D("300.00")),  # 100% coinsurance
        (D("333.33"), D(0), D(15), None, D("50.00")),  # rounding to cents
        (D(400), D(0), None, None, D("0.00")),  # nothing owed after deductible, no cost share
    ],
)
def test_arithmetic(price, deductible, coinsurance, copay, you_pay):
    result = estimate(price, deductible, coinsurance, copay)
    assert result.you_pay == you_pay
    assert result.you_pay + result.plan_pays == price.quantize(D("0.01"))
    assert result.steps[-1].startswith("You pay about")


def test_steps_show_the_arithmetic():
    steps = estimate(D(500), D(200), D(20)).steps
    assert steps == [
        "Visit price: $500.",
        "You pay toward your deductible first: $200 (deductible left $200).",
        "Then 20% coinsurance on the remaining $300: $60.",
        "You pay about $260; the plan pays about $240.",
    ]


def test_medicare_uses_the_dated_deductible_and_20_percent():
    result = estimate_for_plan("original_medicare", D(500), year=2026)
    assert result.you_pay == D("283") + (D(500) - D(283)) * D("0.2")
    assert any("$283 in 2026" in note for note in result.notes)
    already_met = estimate_for_plan(
        "original_medicare", D(500), deductible_remaining=D(0), year=2026
    )
    assert already_met.you_pay == D("100.00")


def test_uninsured_pays_everything():
    result = estimate_for_plan("uninsured", D(750))
    assert result.you_pay == D(750) and result.plan_pays == 0


@pytest.mark.parametrize(
    "bad",
    [
        lambda: estimate(D(0)),
        lambda: estimate(D(100), D(0), D(20), D(30)),
        lambda: parse_amount("no idea"),
        lambda: parse_amount(""),
        lambda: parse_amount(None),
        lambda: parse_amount("-5"),
        lambda: parse_amount(-5),
        lambda: parse_amount("99999999"),
        lambda: parse_percent("150%"),
        lambda: parse_percent("lots"),
    ],
)
def test_bad_inputs_are_refused_with_a_plain_message(bad):
    with pytest.raises(EstimateInputError) as error:
        bad()
    assert str(error.value)


@pytest.mark.parametrize(
    "text,value",
    [
        ("$1,200", D(1200)),
        ("about 350 dollars", D(350)),
        ("1200.50", D("1200.50")),
        (300, D(300)),
        ("0", D(0)),
    ],
)
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text,value", [("20%", D(20)), ("30", D(30)), (0.2, D(20)), ("12.5 percent", D("12.5"))]
)
def test_parse_percent(text, value):
    assert parse_percent(text) == value


def test_questions_left_ask_only_what_is_missing():
    from decimal import Decimal as D

    from actions.logic.cost_estimate import EstimateInputs, questions_left

    assert questions_left(EstimateInputs()) == [
        "plan_type",
        "visit_price",
        "cost_share",
        "deductible_remaining",
    ]
    # A copay and a price: nothing left, whatever the plan.
    assert questions_left(EstimateInputs(visit_price=D(280), copay=D(50))) == []
    # Coinsurance without the deductible: the deductible.
    assert questions_left(
        EstimateInputs(plan_type="ppo", visit_price=D(600), coinsurance=D(20))
    ) == ["deductible_remaining"]
    # Original Medicare: only the price.
    assert questions_left(EstimateInputs(plan_type="original_medicare")) == ["visit_price"]
    # Medicaid, the VA and TRICARE For Life need no numbers.
    for plan in ("medicaid", "va", "tricare_for_life"):
        assert questions_left(EstimateInputs(plan_type=plan)) == []
    # A skipped question is not asked again (the deductible still matters).
    assert questions_left(
        EstimateInputs(plan_type="ppo", visit_price=D(500), skipped=frozenset({"cost_share"}))
    ) == ["deductible_remaining"]


def test_estimate_from_what_was_said():
    from decimal import Decimal as D

    from actions.logic.cost_estimate import EstimateInputs, estimate_from

    # POS: $1,000 deductible with $600 paid -> $400 left; 20% after: 400 + 0.2 * 300 = 460
    pos = EstimateInputs(
        plan_type="pos", visit_price=D(700), coinsurance=D(20), deductible_remaining=D(400)
    )
    assert estimate_from(pos).you_pay == D("460.00")
    # Original Medicare, $183 of the $283 Part B deductible paid: 100 + 0.2 * 200 = 140
    medicare = EstimateInputs(
        plan_type="original_medicare", visit_price=D(300), deductible_paid=D(183)
    )
    assert estimate_from(medicare, year=2026).you_pay == D("140.00")
    # Deductible met with Medicare: 20% of 250
    met = EstimateInputs(plan_type="original_medicare", visit_price=D(250), deductible_met=True)
    assert estimate_from(met, year=2026).you_pay == D("50.00")
