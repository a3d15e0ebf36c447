"""Letters the user can print, sign and send: the medical-records request.

The records request follows HHS's guidance on the HIPAA right of access
(45 CFR 164.524): a written, signed request that says who the patient is,
which records, in what form, and where to send them. Its facts are those of
coverage-facts.md, "Records and the checklist": the office must act within
30 days, may take one 30-day extension with written notice, and may charge
only a reasonable, cost-based fee. Plain words (about grade 6), each legal
name explained beside it. A detail the user skipped is a blank line.

An appeal letter (a later part) goes here too, built from the coverage rules
the chat uses, so the letter and the chat never disagree.
"""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Tuple

from actions.logic import conditions
from actions.logic.documents import (
    FOOTER,
    Document,
    Field,
    Part,
    plain_condition,
    printable_detail,
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
