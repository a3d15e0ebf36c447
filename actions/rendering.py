"""Turning plain answers (coverage, checklist, specialist search) into channel-neutral messages.

A message is {"text": ..., "buttons": [...]}: what rasa_sdk's dispatcher takes.
Plain text with "•" bullets reads well in the web widget, Slack and Telegram.
Every text is written in the conversation's language (actions/logic/i18n.py):
the templates here are the English ones, the Spanish are in es.yml.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Tuple

from actions.logic import i18n, knowledge, people
from actions.logic.checklist import Checklist
from actions.logic.coverage import CoverageAnswer, Situation
from actions.logic.i18n import t
from actions.logic.npi_registry import SearchResult
from actions.logic.sources import SourceEntry

Message = Dict[str, object]

_FOLLOW_UPS = {
    "coverage": [
        ("Do I need a referral?", "/ask_preauthorization"),
        ("What will it cost?", "/ask_cost"),
    ],
    "authorization": [
        ("What will it cost?", "/ask_cost"),
        ("Make my checklist", "/request_checklist"),
    ],
    "cost": [
        ("Estimate my cost", "/request_cost_estimate"),
        ("Does it need approval?", "/ask_preauthorization"),
    ],
    "denial": [
        ("Who can help me?", "/human_handoff"),
        ("What does medically necessary mean?", "/ask_medical_necessity"),
    ],
    "third_opinion": [
        ("Make my checklist", "/request_checklist"),
        ("Find a specialist", "/ask_find_doctor"),
    ],
}

# Offered under every coverage, cost, appeal and state-law answer: the rules
# and laws it rests on, with links and the dates they were checked.
SOURCES_BUTTON = ("Where is this from?", "/ask_sources")

_LEAD_IN = {
    "coverage": "Here's how coverage works{situation}:",
    "authorization": "Here's what approval you may need{situation}:",
    "cost": "Here's what you may pay{situation}:",
    "denial": "If your plan said no, here's what you can do{situation}:",
    "third_opinion": "A third opinion{situation}:",
}


_MEDICARE_ADVANTAGE_PAYLOAD = '/inform{"plan_type": "medicare_advantage"}'


def buttons(pairs: Iterable[Tuple[str, str]]) -> List[Dict[str, str]]:
    """Reply buttons from (title, payload) pairs; titles in the conversation's language."""
    return [{"title": t(title), "payload": payload} for title, payload in pairs]


def bullet_list(items: List[str]) -> str:
    """One "• item" per line."""
    return "\n".join(f"• {item}" for item in items)


def situation_phrase(
    plan_type: Optional[str], state_code: Optional[str], relation: Optional[str] = None
) -> str:
    """What we know, as a phrase with a leading space: ' for your mother, with Medicaid in Ohio'.

    '' when we know nothing; ' with a PPO in Ohio' or ' in Ohio' without a person.
    """
    plan = ""
    if plan_type and plan_type != knowledge.UNKNOWN:
        plan = (
            t(" without insurance")
            if knowledge.plan_family(plan_type) == "uninsured"
            else i18n.text(" with {plan}", plan=knowledge.plan_label(plan_type))
        )
    state = knowledge.state_name(state_code)
    where = i18n.text(" in {state}", state=state) if state else ""
    who = people.person(relation)
    if who.is_user:
        return plan + where
    return i18n.text(" for {name}", **who.words) + ("," if plan else "") + plan + where


def understood_line(situation: Situation, relation: Optional[str] = None) -> Optional[str]:
    """The short opening line that says what was understood: 'For your mother, with Medicaid:'."""
    phrase = situation_phrase(situation.plan_type, situation.us_state, relation).strip()
    if not phrase:
        return None
    return phrase[0].upper() + phrase[1:] + ":"


def coverage_message(answer: CoverageAnswer, relation: Optional[str] = None) -> Message:
    """One message: lead-in for the user's plan, the facts as bullets, then the basis line.

    The buttons: what to ask next, and "Where is this from?" (the sources).
    Original Medicare's cost answer asks which Medicare the user has, and
    offers Medicare Advantage as a button.
    """
    lead = i18n.text(
        _LEAD_IN[answer.topic],
        situation=situation_phrase(answer.plan_type, answer.state_code, relation),
    )
    based_on = i18n.text("Based on: {basis}", basis=answer.basis_line)
    text = f"{lead}\n{bullet_list(answer.facts)}\n{based_on}"
    pairs = list(_FOLLOW_UPS[answer.topic])
    if answer.topic == "cost" and answer.plan_type == "original_medicare":
        pairs = [("I have Medicare Advantage", _MEDICARE_ADVANTAGE_PAYLOAD)] + pairs[:1]
    return {"text": text, "buttons": buttons(pairs + [SOURCES_BUTTON])}


def plan_steps_message(plan_type: str, facts: List[str]) -> Message:
    """The plan's referral and approval rule, after the general steps: 'With an HMO: ...'."""
    label = knowledge.plan_label(plan_type)
    text = " ".join(facts)
    # A rule that names the plan itself ("With fee-for-service Medicaid, ...") needs no prefix.
    if not text.startswith(("With ", "In ", "Con ", "En ")):
        text = i18n.text("With {label}: {text}", label=label, text=text)
    return {"text": text}


def estimate_text(
    steps: List[str],
    notes: List[str],
    situation: Optional[Situation] = None,
    relation: Optional[str] = None,
) -> str:
    """'Here's the estimate with a PPO in Ohio, step by step:' then the steps and the notes."""
    known = situation or Situation()
    situation_words = situation_phrase(known.plan_type, known.us_state, relation)
    return (
        i18n.text("Here's the estimate{situation}, step by step:", situation=situation_words)
        + "\n"
        + bullet_list(steps)
        + "\n"
        + " ".join(notes)
    )


def call_script_message(questions: List[str]) -> Optional[Message]:
    """'What to ask your insurer', or None when there is no insurer to call."""
    if not questions:
        return None
    return {
        "text": t("When you call your plan (the number is on your card), ask:")
        + "\n"
        + bullet_list(questions)
    }


def checklist_messages(checklist: Checklist) -> List[Message]:
    """The intro, one message per section (no list is ever split across messages), the sources."""
    messages: List[Message] = [{"text": checklist.intro}]
    for number, section in enumerate(checklist.sections, start=1):
        messages.append({"text": f"{number}. {section.title}\n{bullet_list(section.items)}"})
    if checklist.sources:
        messages.append(sources_message(checklist.sources))
    messages[-1]["buttons"] = buttons(
        [("Find a specialist", "/ask_find_doctor"), ("What will it cost?", "/ask_cost")]
    )
    return messages


def source_line(entry: SourceEntry) -> str:
    """'What it says. Source: name (link). Law: the law cited. Checked December 1, 2026.'"""
    name = f"{entry.source} ({entry.url})" if entry.url else entry.source
    parts = [entry.statement, i18n.text("Source: {source}", source=_sentence_end(name))]
    if entry.law:
        parts.append(i18n.text("Law: {law}", law=_sentence_end(entry.law)))
    parts.append(i18n.text("Checked {date}.", date=entry.checked_on))
    return " ".join(parts)


def _sentence_end(text: str) -> str:
    return text if text.endswith(".") else text + "."


def sources_message(entries: List[SourceEntry]) -> Message:
    """'Where this comes from': each statement, its source and link, the law, the date checked."""
    lines = bullet_list([source_line(e) for e in entries])
    return {"text": t("Where this comes from:") + "\n" + lines}


def specialist_results_message(
    result: SearchResult, specialist_label: str, place: str, skip: int
) -> Optional[Message]:
    """One page of the specialist search, numbered on from earlier pages.

    Args:
        result: the registry's answer (providers, and where the search widened to).
        specialist_label: plain words for the doctor, e.g. "cardiologist".
        place: where the user asked, e.g. "02115" or "Worcester, MA".
        skip: how many providers earlier pages showed.

    Returns:
        The message, or None when the page has no providers.
    """
    if not result.providers:
        return None
    lines = []
    for number, provider in enumerate(result.providers, start=skip + 1):
        line = f"{number}. {provider.name}, {provider.specialty}\n   {provider.address}"
        if provider.phone:
            line += i18n.text(", phone {phone}", phone=provider.phone)
        lines.append(line)
    # English says "Cardiologists"; Spanish names the kind of doctor in brackets.
    words = {
        "specialists": f"{_capital(specialist_label)}s",
        "label": specialist_label,
        "place": place,
        "widened": result.widened,
    }
    intro = i18n.text("{specialists} listed near {place} in the NPI Registry", **words)
    if result.widened:
        intro = i18n.text(
            "I found none right at {place}, so I searched {widened}. {specialists} listed there",
            **words,
        )
    note = t(
        "Doctors add their own details to this list. It does not check licenses. "
        "Your state medical board can."
    )
    return {"text": intro + ":\n" + "\n".join(lines) + "\n" + note}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def before_booking_message(checks: List[str], more_results: bool) -> Message:
    """What to check before booking, with "Show more" when another page may follow."""
    pairs = [("Show more", "/request_more_results")] if more_results else []
    pairs.append(("Booking the visit", "/ask_make_appointment"))
    return {"text": t("Before you book:") + "\n" + bullet_list(checks), "buttons": buttons(pairs)}
