"""The state a city or a state's Medicaid program names."""

import pytest

from understanding.implied_states import find


@pytest.mark.parametrize(
    "text,code",
    [
        ("I have Medi-Cal and live in Los Angeles", "CA"),
        ("my son has MassHealth", "MA"),
        ("lost my job in Houston", "TX"),
        ("we live in west palm beach", "FL"),
        ("she's on TennCare", "TN"),
    ],
)
def test_implied(text, code):
    assert find(text)[0].code == code


@pytest.mark.parametrize(
    "text", ["Portland", "Springfield", "a Houston-based clinic", "medical bills"]
)
def test_ambiguous_or_partial_names_imply_nothing(text):
    assert find(text) == []


def test_the_span_is_the_name():
    text = "I live in San Antonio"
    state = find(text)[0]
    assert text[state.start : state.end] == "San Antonio"
