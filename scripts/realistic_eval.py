"""Play the realistic conversation sets against a running assistant and score them.

The sets (tests/realistic/*.yml) are written from tests/realistic/BRIEF.md by
writers who never read the training data: each user turn says what the reply
must do (the topics it answers, the plan, state and person it applies, the
estimate's total, the next question). Each conversation is played over the
REST channel; what the assistant did is then read from the conversation's
events in the tracker store (SQLite): the actions it ran, the responses it
sent (their `utter_action` or `topic` metadata) and the slots it set.

The sets in Spanish (holdout_es.yml, dev_es.yml) are scored the same way: the
words a reply must use for a plan, a person or a state are accepted in either
language (an answer may still be in English where a Spanish text is missing),
and `switch_language` is the answer to "¿puede contestarme en español?" / "in
English please": the language-switch response, with the user's choice kept.

A conversation passes when every turn does. A turn reaches the fallback when
the assistant ran one of Rasa's fallback actions (the two-stage fallback,
its "did you mean" or "rephrase" step, or the default fallback).

    python scripts/realistic_eval.py --url http://127.0.0.1:5005 \\
        --db var/conversations.db tests/realistic/dev.yml [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set

import requests
import yaml

# The topic a turn answered, read from what the assistant did. A response sent
# by a rule names itself (utter_action); the answers built by actions carry a
# `topic` in their metadata; older action names are kept so that figures from
# before the topic metadata can be measured the same way.
UTTER_TOPICS = {
    "utter_what_is_second_opinion": "what_is",
    "utter_why_second_opinion": "why",
    "utter_medical_necessity": "medical_necessity",
    "utter_how_to_get": "how_to_get",
    "utter_tell_doctor": "tell_doctor",
    "utter_medical_records": "records",
    "utter_find_doctor": "find_doctor",
    "utter_make_appointment": "appointment",
    "utter_what_to_expect": "what_to_expect",
    "utter_after_second_opinion": "after",
    "utter_opinions_differ": "third_opinion",
    "utter_opinions_agree": "opinions_agree",
    "utter_virtual_second_opinion": "virtual",
    "utter_emergency": "emergency",
    "utter_out_of_scope": "out_of_scope",
    "utter_greet": "greet",
    "utter_goodbye": "goodbye",
    "utter_thank": "thank",
    "utter_iamabot": "bot_challenge",
    "utter_human_handoff": "human_handoff",
    "utter_help": "help",
    "utter_language_switched": "switch_language",
    "utter_ask_forget_me": "forget_me",
    "utter_ask_plan_type": "ask_plan",
    "utter_ask_checklist_form_plan_type": "checklist",
    "utter_ask_cost_estimate_form_plan_type": "estimate",
    "utter_ask_specialist_search_form_specialty": "find_doctor",
    "utter_registry_unavailable": "find_doctor",
    "utter_no_specialists_found": "find_doctor",
}
ACTION_TOPICS = {
    "action_answer_coverage": "coverage",
    "action_answer_preauthorization": "authorization",
    "action_answer_cost": "cost",
    "action_answer_denial": "denial",
    "action_answer_third_opinion": "third_opinion",
    "action_build_checklist": "checklist",
    "action_show_cost_estimate": "estimate",
    "action_search_specialists": "find_doctor",
    "checklist_form": "checklist",
    "cost_estimate_form": "estimate",
    "specialist_search_form": "find_doctor",
    "action_handle_inform": "acknowledge",
}
FALLBACK_ACTIONS = {
    "action_default_fallback",
    "action_two_stage_fallback",
    "action_default_ask_affirmation",
    "action_default_ask_rephrase",
}
FALLBACK_RESPONSES = {"utter_default", "utter_ask_rephrase"}
# Topics that need the plan: asking for it first addresses them.
PLAN_TOPICS = {"coverage", "authorization", "cost", "denial", "estimate"}
PLAN_VALUES = {
    "medicare": {"medicare", "original_medicare"},
    "original_medicare": {"original_medicare"},
    "medicare_advantage": {
        "medicare_advantage",
        "medicare_advantage_hmo",
        "medicare_advantage_ppo",
    },
    "medicaid": {"medicaid", "medicaid_managed_care", "medicaid_ffs"},
    "hmo": {"hmo"},
    "ppo": {"ppo"},
    "epo": {"epo"},
    "pos": {"pos"},
    "hdhp": {"hdhp"},
    "employer": {"employer_unknown"},
    "tricare": {"tricare", "tricare_prime", "tricare_select"},
    "tricare_for_life": {"tricare_for_life"},
    "va": {"va"},
    "uninsured": {"uninsured"},
}
# Words a reply uses for the plan it applies, in English or Spanish.
PLAN_WORDS = {
    "medicare": ["Medicare"],
    "original_medicare": ["Medicare"],
    "medicare_advantage": ["Medicare Advantage"],
    "medicaid": ["Medicaid"],
    "hmo": ["HMO"],
    "ppo": ["PPO"],
    "epo": ["EPO"],
    "pos": ["POS"],
    "hdhp": ["high-deductible", "high deductible", "deducible alto"],
    "employer": ["employer", "job", "work", "empleador", "trabajo", "empleo"],
    "tricare": ["TRICARE"],
    "tricare_for_life": ["TRICARE For Life"],
    "va": ["VA"],
    "uninsured": ["insurance", "self-pay", "seguro", "sin seguro"],
}
PERSON_WORDS = {
    "mother": ["mother", "mom", "mum", "madre", "mamá", "mama"],
    "father": ["father", "dad", "padre", "papá", "papa"],
    "husband": ["husband", "esposo", "marido"],
    "wife": ["wife", "esposa"],
    "partner": ["partner", "pareja"],
    "son": ["son", "hijo"],
    "daughter": ["daughter", "hija"],
    "child": ["child", "son", "daughter", "kid", "hijo", "hija", "niño", "niña"],
    "parent": ["parent", "mother", "father", "mom", "dad", "madre", "padre", "mamá", "papá"],
    "brother": ["brother", "hermano"],
    "sister": ["sister", "hermana"],
    "grandmother": ["grandmother", "grandma", "abuela"],
    "grandfather": ["grandfather", "grandpa", "abuelo"],
    "friend": ["friend", "amigo", "amiga"],
}
ASKS_FOR_SLOTS = {
    "plan": "plan_type",
    "visit_price": "visit_price",
    "deductible": "deductible_remaining",
    "cost_share": "cost_share",
    "condition": "condition",
    "surgery": "surgery_recommended",
    "state": "us_state",
    "specialty": "specialty",
    "location": "location",
}
# "$1,500.00", and "$1.500" as Spanish texts may write it.
_MONEY = re.compile(r"\$\s?(\d{1,3}(?:\.\d{3})+(?![\d,])|\d[\d,]*(?:\.\d{1,2})?)")
STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}  # fmt: skip
# The Spanish names of the states whose name differs ("Nueva York").
STATE_NAMES_ES = {
    "NY": "Nueva York", "NJ": "Nueva Jersey", "NM": "Nuevo México", "NH": "Nuevo Hampshire",
    "NC": "Carolina del Norte", "SC": "Carolina del Sur", "ND": "Dakota del Norte",
    "SD": "Dakota del Sur", "PA": "Pensilvania", "LA": "Luisiana", "MO": "Misuri",
    "MS": "Misisipi", "WV": "Virginia Occidental", "HI": "Hawái", "OR": "Oregón",
    "MI": "Míchigan", "TN": "Tennessee", "DC": "Distrito de Columbia",
}  # fmt: skip
# "you pay nothing" in either language.
_PAYS_NOTHING = re.compile(
    r"\bpay (?:nothing|\$0)\b|\b(?:no\s+)?paga(?:ría|ria|rá|ra)?\s+(?:nada|\$0)\b", re.IGNORECASE
)


@dataclass
class Turn:
    """What the assistant did in reply to one user message."""

    text: str = ""
    topics: List[str] = field(default_factory=list)
    fallback: bool = False
    slots: Dict[str, Any] = field(default_factory=dict)
    requested: Optional[str] = None
    asked_plan: bool = False


@dataclass
class TurnResult:
    conversation: str
    group: str
    index: int
    user: str
    problems: List[str]
    fallback: bool

    @property
    def passed(self) -> bool:
        return not self.problems


def load_set(path: Path) -> List[Dict[str, Any]]:
    return list(yaml.safe_load(Path(path).read_text())["conversations"])


def user_messages(path: Path) -> List[str]:
    return [turn["user"] for c in load_set(path) for turn in c["turns"]]


def read_events(db: Path, sender_id: str) -> List[Dict[str, Any]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender_id,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def _topic_of(event: Dict[str, Any]) -> Optional[str]:
    if event.get("event") == "bot":
        metadata = event.get("metadata") or {}
        return metadata.get("topic") or UTTER_TOPICS.get(metadata.get("utter_action") or "")
    if event.get("event") == "action":
        return ACTION_TOPICS.get(event.get("name") or "")
    return None


def split_turns(events: Sequence[Dict[str, Any]]) -> List[Turn]:
    """The assistant's doings after each user message, with the slots as they stand after it."""
    turns: List[Turn] = []
    slots: Dict[str, Any] = {}
    current: Optional[Turn] = None
    replay = False
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            if replay and current is not None:
                # Rasa's two-stage fallback replays a clarified message: the same turn goes on.
                replay = False
                continue
            if text.startswith("/") and current is None:
                continue  # the widget's /greet or a button before the first typed message
            current = Turn(slots=dict(slots))
            turns.append(current)
            continue
        if kind == "rewind" and current is not None:
            # The user's message settled the two-stage fallback (they asked clearly):
            # it is answered as a normal turn, not a fallback.
            replay = True
            current.fallback = False
            continue
        if kind == "slot":
            name = str(event.get("name"))
            slots[name] = event.get("value")
            if current is not None:
                current.slots[name] = event.get("value")
                if name == "requested_slot":
                    current.requested = event.get("value")
            continue
        if current is None:
            continue
        if kind == "action" and event.get("name") in FALLBACK_ACTIONS:
            current.fallback = True
        if kind == "bot":
            metadata = event.get("metadata") or {}
            if metadata.get("utter_action") in FALLBACK_RESPONSES:
                current.fallback = True
            if (metadata.get("utter_action") or "").endswith("plan_type"):
                current.asked_plan = True
            current.text += (event.get("text") or "") + "\n"
        topic = _topic_of(event)
        if topic and (not current.topics or current.topics[-1] != topic):
            current.topics.append(topic)
    return turns


def _mentions(text: str, words: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(re.search(r"\b" + re.escape(w.lower()) + r"\b", lowered) for w in words)


def _amounts(text: str) -> Set[Decimal]:
    found = set()
    for m in _MONEY.findall(text):
        digits = m.replace(".", "") if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m) else m
        found.add(Decimal(digits.replace(",", "")).quantize(Decimal("0.01")))
    return found


def check_turn(expect: Dict[str, Any], turn: Turn, previous: Dict[str, Any]) -> List[str]:
    """What is wrong with one reply, given what the turn expects and the facts known before it."""
    problems: List[str] = []
    wanted = list(expect.get("answers") or [])
    got = [t for t in turn.topics if t != "acknowledge"] or list(turn.topics)
    plan_known = bool(turn.slots.get("plan_type"))
    position = 0
    for topic in wanted:
        accepted = {topic}
        if topic in PLAN_TOPICS and (turn.asked_plan or not plan_known):
            accepted.add("ask_plan")
        if topic == "estimate":
            accepted.add("cost")
        while position < len(got) and got[position] not in accepted:
            position += 1
        if position == len(got):
            problems.append(f"expected {topic}, got {turn.topics or 'nothing'}")
            break
        position += 1
    if "emergency" in turn.topics and "emergency" not in wanted:
        problems.append("an unexpected emergency answer")
    if "emergency" in wanted and turn.topics[:1] != ["emergency"]:
        problems.append("the emergency guidance did not come first")
    if turn.fallback and "clarify" not in wanted:
        problems.append("reached the fallback")
    plan = expect.get("plan")
    if plan:
        value = turn.slots.get("plan_type")
        if value not in PLAN_VALUES[plan]:
            problems.append(f"plan_type is {value!r}, expected {plan}")
        elif plan != previous.get("plan") and wanted[-1:] != ["acknowledge"]:
            if not _mentions(turn.text, PLAN_WORDS[plan]) and not turn.asked_plan:
                problems.append(f"the reply does not name the plan ({plan})")
    state = expect.get("state")
    if state:
        value = turn.slots.get("us_state")
        if (value or "").upper() != state:
            problems.append(f"us_state is {value!r}, expected {state}")
        elif state != previous.get("state") and not _mentions(
            turn.text, [STATE_NAMES[state], STATE_NAMES_ES.get(state, STATE_NAMES[state])]
        ):
            problems.append(f"the reply does not name the state ({state})")
    person = expect.get("person")
    if person:
        value = turn.slots.get("person")
        if value not in ({person} | set(PERSON_WORDS[person])):
            problems.append(f"person is {value!r}, expected {person}")
        elif person != previous.get("person") and not _mentions(turn.text, PERSON_WORDS[person]):
            problems.append(f"the reply does not speak of the {person}")
    if "you_pay" in expect:
        expected = Decimal(str(expect["you_pay"])).quantize(Decimal("0.01"))
        found = _amounts(turn.text)
        nothing = expected == 0 and _PAYS_NOTHING.search(turn.text)
        if expected not in found and not nothing:
            problems.append(f"the estimate does not give ${expected} (amounts: {sorted(found)})")
    asks = expect.get("asks_for")
    if asks:
        slot = ASKS_FOR_SLOTS[asks]
        if not (turn.requested == slot or (asks == "plan" and turn.asked_plan)):
            problems.append(f"expected the question for {asks}, the bot asked {turn.requested!r}")
    if "switch_language" in wanted and not turn.slots.get("language_chosen"):
        problems.append("the user's choice of language was not kept")
    for word in expect.get("mentions") or []:
        if word.lower() not in turn.text.lower():
            problems.append(f"the reply does not mention {word!r}")
    return problems


def play(url: str, conversation: Dict[str, Any], sender_id: str, timeout: float = 60) -> None:
    for turn in conversation["turns"]:
        response = requests.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": sender_id, "message": turn["user"]},
            timeout=timeout,
        )
        response.raise_for_status()


def score_conversation(
    conversation: Dict[str, Any], events: Sequence[Dict[str, Any]]
) -> List[TurnResult]:
    turns = split_turns(events)
    results: List[TurnResult] = []
    known: Dict[str, Any] = {}
    for index, spec in enumerate(conversation["turns"]):
        expect = spec.get("expect") or {}
        turn = turns[index] if index < len(turns) else Turn()
        problems = check_turn(expect, turn, known) if index < len(turns) else ["no reply recorded"]
        results.append(
            TurnResult(
                conversation["id"],
                conversation.get("group", ""),
                index,
                spec["user"],
                problems,
                turn.fallback,
            )
        )
        for key in ("plan", "state", "person"):
            if key in expect:
                known[key] = expect[key]
    return results


def run_set(url: str, db: Path, conversations: Sequence[Dict[str, Any]]) -> List[TurnResult]:
    results: List[TurnResult] = []
    for conversation in conversations:
        sender_id = f"realistic-{conversation['id']}-{uuid.uuid4().hex[:8]}"
        play(url, conversation, sender_id)
        results.extend(score_conversation(conversation, read_events(db, sender_id)))
    return results


@dataclass
class Summary:
    conversations: int
    passed: int
    turns: int
    fallback_turns: int
    by_group: Dict[str, List[int]]
    failures: List[TurnResult]

    @property
    def pass_rate(self) -> float:
        return self.passed / self.conversations if self.conversations else 0.0

    @property
    def fallback_share(self) -> float:
        return self.fallback_turns / self.turns if self.turns else 0.0


def summarise(results: Sequence[TurnResult]) -> Summary:
    by_conversation: Dict[str, List[TurnResult]] = {}
    for result in results:
        by_conversation.setdefault(result.conversation, []).append(result)
    by_group: Dict[str, List[int]] = {}
    passed = 0
    for turns in by_conversation.values():
        ok = all(t.passed for t in turns)
        passed += ok
        counts = by_group.setdefault(turns[0].group, [0, 0])
        counts[0] += ok
        counts[1] += 1
    return Summary(
        conversations=len(by_conversation),
        passed=passed,
        turns=len(results),
        fallback_turns=sum(r.fallback for r in results),
        by_group=by_group,
        failures=[r for r in results if not r.passed],
    )


def report(summary: Summary, verbose: bool = False) -> str:
    lines = [
        f"conversations passed: {summary.passed} of {summary.conversations} "
        f"({summary.pass_rate:.1%})",
        f"turns reaching the fallback: {summary.fallback_turns} of {summary.turns} "
        f"({summary.fallback_share:.1%})",
    ]
    for group, (ok, total) in sorted(summary.by_group.items()):
        lines.append(f"  {group}: {ok}/{total}")
    if verbose:
        for failure in summary.failures:
            lines.append(
                f"FAIL {failure.conversation}[{failure.index}] {failure.user!r}: "
                + "; ".join(failure.problems)
            )
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--db", type=Path, default=Path("var/conversations.db"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    for path in args.sets:
        summary = summarise(run_set(args.url, args.db, load_set(path)))
        print(f"== {path}")
        print(report(summary, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
