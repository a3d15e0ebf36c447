"""Splitting long answers for the Slack and Telegram connectors: plain functions.

The bot writes channel-neutral plain text (no markup): paragraphs, and lists
with "•" bullets (or "-", "*", "1."). Chat apps cap one message (Telegram:
4096 characters) or one Slack section (3000 characters), so long answers are
split; a cut falls between paragraphs or lines, never inside a list, and a
list keeps the line that introduces it ("Here's what you can do:").
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

Length = Callable[[str], int]

_LIST_ITEM = re.compile(r"^\s*(?:[•\-*–]\s+|\d{1,3}[.)]\s+)")


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji may count 2)."""
    return len(text.encode("utf-16-le")) // 2


def is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def _blocks(text: str) -> list[tuple[str, str]]:
    """(separator before it, block) pairs; a block is a list with its lead-in, or a plain line.

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
    """A line over the limit: cut after a sentence, else at a space, else anywhere."""
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
