"""The web page's "Download / print" button, in headless Chromium against the real servers:
ask for the records letter, skip every detail, press the button, and the PDF opens in a new tab."""

from __future__ import annotations

import io

import pytest
import requests
from pypdf import PdfReader

from tests.web.test_widget import (
    bot_said,
    csp_violations,
    greeted,
    open_chat,
    open_page,
    reply_buttons,
    run_axe,
    send,
    wait_for,
)

pytest.importorskip("selenium", reason="selenium is not installed: run `make install`")
from selenium.webdriver.common.by import By  # noqa: E402

DOWNLOAD = "#chat-widget .rw-replies a.rw-reply"


def press(driver, title: str, then: str, what: str) -> None:
    wait_for(driver, lambda d: title in reply_buttons(d), f"the {title!r} button")
    reply_buttons(driver)[title].click()
    wait_for(driver, lambda d: bot_said(d, then), what)


def test_download_button_opens_the_pdf_in_a_new_tab(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)
    send(browser, "how do I get my medical records?")
    press(browser, "Records request letter", "patient's full name", "the name question")
    press(browser, "Skip", "date of birth", "the date-of-birth question")
    send(browser, "03/14/1952")
    wait_for(browser, lambda d: bot_said(d, "Which office has the records"), "the office question")
    press(browser, "Skip", "Where should the records go", "the recipient question")
    press(browser, "Skip", "Your medical records request letter is ready", "the download button")
    assert bot_said(browser, "blank line for the patient's name")
    assert bot_said(browser, "30 days")

    link = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, DOWNLOAD), "the Download / print link"
    )[0]
    assert link.text == "Download / print"
    url = link.get_attribute("href")
    assert url.startswith(f"{web_stack.servers.rasa_url}/documents/")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "opens a PDF" in link.get_attribute("aria-label")

    tabs_before = set(browser.window_handles)
    link.click()
    wait_for(browser, lambda d: len(d.window_handles) > len(tabs_before), "a new tab", seconds=30)
    page_tab = browser.current_window_handle
    browser.switch_to.window((set(browser.window_handles) - tabs_before).pop())
    wait_for(browser, lambda d: d.current_url == url, "the new tab to open the link", seconds=30)
    content_type = browser.execute_script("return document.contentType")
    assert content_type == "application/pdf", content_type
    browser.close()
    browser.switch_to.window(page_tab)

    # The same address gives the letter with the date of birth typed in the chat.
    answer = requests.get(url, timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "March 14, 1952" in text and "45 CFR 164.524" in text
    assert csp_violations(browser) == []
    assert run_axe(browser) == []


def test_appeal_letter_button_from_the_denial_answer(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)
    send(browser, "how do i appeal a denial")
    press(browser, "Medicare Advantage", "reconsideration", "the denial answer")
    press(browser, "Appeal letter", "as the plan knows it", "the name question")
    press(browser, "Skip", "member ID", "the member ID question")
    press(browser, "Skip", "What reason did the plan give", "the reason question")
    press(browser, "Skip", "why do you need this second opinion", "the why question")
    press(browser, "Skip", "Could waiting harm your health", "the urgency question")
    press(browser, "Yes, it's urgent", "Your appeal letter is ready", "the download button")
    assert bot_said(browser, "a request for a reconsideration")
    link = wait_for(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, DOWNLOAD), "the Download / print link"
    )[-1]
    assert link.text == "Download / print"
    answer = requests.get(link.get_attribute("href"), timeout=60)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    text = " ".join(text.split())
    assert "This letter is my request for a reconsideration." in text
    assert "Please decide within 72 hours" in text
    assert csp_violations(browser) == []
