"""The "what to ask your insurer" call script for the user's plan (data: knowledge/call_script.yml)."""

from __future__ import annotations

from typing import List, Optional

from actions.logic import knowledge


def questions(plan_type: Optional[str]) -> List[str]:
    """Questions to ask on the phone, the reference-number reminder last; empty without insurance."""
    family = knowledge.plan_family(plan_type)
    if family == "uninsured":
        return []
    if knowledge.follows_medicare_rules(plan_type):
        family = "medicare"
    script = knowledge.load("call_script")
    rules = script["by_family"].get(family, {})
    omit = set(rules.get("omit", []))
    common = {key: text for key, text in script["common"].items() if key not in omit}
    reference = common.pop("reference", None)
    result = list(common.values()) + list(rules.get("add", []))
    return result + ([reference] if reference else [])
