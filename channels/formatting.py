"""Text helpers shared by the Slack and Telegram connectors: plain functions.

The bot writes channel-neutral text: paragraphs, lists with "•" bullets (or
"-", "*", "1."), and now and then markdown-ish **bold** or [links](url).
Chat apps cap one message (Telegram: 4096 characters) or one Slack section
(3000 characters), so long answers are split; a cut falls between
paragraphs or lines, never inside a list, and a list keeps the line that
introduces it ("Here's what you can do:").
"""

from __future__ import annotations

import html
import re
from typing import Callable, Iterable

Length = Callable[[str], int]

_LIST_ITEM = re.compile(r"^\s*(?:[•\-*–]\s+|\d{1,3}[.)]\s+)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_MARKDOWN_BULLET = re.compile(r"^(\s*)[-*]\s+")


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji may count 2)."""
    return len(text.encode("utf-16-le")) // 2


def is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def _blocks(text: str) -> list[tuple[str, str]]:
    """(separator before it, block) pairs; a block is a list with its lead-in line, or a plain line.

    Paragraphs are separated by blank lines ("\\n\\n"); lines inside a paragraph by "\\n".
    """
    result: list[tuple[str, str]] = []
    for paragraph_index, paragraph in enumerate(
        p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()
    ):
        separator = "\n\n" if paragraph_index else ""
        lines = paragraph.split("\n")
        current: list[str] = []
        current_is_list = False
        for line in lines:
            item = is_list_item(line)
            if (
                item
                and current
                and not current_is_list
                and len(current) == 1
                and current[0].rstrip().endswith(":")
            ):
                # The lead-in line ("Here's what you can do:") belongs with its list.
                current.append(line)
                current_is_list = True
            elif item and current_is_list:
                current.append(line)
            elif current_is_list and not item and line[:1] in (" ", "\t") and line.strip():
                current.append(line)  # an indented continuation of the item above
            else:
                if current:
                    result.append((separator, "\n".join(current)))
                    separator = "\n"
                current = [line]
                current_is_list = item
        if current:
            result.append((separator, "\n".join(current)))
    return result


def _cut_long_line(line: str, limit: int, length: Length) -> list[str]:
    """Last resort for a single line over the limit: cut after a sentence, else at a space, else anywhere."""
    pieces: list[str] = []
    rest = line
    while length(rest) > limit:
        window = rest[:limit]
        while length(window) > limit:  # characters that count double in UTF-16
            window = window[:-1]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut > 0:
            cut += 1
        else:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = len(window)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _pack(parts: Iterable[tuple[str, str]], limit: int, length: Length) -> list[str]:
    """Greedily join (separator, part) pairs into chunks of at most `limit`."""
    chunks: list[str] = []
    current = ""
    for separator, part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if length(candidate) <= limit:
            current = candidate
        else:
            if current:
                chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def split_text(text: str, limit: int, length: Length = len) -> list[str]:
    """Split `text` into chunks of at most `limit` (as measured by `length`).

    Cuts fall between paragraphs or between lines outside lists. A list that
    alone is longer than the limit is cut between its items (the only way to
    send it at all), and a single line longer than the limit after a sentence
    or a word.
    """
    if not text or not text.strip():
        return []
    if length(text.strip()) <= limit:
        return [text.strip()]
    parts: list[tuple[str, str]] = []
    for separator, block in _blocks(text):
        if length(block) <= limit:
            parts.append((separator, block))
            continue
        lines = [
            piece for line in block.split("\n") for piece in _cut_long_line(line, limit, length)
        ]
        parts.extend((separator if index == 0 else "\n", line) for index, line in enumerate(lines))
    return _pack(parts, limit, length)


def _convert(
    text: str,
    escape: Callable[[str], str],
    link: Callable[[str, str], str],
    bold: Callable[[str], str],
    italic: Callable[[str], str],
) -> str:
    """Line by line: headings and "-" bullets normalised, then escaped, then links, bold, italics."""
    lines = []
    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            line = f"**{heading.group(1)}**"
        line = _MARKDOWN_BULLET.sub(r"\1• ", line)
        line = escape(line)
        # Converted links and bold are parked behind placeholders so that the
        # next pattern does not read their characters (asterisks, underscores) again.
        parked: list[str] = []

        def park(rendered: str) -> str:
            parked.append(rendered)
            return f"\x00{len(parked) - 1}\x00"

        line = _LINK.sub(lambda m: park(link(m.group(1), m.group(2))), line)
        line = _BOLD.sub(lambda m: park(bold(m.group(1) or m.group(2))), line)
        line = _ITALIC.sub(lambda m: italic(m.group(1)), line)
        while "\x00" in line:
            line = re.sub("\x00(\\d+)\x00", lambda m: parked[int(m.group(1))], line)
        lines.append(line)
    return "\n".join(lines)


def markdown_to_mrkdwn(text: str) -> str:
    """Bot text (markdown-ish) to Slack mrkdwn: &, <, > escaped as Slack asks; **bold** → *bold*;
    *x* → _x_; [title](url) → <url|title>; "# Heading" → *Heading*; "- item" → "• item"."""
    return _convert(
        text,
        escape=lambda line: line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        link=lambda title, url: f"<{url}|{title}>",
        bold=lambda inner: f"*{inner}*",
        italic=lambda inner: f"_{inner}_",
    )


def markdown_to_telegram_html(text: str) -> str:
    """Bot text to Telegram HTML: everything escaped first, then only tags we write ourselves
    (<b>, <i>, <a href>), so no bot text can break the parse mode."""
    return _convert(
        text,
        escape=lambda line: html.escape(line, quote=False),
        link=lambda title, url: f'<a href="{url.replace(chr(34), "%22")}">{title}</a>',
        bold=lambda inner: f"<b>{inner}</b>",
        italic=lambda inner: f"<i>{inner}</i>",
    )
