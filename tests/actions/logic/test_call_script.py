import pytest

from actions.logic import call_script, knowledge

NO_NETWORK = ("original_medicare", "tricare_for_life")


@pytest.mark.parametrize(
    "plan_type", [p for p in knowledge.plan_types() if p not in ("uninsured", "va")]
)
def test_every_insured_plan_gets_the_core_questions(plan_type):
    script = " ".join(call_script.questions(plan_type))
    for words in ("referral or prior authorization", "What will I pay", "reference number"):
        assert words in script
    # Original Medicare has no network: the question is whether the doctor accepts Medicare.
    assert ("in network" in script) == (plan_type not in NO_NETWORK)
    assert call_script.questions(plan_type)[-1].startswith("At the end of the call")


def test_plan_specific_questions():
    assert any("accepts Medicare" in q for q in call_script.questions("original_medicare"))
    assert any("in-network cost" in q for q in call_script.questions("medicare_advantage_hmo"))
    assert not any("accepts Medicare" in q for q in call_script.questions("ppo"))


def test_no_script_without_insurance_and_a_short_one_for_the_va():
    assert call_script.questions("uninsured") == []
    assert len(call_script.questions("va")) == 2
    assert call_script.questions("va")[-1].startswith("At the end of the call")
