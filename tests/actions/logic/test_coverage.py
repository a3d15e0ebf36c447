"""The coverage engine, table-driven: every plan type x every topic, each state rule."""

import pytest

from actions.logic import coverage, knowledge
from actions.logic.coverage import Situation

TOPICS = ("coverage", "authorization", "cost", "denial")

# plan type -> topic -> (a rule that must be chosen, words the answer must contain)
EXPECTED = {
    "original_medicare": {
        "coverage": ("coverage_original_medicare", ["Part B", "third"]),
        "authorization": (
            "authorization_original_medicare",
            ["don't need a referral", "take Medicare"],
        ),
        "cost": ("cost_original_medicare", ["20%", "$283 in 2026"]),
        "denial": (
            "route:original_medicare",
            ["Medicare Summary Notice", "redetermination", "1-800-MEDICARE"],
        ),
    },
    "medicare_advantage": {
        "coverage": (
            "coverage_medicare_advantage_types",
            ["must cover what Original Medicare covers", "PPO plans"],
        ),
        "authorization": ("authorization_medicare_advantage", ["referral"]),
        "cost": ("cost_medicare_advantage", ["in-network cost"]),
        "denial": (
            "route:medicare_advantage",
            ["reconsideration", "72 hours", "independent reviewer itself"],
        ),
    },
    "medicare_advantage_hmo": {
        "coverage": ("coverage_medicare_advantage_hmo", ["referral"]),
        "authorization": ("authorization_medicare_advantage", ["referral"]),
        "cost": ("cost_medicare_advantage", ["copay"]),
        "denial": ("route:medicare_advantage", ["reconsideration", "independent reviewer itself"]),
    },
    "medicare_advantage_ppo": {
        "coverage": ("coverage_medicare_advantage_ppo", ["out of network"]),
        "authorization": ("authorization_medicare_advantage", ["referral"]),
        "cost": ("cost_medicare_advantage", ["copay"]),
        "denial": ("route:medicare_advantage", ["reconsideration", "independent reviewer itself"]),
    },
    "medicaid": {
        "coverage": ("coverage_medicaid_managed_care", ["no cost", "fee-for-service"]),
        "authorization": ("authorization_medicaid_managed_care", ["managed care"]),
        "cost": ("cost_medicaid_managed_care", ["no cost"]),
        "denial": (
            "route:medicaid_managed_care",
            ["must come first", "state fair hearing", "fee-for-service Medicaid"],
        ),
    },
    "medicaid_managed_care": {
        "coverage": ("coverage_medicaid_managed_care", ["no cost"]),
        "authorization": ("authorization_medicaid_managed_care", ["set one up"]),
        "cost": ("cost_medicaid_managed_care", ["no cost"]),
        "denial": ("route:medicaid_managed_care", ["must come first", "state fair hearing"]),
    },
    "medicaid_ffs": {
        "coverage": ("coverage_medicaid_ffs", ["state"]),
        "authorization": ("authorization_medicaid_ffs", ["state"]),
        "cost": ("cost_medicaid_ffs", ["state"]),
        "denial": ("route:medicaid_ffs", ["state fair hearing"]),
    },
    "hmo": {
        "coverage": ("coverage_hmo", ["referral", "network"]),
        "authorization": ("authorization_hmo", ["referral"]),
        "cost": ("cost_commercial", ["copay"]),
        "denial": ("route:aca", ["180 days", "external review"]),
    },
    "ppo": {
        "coverage": ("coverage_ppo", ["outside the network", "costs you more"]),
        "authorization": ("authorization_ppo", ["don't need a referral"]),
        "cost": ("cost_commercial", ["copay"]),
        "denial": ("route:aca", ["180 days"]),
    },
    "epo": {
        "coverage": ("coverage_epo", ["in the network"]),
        "authorization": ("authorization_epo", ["in the network"]),
        "cost": ("cost_commercial", ["copay"]),
        "denial": ("route:aca", ["180 days"]),
    },
    "pos": {
        "coverage": ("coverage_pos", ["referral"]),
        "authorization": ("authorization_pos", ["referral"]),
        "cost": ("cost_commercial", ["copay"]),
        "denial": ("route:aca", ["180 days"]),
    },
    "hdhp": {
        "coverage": ("coverage_hdhp", ["until you meet your deductible"]),
        "authorization": ("authorization_hdhp_employer", ["referral"]),
        "cost": ("cost_hdhp", ["$1,700 in 2026", "$8,500 in 2026", "$10,600 in 2026", "no cap"]),
        "denial": ("route:aca", ["180 days"]),
    },
    "employer_unknown": {
        "coverage": ("coverage_employer_unknown", ["insurance card"]),
        "authorization": ("authorization_hdhp_employer", ["referral"]),
        "cost": ("cost_commercial", ["copay"]),
        "denial": ("route:aca", ["180 days"]),
    },
    "tricare": {
        "coverage": ("coverage_tricare_plans", ["third", "Prime Remote"]),
        "authorization": ("authorization_tricare_prime", ["referral"]),
        "cost": ("cost_tricare_point_of_service", ["point-of-service", "50%"]),
        "denial": ("route:tricare_va", ["notice", "TRICARE regional contractor"]),
    },
    "tricare_prime": {
        "coverage": ("coverage_tricare_prime_referral", ["referral"]),
        "authorization": (
            "authorization_tricare_point_of_service",
            ["$300", "$600", "50%", "active-duty"],
        ),
        "cost": ("cost_tricare_point_of_service", ["active-duty"]),
        "denial": ("route:tricare_va", ["notice"]),
    },
    "tricare_select": {
        "coverage": ("coverage_tricare", ["Approval may be needed"]),
        "authorization": ("authorization_tricare_select", ["may need approval"]),
        "cost": ("cost_tricare", ["cost share"]),
        "denial": ("route:tricare_va", ["notice"]),
    },
    "tricare_for_life": {
        "coverage": ("coverage_tricare_for_life", ["Medicare"]),
        "authorization": ("authorization_original_medicare", ["referral"]),
        "cost": ("cost_tricare_for_life", ["you pay nothing"]),
        "denial": ("route:tricare_va", ["notice"]),
    },
    "va": {
        "coverage": ("coverage_va", ["patient advocate"]),
        "authorization": ("authorization_va", ["patient advocate"]),
        "cost": ("cost_va", ["patient advocate"]),
        "denial": ("route:tricare_va", ["VA medical center"]),
    },
    "uninsured": {
        "coverage": ("coverage_uninsured", ["self-pay price"]),
        "authorization": ("authorization_uninsured", ["No approval"]),
        "cost": ("cost_uninsured", ["self-pay price", "$2,000", "Good Faith Estimate"]),
        "denial": ("route:uninsured", ["Good Faith Estimate", "$400"]),
    },
    "unknown": {
        "coverage": ("coverage_unknown_plan", ["depends on your plan", "approval"]),
        "authorization": ("authorization_unknown_plan", ["referral"]),
        "cost": ("cost_unknown_plan", ["copay"]),
        "denial": ("route:aca", ["180 days"]),
    },
}


def test_the_table_covers_every_plan_type():
    assert set(EXPECTED) == set(knowledge.plan_types())


def test_the_rules_data_is_sound():
    assert coverage.validate_rules() == []


@pytest.mark.parametrize("plan_type,topic", [(p, t) for p in EXPECTED for t in TOPICS])
def test_every_plan_type_and_topic(plan_type, topic):
    rule_id, words = EXPECTED[plan_type][topic]
    result = coverage.answer(topic, Situation(plan_type=plan_type), year=2026)
    assert rule_id in result.rule_ids
    text = " ".join(result.facts)
    for word in words:
        assert word in text, f"{word!r} missing for {plan_type}/{topic}: {text}"
    assert result.basis_line, "every answer names what it rests on"
    assert all(b.source and b.as_of for b in result.bases)


def test_answers_differ_where_the_rules_differ():
    texts = {p: tuple(coverage.answer("coverage", Situation(plan_type=p)).facts) for p in EXPECTED}
    assert len(set(texts.values())) == len(texts)


def test_no_plan_type_is_answered_as_unknown():
    assert coverage.answer("coverage", Situation()).rule_ids == ["coverage_unknown_plan"]


# ----------------------------------------------------------------- state laws
@pytest.mark.parametrize(
    "state,rule_id,words",
    [
        ("CA", "state_california", ["In California", "72 hours"]),
        ("NJ", "state_new_jersey", ["New Jersey", "third opinion"]),
        ("OR", "state_oregon", ["Oregon", "first visit"]),
        ("NY", "state_new_york", ["New York", "in-network cost"]),
        ("MO", "state_missouri_cancer", ["Missouri", "cancer", "board-certified"]),
    ],
)
def test_state_laws_apply_to_commercial_plans(state, rule_id, words):
    result = coverage.answer("coverage", Situation(plan_type="hmo", us_state=state))
    assert rule_id in result.rule_ids
    assert "state_erisa_caveat" in result.rule_ids
    text = " ".join(result.facts)
    assert all(w in text for w in words)
    # The basis line names both the plan rule and the state law.
    state_basis = next(b.text for b in result.bases if b.kind == "state")
    assert state_basis in result.basis_line


@pytest.mark.parametrize(
    "plan_type", ["original_medicare", "medicaid", "tricare", "va", "uninsured"]
)
def test_state_insurance_laws_do_not_apply_to_public_plans(plan_type):
    result = coverage.answer("coverage", Situation(plan_type=plan_type, us_state="CA"))
    assert not [r for r in result.rule_ids if r.startswith("state_")]


def test_a_state_without_a_law_gets_an_honest_answer():
    result = coverage.answer("coverage", Situation(plan_type="ppo", us_state="TX"))
    assert "state_other" in result.rule_ids
    assert "Texas" in " ".join(result.facts)
    assert "state's insurance department" in " ".join(result.facts)


def test_unknown_state_invites_the_user_to_say_it():
    result = coverage.answer("coverage", Situation(plan_type="ppo"))
    assert "state_unknown" in result.rule_ids


def test_missouri_has_a_cancer_law_and_one_for_any_condition():
    cancer = coverage.answer(
        "coverage", Situation(plan_type="ppo", us_state="MO", condition="breast cancer")
    )
    knee = coverage.answer(
        "coverage", Situation(plan_type="ppo", us_state="MO", condition="torn ACL")
    )
    assert {"state_missouri_cancer", "state_missouri_any_condition"} <= set(cancer.rule_ids)
    assert "state_missouri_any_condition" in knee.rule_ids
    assert "state_missouri_cancer" not in knee.rule_ids


def test_medicare_diagnosis_only_question_is_flagged():
    result = coverage.answer(
        "coverage", Situation(plan_type="original_medicare", surgery_recommended="no")
    )
    assert "coverage_medicare_diagnosis_only" in result.rule_ids


# ------------------------------------------------------------ situations
def test_urgent_denial_mentions_expedited_appeal():
    result = coverage.answer("denial", Situation(plan_type="ppo", urgent=True))
    assert "route:aca" in result.rule_ids
    assert "72 hours" in " ".join(result.facts)


def test_third_opinion_by_plan():
    assert (
        "third_opinion_medicare"
        in coverage.answer("third_opinion", Situation(plan_type="original_medicare")).rule_ids
    )
    assert (
        "third_opinion_tricare"
        in coverage.answer("third_opinion", Situation(plan_type="tricare_prime")).rule_ids
    )
    assert (
        "third_opinion_other"
        in coverage.answer("third_opinion", Situation(plan_type="ppo")).rule_ids
    )
    nj = coverage.answer("third_opinion", Situation(plan_type="ppo", us_state="NJ"))
    assert "state_new_jersey" in nj.rule_ids


def test_deductible_follows_the_year():
    for year, amount in [(2025, "$257"), (2026, "$283")]:
        text = " ".join(
            coverage.answer("cost", Situation(plan_type="original_medicare"), year=year).facts
        )
        assert f"{amount} in {year}" in text


def test_unknown_topic_is_refused():
    with pytest.raises(ValueError):
        coverage.answer("weather", Situation(plan_type="ppo"))


def test_validate_rules_finds_problems():
    bad = [
        {
            "id": "x",
            "topic": "nope",
            "kind": "plan",
            "basis": "b",
            "facts": [],
            "source": "missing",
            "as_of": "2026-01-01",
            "when": {"colour": "red", "plan_type": ["spaceship"]},
        }
    ]
    problems = coverage.validate_rules(bad)
    assert any("unknown topic" in p for p in problems)
    assert any("unknown source" in p for p in problems)
    assert any("unknown condition" in p for p in problems)
    assert any("unknown plan type" in p for p in problems)


def test_the_state_law_caveat_comes_only_with_a_state_law():
    cost_nj = coverage.answer(
        "cost", Situation(plan_type="hmo", us_state="NJ")
    )  # NJ's law is not about cost
    assert not [r for r in cost_nj.rule_ids if r.startswith("state_")]
    cost_ca = coverage.answer("cost", Situation(plan_type="hmo", us_state="CA"))
    assert "state_california_cost" in cost_ca.rule_ids and "state_erisa_caveat" in cost_ca.rule_ids
