"""Sentence boundaries, cheaply: enough to bound the context of a figure.

A full segmenter is not needed: figures only look a few words around them,
so what matters is not crossing into the next sentence. Periods after
abbreviations ("U.S.", "Dec.", "Mr.", single initials) do not end a sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov st jr sr inc corp co ltd plc llc no nos vs etc approx est
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.u
    fig dept govt assn bros ave blvd mt ft pp vol""".split()
)

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and
# a capital, digit or quote; a blank line or a line break always ends one.
# One class opens the pattern (the line break is told apart after it): `re`
# then skips from one such character to the next, which it cannot do for an
# alternation with a branch that opens with a class.
_BOUNDARY = re.compile(r"""[.!?\n](?:(?<=\n)\n*|(?<!\n)["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9]))""")
_WORD_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True)
class Sentences:
    """Sentence spans of one text, with a fast lookup by offset."""

    starts: list[int]
    ends: list[int]

    def span_at(self, offset: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.starts[index], self.ends[index]


def _is_abbreviation(text: str, period: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, period - 12), period)
    if not match:
        return False
    word = match.group(1).lower().lstrip("(\"'“")
    if not word[:1].isalpha():  # "5.1%." ends a sentence
        return False
    return word in _ABBREVIATIONS or len(word) == 1 or (len(word) <= 4 and "." in word)


def split_sentences(text: str) -> Sentences:
    """Split `text` into sentence spans covering it (whitespace trimmed)."""
    starts: list[int] = []
    ends: list[int] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        mark = boundary.start()
        if text[mark] == "." and _is_abbreviation(text, mark):
            continue
        end = mark if text[mark] == "\n" else mark + 1
        if end > start:
            starts.append(start)
            ends.append(end)
        start = boundary.end()
    if start < len(text) or not starts:
        starts.append(start)
        ends.append(len(text))
    return Sentences(starts, ends)
