"""A decided intent comes first, the others keep their order at most half as confident."""

from understanding.ranking import decided_first


def test_the_decided_intent_is_first_and_the_rest_at_most_half_as_sure():
    ranking = decided_first("emergency", 1.0, [("ask_more_detail", 0.96), ("greet", 0.02)])
    assert [r["name"] for r in ranking] == ["emergency", "ask_more_detail", "greet"]
    assert ranking[0]["confidence"] == 1.0
    assert max(r["confidence"] for r in ranking[1:]) <= 0.5


def test_the_decided_intent_is_not_listed_twice_and_low_ones_are_kept():
    ranking = decided_first("a+b", 0.7, [("a", 0.2), ("a+b", 0.1), ("b", 0.1)])
    assert [(r["name"], r["confidence"]) for r in ranking] == [
        ("a+b", 0.7),
        ("a", 0.2),
        ("b", 0.1),
    ]
