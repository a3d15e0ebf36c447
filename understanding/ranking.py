"""An intent decided by a rule, put first in a ranking the FallbackClassifier can't undo.

Rasa's FallbackClassifier falls back when the first two intents of the ranking
are closer than its ambiguity threshold. A component that decides the intent
itself (the crisis-language net, two questions read as a combined intent)
keeps the classifier's other intents, in their order, for what reads the rest
of the message, but scaled to at most half the decided one's confidence.

Plain Python, no Rasa import (tests/understanding/test_ranking.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple


def decided_first(
    name: str, confidence: float, ranking: Sequence[Tuple[str, float]]
) -> List[Dict[str, Any]]:
    """`name` first at `confidence`; the other (name, confidence) pairs after it, at most half."""
    rest = [(other, float(value)) for other, value in ranking if other != name]
    highest = max((value for _, value in rest), default=0.0)
    scale = min(1.0, confidence / 2 / highest) if highest else 1.0
    return [{"name": name, "confidence": confidence}] + [
        {"name": other, "confidence": value * scale} for other, value in rest
    ]
