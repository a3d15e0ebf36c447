"""Turning plain answers (coverage, checklist, specialist search) into channel-neutral messages.

A message is {"text": ..., "buttons": [...]}: what rasa_sdk's dispatcher takes.
Plain text with "•" bullets reads well in the web widget, Slack and Telegram.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Tuple

from actions.logic import knowledge
from actions.logic.checklist import Checklist
from actions.logic.coverage import CoverageAnswer
from actions.logic.npi_registry import SearchResult

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

_LEAD_IN = {
    "coverage": "Here's how coverage works{situation}:",
    "authorization": "Here's what approval you may need{situation}:",
    "cost": "Here's what you may pay{situation}:",
    "denial": "If your plan said no, here's what you can do{situation}:",
    "third_opinion": "About a third opinion{situation}:",
}


def buttons(pairs: Iterable[Tuple[str, str]]) -> List[Dict[str, str]]:
    """Reply buttons from (title, payload) pairs."""
    return [{"title": title, "payload": payload} for title, payload in pairs]


def bullet_list(items: List[str]) -> str:
    """One "• item" per line."""
    return "\n".join(f"• {item}" for item in items)


def situation_phrase(plan_type: Optional[str], state_code: Optional[str]) -> str:
    """' with a PPO in Ohio', ' in Ohio', or '' when we know neither (note the leading space)."""
    phrase = ""
    if plan_type and plan_type != knowledge.UNKNOWN:
        phrase += f" with {knowledge.plan_label(plan_type)}"
    state = knowledge.state_name(state_code)
    if state:
        phrase += f" in {state}"
    return phrase


def coverage_message(answer: CoverageAnswer) -> Message:
    """One message: lead-in for the user's plan, the facts as bullets, then the basis line."""
    lead = _LEAD_IN[answer.topic].format(
        situation=situation_phrase(answer.plan_type, answer.state_code)
    )
    text = f"{lead}\n{bullet_list(answer.facts)}\nBased on: {answer.basis_line}"
    return {"text": text, "buttons": buttons(_FOLLOW_UPS[answer.topic])}


def estimate_text(steps: List[str], notes: List[str]) -> str:
    """The cost estimate: its steps as bullets, then the notes in one paragraph."""
    return "Here's the estimate, step by step:\n" + bullet_list(steps) + "\n" + " ".join(notes)


def call_script_message(questions: List[str]) -> Optional[Message]:
    """'What to ask your insurer', or None when there is no insurer to call."""
    if not questions:
        return None
    return {
        "text": "When you call your plan (the number is on your card), ask:\n"
        + bullet_list(questions)
    }


def checklist_messages(checklist: Checklist) -> List[Message]:
    """The intro, then one message per section, so no list is ever split across messages."""
    messages: List[Message] = [{"text": checklist.intro}]
    for number, section in enumerate(checklist.sections, start=1):
        messages.append({"text": f"{number}. {section.title}\n{bullet_list(section.items)}"})
    messages[-1]["buttons"] = buttons(
        [("Find a specialist", "/ask_find_doctor"), ("What will it cost?", "/ask_cost")]
    )
    return messages


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
            line += f", phone {provider.phone}"
        lines.append(line)
    intro = f"Licensed {specialist_label}s near {place} in the NPI Registry"
    if result.widened:
        intro = (
            f"I found none right at {place}, so I searched {result.widened}. "
            f"Licensed {specialist_label}s there"
        )
    return {"text": intro + ":\n" + "\n".join(lines)}


def before_booking_message(checks: List[str], more_results: bool) -> Message:
    """What to check before booking, with "Show more" when another page may follow."""
    pairs = [("Show more", "/request_more_results")] if more_results else []
    pairs.append(("Booking the visit", "/ask_make_appointment"))
    return {"text": "Before you book:\n" + bullet_list(checks), "buttons": buttons(pairs)}
