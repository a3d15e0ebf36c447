"""The appeal routes: one per family of plans, typed, complete, and used by the denial answer."""

import pytest

from actions.logic import appeals, coverage, knowledge
from actions.logic.coverage import Situation


def test_the_routes_data_is_sound():
    assert appeals.validate() == []


@pytest.mark.parametrize("plan_type", sorted(knowledge.plan_types()))
def test_every_plan_type_has_a_route(plan_type):
    routes = appeals.routes_for(plan_type)
    assert 1 <= len(routes) <= 2
    for route in routes:
        assert route.first_step.text and route.first_step.legal_name
        assert route.sources and route.as_of


def test_aca_plans():
    (route,) = appeals.routes_for("ppo")
    assert route.key == "aca"
    assert route.first_step.legal_name == "internal appeal"
    assert route.first_step.deadline == appeals.Deadline(
        days=180, counted_from="the date of the denial notice"
    )
    assert [(t.days, t.hours) for t in route.decision_times] == [(30, None), (60, None)]
    assert route.expedited is not None
    assert route.expedited.hours == 72 and route.expedited.with_external_review
    assert route.next_step is not None and route.next_step.legal_name == "external review"
    assert route.next_step.deadline == appeals.Deadline(stated_in="the denial notice")
    assert any("grandfathered" in note for note in route.notes)
    assert {h.phone for h in route.helpers} >= {"1-866-444-3272"}


def test_medicare_advantage_forwards_the_case_itself():
    (route,) = appeals.routes_for("medicare_advantage_hmo")
    assert route.first_step.legal_name == "reconsideration"
    assert route.expedited is not None
    assert route.expedited.hours == 72 and not route.expedited.with_external_review
    assert route.next_step is not None and "itself" in route.next_step.text


def test_medicaid_managed_care_appeal_comes_before_the_fair_hearing():
    (route,) = appeals.routes_for("medicaid_managed_care")
    assert route.first_step.legal_name == "plan appeal"
    assert "must come first" in route.first_step.text
    assert route.next_step is not None and route.next_step.legal_name == "state fair hearing"


def test_plain_medicaid_gives_both_routes():
    assert [r.key for r in appeals.routes_for("medicaid")] == [
        "medicaid_managed_care",
        "medicaid_ffs",
    ]


def test_a_plan_not_told_gets_the_usual_route():
    assert [r.key for r in appeals.routes_for(None)] == ["aca"]


def test_no_number_is_left_unfilled():
    for route in appeals.all_routes():
        texts = [route.first_step.text, route.decision_text or "", *route.notes]
        texts += [h.text for h in route.helpers]
        texts += [route.expedited.text] if route.expedited else []
        texts += [route.next_step.text] if route.next_step else []
        assert not any("{" in t for t in texts), route.key


def test_helpers_for_the_users_plan_only():
    tricare = appeals.chat_facts(appeals.routes_for("tricare_prime"), None, "tricare_prime")
    va = appeals.chat_facts(appeals.routes_for("va"), None, "va")
    assert any("TRICARE regional contractor" in f for f in tricare)
    assert not any("VA medical center" in f for f in tricare)
    assert any("VA medical center" in f for f in va)


def test_the_denial_answer_is_built_from_the_route():
    answer = coverage.answer("denial", Situation(plan_type="hmo"))
    route = appeals.route("aca")
    assert route.first_step.text in answer.facts
    assert answer.rule_ids[0] == "route:aca"
    helpers = {h.source for h in route.helpers}
    assert {b.source for b in answer.bases if b.kind == "route"} == set(route.sources) | helpers


def test_the_fast_route_is_left_out_only_when_not_urgent():
    route = appeals.route("aca")
    assert route.expedited is not None
    assert route.expedited.text in appeals.chat_facts([route], None)
    assert route.expedited.text not in appeals.chat_facts([route], False)


def test_the_module_examples_hold():
    import doctest

    result = doctest.testmod(appeals, extraglobs={"appeals": appeals})
    assert result.attempted and not result.failed
