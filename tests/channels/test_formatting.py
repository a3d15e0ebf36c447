"""Splitting long answers and converting bot text for Slack (mrkdwn) and Telegram (HTML)."""

import re
from pathlib import Path

import pytest
import yaml

from actions import rendering
from actions.logic import checklist
from channels.formatting import (
    is_list_item,
    split_text,
    utf16_length,
)


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


# What Slack (mrkdwn) or a Markdown renderer would read as markup.
MARKUP = re.compile(
    r"\*\*|__|\]\(|^#{1,6}\s|`|(?<![\w*])\*\S[^*\n]*\*(?!\w)|(?<!\w)_\S[^_\n]*_(?!\w)", re.M
)


def bot_texts():
    """Every text the domain's responses hold, and a full checklist from the actions."""
    domain = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())
    for name, variants in domain["responses"].items():
        for variant in variants:
            if variant.get("text"):
                yield name, variant["text"]
    yield "checklist", real_checklist_text()


def test_the_bot_writes_no_markup_so_the_channels_send_its_text_as_it_is():
    """Slack gets the text escaped, Telegram plain: Markdown would show as asterisks."""
    marked = {name: MARKUP.findall(text) for name, text in bot_texts() if MARKUP.search(text)}
    assert marked == {}
