"""Letters the user can print, sign and send: the medical-records request and the appeal.

The records request follows HHS's guidance on the HIPAA right of access
(45 CFR 164.524): a written, signed request that says who the patient is,
which records, in what form, and where to send them. Its facts are those of
coverage-facts.md, "Records and the checklist": the office must act within
30 days, may take one 30-day extension with written notice, and may charge
only a reasonable, cost-based fee. Plain words (about grade 6), each legal
name explained beside it. A detail the user skipped is a blank line.

The appeal letter asks the plan to look again at a denied second opinion. It
follows the appeal route of the user's plan (actions/logic/appeals.py, data in
actions/knowledge/appeal_routes.yml): the step's legal name, its deadline,
the fast (expedited) appeal when the user says it is urgent, and the next
step if the plan still says no. Its "for you" part lists the very facts of the
chat's denial answer (coverage.answer("denial", ...)), so the letter and the
chat never disagree. A plan that is not known gets no route: the letter says
to ask the plan for its deadlines rather than guess them. The plan's reason
and why the opinion is needed are the user's own words, printed as typed
(checked like the other details), with a place for the doctor's letter.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple

from actions.logic import appeals, conditions, coverage, knowledge, sources
from actions.logic.documents import (
    FOOTER,
    NOT_TOLD,
    Document,
    Field,
    Part,
    plain_condition,
    printable_detail,
    source_lines,
)

RIGHT_OF_ACCESS = "45 CFR 164.524"
DEADLINE_DAYS = 30
EXTENSION_DAYS = 30

# Which records to ask for, by kind of condition (coverage-facts.md, "What to gather").
_CANCER_RECORDS = (
    "Pathology reports, and the slides or tissue blocks (the samples the lab looked at), "
    "so another doctor can look at them.",
)
_COMMON_RECORDS = (
    "Imaging reports and the image files themselves (for example CT, MRI or X-ray), "
    "on a disc or by a secure link.",
    "Lab and test results.",
    "Doctors' notes, operative notes and hospital discharge summaries.",
    "The treatment plan.",
    "My medication and allergy list, and my other health conditions.",
)


def records_to_request(condition: Optional[str]) -> Tuple[str, ...]:
    """The records the letter asks for; pathology slides and blocks only for cancer."""
    if conditions.categorize(condition) == "cancer":
        return _CANCER_RECORDS + _COMMON_RECORDS
    return _COMMON_RECORDS


def records_request(slots: Mapping[str, Any]) -> Document:
    """The HIPAA right-of-access letter, from what the user chose to fill in."""
    name = printable_detail(slots, "patient_name")
    born = printable_detail(slots, "patient_birth_date")
    holder = printable_detail(slots, "records_holder")
    recipient = printable_detail(slots, "records_recipient")
    condition = plain_condition(slots)
    about = f" about my {condition}" if condition else ""
    parts = [
        Part(
            fields=(
                Field("Date"),
                Field("To (the office that has my records)", holder),
            )
        ),
        Part(
            fields=(
                Field("From (the patient)", name),
                Field("Date of birth", born),
                Field("Phone or email, to reach me"),
                Field("Mailing address"),
            )
        ),
        Part(
            heading="My request",
            paragraphs=(
                "I am asking for copies of my medical records. I have the right to get them "
                "under HIPAA (the Health Insurance Portability and Accountability Act, the federal "
                "law that protects health records). This right is called the right of access "
                f"(the federal rule {RIGHT_OF_ACCESS}).",
                f"I need them for a second opinion{about}. Please send copies of:",
            ),
            items=records_to_request(condition),
            fields=(Field("Dates of care, if you want to limit them (from - to)"),),
        ),
        Part(
            heading="How and where to send them",
            paragraphs=(
                "Please send electronic copies if you can (for example a download, secure email "
                "or a disc). If you can't, paper copies are fine.",
                "Please send them to the doctor who will give me the second opinion:",
            ),
            fields=(Field("Doctor and address", recipient), Field("")),
            note="Please also tell me when you have sent them.",
        ),
        Part(
            heading="Time and cost",
            paragraphs=(
                f"You must act on this request within {DEADLINE_DAYS} days. If you need more "
                f"time, you may take one more {EXTENSION_DAYS} days, one time only, if you tell "
                "me in writing.",
                "You may charge only a reasonable, cost-based fee (a fee based on what it "
                "costs you to make and send the copies). Please tell me the fee before you "
                "send them.",
            ),
        ),
        Part(
            paragraphs=("Thank you.",),
            fields=(
                Field("Signature"),
                Field("Printed name", name),
                Field("Date"),
            ),
        ),
        Part(
            heading="Before you send it (this part is for you)",
            items=(
                "Fill in the blank lines, then sign and date the letter.",
                "Send it to the office's medical records department, and keep a copy.",
                "If the office asks you to use its own form, copy these details onto it.",
                "A few days before the visit, check that the second doctor got the records.",
            ),
        ),
    ]
    return Document(
        kind="records_request",
        title="Request for copies of my medical records",
        subtitle="HIPAA right of access, " + RIGHT_OF_ACCESS,
        parts=tuple(parts),
        footer=FOOTER,
    )


def records_request_preview(slots: Mapping[str, Any]) -> List[str]:
    """What the letter will say, as short lines for the chat."""
    name = printable_detail(slots, "patient_name")
    born = printable_detail(slots, "patient_birth_date")
    holder = printable_detail(slots, "records_holder")
    recipient = printable_detail(slots, "records_recipient")
    who = name or "a blank line for the patient's name"
    if name:
        who += f", born {born}" if born else " (a blank line for the date of birth)"
    asks = [
        "pathology reports and slides"
        if conditions.categorize(plain_condition(slots)) == "cancer"
        else "",
        "imaging reports and the image files",
        "lab results",
        "doctors' notes",
        "the treatment plan",
        "your medication and allergy list",
    ]
    return [
        f"From: {who}",
        f"To: {holder or 'a blank line for the office that has the records'}",
        f"Send the records to: {recipient or 'a blank line for the second doctor'}",
        "It asks for: " + ", ".join(a for a in asks if a),
        "Electronic copies if possible; the office must act within "
        f"{DEADLINE_DAYS} days (one {EXTENSION_DAYS}-day extension, in writing); "
        "only a reasonable, cost-based fee",
        "Lines to sign and date",
    ]


# ---- the appeal letter ------------------------------------------------------------

# How much of the user's own words the chat's preview repeats.
PREVIEW_QUOTE_LENGTH = 80


def appeal_urgency(slots: Mapping[str, Any]) -> Optional[bool]:
    """The answer to "is it urgent?": True, False, or None when skipped or not sure.

    The same three values as the chat's Situation.urgent: None still names the
    fast appeal "if waiting could harm your health"; False leaves it out.
    """
    return {"yes": True, "no": False}.get(str(slots.get("appeal_urgent") or "").lower())


def _plan_type(slots: Mapping[str, Any]) -> Optional[str]:
    plan_type = slots.get("plan_type")
    return plan_type if isinstance(plan_type, str) and plan_type in knowledge.plan_types() else None


def has_plan_to_appeal(plan_type: Optional[str]) -> bool:
    """Whether an appeal letter fits: a plan was told, and it is a plan (not "no insurance")."""
    return plan_type in knowledge.plan_types() and knowledge.plan_family(plan_type) != "uninsured"


def appeal_routes(slots: Mapping[str, Any]) -> List[appeals.AppealRoute]:
    """The routes the letter follows: the chat's (appeals.routes_for); none for a plan not told."""
    plan_type = _plan_type(slots)
    return appeals.routes_for(plan_type) if plan_type else []


def denial_answer(slots: Mapping[str, Any]) -> coverage.CoverageAnswer:
    """The chat's denial answer for this conversation, with the urgency the user gave here."""
    return coverage.answer(
        "denial",
        coverage.Situation(
            plan_type=_plan_type(slots),
            us_state=slots.get("us_state") if knowledge.state_name(slots.get("us_state")) else None,
            condition=plain_condition(slots),
            surgery_recommended=slots.get("surgery_recommended"),
            urgent=appeal_urgency(slots),
        ),
    )


def deadline_words(step: appeals.Step) -> str:
    """A step's deadline in plain words: "180 days from the date of the denial notice"."""
    deadline = step.deadline
    if deadline and deadline.days:
        return f"{deadline.days} days from {deadline.counted_from}"
    if deadline and deadline.stated_in:
        return f"the deadline is in {deadline.stated_in}"
    return "ask your plan for the deadline"


def with_article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _what_i_ask(routes: List[appeals.AppealRoute], condition: Optional[str]) -> Part:
    about = f" about my {condition}" if condition else ""
    opening = (
        f"I am asking you to look again at your decision not to cover a second opinion{about}."
    )
    if len(routes) == 1:
        step = routes[0].first_step
        return Part(
            heading="My appeal",
            paragraphs=(opening, f"This letter is my request for {with_article(step.legal_name)}."),
        )
    if routes:
        return Part(
            heading="My appeal",
            paragraphs=(opening, "This letter is my appeal. I checked the kind of plan I have:"),
            items=tuple(
                f"{_capital(r.label)}: a request for {with_article(r.first_step.legal_name)}."
                for r in routes
            ),
            item_style="checkbox",
        )
    return Part(heading="My appeal", paragraphs=(opening, "This letter is my appeal."))


def _the_reason(reason: Optional[str]) -> Part:
    if reason:
        paragraphs: Tuple[str, ...] = (
            "Your notice says you said no for this reason:",
            f"\u201c{reason}\u201d",
        )
        fields: Tuple[Field, ...] = ()
    else:
        paragraphs = ("Your notice says you said no for this reason:",)
        fields = (Field(""), Field(""))
    return Part(heading="Why you said no", paragraphs=paragraphs, fields=fields)


def _why_needed(why: Optional[str]) -> Part:
    paragraphs: Tuple[str, ...] = ("In my own words:",) + ((why,) if why else ())
    fields: Tuple[Field, ...] = () if why else (Field(""), Field(""), Field(""))
    return Part(
        heading="Why I need this second opinion",
        paragraphs=paragraphs,
        fields=fields,
    )


def _attached() -> Part:
    return Part(
        heading="What I am sending with this letter",
        items=(
            "A letter from my doctor. It explains why the second opinion is medically "
            "necessary (care I need to find or treat a health problem).",
            "A copy of your denial notice.",
        ),
        item_style="checkbox",
        fields=(Field("My doctor's name"),),
    )


def _fast_decision(routes: List[appeals.AppealRoute]) -> Part:
    """The request for an expedited appeal: only when the user said it is urgent."""
    paragraphs = ["Waiting could harm my health. Please treat this as a fast (expedited) appeal."]
    fast = [r.expedited for r in routes if r.expedited]
    hours = {e.hours for e in fast if e.hours}
    if len(routes) == 1 and len(hours) == 1:
        paragraphs.append(f"Please decide within {hours.pop()} hours, as the rules require.")
    else:
        paragraphs.append("Please decide as fast as you can.")
    if len(routes) == 1 and fast and fast[0].with_external_review:
        paragraphs.append(
            "I also ask for an external review at the same time, as the rules allow when "
            "waiting could harm my health."
        )
    return Part(heading="Please decide fast", paragraphs=tuple(paragraphs))


def _if_still_no(routes: List[appeals.AppealRoute]) -> Part:
    paragraphs = ["If you still say no, please tell me in writing why."]
    following = [r.next_step.legal_name for r in routes if r.next_step]
    if len(routes) == 1 and following:
        paragraphs.append(f"Please also tell me how the next step works: the {following[0]}.")
    else:
        paragraphs.append("Please also tell me what I can do next.")
    return Part(heading="If you still say no", paragraphs=tuple(paragraphs))


def _for_you(
    slots: Mapping[str, Any], routes: List[appeals.AppealRoute], answer: coverage.CoverageAnswer
) -> List[Part]:
    """The part to keep: the steps the chat gave, the deadline, what to do before sending."""
    urgent = appeal_urgency(slots)
    plan_type = _plan_type(slots)
    if not routes:
        rules = Part(
            heading="Before you send it (this part is for you)",
            paragraphs=(
                "I don't know your plan, so I can't tell you its deadlines. Please ask your "
                "plan (the number is on your card): how long you have to appeal, how fast it "
                "must decide, and what you can do if it still says no. Your denial notice "
                "should say too.",
            ),
        )
        return [rules, _send_steps(["Send it by the deadline your plan gives you."])]
    deadlines = [
        (f"With {r.label}: " if len(routes) > 1 else "")
        + f"Send it in time: {deadline_words(r.first_step)}."
        for r in routes
    ]
    facts = list(answer.facts)
    if urgent:
        facts += [
            f"I have no fast-appeal timeline on file for {r.label}. Ask whether your case "
            "can be decided faster."
            for r in routes
            if r.expedited is None
        ]
    label = knowledge.plan_label(plan_type)
    return [
        Part(
            heading="Before you send it (this part is for you)",
            paragraphs=(f"What to do when a request is denied, with {label}:",),
            items=tuple(facts),
        ),
        _send_steps(deadlines),
        Part(heading="Sources", items=tuple(source_lines(sources.for_answer(answer)))),
    ]


def _send_steps(deadlines: List[str]) -> Part:
    return Part(
        heading="Check before you send it",
        items=(
            *deadlines,
            "Fill in the blank lines, then sign and date the letter.",
            "Add your doctor's letter and a copy of the denial notice.",
            "Keep a copy of everything, and write down the date you sent it.",
        ),
        item_style="checkbox",
    )


def _no_plan_to_appeal(slots: Mapping[str, Any], answer: coverage.CoverageAnswer) -> Document:
    return Document(
        kind="appeal_letter",
        title="Appeal letter: there is no plan to appeal to",
        parts=(
            Part(
                paragraphs=(
                    "You told me you have no insurance, so there is no plan to send an appeal "
                    "to. Here is what you can do instead:",
                ),
                items=tuple(answer.facts),
            ),
            Part(heading="Sources", items=tuple(source_lines(sources.for_answer(answer)))),
        ),
        footer=FOOTER,
    )


def appeal_letter(slots: Mapping[str, Any]) -> Document:
    """The appeal of a denied second opinion, on the route of the user's plan."""
    answer = denial_answer(slots)
    plan_type = _plan_type(slots)
    if plan_type and not has_plan_to_appeal(plan_type):
        return _no_plan_to_appeal(slots, answer)
    routes = appeal_routes(slots)
    name = printable_detail(slots, "patient_name")
    reason = printable_detail(slots, "denial_reason")
    why = printable_detail(slots, "why_necessary")
    parts = [
        Part(
            fields=(
                Field("Date"),
                Field("To (the address for appeals on your notice)"),
            )
        ),
        Part(
            fields=(
                Field("From (the patient)", name),
                Field("Member ID", printable_detail(slots, "member_id")),
                Field("Claim or reference number"),
                Field("Date of the denial notice"),
                Field("Phone or email, to reach me"),
                Field("Mailing address"),
            )
        ),
        _what_i_ask(routes, plain_condition(slots)),
        _the_reason(reason),
        _why_needed(why),
        _attached(),
    ]
    if appeal_urgency(slots):
        parts.append(_fast_decision(routes))
    parts += [
        _if_still_no(routes),
        Part(
            paragraphs=("Thank you.",),
            fields=(Field("Signature"), Field("Printed name", name), Field("Date")),
        ),
    ]
    parts += _for_you(slots, routes, answer)
    if len(routes) == 1:
        subtitle = (
            f"Request for {with_article(routes[0].first_step.legal_name)}. For {routes[0].label}."
        )
    else:
        subtitle = "Appeal of a denied second opinion"
    return Document(
        kind="appeal_letter",
        title="Appeal: please cover my second opinion",
        subtitle=subtitle,
        parts=tuple(parts),
        footer=FOOTER,
    )


def _quote(text: str) -> str:
    if len(text) <= PREVIEW_QUOTE_LENGTH:
        return f"\u201c{text}\u201d"
    return f"\u201c{text[: PREVIEW_QUOTE_LENGTH - 3].rstrip()}...\u201d"


def appeal_letter_preview(slots: Mapping[str, Any]) -> List[str]:
    """What the appeal letter will say, as short lines for the chat."""
    plan_type = _plan_type(slots)
    if plan_type and not has_plan_to_appeal(plan_type):
        return [
            "Without insurance there is no plan to appeal to",
            "What you can do instead, as in my answer above",
        ]
    routes = appeal_routes(slots)
    name = printable_detail(slots, "patient_name")
    member_id = printable_detail(slots, "member_id")
    reason = printable_detail(slots, "denial_reason")
    why = printable_detail(slots, "why_necessary")
    urgent = appeal_urgency(slots)
    who = name or "a blank line for the name"
    who += f", member ID {member_id}" if member_id else " (a blank line for the member ID)"
    lines = [f"From: {who}"]
    if routes:
        for route in routes:
            step = route.first_step
            lines.append(
                f"For {route.label}: a request for {with_article(step.legal_name)}. "
                f"Deadline: {deadline_words(step)}"
            )
    else:
        lines.append(
            f"Your plan: {NOT_TOLD}, so the letter says to ask your plan for its deadlines"
        )
    lines.append(
        "The plan's reason, as you gave it: " + _quote(reason)
        if reason
        else "Blank lines for the plan's reason"
    )
    lines.append(
        "Why you need the second opinion, in your words: " + _quote(why)
        if why
        else "Blank lines for why you need the second opinion"
    )
    lines.append("A place for your doctor's letter, and the denial notice")
    fast = [r.expedited for r in routes if r.expedited]
    if urgent:
        hours = sorted({e.hours for e in fast if e.hours})
        lines.append(
            f"A request for a fast (expedited) decision, within {hours[0]} hours"
            if len(routes) == 1 and hours
            else "A request for a fast (expedited) decision"
        )
    else:
        lines.append(
            "No request for a fast decision"
            + (" (you said it isn't urgent)" if urgent is False else "")
        )
    following = [r.next_step.legal_name for r in routes if r.next_step]
    if following:
        lines.append("If the plan still says no: " + " or ".join(f"the {f}" for f in following))
    lines.append("The steps from my answer, who can help, and lines to sign and date")
    return lines
