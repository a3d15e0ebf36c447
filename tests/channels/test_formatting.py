"""Splitting long answers and converting bot text for Slack (mrkdwn) and Telegram (HTML)."""

import re

import pytest

from actions import rendering
from actions.logic import checklist
from channels.formatting import (
    is_list_item,
    markdown_to_mrkdwn,
    markdown_to_telegram_html,
    split_text,
    utf16_length,
)
from tests.fakes.telegram_api_server import parse_html


def real_checklist_text() -> str:
    """The checklist the bot sends, as one long multi-section text."""
    built = checklist.build("medicare_advantage", "breast cancer", "yes", "OH")
    return "\n\n".join(m["text"] for m in rendering.checklist_messages(built))


def sections_of(text: str) -> list:
    return [s for s in text.split("\n\n") if s.strip()]


def test_short_text_is_one_chunk():
    assert split_text("Hello there.\n• one\n• two", 100) == ["Hello there.\n• one\n• two"]


def test_empty_text_is_no_chunk():
    assert split_text("", 100) == []
    assert split_text("  \n\n ", 100) == []


@pytest.mark.parametrize("limit", [3000, 2000, 1200])
def test_the_checklist_is_cut_only_between_sections(limit):
    text = real_checklist_text()
    assert len(text) > limit  # otherwise this test proves nothing
    chunks = split_text(text, limit)
    assert len(chunks) >= 2
    assert all(len(chunk) <= limit for chunk in chunks)
    # Every section (a numbered title and its bullets) is whole inside exactly one chunk.
    for section in sections_of(text):
        assert sum(section in chunk for chunk in chunks) == 1, section[:60]
    # Nothing lost, nothing added, order kept.
    assert "\n\n".join(chunks) == text


def test_a_list_stays_with_its_lead_in_line_and_is_not_cut():
    lead = "Here's how coverage works with a PPO in Ohio:"
    items = [f"• Fact number {i} about coverage, said plainly." for i in range(6)]
    text = (
        "A first paragraph that is fairly long, to fill the first chunk. " * 3
        + "\n"
        + lead
        + "\n"
        + "\n".join(items)
        + "\nBased on: the plan rules."
    )
    list_block = lead + "\n" + "\n".join(items)
    chunks = split_text(text, len(list_block) + 30)
    assert any(list_block in chunk for chunk in chunks)
    assert not any(chunk.startswith("•") for chunk in chunks)


def test_a_list_longer_than_the_limit_is_cut_between_items_never_inside_one():
    items = [f"• Item {i}: " + " ".join(["word"] * 20) for i in range(20)]
    text = "Things to bring:\n" + "\n".join(items)
    chunks = split_text(text, 400)
    assert all(len(chunk) <= 400 for chunk in chunks)
    lines = [line for chunk in chunks for line in chunk.split("\n")]
    assert lines == text.split("\n")  # each item whole, in order


def test_a_single_line_over_the_limit_is_cut_after_a_sentence_or_a_word():
    sentence = "This sentence is about forty characters. "
    text = (sentence * 30).strip()
    chunks = split_text(text, 200)
    assert all(len(chunk) <= 200 for chunk in chunks)
    assert all(chunk.endswith(".") for chunk in chunks)
    assert " ".join(chunks) == text


def test_length_can_count_utf16_units_as_telegram_does():
    emoji_line = "😀" * 60  # 60 characters, 120 UTF-16 units
    assert utf16_length(emoji_line) == 120
    chunks = split_text("\n".join([emoji_line] * 4), 250, utf16_length)
    assert all(utf16_length(chunk) <= 250 for chunk in chunks)
    assert len(chunks) == 2


@pytest.mark.parametrize(
    "line, expected",
    [
        ("• item", True),
        ("- item", True),
        ("* item", True),
        ("1. Talk to your doctor", True),
        ("12) twelve", True),
        ("Based on: a rule", False),
        ("*bold* start", False),
        ("2026 was a year", False),
    ],
)
def test_list_items_are_recognised(line, expected):
    assert is_list_item(line) is expected


def test_mrkdwn_conversion():
    text = "# Your plan\n**Medicare** covers it & more <really>.\n- see [Medicare.gov](https://www.medicare.gov/a?b=1&c=2)\nan *aside*"
    assert markdown_to_mrkdwn(text) == (
        "*Your plan*\n*Medicare* covers it &amp; more &lt;really&gt;.\n"
        "• see <https://www.medicare.gov/a?b=1&amp;c=2|Medicare.gov>\nan _aside_"
    )


def test_mrkdwn_leaves_plain_bot_text_alone():
    text = real_checklist_text()
    assert markdown_to_mrkdwn(text) == text  # our usual text has nothing Slack would misread


@pytest.mark.parametrize(
    "text",
    [
        "Costs < $100 & copays > $0",
        '**bold** and *italic* and [a link](https://example.org/?a=1&b="2")',
        "Unbalanced **bold and a <b> tag typed by someone",
        "AT&T, R&D, 5 < 6 > 4, <script>alert(1)</script>",
        "emoji 😀 and **nested *stars***",
    ],
)
def test_telegram_html_always_parses_and_keeps_the_visible_text(text):
    rendered = markdown_to_telegram_html(text)
    visible = parse_html(rendered)  # raises where Telegram would answer "can't parse entities"
    shown = re.sub(
        r"\]\(https?://[^)]*\)", "", text
    )  # a link's URL goes into href, not into the text
    for word in re.findall(r"[A-Za-z0-9$]+", shown):
        assert word in visible


def test_telegram_html_conversion():
    assert markdown_to_telegram_html("**Cost** & *you*: [CMS](https://cms.gov)") == (
        '<b>Cost</b> &amp; <i>you</i>: <a href="https://cms.gov">CMS</a>'
    )
