"""Which language a message is in: clear Spanish or English; nothing for short or neutral ones."""

import pytest

from understanding.language import ENGLISH, SPANISH, detect, normalise


@pytest.mark.parametrize(
    "text",
    [
        "mi mamá tiene cáncer y quiero otra opinión",
        "Necesito una segunda opinión médica",
        "mi mama tiene medicaid, cubre otra opinion?",  # no accents
        "cuanto me va a costar la consulta",
        "el seguro me nego la autorizacion que hago",
        "hola",
        "gracias",
    ],
)
def test_spanish_messages_are_recognised(text):
    detection = detect(text)
    assert detection is not None and detection.language == SPANISH


@pytest.mark.parametrize(
    "text",
    [
        "does my insurance cover a second opinion?",
        "my doctor wants me to have surgery and I want another opinion first",
        "how much will the visit cost with my PPO",
    ],
)
def test_english_messages_are_recognised(text):
    detection = detect(text)
    assert detection is not None and detection.language == ENGLISH


@pytest.mark.parametrize(
    "text",
    ["ok", "Medicare", "si", "$50", "PPO 20%", "/greet", "", None, "👍", "NY"],
)
def test_short_or_neutral_messages_decide_nothing(text):
    assert detect(text) is None


def test_english_insurance_words_in_a_spanish_sentence_do_not_make_it_english():
    detection = detect(
        "tengo un PPO del trabajo y el copay es de $50, me cubre la segunda opinion?"
    )
    assert detection is not None and detection.language == SPANISH


@pytest.mark.parametrize(
    "code, expected",
    [("es-MX", "es"), ("ES", "es"), ("en_US", "en"), ("fr", None), (None, None), (3, None)],
)
def test_language_codes_are_normalised(code, expected):
    assert normalise(code) == expected


@pytest.mark.parametrize(
    "text,language",
    [
        ("hola", SPANISH),
        ("tengo Medicare", SPANISH),
        ("mi copay es $40", SPANISH),
        ("vivo en Texas", SPANISH),
        ("el deductible es 500", SPANISH),
        ("sí", SPANISH),
        ("¿puede contestarme en español?", SPANISH),
        ("in English please", ENGLISH),
        ("I have Medicare", ENGLISH),
        ("my mom has medicaid", ENGLISH),
    ],
)
def test_short_and_mixed_messages(text, language):
    detection = detect(text)
    assert detection is not None and detection.language == language


@pytest.mark.parametrize("text", ["thanks", "yes", "English", "ok thanks", "el copay", "no"])
def test_a_single_english_or_shared_word_keeps_the_conversation_language(text):
    # Spanish speakers type "thanks" or "ok" too: only a clearly Spanish word decides alone.
    assert detect(text) is None
