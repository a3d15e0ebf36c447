"""The coverage rules engine: picks the rules that fit a situation and combines them.

The rules are data (actions/knowledge/coverage_rules.yml); the denial answer's
steps come from the appeal routes (actions/logic/appeals.py). This module only
knows how to match a rule's `when` against a Situation, order what matched
(plan rule, then state law, then caveats) and fill in dated figures. Adding a
state or a year's deductible is a change to the data, not to this code.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Set

from actions.logic import appeals, conditions, figures, i18n, knowledge
from actions.logic.knowledge import UNKNOWN

TOPICS = ("coverage", "authorization", "cost", "denial", "third_opinion")
_KIND_ORDER = {"plan": 0, "state": 1, "caveat": 2}


@dataclass(frozen=True)
class Situation:
    """What we know of the user's case; None means not told."""

    plan_type: Optional[str] = None
    us_state: Optional[str] = None
    condition: Optional[str] = None
    surgery_recommended: Optional[str] = None  # "yes" | "no" | "unsure"
    urgent: Optional[bool] = None


@dataclass(frozen=True)
class Basis:
    """What one part of an answer rests on: a plain line, its source, when it was checked.

    kind is "plan" or "state" for the rule the answer is built on, "caveat"
    for a note added to it, "route" for an appeal route and "figure" for a
    dated figure used in the text.
    """

    text: str
    source: str  # key into sources.yml
    as_of: str
    kind: str


@dataclass(frozen=True)
class CoverageAnswer:
    topic: str
    plan_type: str
    plan_label: str
    facts: List[str]
    bases: List[Basis]
    rule_ids: List[str]
    state_code: Optional[str] = None

    @property
    def basis_line(self) -> str:
        """One plain line naming what the answer rests on: the plan rule, and a state law if any."""
        plan = [b.text for b in self.bases if b.kind in ("plan", "route")][:1]
        state = [b.text for b in self.bases if b.kind == "state"][:1]
        return " ".join(plan + state)


def _rules() -> List[dict]:
    return knowledge.load("coverage_rules")["rules"]


def _sources() -> Dict[str, dict]:
    return knowledge.load("sources")


def source_keys(rule: dict) -> List[str]:
    """A rule's `source`: one key or a list of keys into sources.yml."""
    source = rule.get("source")
    return [str(s) for s in source] if isinstance(source, list) else [str(source)]


def fingerprint(rule: dict) -> str:
    """A short hash of what a rule says and rests on (basis, facts, source, texts of a route).

    Stored as `checked` beside `as_of`: when the text changes, the stored
    fingerprint no longer matches, and the rule must be checked again.
    """
    said = {k: v for k, v in rule.items() if k not in ("id", "as_of", "checked", "when")}
    text = json.dumps(said, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _states_with_law() -> Set[str]:
    """States that have a rule naming them explicitly."""
    states: Set[str] = set()
    for rule in _rules():
        states.update((rule.get("when") or {}).get("us_state") or [])
    return states


def states_with_law() -> List[str]:
    """The two-letter codes of the states that have a law of their own in the rules."""
    return sorted(_states_with_law())


def _facts_about(situation: Situation) -> Dict[str, Any]:
    """The values a rule's `when` can test, derived from the situation."""
    plan_type = situation.plan_type or UNKNOWN
    plan_info = knowledge.plan_info(plan_type)
    state = situation.us_state.upper() if situation.us_state else None
    return {
        "plan_type": plan_type,
        "family": plan_info["family"],
        "state_laws": bool(plan_info["state_laws"]),
        "us_state": state or UNKNOWN,
        "state_known": state is not None,
        "state_has_law": state in _states_with_law(),
        "condition_category": conditions.categorize(situation.condition) or UNKNOWN,
        "surgery_recommended": situation.surgery_recommended or UNKNOWN,
        "urgent": UNKNOWN if situation.urgent is None else situation.urgent,
    }


def _matches(when: Optional[Dict[str, Any]], facts: Dict[str, Any]) -> bool:
    for key, expected in (when or {}).items():
        if key not in facts:
            raise ValueError(f"unknown condition {key!r} in a coverage rule")
        actual = facts[key]
        allowed = expected if isinstance(expected, list) else [expected]
        if actual not in allowed:
            return False
    return True


def _topics_of(rule: dict) -> List[str]:
    topic = rule["topic"]
    return topic if isinstance(topic, list) else [topic]


def matching_rules(topic: str, situation: Situation) -> List[dict]:
    """Rules for `topic` that fit the situation, plan rule first, then state laws, then caveats."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; expected one of {TOPICS}")
    facts = _facts_about(situation)
    chosen = [r for r in _rules() if topic in _topics_of(r) and _matches(r.get("when"), facts)]
    # A rule marked `only_with: state` is a note about state laws: it is kept
    # only when a state law is part of this answer.
    has_state_rule = any(r["kind"] == "state" for r in chosen)
    chosen = [r for r in chosen if r.get("only_with") != "state" or has_state_rule]
    return sorted(chosen, key=lambda r: _KIND_ORDER[r["kind"]])


class _FigureFormatter(string.Formatter):
    """Fills {figure_name} from figures.yml and {state_name} from the situation.

    Remembers the figures it filled, so their sources can be shown.
    """

    def __init__(self, situation: Situation, year: Optional[int]):
        super().__init__()
        self.situation = situation
        self.year = year
        self.used: List[figures.Figure] = []

    def get_value(self, key, args, kwargs):
        if key == "state_name":
            return knowledge.state_name(self.situation.us_state) or i18n.t("your state")
        figure = figures.get(str(key), self.year)
        if figure not in self.used:
            self.used.append(figure)
        return figure

    def format_field(self, value, format_spec):
        # {name} shows "$283 in 2026"; {name:amount} shows "$283" alone.
        if isinstance(value, figures.Figure):
            return value.amount_text() if format_spec == "amount" else value.display()
        return super().format_field(value, format_spec)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _figure_bases(used: Iterable[figures.Figure]) -> List[Basis]:
    entries = knowledge.load("figures")
    return [
        Basis(
            text=_sentence(i18n.t(str(entries[f.name]["description"]))),
            source=f.source,
            as_of=str(entries[f.name]["as_of"]),
            kind="figure",
        )
        for f in used
    ]


def _route_bases(routes: List[appeals.AppealRoute], plan_type: Optional[str]) -> List[Basis]:
    """The routes' sources, then those of the helpers named for the plan (EBSA, SHIP...)."""
    data = knowledge.load("appeal_routes")["routes"]
    bases: List[Basis] = []
    for route in routes:
        keys = list(route.sources) + [
            h.source for h in route.helpers if h.source and h.helps_with(plan_type)
        ]
        for key in keys:
            basis = Basis(
                text=i18n.t(data[route.key]["basis"]), source=key, as_of=route.as_of, kind="route"
            )
            if basis not in bases:
                bases.append(basis)
    return bases


def answer(topic: str, situation: Situation, year: Optional[int] = None) -> CoverageAnswer:
    """The answer for one topic: the facts of every matching rule and their bases.

    Args:
        topic: one of TOPICS.
        situation: what is known of the user's case.
        year: the year whose figures to use; this year (figures.today()) when None.
    """
    rules = matching_rules(topic, situation)
    formatter = _FigureFormatter(situation, year)
    facts: List[str] = []
    bases: List[Basis] = []
    rule_ids = [r["id"] for r in rules]
    if topic == "denial":
        routes = appeals.routes_for(situation.plan_type)
        facts.extend(appeals.chat_facts(routes, situation.urgent, situation.plan_type))
        bases.extend(_route_bases(routes, situation.plan_type))
        rule_ids = [f"route:{r.key}" for r in routes] + rule_ids
    for rule in rules:
        for fact in rule["facts"]:
            text = formatter.format(i18n.t(fact))
            if text not in facts:
                facts.append(text)
        for source in source_keys(rule):
            basis = Basis(
                text=i18n.t(rule["basis"]),
                source=source,
                as_of=str(rule["as_of"]),
                kind=rule["kind"],
            )
            if basis not in bases:
                bases.append(basis)
    for basis in _figure_bases(formatter.used):
        if basis not in bases:
            bases.append(basis)
    plan_type = situation.plan_type or UNKNOWN
    return CoverageAnswer(
        topic=topic,
        plan_type=plan_type,
        plan_label=knowledge.plan_label(plan_type),
        facts=facts,
        bases=bases,
        rule_ids=rule_ids,
        state_code=situation.us_state.upper() if situation.us_state else None,
    )


def validate_rules(rules: Optional[Iterable[dict]] = None) -> List[str]:
    """Problems in the rules data (used by the tests and `make test`); empty when sound."""
    problems = []
    rules = list(rules if rules is not None else _rules())
    seen = set()
    sample = _facts_about(Situation())
    for rule in rules:
        rid = rule.get("id", "?")
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        for key in ("topic", "kind", "basis", "facts", "source", "as_of"):
            if key not in rule:
                problems.append(f"{rid}: missing {key}")
        for source in source_keys(rule):
            if source not in _sources():
                problems.append(f"{rid}: unknown source {source!r}")
        if rule.get("kind") not in _KIND_ORDER:
            problems.append(f"{rid}: unknown kind {rule.get('kind')!r}")
        for topic in _topics_of(rule) if "topic" in rule else []:
            if topic not in TOPICS:
                problems.append(f"{rid}: unknown topic {topic!r}")
        if rule.get("only_with") not in (None, "state"):
            problems.append(f"{rid}: only_with must be 'state'")
        for key in rule.get("when") or {}:
            if key not in sample:
                problems.append(f"{rid}: unknown condition {key!r}")
        for plan in (rule.get("when") or {}).get("plan_type") or []:
            if plan not in knowledge.plan_types():
                problems.append(f"{rid}: unknown plan type {plan!r}")
    return problems
