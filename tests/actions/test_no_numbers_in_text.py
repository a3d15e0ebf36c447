"""No dollar amount or percentage is written into answer text: figures come from figures.yml.

A figure written into a sentence goes stale without anyone noticing (the
Part B deductible changes every year) and has no year or source to show.
So every amount the bot states is a {figure_name} placeholder filled from
actions/knowledge/figures.yml, which keeps each value with its year and source.

What counts as answer text:
- the facts and basis lines of actions/knowledge/coverage_rules.yml, every
  text of appeal_routes.yml, the statements of topic_sources.yml;
- every response text and button title in domain.yml;
- every string literal in actions/ (docstrings aside), f-strings included.
What counts as a figure: a dollar amount ("$283", "$ 1,700") or a
percentage ("20%", "50 percent").
What does not count:
- an example of what to type, introduced by "like", "Example:" or "e.g."
  ("a copay (like $40)", "Example: $250"): it is no fact about anyone's plan;
- arithmetic on the user's own numbers: it is computed, never written
  (the f-string's literal parts hold no digits).
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path
from typing import Iterator, Tuple

import yaml

from actions.logic import topics

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "actions" / "knowledge"

FIGURE = re.compile(r"\$\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|percent\b)", re.IGNORECASE)
EXAMPLE = re.compile(
    r"(\blike|\bExample:|\be\.g\.|\bcomo|\bEjemplo:|\bpor\s+ejemplo)"
    r"\s*[(\"]?\$?\s?\d[\d,.]*\s?(%|percent)?",
    re.I,
)


def written_figures(text: str) -> list:
    """The figures written in a text, examples of what to type left out."""
    return FIGURE.findall(EXAMPLE.sub(" ", text))


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def knowledge_texts() -> Iterator[Tuple[str, str]]:
    rules = yaml.safe_load((KNOWLEDGE / "coverage_rules.yml").read_text(encoding="utf-8"))
    for rule in rules["rules"]:
        for text in [rule["basis"], *rule["facts"]]:
            yield f"coverage_rules.yml {rule['id']}", text
    routes = yaml.safe_load((KNOWLEDGE / "appeal_routes.yml").read_text(encoding="utf-8"))
    for key, route in routes["routes"].items():
        for text in _strings(route):
            yield f"appeal_routes.yml {key}", text
    topic_sources = yaml.safe_load((KNOWLEDGE / "topic_sources.yml").read_text(encoding="utf-8"))
    for topic, entries in topic_sources.items():
        for entry in entries:
            yield f"topic_sources.yml {topic}", entry["statement"]


def spanish_texts() -> Iterator[Tuple[str, str]]:
    catalogue = yaml.safe_load((KNOWLEDGE / "es.yml").read_text(encoding="utf-8"))
    for pair in catalogue["texts"] or []:
        yield "es.yml", pair["es"]


def domain_texts() -> Iterator[Tuple[str, str]]:
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    for name, variants in responses.items():
        for variant in variants:
            yield name, variant.get("text") or ""
            for button in variant.get("buttons") or []:
                yield f"{name} button", button["title"]


def _docstrings(tree: ast.AST) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def code_texts() -> Iterator[Tuple[str, str]]:
    for path in sorted((ROOT / "actions").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def test_no_figure_is_written_into_the_knowledge():
    texts = itertools.chain(knowledge_texts(), spanish_texts())
    found = [(where, t) for where, t in texts if written_figures(t)]
    assert found == [], "use a {figure} from figures.yml instead"


def test_no_figure_is_written_into_a_response():
    found = [(where, t) for where, t in domain_texts() if written_figures(t)]
    assert found == [], "use a {figure} filled by the action (topics.RESPONSE_FIGURES)"


def test_no_figure_is_written_into_the_code():
    found = [(where, t) for where, t in code_texts() if written_figures(t)]
    assert found == [], "use figures.get(...) instead"


def test_a_response_that_shows_figures_gets_them_from_its_action():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    responses = domain["responses"]
    # Rasa fills a slot's placeholder ("your {person}") itself; those are no figures.
    slots = set(domain["slots"])
    figures_by_response = {
        topics.RESPONSES[topic]: set(names) for topic, names in topics.RESPONSE_FIGURES.items()
    }
    for name, variants in responses.items():
        used = {m for v in variants for m in re.findall(r"\{(\w+)\}", v.get("text") or "")}
        used -= slots
        assert used == figures_by_response.get(name, set()), name


def test_what_counts_as_a_written_figure():
    assert written_figures("You pay 20% after the $283 deductible.") == ["20%", "$283"]
    assert written_figures("a 50 percent cost share") == ["50 percent"]
    assert written_figures("a copay (like $40) or coinsurance (like 20%)") == []
    assert written_figures('say it like "20%", or like "$40 copay"') == []
    assert written_figures("Example: $250") == []
    assert written_figures("Ejemplo: $250") == []
    assert written_figures("un copago (como $40) o coseguro (como 20%)") == []
    assert written_figures("You have 180 days; call 1-866-444-3272.") == []
