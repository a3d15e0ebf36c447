"""The printable documents: which ones exist, the details they ask for, and their content.

A document is plain data (Document: parts with headings, paragraphs, items
and fields to fill in) built from the conversation's slots at the moment it
is asked for; the Rasa server renders it as a PDF (documents/pdf.py) and the
action server describes it in the chat (`preview`). Nothing here imports
Rasa or a PDF library, and nothing is stored: a document exists only while
it is being sent.

Details the user types (name, date of birth, offices) are checked here with
one rule shared by the form and the renderer: at most a set length, no
markup characters, and only characters the document's font can print
(Windows-1252, the Western European letters). A detail left out becomes a
blank line to write on by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from actions.logic import call_script, checklist, coverage, i18n, knowledge, people, sources
from actions.logic.i18n import t

# ---- the document model ---------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A line of a form: "Name: María O'Brien", or a blank line to write on (value None)."""

    label: str
    value: Optional[str] = None


@dataclass(frozen=True)
class Part:
    """A block of a document; every member is optional. Text is plain (never markup)."""

    heading: str = ""
    paragraphs: Tuple[str, ...] = ()
    items: Tuple[str, ...] = ()
    # "bullet" or "checkbox" (an empty box to tick on paper).
    item_style: str = "bullet"
    fields: Tuple[Field, ...] = ()
    # Small print after the block.
    note: str = ""


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    parts: Tuple[Part, ...]
    footer: str
    subtitle: str = ""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: its names, and the details the user is asked for (in order)."""

    name: str
    label: str  # plain words: "printable checklist"
    filename: str
    details: Tuple[str, ...]
    button: str  # the offer's button title


# The details a document may ask for, in the order asked. Each is a slot of the same name.
DETAIL_SLOTS = (
    "patient_name",
    "patient_birth_date",
    "records_holder",
    "records_recipient",
    "member_id",
    "denial_reason",
    "why_necessary",
    "appeal_urgent",
)
MAX_LENGTHS = {
    "patient_name": 80,
    "patient_birth_date": 40,
    "records_holder": 160,
    "records_recipient": 200,
    "member_id": 40,
    "denial_reason": 300,
    "why_necessary": 600,
    "appeal_urgent": 10,
}
DETAIL_LABELS = {
    "patient_name": "the name",
    "patient_birth_date": "the date of birth",
    "records_holder": "the office's name",
    "records_recipient": "where to send them",
    "member_id": "the member ID",
    "denial_reason": "the plan's reason",
    "why_necessary": "why you need it",
    "appeal_urgent": "whether it is urgent",
}
# Details written as sentences, in the user's own words: "not sure" or "rather not"
# inside one is part of the answer, not a skip (see is_short_reply).
FREE_TEXT_DETAILS = ("denial_reason", "why_necessary")
# A skip or a stop is a short reply ("skip", "I'd rather not", "not sure").
SHORT_REPLY_WORDS = 4
# The answers to "is it urgent?" as the appeal_urgent slot keeps them.
URGENT_ANSWERS = ("yes", "no", "unsure")

# Every slot a document reads: the PDF is built from these alone.
SLOTS_READ = (
    "plan_type",
    "us_state",
    "condition",
    "surgery_recommended",
    "person",
    "document_key",
    # The checklist is written in the conversation's language; the records
    # letter, addressed to a US records office, always in English.
    "language",
) + DETAIL_SLOTS

KINDS: Dict[str, DocumentKind] = {
    "checklist": DocumentKind(
        name="checklist",
        label="printable checklist",
        filename="second-opinion-checklist.pdf",
        details=("patient_name",),
        button="Printable checklist",
    ),
    "records_request": DocumentKind(
        name="records_request",
        label="medical records request letter",
        filename="medical-records-request.pdf",
        details=("patient_name", "patient_birth_date", "records_holder", "records_recipient"),
        button="Records request letter",
    ),
    "appeal_letter": DocumentKind(
        name="appeal_letter",
        label="appeal letter",
        filename="second-opinion-appeal-letter.pdf",
        details=("patient_name", "member_id", "denial_reason", "why_necessary", "appeal_urgent"),
        button="Appeal letter",
    ),
}


def kind_of(name: Optional[str]) -> Optional[DocumentKind]:
    """The document kind of that name; None for anything else."""
    return KINDS.get(name or "")


def request_payload(kind: str) -> str:
    """The button payload that asks for a document: /request_document{"document_kind": ...}."""
    return "/request_document" + json.dumps({"document_kind": kind})


# ---- checking what the user types -------------------------------------------------

_MARKUP = re.compile(r"[<>{}\[\]\\|`]|javascript:|https?://", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DATE_FORMATS = (
    "%m/%d/%Y",
    "%m-%d-%Y",
    "%m.%d.%Y",
    "%Y-%m-%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
)


@dataclass(frozen=True)
class DetailCheck:
    """A typed detail after checking: the value to keep, or what to tell the user."""

    value: Optional[str] = None
    problem: Optional[str] = None


def clean_text(text: Any) -> str:
    """One line of plain text: Unicode NFC, control characters and runs of spaces made one space."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return _SPACES.sub(" ", text).strip()


def is_printable(text: str) -> bool:
    """Whether every character is in the documents' font (Windows-1252's printable set)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return not any(unicodedata.category(c).startswith("C") for c in text)


def is_short_reply(text: Any) -> bool:
    """Whether a reply is short enough to be a skip or a stop ("skip", "I'd rather not")."""
    return len(clean_text(text).split()) <= SHORT_REPLY_WORDS


def parse_birth_date(text: str, today: Optional[dt.date] = None) -> Optional[dt.date]:
    """A date of birth as US patients write it ("03/14/1952", "March 14, 1952"); None if not one."""
    today = today or dt.date.today()
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip(), flags=re.IGNORECASE)
    for pattern in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
        if dt.date(1900, 1, 1) <= parsed <= today:
            return parsed
        return None
    return None


def format_date(value: Optional[str]) -> Optional[str]:
    """An ISO date from the slot as "March 14, 1952"; None if missing or not a date."""
    try:
        parsed = dt.date.fromisoformat(value or "")
    except ValueError:
        return None
    return f"{parsed:%B} {parsed.day}, {parsed.year}"


def check_detail(slot: str, raw: Any, today: Optional[dt.date] = None) -> DetailCheck:
    """Check one typed detail for a document.

    Args:
        slot: one of DETAIL_SLOTS.
        raw: what the user typed.
        today: for the date-of-birth check (default: today).

    Returns:
        The cleaned value (a date of birth as YYYY-MM-DD), or a problem to tell the user.
    """
    text = clean_text(raw)
    limit = MAX_LENGTHS[slot]
    if not text:
        return DetailCheck(
            problem='I didn\'t get anything there. Type it, or say "skip" to leave a blank line.'
        )
    if len(text) > limit:
        return DetailCheck(
            problem=f"That's too long to fit on the page (up to {limit} characters). "
            'Could you shorten it, or say "skip" to write it by hand?'
        )
    if _MARKUP.search(text):
        return DetailCheck(
            problem="Please type it as plain words, without symbols like < > { } or web "
            'addresses. Or say "skip" to write it by hand.'
        )
    if not is_printable(text):
        return DetailCheck(
            problem="Sorry, I can only print letters used in English and other Western European "
            "languages, and that has some I can't print. Type it with those letters, or say "
            '"skip" to leave a line to write it by hand.'
        )
    if slot == "patient_birth_date":
        born = parse_birth_date(text, today)
        if born is None:
            return DetailCheck(
                problem="I couldn't read that as a date of birth. Please type it like "
                '03/14/1952 or March 14, 1952, or say "skip" to write it by hand.'
            )
        return DetailCheck(value=born.isoformat())
    return DetailCheck(value=text)


def printable_detail(slots: Mapping[str, Any], slot: str) -> Optional[str]:
    """A detail from the slots as it goes on paper; None (a blank line) if missing or unusable.

    The renderer's own guard: slot values normally passed check_detail
    already, but any value that would not print cleanly becomes a blank line.
    """
    value = slots.get(slot)
    if value is None:
        return None
    if slot == "patient_birth_date":
        return format_date(str(value))
    checked = check_detail(slot, value)
    return checked.value


# ---- what the conversation knows, as it goes on paper ---------------------------


def _who(slots: Mapping[str, Any]) -> people.Person:
    return people.person(slots.get("person"))


# As the checklist form allows (actions/checklist_actions.py).
MAX_CONDITION_LENGTH = 80


def plain_condition(slots: Mapping[str, Any]) -> Optional[str]:
    """The condition as it can go on paper; None if missing, too long, markup or unprintable."""
    condition = clean_text(slots.get("condition"))
    if (
        not condition
        or len(condition) > MAX_CONDITION_LENGTH
        or _MARKUP.search(condition)
        or not is_printable(condition)
    ):
        return None
    return condition


def _surgery_words(value: Optional[str]) -> Optional[str]:
    words = {"yes": "Yes", "no": "No", "unsure": "Not sure"}.get(value or "")
    return i18n.t(words) if words else None


NOT_TOLD = "not given"
FOOTER = (
    "Second Opinion Guide: general information, not medical or legal advice. "
    "Emergency: call 911. Crisis: call or text 988."
)


def _source_line(entry: Any) -> str:
    """One source as a line, whatever shape the checklist gives it (SourceEntry, Basis or text)."""
    if isinstance(entry, str):
        return clean_text(entry)
    statement = getattr(entry, "statement", None) or getattr(entry, "text", None) or ""
    source = getattr(entry, "source", "") or ""
    url = getattr(entry, "url", None)
    law = getattr(entry, "law", None)
    checked = getattr(entry, "checked_on", None) or getattr(entry, "as_of", None)
    said = i18n.t("Source:")
    line = f"{statement} {said} {source}" if statement else f"{said} {source}"
    if url:
        line += f" ({url})"
    if law:
        line += f". {i18n.t('Law:')} {law}"
    if checked:
        line += f". {i18n.t('Checked')} {checked}"
    return clean_text(line.rstrip(".") + ".")


def checklist_sources(built: checklist.Checklist, situation: coverage.Situation) -> List[str]:
    """The sources of the checklist's facts, each once.

    The checklist's own list when it has one; else the coverage rules its
    insurance and after-care sections used, and the sources of the records
    and find-a-doctor topics.
    """
    own = getattr(built, "sources", None)
    if own:
        entries = list(own)
    else:
        entries = [
            sources.from_basis(basis)
            for topic in ("authorization", "third_opinion")
            for basis in coverage.answer(topic, situation).bases
        ]
        entries += sources.for_topic("records") + sources.for_topic("find_doctor")
    return source_lines(entries)


def source_lines(entries: List[Any]) -> List[str]:
    """Sources as lines for a document's "Sources" part, each once."""
    lines: List[str] = []
    for entry in entries:
        line = _source_line(entry)
        if line and line not in lines:
            lines.append(line)
    return lines


def checklist_document(slots: Mapping[str, Any]) -> Document:
    """The printable checklist: whatever sections checklist.build returns, with check boxes."""
    plan_type = slots.get("plan_type")
    state = slots.get("us_state")
    condition = plain_condition(slots)
    built = checklist.build(
        plan_type=plan_type,
        condition=condition,
        surgery_recommended=slots.get("surgery_recommended"),
        us_state=state,
        person=slots.get("person"),
    )
    who = _who(slots)
    facts = Part(
        fields=(
            Field(t("For"), printable_detail(slots, "patient_name")),
            Field(
                t("Who"), t("You") if who.is_user else _capital(who.words[_NAME[i18n.language()]])
            ),
            Field(t("Condition"), condition or t(NOT_TOLD)),
            Field(t("Insurance"), knowledge.plan_label(plan_type) if plan_type else t(NOT_TOLD)),
            Field(t("State"), knowledge.state_name(state) or t(NOT_TOLD)),
            Field(
                t("Surgery or a major procedure recommended"),
                _surgery_words(slots.get("surgery_recommended")) or t(NOT_TOLD),
            ),
        ),
        paragraphs=(clean_text(built.intro),),
    )
    parts = [facts]
    for number, section in enumerate(built.sections, start=1):
        parts.append(
            Part(
                heading=f"{number}. {clean_text(section.title)}",
                items=tuple(clean_text(item) for item in section.items),
                item_style="checkbox",
            )
        )
    if call_script.questions(plan_type):
        parts.append(
            Part(
                heading=t("Notes from the call to your plan"),
                fields=(
                    Field(t("Date of the call")),
                    Field(t("Representative's name")),
                    Field(t("Call reference number")),
                    Field(t("What they said")),
                    Field(""),
                ),
            )
        )
    situation = coverage.Situation(
        plan_type=plan_type,
        us_state=state,
        condition=condition,
        surgery_recommended=slots.get("surgery_recommended"),
    )
    parts.append(
        Part(
            heading=t("Sources"),
            items=tuple(checklist_sources(built, situation)),
        )
    )
    return Document(
        kind="checklist",
        title=t("My second-opinion checklist"),
        subtitle=i18n.text("Made {date}", date=i18n.date_text(dt.date.today())),
        parts=tuple(parts),
        footer=t(FOOTER),
    )


# The person's name in each language's words ("your mother" / "su madre").
_NAME = {i18n.ENGLISH: "name", i18n.SPANISH: "quien"}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# The builders by kind; letters live in actions/logic/letters.py (imported lazily: it imports us).
def build(kind: str, slots: Mapping[str, Any]) -> Document:
    """The document of that kind from the conversation's slots.

    Raises:
        KeyError: for a kind that does not exist.
    """
    from actions.logic import letters

    builders: Dict[str, Callable[[Mapping[str, Any]], Document]] = {
        "checklist": checklist_document,
        "records_request": letters.records_request,
        "appeal_letter": letters.appeal_letter,
    }
    with i18n.speaking(document_language(kind, slots)):
        return builders[kind](slots)


def document_language(kind: str, slots: Mapping[str, Any]) -> str:
    """The checklist is in the conversation's language; the letters, for a US records
    office or a US health plan, in English."""
    return i18n.normalise(slots.get("language")) if kind == "checklist" else i18n.ENGLISH


# ---- the preview in the chat ------------------------------------------------------


def preview(kind: str, slots: Mapping[str, Any]) -> List[str]:
    """What the document will hold, as short lines for the chat."""
    from actions.logic import letters

    if kind == "records_request":
        with i18n.speaking(i18n.ENGLISH):
            return letters.records_request_preview(slots)
    if kind == "appeal_letter":
        with i18n.speaking(i18n.ENGLISH):
            return letters.appeal_letter_preview(slots)
    with i18n.speaking(document_language(kind, slots)):
        return _checklist_preview(slots)


def _checklist_preview(slots: Mapping[str, Any]) -> List[str]:
    condition = plain_condition(slots)
    plan_type = slots.get("plan_type")
    built = checklist.build(
        plan_type=plan_type,
        condition=condition,
        surgery_recommended=slots.get("surgery_recommended"),
        us_state=slots.get("us_state"),
        person=slots.get("person"),
    )
    name = printable_detail(slots, "patient_name")
    not_told = t(NOT_TOLD)
    about = "; ".join(
        [
            i18n.text("The condition: {condition}", condition=condition or not_told),
            i18n.text(
                "the insurance: {plan}",
                plan=knowledge.plan_label(plan_type) if plan_type else not_told,
            ),
            i18n.text(
                "the state: {state}", state=knowledge.state_name(slots.get("us_state")) or not_told
            ),
        ]
    )
    lines = [
        i18n.text("For: {name}", name=name or t("a blank line to write the name")),
        about,
        i18n.text(
            "{count} steps with check boxes: {titles}",
            count=len(built.sections),
            titles=", ".join(clean_text(s.title) for s in built.sections),
        ),
    ]
    if call_script.questions(plan_type):
        lines.append(t("Space to note your call to the plan, with its reference number"))
    lines.append(t("The questions to ask the second doctor, and the sources"))
    return lines


# How each channel delivers a document: "web_button" (a Download / print button that
# opens the PDF), "file" (the PDF uploaded by the channel, made in the Rasa server;
# the link if the upload fails) or "link" (the address in the text).
DELIVERY = {"socketio": "web_button", "slack": "file", "telegram": "file"}


def delivery(channel: Optional[str]) -> str:
    """How a channel delivers a document: "web_button", "link" (the default) or "file"."""
    return DELIVERY.get(channel or "", "link")


def offer_button(kind: str) -> Dict[str, str]:
    """The reply button that asks for a document ("Printable checklist")."""
    return {"title": i18n.t(KINDS[kind].button), "payload": request_payload(kind)}
