"""Loading the knowledge files under actions/knowledge/ (read once, cached)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"

# The value for "not told" or "not sure": a plan type, a plan family, a fact of
# a coverage rule's `when`, a form answer.
UNKNOWN = "unknown"


@cache
def load(name: str) -> Any:
    """Parse actions/knowledge/<name>.yml. Cached: the files do not change at run time."""
    with open(KNOWLEDGE_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def plan_types() -> dict:
    """Every plan type the assistant knows, by `plan_type` slot value (plan_types.yml)."""
    return load("plan_types")


def plan_info(plan_type: str | None) -> dict:
    """One plan type's entry in plan_types.yml; the entry for UNKNOWN when not told or not known.

    Args:
        plan_type: a `plan_type` slot value, or None.

    Returns:
        The entry: label, family, state_laws and, for some, medicare_rules.
    """
    types = plan_types()
    return types.get(plan_type or UNKNOWN) or types[UNKNOWN]


def plan_label(plan_type: str | None) -> str:
    """Plain words for the plan, e.g. "a PPO", "Original Medicare" (in the language written)."""
    from actions.logic import i18n  # i18n reads its catalogue through this module

    return i18n.t(plan_info(plan_type)["label"])


def plan_family(plan_type: str | None) -> str:
    """The family of plans that share rules, e.g. "commercial", "medicare_advantage"."""
    return plan_info(plan_type)["family"]


def follows_medicare_rules(plan_type: str | None) -> bool:
    """Original Medicare, and plans that follow its rules (TRICARE For Life)."""
    return bool(plan_info(plan_type).get("medicare_rules"))


def pays_medicare_cost_sharing(plan_type: str | None) -> bool:
    """Original Medicare: the member pays the Part B deductible and coinsurance.

    Not TRICARE For Life, which pays them for a service Medicare and TRICARE both cover.
    """
    return bool(plan_info(plan_type).get("medicare_cost_sharing"))


def rules_family(plan_type: str | None) -> str:
    """The family whose rules decide what to ask and what to check for the plan.

    Plans that follow Original Medicare's rules (TRICARE For Life) count as
    "medicare": no referral, no network to check, the doctor must take Medicare.

    Args:
        plan_type: a `plan_type` slot value, or None.

    Returns:
        "medicare" for such plans, else the plan's own family (plan_family).
    """
    return "medicare" if follows_medicare_rules(plan_type) else plan_family(plan_type)


def state_name(code: str | None) -> str | None:
    """The state's name for a two-letter code ("OH" -> "Ohio"); None when not a US state."""
    if not code:
        return None
    return load("us_states").get(code.upper())
