"""Loading the knowledge files under actions/knowledge/ (read once, cached)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


@cache
def load(name: str) -> Any:
    """Parse actions/knowledge/<name>.yml. Cached: the files do not change at run time."""
    with open(KNOWLEDGE_DIR / f"{name}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def plan_types() -> dict:
    return load("plan_types")


def plan_label(plan_type: str | None) -> str:
    info = plan_types().get(plan_type or "unknown") or plan_types()["unknown"]
    return info["label"]


def plan_family(plan_type: str | None) -> str:
    info = plan_types().get(plan_type or "unknown") or plan_types()["unknown"]
    return info["family"]


def follows_medicare_rules(plan_type: str | None) -> bool:
    """Original Medicare, and plans that follow its rules (TRICARE For Life)."""
    info = plan_types().get(plan_type or "unknown") or {}
    return bool(info.get("medicare_rules"))


def state_name(code: str | None) -> str | None:
    if not code:
        return None
    return load("us_states").get(code.upper())
