"""The state a message implies without naming it: "I live in Houston", "my son has MassHealth".

Data: understanding/implied_states.yml (large cities whose name is unique to
one state, and state Medicaid programs). Plain Python: components/implied_states.py
adds the state as an entity when the message names none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

DATA = Path(__file__).resolve().parent / "implied_states.yml"


@dataclass(frozen=True)
class ImpliedState:
    code: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _patterns() -> List[Tuple[Pattern[str], str]]:
    data: Dict[str, Dict[str, List[str]]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    pairs = [
        (name, code) for group in data.values() for code, names in group.items() for name in names
    ]
    # Longer names first, so "west palm beach" wins over a shorter name inside it.
    pairs.sort(key=lambda pair: -len(pair[0]))
    return [
        (
            re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])", re.I),
            code,
        )
        for name, code in pairs
    ]


def find(text: Optional[str]) -> List[ImpliedState]:
    """The states implied by the message's words, in order; [] when none."""
    if not text:
        return []
    found: List[ImpliedState] = []
    taken: List[Tuple[int, int]] = []
    for pattern, code in _patterns():
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(ImpliedState(code, match.start(), match.end()))
    return sorted(found, key=lambda state: state.start)
