"""Appeal routes: what to do when a plan says no, for each family of plans.

The data is actions/knowledge/appeal_routes.yml; this module gives it a
small, typed shape, for the chat's denial answer and for anything else that
needs the steps (an appeal letter, a checklist):

    >>> route = appeals.routes_for("ppo")[0]
    >>> route.first_step.legal_name, route.first_step.deadline.days
    ('internal appeal', 180)
    >>> route.expedited.hours, route.expedited.with_external_review
    (72, True)
    >>> route.next_step.legal_name
    'external review'

A deadline or decision time the facts brief does not confirm is None, and
`stated_in` says where the user finds it (their notice). Texts are plain
sentences with every number filled in (`text()` of each part).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from actions.logic import figures, i18n, knowledge


@dataclass(frozen=True)
class Deadline:
    """How long the user has: `days` from `counted_from`, or only where it is stated."""

    days: Optional[int] = None
    counted_from: Optional[str] = None
    stated_in: Optional[str] = None


@dataclass(frozen=True)
class Step:
    """One step of an appeal: plain name, the legal name the notice uses, deadline, text."""

    name: str
    legal_name: str
    deadline: Optional[Deadline]
    text: str


@dataclass(frozen=True)
class DecisionTime:
    """How long the plan has to decide one kind of case."""

    case: str
    days: Optional[int] = None
    hours: Optional[int] = None


@dataclass(frozen=True)
class Expedited:
    """The fast appeal when waiting could harm the user's health."""

    hours: Optional[int]
    with_external_review: bool
    text: str


@dataclass(frozen=True)
class Helper:
    """Someone who helps with an appeal; `when` limits it ("if your state has one")."""

    name: str
    plain: str
    text: str
    phone: Optional[str] = None
    when: Optional[str] = None
    source: Optional[str] = None
    plan_types: Optional[List[str]] = None

    def helps_with(self, plan_type: Optional[str]) -> bool:
        """Whether this helper is for the user's plan (every plan of the route if not limited)."""
        return self.plan_types is None or plan_type in self.plan_types


@dataclass(frozen=True)
class AppealRoute:
    """The appeal steps of one family of plans."""

    key: str
    label: str
    plan_types: List[str]
    notice: Optional[str]
    first_step: Step
    decision_times: List[DecisionTime]
    decision_text: Optional[str]
    expedited: Optional[Expedited]
    next_step: Optional[Step]
    helpers: List[Helper] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)
    as_of: str = ""


def _fill(text: Optional[str], values: Dict[str, Any]) -> Optional[str]:
    """{days} and the like from the step's values; {figure_name} from figures.yml."""
    if text is None:
        return None

    class _Values(dict):
        def __missing__(self, key: str) -> str:
            return figures.get(key).display()

    return i18n.t(text).format_map(_Values(values))


def _deadline(data: Optional[dict]) -> Optional[Deadline]:
    if not data:
        return None
    return Deadline(
        days=data.get("days"),
        counted_from=data.get("counted_from"),
        stated_in=data.get("stated_in"),
    )


def _step(data: Optional[dict]) -> Optional[Step]:
    if not data:
        return None
    deadline = data.get("deadline") or {}
    return Step(
        name=data["name"],
        legal_name=data["legal_name"],
        deadline=_deadline(deadline),
        text=str(_fill(data["text"], dict(deadline))),
    )


def _helper(data: dict) -> Helper:
    values = dict(data)
    values["text"] = _fill(values["text"], {"phone": values.get("phone")})
    return Helper(**values)


def _route(key: str, data: dict) -> AppealRoute:
    times = [DecisionTime(**t) for t in data.get("decision_times") or []]
    time_values = {f"days_{i}": t.days for i, t in enumerate(times)}
    expedited = data.get("expedited")
    first_step = _step(data["first_step"])
    assert first_step is not None
    return AppealRoute(
        key=key,
        label=data["label"],
        plan_types=list(data["plan_types"]),
        notice=_fill(data.get("notice"), {}),
        first_step=first_step,
        decision_times=times,
        decision_text=_fill(data.get("decision_text"), time_values),
        expedited=Expedited(
            hours=expedited.get("hours"),
            with_external_review=bool(expedited.get("with_external_review")),
            text=str(_fill(expedited["text"], {"hours": expedited.get("hours")})),
        )
        if expedited
        else None,
        next_step=_step(data.get("next_step")),
        helpers=[_helper(h) for h in data.get("helpers") or []],
        notes=[str(_fill(n, data.get("note_values") or {})) for n in data.get("notes") or []],
        sources=list(data.get("sources") or []),
        as_of=str(data["as_of"]),
    )


def _data() -> Dict[str, dict]:
    return knowledge.load("appeal_routes")["routes"]


def route(key: str) -> AppealRoute:
    """One route by its key ("aca", "medicare_advantage", ...). KeyError when unknown."""
    return _route(key, _data()[key])


def all_routes() -> List[AppealRoute]:
    """Every route, in the order of appeal_routes.yml."""
    return [_route(key, data) for key, data in _data().items()]


def routes_for(plan_type: Optional[str]) -> List[AppealRoute]:
    """The routes for a `plan_type` slot value, usually one.

    Two when the plan type leaves the route open: plain "medicaid" gets the
    managed-care route and the fee-for-service one; say both, or ask. A plan
    not told (None) gets the routes of "unknown".
    """
    value = plan_type if plan_type in knowledge.plan_types() else knowledge.UNKNOWN
    return [r for r in all_routes() if value in r.plan_types]


def chat_facts(
    routes: List[AppealRoute], urgent: Optional[bool], plan_type: Optional[str] = None
) -> List[str]:
    """The denial answer's sentences for the chat, in the order to act on them.

    Args:
        routes: from routes_for(); with two, each step is named by its route.
        urgent: True when the user said it is urgent, None when not said: the
            fast route is offered either way ("if waiting could harm your
            health"); False leaves it out.
        plan_type: the user's plan, to leave out helpers for other plans.
    """
    facts: List[str] = []
    several = len(routes) > 1
    for route_ in routes:
        prefix = i18n.text("With {label}: ", label=i18n.t(route_.label)) if several else ""
        if route_.notice and not several:
            facts.append(route_.notice)
        facts.append(prefix + route_.first_step.text)
        if route_.decision_text:
            facts.append(route_.decision_text)
        if route_.expedited and urgent is not False:
            facts.append(route_.expedited.text)
        if route_.next_step:
            facts.append(route_.next_step.text)
        facts.extend(route_.notes)
    for route_ in routes:
        for helper in route_.helpers:
            if helper.helps_with(plan_type) and helper.text not in facts:
                facts.append(helper.text)
    return facts


def validate() -> List[str]:
    """Problems in appeal_routes.yml (used by the tests); empty when sound."""
    problems: List[str] = []
    plan_types = set(knowledge.plan_types())
    covered: set = set()
    known_sources = knowledge.load("sources")
    for key, data in _data().items():
        for name in ("label", "plan_types", "first_step", "sources", "as_of"):
            if name not in data:
                problems.append(f"{key}: missing {name}")
        for plan in data.get("plan_types") or []:
            if plan not in plan_types:
                problems.append(f"{key}: unknown plan type {plan!r}")
            covered.add(plan)
        for source in data.get("sources") or []:
            if source not in known_sources:
                problems.append(f"{key}: unknown source {source!r}")
        for helper in data.get("helpers") or []:
            if helper.get("source") and helper["source"] not in known_sources:
                problems.append(f"{key}: unknown helper source {helper['source']!r}")
        try:
            _route(key, data)
        except (KeyError, TypeError, ValueError) as error:
            problems.append(f"{key}: {type(error).__name__} {error}")
    for plan in sorted(plan_types - covered):
        problems.append(f"plan type {plan!r} has no appeal route")
    return problems
