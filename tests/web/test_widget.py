"""The web chat page in headless Chromium, against the real Rasa and action servers.

What a patient does on the page: open the chat, ask, press a reply button,
reload and carry on; the same with the keyboard alone and on a phone-sized
screen; and what the page must never do: run markup from a message, or fail
axe-core's serious and critical accessibility rules.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.web.conftest import AXE, ROOT

pytest.importorskip("selenium", reason="selenium is not installed: run `make install`")
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# Each bot turn runs the NLU model and an action on a 2-core machine shared with other jobs.
REPLY_SECONDS = 90
SCREENSHOT = ROOT / "docs" / "web-widget.png"

BOT_TEXTS = (
    "return Array.from(document.querySelectorAll('#chat-widget .rw-response'))"
    ".map(e => e.innerText)"
)
USER_TEXTS = (
    "return Array.from(document.querySelectorAll('#chat-widget .rw-client')).map(e => e.innerText)"
)


# ---- helpers ------------------------------------------------------------------


def wait_for(driver, condition, what: str, seconds: float = REPLY_SECONDS):
    """Wait until condition(driver) is truthy.

    On time-out, say what we waited for and what the chat showed.
    """
    try:
        return WebDriverWait(
            driver,
            seconds,
            poll_frequency=0.25,
            ignored_exceptions=(StaleElementReferenceException,),
        ).until(condition)
    except (
        Exception
    ) as error:  # TimeoutException, with the conversation so far for the failure message
        raise AssertionError(
            f"waited {seconds}s for {what}; bot said: {bot_texts(driver)!r}"
        ) from error


def bot_texts(driver) -> list:
    try:
        return driver.execute_script(BOT_TEXTS)
    except WebDriverException:
        return []


def bot_said(driver, fragment: str) -> bool:
    return any(fragment in text for text in driver.execute_script(BOT_TEXTS))


def open_page(driver, stack) -> None:
    driver.get(stack.page_url)
    # app.js marks the page when the widget's socket is connected to Rasa.
    wait_for(
        driver,
        lambda d: d.execute_script("return document.documentElement.dataset.chat") == "connected",
        "the widget to connect to Rasa's socket.io channel",
        seconds=30,
    )


def open_chat(driver) -> None:
    if not driver.find_elements(By.CSS_SELECTOR, "#chat-widget .rw-conversation-container"):
        driver.find_element(By.CSS_SELECTOR, "#chat-widget .rw-launcher").click()
    wait_for(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, "#chat-widget .rw-new-message").is_enabled(),
        "the chat input",
        seconds=30,
    )


def send(driver, text: str) -> None:
    box = driver.find_element(By.CSS_SELECTOR, "#chat-widget .rw-new-message")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def reply_buttons(driver) -> dict:
    """Title -> element of the reply buttons currently shown."""
    return {
        b.text: b
        for b in driver.find_elements(By.CSS_SELECTOR, "#chat-widget .rw-replies .rw-reply")
    }


def greeted(driver) -> None:
    # initPayload "/greet": the bot introduces itself as soon as the chat opens.
    wait_for(
        driver,
        lambda d: bot_said(d, "automated helper"),
        "the greeting sent by initPayload /greet",
    )


def csp_violations(driver) -> list:
    """Content-Security-Policy errors in the console.

    Except the widget's Google Fonts import, which the policy blocks on purpose.
    """
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
        and "fonts.googleapis.com" not in entry["message"]
    ]


def run_axe(driver) -> list:
    """axe-core's serious and critical violations on the page as it is now.

    Each as (rule, target, summary).
    """
    driver.execute_script(
        AXE.read_text(encoding="utf-8")
    )  # WebDriver scripts are not bound by the page's CSP
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then(r => done(JSON.stringify(r.violations)),"
        "        e => done(JSON.stringify({error: String(e)})));"
    )
    violations = json.loads(result)
    assert not isinstance(violations, dict), violations
    return [
        (v["id"], node["target"], node["failureSummary"])
        for v in violations
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


# ---- tests ------------------------------------------------------------------------


def test_coverage_question_button_answer_and_reload_keeps_the_conversation(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)

    send(browser, "does insurance cover a second opinion?")
    wait_for(browser, lambda d: "Original Medicare" in reply_buttons(d), "the plan-type buttons")
    assert bot_said(browser, "Which kind of insurance")
    reply_buttons(browser)["Original Medicare"].click()
    wait_for(browser, lambda d: bot_said(d, "Part B"), "the Original Medicare coverage answer")
    assert csp_violations(browser) == []
    if os.environ.get("UPDATE_SCREENSHOT"):
        # UPDATE_SCREENSHOT=1 pytest tests/web -k coverage: refresh the picture in the README.
        time.sleep(1)  # the widget scrolls to the newest message
        browser.save_screenshot(str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size < 500_000

    browser.refresh()
    open_page(browser, web_stack)
    open_chat(browser)
    # The page shows the conversation again (kept in localStorage) ...
    assert any(
        "does insurance cover a second opinion?" in text
        for text in browser.execute_script(USER_TEXTS)
    )
    assert bot_said(browser, "Part B")
    # ... and Rasa continues the same conversation (same session id): the plan is still known.
    answers_before = len(bot_texts(browser))
    send(browser, "how much will it cost me?")
    wait_for(
        browser,
        lambda d: len(bot_texts(d)) > answers_before and bot_said(d, "20%"),
        "the cost answer for the remembered plan",
    )
    assert not any(
        "Which kind of insurance" in text for text in bot_texts(browser)[answers_before:]
    )


def test_checklist_sections_render_as_lists_and_markup_in_messages_stays_text(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)
    send(browser, "can you make me a checklist")
    wait_for(
        browser, lambda d: bot_said(d, "which kind of insurance"), "the checklist's plan question"
    )
    send(browser, "HMO")
    wait_for(browser, lambda d: bot_said(d, "What condition"), "the condition question")
    # The condition comes back inside the bot's checklist: HTML in it must show as text, and a
    # Markdown link to javascript: (which the widget renders as a live link) must lose its target.
    html = (
        "<img src=x onerror=injected=1><b>knee</b>"  # with the link: under the 80-character limit
    )
    send(browser, f'/inform{{"condition": "{html} [op](javascript:injected=2)"}}')
    wait_for(
        browser,
        lambda d: bot_said(d, "surgery, or some other big treatment"),
        "the surgery question",
    )
    send(browser, "yes")
    wait_for(browser, lambda d: bot_said(d, "Which state do you live in"), "the state question")
    send(browser, "skip")
    wait_for(
        browser, lambda d: bot_said(d, "Where this comes from"), "the checklist's sources, last"
    )

    texts = bot_texts(browser)
    intro = next(t for t in texts if t.startswith("Here is your checklist"))
    # the HTML shown literally, as the server sent it
    assert f"about {html} op. It uses what you told me: an HMO" in intro
    assert (
        browser.execute_script(
            "return document.querySelectorAll('#chat-widget .rw-messages-container img, "
            "#chat-widget .rw-messages-container b').length"
        )
        == 0
    )
    links = browser.find_elements(
        By.XPATH, "//div[contains(@class, 'rw-response')]//a[normalize-space()='op']"
    )
    assert len(links) == 1 and links[0].get_attribute("href") is None
    links[0].click()
    assert browser.execute_script("return window.injected") is None

    # Each section is a heading line and one "•" item per line, not a run-on paragraph.
    records = next(t for t in texts if "Gather your records" in t)
    lines = [line.strip() for line in records.splitlines() if line.strip()]
    assert "Gather your records" in lines[0]
    bullets = [line for line in lines[1:] if line.startswith("•")]
    assert len(bullets) >= 3 and len(bullets) == len(lines) - 1, lines
    assert "Find a specialist" in reply_buttons(browser)


def test_keyboard_alone_opens_the_chat_asks_and_presses_a_reply(web_stack, browser):
    open_page(browser, web_stack)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to main content"
    # Tab to "Start a chat" in the page's own order, then Enter.
    for _ in range(10):
        if browser.switch_to.active_element.text == "Start a chat":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Start a chat"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(
        browser,
        lambda d: d.switch_to.active_element.get_attribute("aria-label") == "Your message",
        "focus in the chat input",
        seconds=15,
    )
    greeted(browser)

    browser.switch_to.active_element.send_keys("does insurance cover a second opinion?", Keys.ENTER)
    wait_for(browser, lambda d: "Original Medicare" in reply_buttons(d), "the plan-type buttons")
    # Shift+Tab from the input reaches the reply buttons (they follow the messages).
    for _ in range(30):
        active = browser.switch_to.active_element
        if active.text == "Original Medicare":
            break
        active.send_keys(Keys.SHIFT, Keys.TAB)
    assert browser.switch_to.active_element.text == "Original Medicare"
    assert browser.switch_to.active_element.get_attribute("role") == "button"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: bot_said(d, "Part B"), "the answer after pressing Enter on a reply")

    # Escape closes the chat and leaves focus on the launcher, which says what it does.
    browser.find_element(By.CSS_SELECTOR, "#chat-widget .rw-new-message").send_keys(Keys.ESCAPE)
    wait_for(
        browser,
        lambda d: not d.find_elements(By.CSS_SELECTOR, "#chat-widget .rw-conversation-container"),
        "the chat to close",
        seconds=10,
    )
    launcher = browser.switch_to.active_element
    assert launcher.get_attribute("class").startswith("rw-launcher")
    assert launcher.get_attribute("aria-label") == "Open the chat with the Second Opinion Guide"
    assert launcher.get_attribute("aria-expanded") == "false"


def test_phone_sized_screen_has_no_sideways_scroll_and_the_chat_fits(web_stack, browser):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": True},
    )
    open_page(browser, web_stack)
    no_sideways_scroll = (
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert browser.execute_script("return window.innerWidth") == 375
    assert browser.execute_script(no_sideways_scroll)
    open_chat(browser)
    greeted(browser)
    send(browser, "does insurance cover a second opinion?")
    wait_for(browser, lambda d: "Original Medicare" in reply_buttons(d), "the plan-type buttons")
    assert browser.execute_script(no_sideways_scroll)
    box = browser.execute_script(
        "const r = document.querySelector('#chat-widget .rw-conversation-container')"
        ".getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};"
    )
    assert box["left"] >= 0 and box["right"] <= 375 and box["top"] >= 0 and box["bottom"] <= 667, (
        box
    )
    field = browser.find_element(By.CSS_SELECTOR, "#chat-widget .rw-new-message").rect
    assert field["y"] + field["height"] <= 667 and field["width"] > 200, field
    for button in reply_buttons(browser).values():  # every reply is on screen and big enough to tap
        rect = button.rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 375 and rect["height"] >= 44, (
            button.text,
            rect,
        )


def test_no_serious_or_critical_accessibility_violations(web_stack, browser):
    open_page(browser, web_stack)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert run_axe(browser) == []  # the landing page with the chat closed

    open_chat(browser)
    greeted(browser)
    send(browser, "does insurance cover a second opinion?")
    wait_for(browser, lambda d: "Original Medicare" in reply_buttons(d), "the plan-type buttons")
    time.sleep(1)  # let the widget's open animation finish before axe measures colours
    assert run_axe(browser) == []  # the open chat with messages and reply buttons


def test_the_sources_button_shows_where_the_answer_comes_from(web_stack, browser):
    open_page(browser, web_stack)
    open_chat(browser)
    greeted(browser)
    send(browser, "does medicare cover a second opinion?")
    wait_for(browser, lambda d: "Where is this from?" in reply_buttons(d), "the sources button")
    reply_buttons(browser)["Where is this from?"].click()
    wait_for(
        browser,
        lambda d: bot_said(d, "medicare.gov/coverage/second-surgical-opinions"),
        "the sources answer with Medicare's page",
    )
