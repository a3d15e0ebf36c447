"""The "what to ask your insurer" call script for the user's plan.

Data: actions/knowledge/call_script.yml.
"""

from __future__ import annotations

from typing import List, Optional

from actions.logic import i18n, knowledge


def questions(plan_type: Optional[str]) -> List[str]:
    """Questions to ask on the phone, for the plan's family of rules.

    Args:
        plan_type: a `plan_type` slot value, or None.

    Returns:
        The questions, the reference-number reminder last; empty without insurance.
    """
    family = knowledge.rules_family(plan_type)
    if family == "uninsured":
        return []
    script = knowledge.load("call_script")
    rules = script["by_family"].get(family, {})
    omit = set(rules.get("omit", []))
    common = {key: text for key, text in script["common"].items() if key not in omit}
    reference = common.pop("reference", None)
    result = list(common.values()) + list(rules.get("add", []))
    return [i18n.t(text) for text in result + ([reference] if reference else [])]
