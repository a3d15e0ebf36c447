"""Texting style and the usual misspellings are written out for the intent model."""

import pytest

from understanding.texting import spell_out


@pytest.mark.parametrize(
    "text,spelled",
    [
        (
            "need a refferal for 2nd opinon w my hmo??",
            "need a referral for second opinion with my hmo??",
        ),
        ("does medicaire pay thru my ins", "does medicare pay through my insurance"),
        (
            "can my pcp send the appt info",
            "can my primary care doctor send the appointment information",
        ),
        ("do i need pre-auth from medicade", "do i need prior authorization from medicaid"),
        ("my oncologyst wants autherization", "my oncologist wants authorization"),
        ("oon doc w/o a referal", "out of network doctor without a referral"),
    ],
)
def test_spelled_out(text, spelled):
    assert spell_out(text) == spelled


def test_other_words_are_kept_in_lower_case():
    assert spell_out("Does My PPO cover a Second Opinion?") == "does my ppo cover a second opinion?"


@pytest.mark.parametrize(
    "text,spelled",
    [
        ("¿Cuánto cuesta la cirugía?", "¿cuanto cuesta la cirugia?"),
        ("xq ocupo referido pa la 2da opinion", "porque necesito referido para la segunda opinion"),
        ("q hago porfa", "que hago por favor"),
        ("tengo medicair y mi esposa medicaig", "tengo medicare y mi esposa medicaid"),
    ],
)
def test_spanish_is_written_without_accents_and_abbreviations(text, spelled):
    assert spell_out(text) == spelled
