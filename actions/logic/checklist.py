"""The personal second-opinion checklist, built from plain facts about the user's case.

Each section is a title and a list of short items; the action turns it into
messages. The insurance and after-care sections reuse the coverage engine, so
the checklist never disagrees with the coverage answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from actions.logic import call_script, conditions, coverage, i18n, knowledge, people, sources
from actions.logic.i18n import t
from actions.logic.knowledge import UNKNOWN
from actions.logic.sources import SourceEntry


@dataclass(frozen=True)
class Section:
    title: str
    items: List[str]


@dataclass(frozen=True)
class Checklist:
    intro: str
    sections: List[Section] = field(default_factory=list)
    # Where the checklist's facts come from, each source once.
    sources: List[SourceEntry] = field(default_factory=list)


# Records that matter for each kind of condition, on top of the common ones.
_RECORDS_BY_KIND = {
    "cancer": [
        "Pathology reports. Ask the lab to send the slides or tissue blocks to the second doctor.",
        "Scan reports and the scans themselves (CT, MRI, PET), on a disc or by link.",
    ],
    "heart": [
        "Reports and images of heart tests, like an echo, a stress test or a heart cath.",
    ],
    "neurological": [
        "Reports of brain or spine scans (MRI, CT), and the scans on a disc or by link.",
        "Reports of nerve or brain tests you've had, like an EEG.",
    ],
    "orthopedic": [
        "X-ray and MRI reports, and the images on a disc or by link.",
    ],
    "other": [
        "Scan reports and the scans themselves, on a disc or by link, if you've had any.",
    ],
}
_COMMON_RECORDS = [
    "Recent lab and test results.",
    "Your doctor's notes, the diagnosis and the treatment plan.",
    "Notes from any surgery, and hospital discharge papers.",
    "A list of your medicines and allergies, and your other health problems.",
]

_QUESTIONS = [
    "What is the diagnosis? How sure are you?",
    "What are my choices? What are the risks and benefits of each?",
    "Which choices are most and least likely to help?",
    "How long will treatment and recovery take? What side effects are likely?",
    "What will it cost?",
    "How long can I safely wait before I decide?",
    "Is there a clinical trial that fits my case?",
]


def _records_section(kind: Optional[str], who: people.Person) -> Section:
    items = [
        t(
            "Ask your first doctor's office for copies. The law (HIPAA) says the office must act "
            "within 30 days. It may take one more 30-day extension if it tells you in writing. It "
            "may charge only a fair fee based on its cost."
        )
    ]
    items += [t(item) for item in _RECORDS_BY_KIND.get(kind or "other", _RECORDS_BY_KIND["other"])]
    items += [t(item) for item in _COMMON_RECORDS]
    items.append(
        t("Ask the first office to send it all ahead. Then check that the second office got it.")
    )
    return Section(i18n.text("Gather {whose} records", **who.words), items)


def _insurance_section(situation: coverage.Situation) -> Section:
    family = knowledge.plan_family(situation.plan_type)
    items: List[str] = []
    if family != "uninsured":
        items.append(t("Call your plan before you book. The number is on your card."))
    items += coverage.answer("authorization", situation).facts
    items += [
        i18n.text("Ask: {question}", question=question) if question.endswith("?") else question
        for question in call_script.questions(situation.plan_type)
    ]
    return Section(t("Check your insurance"), items)


def _network_check(plan_type: Optional[str]) -> Optional[str]:
    """What to confirm about the doctor and the plan; None without insurance."""
    family = knowledge.rules_family(plan_type)
    if family == "uninsured":
        return None
    if family == "medicare":
        return t("Make sure the doctor takes Medicare.")
    if family == "medicaid":
        return t("Make sure the doctor takes Medicaid or is in your plan's network.")
    if family == UNKNOWN:
        return t(
            "Call your plan or check its list of doctors to make sure the doctor is in network."
        )
    return t("Make sure the doctor is in your plan's network.")


def doctor_checks(cancer: bool, plan_type: Optional[str]) -> List[str]:
    """What to check about a specialist before booking (the checklist and the specialist search).

    Args:
        cancer: whether the second opinion is about cancer.
        plan_type: a `plan_type` slot value, or None when not told.

    Returns:
        The license (state medical board) and board certification; an
        NCI-designated cancer center for cancer; and the plan's network, or
        Medicare or Medicaid acceptance (none without insurance).
    """
    items = [
        t("Check the doctor's license with your state medical board."),
        t("Check board certification at certificationmatters.org."),
    ]
    if cancer:
        items.append(t("Think about a cancer center named by the National Cancer Institute (NCI)."))
    network = _network_check(plan_type)
    if network:
        items.append(network)
    return items


def _find_doctor_section(kind: Optional[str], plan_type: Optional[str]) -> Section:
    items = [
        i18n.text(
            "Look for a specialist who knows {condition} well. A different practice or "
            "hospital is best.",
            condition=conditions.label(kind),
        ),
        t(
            "Ask your doctor for names. You can also search the NPPES NPI Registry, a list of "
            "doctors by specialty and place."
        ),
    ]
    items += doctor_checks(kind == "cancer", plan_type)
    return Section(t("Find the doctor"), items)


def _booking_section(surgery_recommended: Optional[str]) -> Section:
    items = [
        t(
            "When you call, say it's for a second opinion. Name the diagnosis and the treatment "
            "your doctor suggests."
        ),
        t(
            "Ask what they need before the visit (a referral, records, scans). "
            "Ask what it will cost."
        ),
        t("Check that your records arrived a few days before the visit."),
    ]
    if surgery_recommended in ("yes", "unsure"):
        items.append(t("If the surgery is an emergency, don't delay it to get a second opinion."))
    return Section(t("Book the visit"), items)


def _after_section(situation: coverage.Situation) -> Section:
    third = coverage.answer("third_opinion", situation).facts
    items = [
        t("Ask for the second doctor's findings in writing. Share them with your first doctor."),
        t("If the two opinions agree, choose the doctor you like or the one your plan covers."),
        t("If they differ, think about a third opinion.") + " " + " ".join(third),
    ]
    return Section(t("After the second opinion"), items)


def build(
    plan_type: Optional[str],
    condition: Optional[str],
    surgery_recommended: Optional[str],
    us_state: Optional[str] = None,
    person: Optional[str] = None,
) -> Checklist:
    """The whole checklist for one case.

    Args:
        plan_type: a `plan_type` slot value.
        condition: the condition as the user typed it.
        surgery_recommended: "yes", "no" or "unsure".
        us_state: a two-letter state code.
        person: who it is for when not the user ("mother"): the checklist then
            speaks of them ("your mother's records").
        Every argument may be None (not told).

    Returns:
        The intro and the seven sections, in the order the user needs them.
    """
    kind = conditions.categorize(condition)
    who = people.person(person)
    situation = coverage.Situation(
        plan_type=plan_type,
        us_state=us_state,
        condition=condition,
        surgery_recommended=surgery_recommended,
    )
    words = who.words
    opinion = t("a second opinion") if who.is_user else i18n.text("{whose} second opinion", **words)
    if condition:
        opinion += i18n.text(" about {condition}", condition=condition.strip())
    case = knowledge.plan_label(plan_type)
    state = knowledge.state_name(us_state)
    if state:
        case += i18n.text(", in {state}", state=state)
    intro = i18n.text(
        "Here is your checklist. It is for {opinion}. It uses what you told me: {case}. "
        "It is not medical advice. It is just to help you plan.",
        opinion=opinion,
        case=case,
    )
    sections = [
        Section(
            i18n.text("Talk to {whose} doctor", **words),
            [
                i18n.text(
                    "Tell {whose} doctor about the second opinion. It's a normal step.", **words
                ),
                i18n.text(
                    "Ask for {pronoun_possessive} records to be sent to the second doctor.",
                    **words,
                ),
            ],
        ),
        _records_section(kind, who),
        _insurance_section(situation),
        _find_doctor_section(kind, plan_type),
        _booking_section(surgery_recommended),
        Section(t("Questions to ask at the visit"), [t(question) for question in _QUESTIONS]),
        _after_section(situation),
    ]
    used = sources.for_answers(
        [coverage.answer("authorization", situation), coverage.answer("third_opinion", situation)]
    )
    used = sources.unique(used + sources.for_topic("records") + sources.for_topic("find_doctor"))
    return Checklist(intro=intro, sections=sections, sources=used)
