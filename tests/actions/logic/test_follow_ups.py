"""What a follow-up question asks about the last answer."""

import pytest

from actions.logic import follow_ups
from actions.logic.follow_ups import MEANING, OTHER, TIME, WHY, kind_of, response_names


@pytest.mark.parametrize(
    "text,kind",
    [
        ("how long do they have?", TIME),
        ("is there a deadline", TIME),
        ("how soon do they have to answer", TIME),
        ("why?", WHY),
        ("how come?", WHY),
        ("what does that mean?", MEANING),
        ("can you explain that more simply", MEANING),
        ("tell me more", OTHER),
        ("", OTHER),
    ],
)
def test_kinds(text, kind):
    assert kind_of(text) == kind


def test_most_specific_response_first():
    assert response_names("records", TIME) == ["utter_more_records_time", "utter_more_records"]


@pytest.mark.parametrize(
    "last, text, expected",
    [
        ("authorization", "and what happens if they say no?", "denial"),
        ("coverage", "what if medicare won't pay for it", "denial"),
        ("cost", "what if they deny it?", "denial"),
        ("authorization", "how long does it take?", None),
        ("records", "what if the hospital says no?", None),
        ("coverage", None, None),
    ],
)
def test_a_refusal_after_coverage_moves_on_to_denials(last, text, expected):
    assert follow_ups.next_topic(last, text) == expected


def test_spanish_follow_up_kinds():
    from actions.logic.follow_ups import MEANING, TIME, WHY, kind_of, next_topic

    assert kind_of("¿cuánto tiempo tienen para contestar?") == TIME
    assert kind_of("¿por qué?") == WHY
    assert kind_of("¿qué significa eso?") == MEANING
    assert next_topic("coverage", "¿y si me lo niegan?") == "denial"
    assert next_topic("coverage", "¿y si el seguro dice que no?") == "denial"
