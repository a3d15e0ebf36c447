"""The audit's findings (issue 12), one test each: every one failed on the text before the fix.

Facts follow ../shared/knowledge/coverage-facts.md (revised 2026-12-01).
"""

from decimal import Decimal
from pathlib import Path

import yaml

from actions import rendering
from actions.logic import checklist, cost_estimate, coverage, figures, knowledge, specialties
from actions.logic.coverage import Situation
from actions.logic.npi_registry import Provider, SearchResult

ROOT = Path(__file__).resolve().parents[3]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def _text(topic, year=2026, **situation):
    return " ".join(coverage.answer(topic, Situation(**situation), year=year).facts)


def _response(name):
    """The English text (the variation without a condition)."""
    return next(v["text"] for v in RESPONSES[name] if not v.get("condition"))


def _sources_text(topic, **situation):
    answer = coverage.answer(topic, Situation(**situation), year=2026)
    bases = " ".join(b.text for b in answer.bases)
    entries = [knowledge.load("sources")[b.source] for b in answer.bases]
    return bases + " " + " ".join(f"{e['name']} {e.get('law', '')}" for e in entries)


# 1 -------------------------------------------------------------------------
def test_01_tricare_for_life_pays_nothing_when_medicare_and_tricare_cover_it():
    text = _text("cost", plan_type="tricare_for_life")
    assert "you pay nothing" in text
    assert "of the Medicare-approved amount" not in text
    estimate = cost_estimate.estimate_for_plan("tricare_for_life", Decimal(500), year=2026)
    assert estimate.you_pay == 0 and estimate.plan_pays == Decimal(500)


# 2 -------------------------------------------------------------------------
def test_02_external_review_at_the_same_time_only_for_aca_plans():
    same_time = "external review at the same time"
    assert same_time in _text("denial", plan_type="ppo", urgent=True)
    advantage = _text("denial", plan_type="medicare_advantage", urgent=True)
    assert same_time not in advantage
    assert "72 hours" in advantage and "independent reviewer itself" in advantage
    medicaid = _text("denial", plan_type="medicaid_managed_care", urgent=True)
    assert same_time not in medicaid
    assert "must come first" in medicaid and "state fair hearing" in medicaid


# 3 -------------------------------------------------------------------------
def test_03_missouri_law_covers_any_condition_and_the_cancer_rule_needs_the_referral():
    knee = _text("coverage", plan_type="hmo", us_state="MO", condition="torn ACL")
    assert "for cancer; for other conditions" not in knee
    assert "any condition" in knee and "no more than a first opinion" in knee
    assert "§354.546" in _sources_text("coverage", plan_type="hmo", us_state="MO")
    cancer = _text("coverage", plan_type="hmo", us_state="MO", condition="lung cancer")
    assert "treating doctor makes the referral" in cancer
    assert "referral and approval rules still apply" in cancer


# 4 -------------------------------------------------------------------------
def test_04_new_jersey_benefit_is_made_available_not_guaranteed():
    text = _text("coverage", plan_type="ppo", us_state="NJ")
    assert "only if the employer chose it" in text and "may not include it" in text


# 5 -------------------------------------------------------------------------
def test_05_the_hsa_cap_is_for_hsa_plans_in_network_and_other_plans_have_the_aca_cap():
    text = _text("cost", plan_type="hdhp", year=2026)
    assert "capped at no more than $8,500" not in text
    assert "HSA" in text and "$8,500 in 2026" in text and "in network" in text
    assert "$10,600 in 2026" in text and "no cap" in text
    later = _text("cost", plan_type="hdhp", year=2027)
    assert "$8,700 in 2027" in later and "$1,750 in 2027" in later
    assert figures.get("hsa_out_of_pocket_max_self", 2027).source == "irs_rp_2026_24"
    assert figures.get("hsa_out_of_pocket_max_self", 2025).source == "irs_rp_2024_25"
    assert knowledge.load("sources")["irs_rp_2024_25"]["law"] == "Rev. Proc. 2024-25"


# 6 -------------------------------------------------------------------------
def test_06_grandfathered_plans_still_owe_reasons_and_an_internal_appeal():
    text = _text("denial", plan_type="ppo")
    assert "don't have to offer these rights" not in text
    assert "grandfathered" in text and "in writing" in text and "180 days to appeal" in text


# 7 -------------------------------------------------------------------------
def test_07_consumer_assistance_only_where_a_state_has_one_with_the_fallbacks():
    text = _text("denial", plan_type="employer_unknown")
    assert "if your state has one" in text
    assert "state insurance department" in text and "1-866-444-3272" in text
    medicare = _text("denial", plan_type="original_medicare")
    assert "1-800-MEDICARE" in medicare and "SHIP" in medicare
    handoff = _response("utter_human_handoff")
    assert "if your state has one" in handoff and "1-866-444-3272" in handoff


# 8 -------------------------------------------------------------------------
def test_08_oregon_cites_no_unconfirmed_section():
    text = _text("coverage", plan_type="hmo", us_state="OR")
    assert "In Oregon" in text
    rules = (ROOT / "actions" / "knowledge" / "coverage_rules.yml").read_text(encoding="utf-8")
    assert "743.856" not in rules
    assert "743.856" not in _sources_text("coverage", plan_type="hmo", us_state="OR")


# 9 -------------------------------------------------------------------------
def test_09_people_without_insurance_hear_of_their_rights():
    for topic in ("coverage", "cost"):
        text = _text(topic, plan_type="uninsured")
        assert "Good Faith Estimate" in text and "$400 or more" in text
        assert "financial-assistance policy" in text


# 10 ------------------------------------------------------------------------
def test_10_plain_medicare_cost_says_what_changes_it_and_asks():
    answer = coverage.answer("cost", Situation(plan_type="original_medicare"), year=2026)
    text = " ".join(answer.facts)
    assert "Medigap" in text and "Medicaid" in text and "Medicare Advantage" in text
    assert "Which do you have?" in text
    message = rendering.coverage_message(answer)
    assert '/inform{"plan_type": "medicare_advantage"}' in [
        b["payload"] for b in message["buttons"]
    ]


# 11 ------------------------------------------------------------------------
def test_11_the_npi_registry_lists_doctors_it_does_not_license_them():
    provider = Provider(npi="1", name="Doc", specialty="Neurology", address="1 St", phone=None)
    result = SearchResult(providers=[provider], result_count=1)
    message = rendering.specialist_results_message(result, "neurologist", "02115", 0)
    assert message is not None
    assert "listed" in message["text"] and "state medical board" in message["text"]
    for text in [message["text"], _response("utter_find_doctor")]:
        assert "licensed" not in text.lower()
    assert "licensed" not in _response("utter_ask_specialist_search_form_specialty").lower()
    built = checklist.build("ppo", "migraine", "no", None)
    assert "licensed" not in " ".join(i for s in built.sections for i in s.items).lower()


# 12 ------------------------------------------------------------------------
def test_12_lung_cancer_leads_to_a_chest_surgeon():
    found = specialties.for_condition("lung cancer")
    assert "thoracic_surgery" in found and "cardiac_surgery" not in found
    assert specialties.label("thoracic_surgery") == "chest surgeon (thoracic surgeon)"
    assert "thoracic_surgery" in specialties.for_condition("esophageal cancer")


# 13 ------------------------------------------------------------------------
def test_13a_medicaid_plan_appeal_must_come_first():
    text = _text("denial", plan_type="medicaid")
    assert "usually comes first" not in text and "must come first" in text


def test_13b_many_plans_not_plans_usually():
    text = _response("utter_medical_necessity")
    assert "Plans usually cover" not in text and "Many plans cover" in text


def test_13c_the_mayo_figures_are_one_referral_clinics_from_2017():
    text = _response("utter_why_second_opinion")
    assert "one referral clinic's study" in text and "2017" in text


def test_13d_hipaa_30_days_with_one_30_day_extension():
    built = checklist.build("ppo", "migraine", "no", None)
    records = " ".join(next(s for s in built.sections if "records" in s.title).items)
    assert "30 days" in records and "one more 30-day extension" in records


def test_13e_emergency_surgery_warning_when_unsure_too():
    for surgery in ("yes", "unsure"):
        built = checklist.build("ppo", "hernia", surgery, None)
        booking = " ".join(next(s for s in built.sections if s.title == "Book the visit").items)
        assert "don't delay it" in booking


def test_13f_veterans_in_crisis_dial_988_then_press_1():
    assert "988, then press 1" in _response("utter_emergency")


def test_13g_tricare_point_of_service_confirmed_with_its_limits():
    text = _text("authorization", plan_type="tricare_prime")
    assert "$300 in 2026" in text and "$600" in text and "50%" in text
    assert "may mean" not in text and "about $300" not in text
    assert "not for active-duty service members or people with other health insurance" in text
    entry = knowledge.load("figures")["tricare_pos_deductible_individual"]
    assert entry["source"] == "tricare_pos" and "confirmed" not in entry
    assert knowledge.load("sources")["tricare_pos"]["url"].startswith("https://www.tricare.mil/")


def test_13h_no_dollar_or_percent_written_inside_the_rules():
    raw = (ROOT / "actions" / "knowledge" / "coverage_rules.yml").read_text(encoding="utf-8")
    assert "$2,000" not in raw and "50%" not in raw
    assert figures.get("remote_opinion_self_pay_high", 2026).amount_text() == "$2,000"
    assert figures.get("tricare_pos_cost_share", 2026).amount_text() == "50%"


# 14 ------------------------------------------------------------------------
def test_14_each_rule_has_the_date_it_was_checked_tied_to_its_text():
    rules = knowledge.load("coverage_rules")["rules"]
    assert all(rule.get("checked") == coverage.fingerprint(rule) for rule in rules)
    header = (ROOT / "actions" / "knowledge" / "coverage_rules.yml").read_text(encoding="utf-8")
    assert "How `as_of` is kept" in header
