"""Words for the person a second opinion is for."""

import pytest

from actions.logic.people import person


@pytest.mark.parametrize(
    "relation,name,whose,pronoun",
    [
        (None, "you", "your", "your"),
        ("mother", "your mother", "your mother's", "her"),
        ("husband", "your husband", "your husband's", "his"),
        ("child", "your child", "your child's", "their"),
    ],
)
def test_words(relation, name, whose, pronoun):
    who = person(relation)
    assert (who.name, who.whose, who.pronoun_possessive) == (name, whose, pronoun)


def test_an_unknown_value_is_the_user():
    assert person("alien").is_user
