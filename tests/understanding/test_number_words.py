"""Numbers written in words."""

import pytest

from understanding.number_words import find, value_of


@pytest.mark.parametrize(
    "words, value",
    [
        ("forty", 40),
        ("forty-five", 45),
        ("twenty five", 25),
        ("a hundred and fifty", 150),
        ("fifteen hundred", 1500),
        ("two thousand five hundred", 2500),
        ("one hundred", 100),
        ("ninety nine", 99),
    ],
)
def test_values(words, value):
    assert value_of(words) == value


def test_positions_and_what_is_left_out():
    text = "one of them said forty dollars"
    (found,) = find(text)
    assert text[found.start : found.end] == "forty" and found.value == 40
    assert find("nothing here, 40 in digits") == []


@pytest.mark.parametrize(
    "words,value",
    [
        ("cincuenta", 50),
        ("cuarenta y cinco", 45),
        ("ciento cincuenta", 150),
        ("doscientos", 200),
        ("mil quinientos", 1500),
        ("dos mil quinientos", 2500),
        ("veintidós", 22),
        ("cien", 100),
    ],
)
def test_spanish_values(words, value):
    assert value_of(words) == value


def test_spanish_runs_and_what_is_left_out():
    text = "pago cincuenta dólares y veinte por ciento"
    assert [(text[f.start : f.end], f.value) for f in find(text)] == [
        ("cincuenta", 50),
        ("veinte", 20),
    ]
    # "once" is the English word too.
    assert find("once I pay the deductible") == []
