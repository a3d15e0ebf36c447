"""The page in Spanish, in headless Chromium against the real Rasa and action servers.

A Spanish speaker presses "Español", opens the chat and asks by the reply
buttons (no Spanish understanding needed: the buttons carry the intents):
the page's own text, its lang, the guide's answers and every message's lang
attribute are Spanish; pressing "English" switches back.
"""

from __future__ import annotations

import pytest

from tests.web.test_widget import bot_said, open_chat, open_page, reply_buttons, wait_for

pytest.importorskip("selenium", reason="selenium is not installed: run `make install`")
from selenium.webdriver.common.by import By  # noqa: E402

LANGS = (
    "return Array.from(document.querySelectorAll('#chat-widget {}'))"
    ".map(e => [e.getAttribute('lang'), e.innerText])"
)


def langs(driver, selector: str) -> list:
    return driver.execute_script(LANGS.format(selector))


def press(driver, title: str) -> None:
    wait_for(driver, lambda d: title in reply_buttons(d), f"the reply button {title!r}")
    reply_buttons(driver)[title].click()


def test_a_spanish_exchange_by_the_language_switch(web_stack, browser):
    open_page(browser, web_stack)
    browser.find_element(By.CSS_SELECTOR, '.language-switch [data-language="es"]').click()
    assert browser.execute_script("return document.documentElement.lang") == "es"
    heading = browser.find_element(By.ID, "intro-heading").text
    assert heading.startswith("¿Preguntas sobre una segunda opinión?")
    assert browser.find_element(By.ID, "start-chat").text == "Empezar un chat"

    open_chat(browser)
    # The greeting (/greet with customData.language "es") comes in Spanish.
    wait_for(browser, lambda d: bot_said(d, "Hola, soy la Guía de Segunda Opinión"), "a greeting")
    placeholder = browser.find_element(By.CSS_SELECTOR, "#chat-widget .rw-new-message")
    assert placeholder.get_attribute("placeholder") == "Escriba su pregunta"

    press(browser, "¿La cubre el seguro?")
    wait_for(browser, lambda d: bot_said(d, "¿Qué tipo de seguro tiene?"), "the plan question")
    press(browser, "Medicare Original")
    wait_for(
        browser,
        lambda d: bot_said(d, "Así funciona la cobertura con Medicare Original:"),
        "the coverage answer in Spanish",
    )
    assert bot_said(browser, "Se basa en: La Parte B de Medicare cubre segundas opiniones")
    # Screen readers read each message in its own language.
    bot = langs(browser, ".rw-response")
    assert bot and all(lang == "es" for lang, _ in bot), bot
    user = langs(browser, ".rw-client")
    assert ["es", "¿La cubre el seguro?"] in user, user

    # Back to English: the page at once, the guide by /switch_to_english.
    browser.find_element(By.CSS_SELECTOR, '.language-switch [data-language="en"]').click()
    assert browser.execute_script("return document.documentElement.lang") == "en"
    wait_for(browser, lambda d: bot_said(d, "Sure, I'll answer in English."), "the switch back")
    last = langs(browser, ".rw-response")[-1]
    assert last[0] == "en", last
    assert browser.find_element(By.ID, "intro-heading").text.startswith("Questions about")


def test_the_choice_is_kept_after_a_reload(web_stack, browser):
    open_page(browser, web_stack)
    browser.find_element(By.CSS_SELECTOR, '.language-switch [data-language="es"]').click()
    browser.refresh()
    open_page(browser, web_stack)
    assert browser.execute_script("return document.documentElement.lang") == "es"
    pressed = browser.find_element(By.CSS_SELECTOR, '.language-switch [data-language="es"]')
    assert pressed.get_attribute("aria-pressed") == "true"
    open_chat(browser)
    wait_for(browser, lambda d: bot_said(d, "Hola, soy la Guía"), "a Spanish greeting")
