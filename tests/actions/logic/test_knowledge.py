import pytest

from actions.logic import knowledge


@pytest.mark.parametrize("plan_type", [None, "", knowledge.UNKNOWN, "no_such_plan"])
def test_an_untold_or_unknown_plan_gets_the_unknown_entry(plan_type):
    assert knowledge.plan_info(plan_type) == knowledge.plan_types()[knowledge.UNKNOWN]
    assert knowledge.plan_family(plan_type) == knowledge.UNKNOWN
    assert knowledge.plan_label(plan_type) == "a plan you're not sure of"


@pytest.mark.parametrize(
    "plan_type,family",
    [
        ("original_medicare", "medicare"),
        ("tricare_for_life", "medicare"),  # follows Original Medicare's rules
        ("tricare", "tricare"),
        ("medicare_advantage_hmo", "medicare_advantage"),
        ("ppo", "commercial"),
        ("uninsured", "uninsured"),
        (None, knowledge.UNKNOWN),
    ],
)
def test_rules_family(plan_type, family):
    assert knowledge.rules_family(plan_type) == family


def test_medicare_rules_family_is_exactly_the_plans_that_follow_medicare_rules():
    for plan_type in knowledge.plan_types():
        assert (knowledge.rules_family(plan_type) == "medicare") == (
            knowledge.follows_medicare_rules(plan_type)
        )


@pytest.mark.parametrize("code,name", [("OH", "Ohio"), ("oh", "Ohio"), ("ZZ", None), (None, None)])
def test_state_name(code, name):
    assert knowledge.state_name(code) == name
