"""Turning plain answers (coverage, checklist) into channel-neutral messages.

A message is {"text": ..., "buttons": [...]}: what rasa_sdk's dispatcher takes.
Plain text with "•" bullets reads well in the web widget, Slack and Telegram.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from actions.logic import knowledge
from actions.logic.checklist import Checklist
from actions.logic.coverage import CoverageAnswer

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


def buttons(pairs) -> List[Dict[str, str]]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


def bullet_list(items: List[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def situation_phrase(plan_type: Optional[str], state_code: Optional[str]) -> str:
    """' with a PPO in Ohio', ' in Ohio', or '' when we know neither (note the leading space)."""
    phrase = ""
    if plan_type and plan_type != "unknown":
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
