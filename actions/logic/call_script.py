"""The "what to ask your insurer" call script for the user's plan (data: knowledge/call_script.yml)."""
from __future__ import annotations

from typing import List, Optional

from actions.logic import knowledge


def questions(plan_type: Optional[str]) -> List[str]:
    """Questions to ask on the phone; empty for someone without insurance."""
    family = knowledge.plan_family(plan_type)
    if family == "uninsured":
        return []
    script = knowledge.load("call_script")
    if family == "va":
        return list(script["by_family"]["va"])
    extra = script["by_family"].get(family, [])
    common = list(script["common"])
    # Keep "reference number" last: it is what you do at the end of the call.
    return common[:-1] + list(extra) + common[-1:]
