"""The personal second-opinion checklist, built from plain facts about the user's case.

Each section is a title and a list of short items; the action turns it into
messages. The insurance and after-care sections reuse the coverage engine, so
the checklist never disagrees with the coverage answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from actions.logic import call_script, conditions, coverage, knowledge
from actions.logic.knowledge import UNKNOWN


@dataclass(frozen=True)
class Section:
    title: str
    items: List[str]


@dataclass(frozen=True)
class Checklist:
    intro: str
    sections: List[Section] = field(default_factory=list)


# Records that matter for each kind of condition, on top of the common ones.
_RECORDS_BY_KIND = {
    "cancer": [
        "Pathology reports, and ask the lab to send the slides or tissue blocks to the second "
        "doctor.",
        "Imaging reports and the image files (CT, MRI, PET) on disc or by link.",
    ],
    "heart": [
        "Reports and image files of heart tests (for example echocardiogram, stress test or "
        "catheterization).",
    ],
    "neurological": [
        "Brain or spine imaging reports and the image files (MRI, CT) on disc or by link.",
        "Reports of nerve or brain tests you've had (for example EEG).",
    ],
    "orthopedic": [
        "X-ray and MRI reports and the image files on disc or by link.",
    ],
    "other": [
        "Imaging reports and the image files on disc or by link, if you've had any.",
    ],
}
_COMMON_RECORDS = [
    "Recent lab and test results.",
    "Notes from your doctor, the diagnosis and the proposed treatment plan.",
    "Operative notes and hospital discharge summaries, if any.",
    "A list of your medications and allergies, and your other health conditions.",
]

_QUESTIONS = [
    "What is the diagnosis, and how sure are you?",
    "What are my options, with their risks and benefits?",
    "Which options are most and least likely to help?",
    "How long are treatment and recovery, and what side effects are likely?",
    "What will it cost?",
    "How long can I safely wait before deciding?",
    "Are there clinical trials that fit my case?",
]


def _records_section(kind: Optional[str]) -> Section:
    items = [
        "Ask your first doctor's office for copies. Under HIPAA they must act within 30 days and "
        "may charge only a reasonable, cost-based fee."
    ]
    items += _RECORDS_BY_KIND.get(kind or "other", _RECORDS_BY_KIND["other"])
    items += _COMMON_RECORDS
    items.append(
        "Ask the first office to send everything ahead, and confirm the second office received it."
    )
    return Section("Gather your records", items)


def _insurance_section(situation: coverage.Situation) -> Section:
    family = knowledge.plan_family(situation.plan_type)
    items: List[str] = []
    if family != "uninsured":
        items.append("Call your plan (member services, the number on your card) before you book.")
    items += coverage.answer("authorization", situation).facts
    items += [
        f"Ask: {question}" if question.endswith("?") else question
        for question in call_script.questions(situation.plan_type)
    ]
    return Section("Check your insurance", items)


def _network_check(plan_type: Optional[str]) -> Optional[str]:
    """What to confirm about the doctor and the plan; None without insurance."""
    family = knowledge.rules_family(plan_type)
    if family == "uninsured":
        return None
    if family == "medicare":
        return "Make sure the doctor accepts Medicare."
    if family == "medicaid":
        return "Make sure the doctor accepts Medicaid or is in your plan's network."
    if family == UNKNOWN:
        return "Call your plan or check its directory to confirm the doctor is in network."
    return "Confirm the doctor is in your plan's network."


def doctor_checks(cancer: bool, plan_type: Optional[str]) -> List[str]:
    """What to check about a specialist before booking (the checklist and the specialist search).

    Args:
        cancer: whether the second opinion is about cancer.
        plan_type: a `plan_type` slot value, or None when not told.

    Returns:
        Board certification; an NCI-designated cancer center for cancer; and
        the plan's network, or Medicare or Medicaid acceptance (none without insurance).
    """
    items = ["Check board certification at certificationmatters.org."]
    if cancer:
        items.append("Consider an NCI-designated cancer center.")
    network = _network_check(plan_type)
    if network:
        items.append(network)
    return items


def _find_doctor_section(kind: Optional[str], plan_type: Optional[str]) -> Section:
    items = [
        f"Look for a specialist with expertise in {conditions.label(kind)}, ideally at a "
        "different practice or hospital.",
        "Ask your doctor for names, and search the NPPES NPI Registry for licensed specialists "
        "near you.",
    ]
    items += doctor_checks(kind == "cancer", plan_type)
    return Section("Find the doctor", items)


def _booking_section(surgery_recommended: Optional[str]) -> Section:
    items = [
        "When you call, say it's for a second opinion, and name your diagnosis and the "
        "recommended treatment.",
        "Ask what they need before the visit (referral, records, images) and what it will cost.",
        "Confirm your records arrived a few days before the visit.",
    ]
    if surgery_recommended == "yes":
        items.append("If the surgery is an emergency, don't delay it to get a second opinion.")
    return Section("Book the visit", items)


def _after_section(situation: coverage.Situation) -> Section:
    third = coverage.answer("third_opinion", situation).facts
    items = [
        "Ask for the second doctor's findings in writing, and share them with your first doctor.",
        "If the two opinions agree, choose the doctor you prefer or the one your plan covers.",
        "If they differ, consider a third opinion. " + " ".join(third),
    ]
    return Section("After the second opinion", items)


def build(
    plan_type: Optional[str],
    condition: Optional[str],
    surgery_recommended: Optional[str],
    us_state: Optional[str] = None,
) -> Checklist:
    """The whole checklist for one user's case.

    Args:
        plan_type: a `plan_type` slot value.
        condition: the condition as the user typed it.
        surgery_recommended: "yes", "no" or "unsure".
        us_state: a two-letter state code.
        Every argument may be None (not told).

    Returns:
        The intro and the seven sections, in the order the user needs them.
    """
    kind = conditions.categorize(condition)
    situation = coverage.Situation(
        plan_type=plan_type,
        us_state=us_state,
        condition=condition,
        surgery_recommended=surgery_recommended,
    )
    about = []
    if condition:
        about.append(f"a second opinion about {condition.strip()}")
    else:
        about.append("a second opinion")
    about.append(f"with {knowledge.plan_label(plan_type)}")
    state = knowledge.state_name(us_state)
    if state:
        about.append(f"in {state}")
    intro = (
        "Here is your checklist for "
        + " ".join(about)
        + ". It's general information, not medical advice."
    )
    sections = [
        Section(
            "Talk to your doctor",
            [
                "Tell your doctor you'd like a second opinion; it's a normal step.",
                "Ask for your records to be sent to the second doctor.",
            ],
        ),
        _records_section(kind),
        _insurance_section(situation),
        _find_doctor_section(kind, plan_type),
        _booking_section(surgery_recommended),
        Section("Questions to ask at the visit", list(_QUESTIONS)),
        _after_section(situation),
    ]
    return Checklist(intro=intro, sections=sections)
