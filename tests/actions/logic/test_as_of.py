"""`as_of` is the date a rule was last checked against its source, tied to the text checked.

Each coverage rule, appeal route, figure and topic source stores, beside `as_of`, the fingerprint
of what it says (`checked`). When its text changes, this test fails until
someone checks the new text against the source, sets `as_of` to that day and
`checked` to the fingerprint printed here. A date is never carried over to
text nobody checked, and no date is in the future.
"""

import datetime

import pytest

from actions.logic import coverage, knowledge

TODAY = datetime.date.today()


def _items():
    for rule in knowledge.load("coverage_rules")["rules"]:
        yield f"coverage_rules.yml {rule['id']}", rule
    for key, route in knowledge.load("appeal_routes")["routes"].items():
        yield f"appeal_routes.yml {key}", route
    for name, figure in knowledge.load("figures").items():
        yield f"figures.yml {name}", figure
    for topic, entries in knowledge.load("topic_sources").items():
        for number, entry in enumerate(entries):
            yield f"topic_sources.yml {topic} {number}", entry


ITEMS = list(_items())


@pytest.mark.parametrize("where,item", ITEMS, ids=[w for w, _ in ITEMS])
def test_the_date_belongs_to_the_text_that_was_checked(where, item):
    expected = coverage.fingerprint(item)
    assert item.get("checked") == expected, (
        f"{where} changed since it was checked on {item.get('as_of')}: check it against its "
        f"source, then set as_of to today and checked to {expected!r}"
    )


@pytest.mark.parametrize("where,item", ITEMS, ids=[w for w, _ in ITEMS])
def test_the_date_is_a_real_past_date(where, item):
    as_of = item["as_of"]
    assert isinstance(as_of, datetime.date), where
    assert as_of <= TODAY, where


def test_the_fingerprint_follows_the_text():
    rule = {"id": "x", "basis": "b", "facts": ["one"], "source": "s", "as_of": "2026-12-01"}
    changed = dict(rule, facts=["two"])
    redated = dict(rule, as_of="2027-01-01")
    assert coverage.fingerprint(rule) != coverage.fingerprint(changed)
    assert coverage.fingerprint(rule) == coverage.fingerprint(redated)
