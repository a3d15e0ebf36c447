"""The medical-records request letter: the HIPAA right-of-access facts, plain words, blanks."""

import re

import pytest

from actions.logic import appeals, coverage, documents, knowledge, letters, sources
from tests.actions.logic.test_documents import all_text

FILLED = {
    "condition": "lung cancer",
    "patient_name": "María O'Brien",
    "patient_birth_date": "1952-03-14",
    "records_holder": "Riverside Clinic, 12 Elm St, Columbus OH",
    "records_recipient": "Dr. Ana Patel, Ohio Cancer Center, Cleveland OH",
}


def fields(document) -> dict:
    return {f.label: f.value for p in document.parts for f in p.fields if f.label}


def test_the_letter_states_the_right_of_access_facts():
    text = all_text(letters.records_request(FILLED))
    assert "45 CFR 164.524" in text and "HIPAA" in text
    assert "within 30 days" in text
    assert "one more 30 days, one time only, if you tell me in writing" in text
    assert "reasonable, cost-based fee" in text
    assert "electronic copies" in text


def test_the_letter_carries_the_details_the_user_gave():
    document = letters.records_request(FILLED)
    values = fields(document)
    assert values["From (the patient)"] == "María O'Brien"
    assert values["Date of birth"] == "March 14, 1952"
    assert values["To (the office that has my records)"] == FILLED["records_holder"]
    assert values["Doctor and address"] == FILLED["records_recipient"]
    assert values["Signature"] is None  # signed by hand


def test_skipped_details_are_blank_lines_to_write_on():
    values = fields(letters.records_request({}))
    for label in (
        "From (the patient)",
        "Date of birth",
        "To (the office that has my records)",
        "Doctor and address",
        "Printed name",
    ):
        assert values[label] is None


def test_cancer_asks_for_pathology_slides_other_conditions_do_not():
    assert "slides or tissue blocks" in all_text(letters.records_request(FILLED))
    knee = all_text(letters.records_request({"condition": "knee pain"}))
    assert "slides" not in knee and "Pathology" not in knee
    for record in ("Imaging reports and the image files", "Lab and test results", "treatment plan"):
        assert record in knee


def test_legal_names_are_explained_beside_them():
    text = all_text(letters.records_request(FILLED))
    assert "HIPAA (the Health Insurance Portability and Accountability Act, the federal law" in text
    assert "cost-based fee (a fee based on what it costs you to make and send the copies)" in text
    assert "right of access (the federal rule 45 CFR 164.524)" in text


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    sentences = [s for s in re.split(r"[.!?:]+\s", text) if s.strip()]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def test_the_letter_reads_at_grade_8_or_lower():
    document = letters.records_request(FILLED)
    # Every sentence of the letter, the legal names and their explanations included.
    body = " ".join(
        line
        for part in document.parts
        for line in (*part.paragraphs, *part.items, part.note)
        if line
    )
    assert flesch_kincaid_grade(body) <= 8.0


def test_preview_says_what_the_letter_holds():
    text = "\n".join(letters.records_request_preview(FILLED))
    assert "From: María O'Brien, born March 14, 1952" in text
    assert "To: Riverside Clinic" in text and "Send the records to: Dr. Ana Patel" in text
    assert "pathology reports and slides" in text
    assert "30 days" in text and "cost-based" in text
    blank = "\n".join(letters.records_request_preview({}))
    assert "blank line for the patient's name" in blank


# ---- the appeal letter ------------------------------------------------------------

APPEAL = {
    "condition": "lung cancer",
    "patient_name": "María O'Brien",
    "member_id": "XZ-4471-09",
    "denial_reason": "Not medically necessary",
    "why_necessary": "The surgeon wants to remove part of my lung. I want a lung cancer expert "
    "to check the diagnosis first.",
    "appeal_urgent": "yes",
}
# Each family's own words, which no other family's letter may hold.
FAMILY_WORDS = {
    "aca": ("internal appeal", "180 days", "external review", "EBSA"),
    "medicare_advantage": ("reconsideration", "independent review entity"),
    "original_medicare": ("redetermination", "Medicare Summary Notice"),
    "medicaid_managed_care": ("plan appeal", "state fair hearing"),
    "tricare_va": ("TRICARE or VA health care",),
}
FAMILY_PLAN = {
    "aca": "ppo",
    "medicare_advantage": "medicare_advantage_hmo",
    "original_medicare": "original_medicare",
    "medicaid_managed_care": "medicaid_managed_care",
    "tricare_va": "tricare_prime",
}


def appeal(plan_type, **changes):
    return letters.appeal_letter({**APPEAL, "plan_type": plan_type, **changes})


def items_of(document, heading):
    [part] = [p for p in document.parts if p.heading == heading]
    return list(part.items)


@pytest.mark.parametrize("family", sorted(FAMILY_PLAN))
def test_each_family_gets_its_own_route_and_no_other(family):
    text = all_text(appeal(FAMILY_PLAN[family]))
    for words in FAMILY_WORDS[family]:
        assert words in text, (family, words)
    for other, words_of_other in FAMILY_WORDS.items():
        if other == family:
            continue
        for words in words_of_other:
            if family == "medicaid_managed_care" and words == "state fair hearing":
                continue
            assert words not in text, (family, other, words)


@pytest.mark.parametrize("plan_type", sorted(knowledge.plan_types()))
def test_the_letter_and_the_chat_give_the_same_steps(plan_type):
    """Every deadline and next step in the letter comes from the route the chat's answer used."""
    for urgent in ("yes", "no", "unsure", None):
        slots = {**APPEAL, "plan_type": plan_type, "appeal_urgent": urgent}
        chat = coverage.answer(
            "denial",
            coverage.Situation(
                plan_type=plan_type,
                condition="lung cancer",
                urgent={"yes": True, "no": False}.get(urgent or ""),
            ),
        )
        document = letters.appeal_letter(slots)
        text = all_text(document)
        if not letters.has_plan_to_appeal(plan_type):
            assert "no plan to appeal to" in text
            assert list(document.parts[0].items) == chat.facts
            continue
        heading = "Before you send it (this part is for you)"
        assert items_of(document, heading)[: len(chat.facts)] == chat.facts
        routes = appeals.routes_for(plan_type)
        assert [r.key for r in routes] == [
            k.removeprefix("route:") for k in chat.rule_ids if k.startswith("route:")
        ]
        checks = items_of(document, "Check before you send it")
        for route in routes:
            step = route.first_step
            assert f"request for {letters.with_article(step.legal_name)}" in text
            assert any(letters.deadline_words(step) in c for c in checks), (plan_type, checks)
            if step.deadline and step.deadline.days:
                assert f"You have {step.deadline.days} days" in " ".join(chat.facts)
        if len(routes) == 1 and routes[0].next_step:
            assert f"how the next step works: the {routes[0].next_step.legal_name}" in text
            assert routes[0].next_step.text in chat.facts
        # No number in the letter that the chat's answer and routes don't have.
        numbers = set(re.findall(r"\b\d+\b", text)) - set(
            re.findall(r"\b\d+\b", APPEAL["member_id"])
        )
        allowed = set(re.findall(r"\b\d+\b", " ".join(chat.facts)))
        allowed |= {str(r.expedited.hours) for r in routes if r.expedited and r.expedited.hours}
        allowed |= set(
            re.findall(r"\b\d+\b", " ".join(documents.source_lines(sources.for_answer(chat))))
        )
        allowed |= set(re.findall(r"\b\d+\b", documents.FOOTER))
        assert numbers <= allowed, (plan_type, numbers - allowed)


def test_the_fast_appeal_is_asked_for_only_when_urgent():
    urgent = appeal("ppo")
    text = all_text(urgent)
    assert "Please decide fast" in [p.heading for p in urgent.parts]
    assert "Please decide within 72 hours, as the rules require." in text
    assert "external review at the same time" in text
    for answer in ("no", "unsure", None):
        document = appeal("ppo", appeal_urgent=answer)
        assert "Please decide fast" not in [p.heading for p in document.parts], answer
        assert "Please treat this as a fast (expedited) appeal" not in all_text(document)
    # "No" leaves the fast route out of the steps too, as the chat does for urgent=False.
    assert "fast appeal" not in all_text(appeal("ppo", appeal_urgent="no"))
    assert "If waiting could harm your health" in all_text(appeal("ppo", appeal_urgent="unsure"))


def test_the_fast_appeal_uses_each_routes_own_timeline():
    ma = all_text(appeal("medicare_advantage"))
    assert "Please decide within 72 hours" in ma
    assert "external review at the same time" not in ma  # not for Medicare Advantage
    medicaid = all_text(appeal("medicaid_managed_care"))
    assert "hours" not in medicaid  # no confirmed number of hours
    assert "Please decide as fast as you can." in medicaid
    original = all_text(appeal("original_medicare"))
    assert "Please decide as fast as you can." in original
    assert "no fast-appeal timeline on file for Original Medicare" in original


def test_plain_medicaid_lets_the_user_tick_the_route():
    document = appeal("medicaid")
    [ask] = [p for p in document.parts if p.heading == "My appeal"]
    assert ask.item_style == "checkbox"
    assert list(ask.items) == [
        "A Medicaid managed care plan: a request for a plan appeal.",
        "Fee-for-service Medicaid: a request for a state fair hearing.",
    ]


def test_a_plan_not_told_says_ask_your_plan_and_gives_no_deadline():
    document = letters.appeal_letter({**APPEAL, "plan_type": None})
    text = all_text(document)
    assert "ask your plan" in text
    for words in ("180 days", "72 hours", "internal appeal", "external review"):
        assert words not in text


def test_no_insurance_has_no_plan_to_appeal_to():
    text = all_text(appeal("uninsured"))
    assert "there is no plan to appeal to" in text
    assert "Signature" not in text


def test_the_users_words_are_printed_as_given_and_skips_are_blank_lines():
    document = appeal("ppo")
    text = all_text(document)
    assert "\u201cNot medically necessary\u201d" in text
    assert APPEAL["why_necessary"] in text
    values = fields(document)
    assert values["Member ID"] == "XZ-4471-09"
    assert values["From (the patient)"] == "María O'Brien"
    assert values["My doctor's name"] is None
    blank = letters.appeal_letter({"plan_type": "ppo"})
    assert fields(blank)["Member ID"] is None and fields(blank)["From (the patient)"] is None
    [reason] = [p for p in blank.parts if p.heading == "Why you said no"]
    assert reason.fields and all(f.value is None for f in reason.fields)


@pytest.mark.parametrize("plan_type", [*FAMILY_PLAN.values(), "medicaid", "medicaid_ffs", None])
def test_the_appeal_letter_reads_at_grade_8_or_lower(plan_type):
    document = appeal(plan_type, why_necessary=None, denial_reason=None)
    body = " ".join(
        line
        for part in document.parts
        if part.heading != "Sources"
        for line in (*part.paragraphs, *part.items, part.note)
        if line
    )
    assert flesch_kincaid_grade(body) <= 8.0


def test_appeal_preview_says_what_the_letter_holds():
    text = "\n".join(letters.appeal_letter_preview({**APPEAL, "plan_type": "ppo"}))
    assert "From: María O'Brien, member ID XZ-4471-09" in text
    assert "a request for an internal appeal" in text
    assert "Deadline: 180 days from the date of the denial notice" in text
    assert "\u201cNot medically necessary\u201d" in text
    assert "fast (expedited) decision, within 72 hours" in text
    assert "If the plan still says no: the external review" in text
    long_why = "word " * 200
    preview = letters.appeal_letter_preview({"plan_type": "ppo", "why_necessary": long_why})
    assert all(len(line) < 200 for line in preview)
    blank = "\n".join(letters.appeal_letter_preview({"plan_type": "medicare_advantage"}))
    assert "blank line for the name" in blank and "Blank lines for the plan's reason" in blank
    assert "No request for a fast decision" in blank
    assert "the deadline is in the plan's notice" in blank
