"""Qualifier, direction and role of a figure, read from the words around it.

Only the few words right before and after the figure, inside its sentence,
are looked at; the cue words are data (`data/context_cues.toml`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from econfacts.lexicon import load_toml, trie_regex


@dataclass(frozen=True)
class Cues:
    qualifier_before: re.Pattern
    qualifier_after: re.Pattern
    qualifier_names: dict[str, str]
    move_before: re.Pattern
    move_noun_before: re.Pattern
    move_after: re.Pattern
    move_by: re.Pattern
    restated: re.Pattern
    directions: dict[str, str]
    target_before: re.Pattern
    target_after: re.Pattern
    target_cue: re.Pattern
    forecast_cue: re.Pattern


def _words(words: list[str]) -> str:
    """Trie regex over phrases; a space in a phrase matches any whitespace."""
    return trie_regex(sorted(words)).replace(r"\ ", r"\s+")


@functools.cache
def cues() -> Cues:
    data = load_toml("context_cues.toml")
    qualifier_names: dict[str, str] = {}
    for name, phrases in data["qualifier_before"].items():
        for phrase in phrases:
            qualifier_names[" ".join(phrase.split())] = name
    after_names: dict[str, str] = {}
    for name, phrases in data["qualifier_after"].items():
        for phrase in phrases:
            after_names[phrase] = name
    qualifier_names.update(after_names)
    directions: dict[str, str] = {}
    for table in ("direction_verbs", "direction_verbs_with_by"):
        for name, words in data[table].items():
            for word in words:
                directions[word] = name
    for name, words in data["direction_after"].items():
        for word in words:
            directions[word] = name
    for name, words in data["direction_nouns"].items():
        for word in words:
            directions[word] = name
    filler = _words(data["filler"]["words"])
    verbs = _words(data["direction_verbs"]["increase"] + data["direction_verbs"]["decrease"])
    by_verbs = _words(data["direction_verbs_with_by"]["increase"] + data["direction_verbs_with_by"]["decrease"])
    qualifiers = _words(list(qualifier_names))
    return Cues(
        qualifier_before=re.compile(rf"(?i)(?<![\w-])(?P<q>{_words([p for p in qualifier_names if p not in after_names])})\s*$"),
        qualifier_after=re.compile(rf"(?i)\s*(?P<q>{_words(list(after_names))})(?!\w)"),
        qualifier_names=qualifier_names,
        move_before=re.compile(
            rf"(?i)(?<![\w-])(?:(?P<verb>{verbs})(?:\s+(?:{filler}))*|(?P<by_verb>{by_verbs})\s+by(?:\s+(?:{filler}))*)\s*$"
        ),
        move_noun_before=re.compile(
            rf"(?i)(?<![\w-])(?P<verb>{_words(data['direction_nouns']['increase'] + data['direction_nouns']['decrease'])})"
            rf"(?:\s+(?:rate|pace))?\s+(?:of|by|is|was|at|will\s+be|would\s+be|came\s+in\s+at|stood\s+at)"
            rf"(?:\s+(?:{filler}))*\s*$"
        ),
        move_after=re.compile(
            rf"(?i)(?:/\s?[a-z]+\.?)?\)?(?:\s*\([^()]{{0,40}}\))?[\s-]+"
            rf"(?P<verb>{_words(data['direction_after']['increase'] + data['direction_after']['decrease'])})(?!\w)"
        ),
        move_by=re.compile(
            rf"(?i)(?<![\w-])(?P<verb>{verbs}|{by_verbs})(?:\s+[a-z][\w'’-]*){{1,8}}\s+by(?:\s+(?:{filler}))*\s*$"
        ),
        restated=re.compile(r"(?i)[-+$£€¥]?\d[\d,.]*\s*(?:[a-z%]+\s*){0,2}(?:,?\s*|\(\s*)or\s+(?:about\s+|roughly\s+)?$"),
        directions={k.lower(): v for k, v in directions.items()},
        target_after=re.compile(rf"(?i)[\s-]+(?:{_words(data['target_after']['words'])})(?!\w)"),
        target_before=re.compile(rf"(?i)(?<![\w-])(?:{_words(data['target_before']['words'])})(?:\s+(?:{qualifiers}))?\s*$"),
        target_cue=re.compile(rf"(?i)(?<![\w-])(?:{_words(data['target_cues']['words'])})(?!\w)"),
        forecast_cue=re.compile(rf"(?i)(?<![\w-])(?:{_words(data['forecast_cues']['words'])})(?!\w)"),
    )


@dataclass(frozen=True, slots=True)
class Reading:
    qualifier: str
    direction: str | None
    role: str


def read_qualifier(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
                   plus: bool = False) -> str:
    """exact / approximately / more_than / at_least / less_than / at_most."""
    c = cues()
    before = c.qualifier_before.search(text, max(sentence_start, start - 40), start)
    if before:
        return c.qualifier_names[" ".join(before.group("q").lower().split())]
    after = c.qualifier_after.match(text, end, sentence_end)
    if after:
        return c.qualifier_names[after.group("q").lower()]
    return "more_than" if plus else "exact"


def read_direction(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
                   sign: str | None = None) -> str | None:
    """increase / decrease when the figure is the size of a move, else None."""
    if sign == "-":
        return "decrease"
    if sign == "+":
        return "increase"
    c = cues()
    window_start = max(sentence_start, start - 60)
    for pattern in (c.move_before, c.move_noun_before):
        match = pattern.search(text, window_start, start)
        if match:
            verb = match.group("verb") or match.group("by_verb")
            return c.directions[" ".join(verb.lower().split())]
    after = c.move_after.match(text, end, sentence_end)
    if after:
        return c.directions[after.group("verb").lower()]
    by = c.move_by.search(text, max(sentence_start, start - 90), start)
    if by:  # "reduce the cost of wind power by 70%"
        return c.directions[" ".join(by.group("verb").lower().split())]
    restated = c.restated.search(text, max(sentence_start, start - 40), start)
    if restated and restated.start() > sentence_start:  # "lost 190 points, or 0.6%"
        return read_direction(text, restated.start(), restated.start(), sentence_start, sentence_end)
    return None


_TO_BEFORE = re.compile(r"(?i)\bto(?:\s+(?:about|around|roughly|nearly|almost|more\s+than|over|at\s+least|some|just|an?\s+(?:record|estimated))\s*)*\s*$")


_FROM_BEFORE = re.compile(r"(?i)\bfrom(?:\s+(?:about|around|roughly|nearly|almost|more\s+than|over|at\s+least|some|just|an?\s+(?:record|estimated))\s*)*\s*$")


@dataclass(frozen=True)
class DocumentCues:
    """Where the pledge and forecast words of a document are, found in one scan each.

    Every figure asks whether such a word comes earlier in its sentence;
    answering from sorted offsets avoids rescanning the sentence per figure.
    """

    pledges: list[int]
    forecasts: list[int]

    @classmethod
    def of(cls, text: str) -> "DocumentCues":
        c = cues()
        return cls([m.start() for m in c.target_cue.finditer(text)],
                   [m.start() for m in c.forecast_cue.finditer(text)])

    @staticmethod
    def _any_between(offsets: list[int], low: int, high: int) -> bool:
        index = bisect.bisect_left(offsets, low)
        return index < len(offsets) and offsets[index] < high

    def pledged(self, sentence_start: int, start: int) -> bool:
        return self._any_between(self.pledges, sentence_start, start)

    def forecast(self, sentence_start: int, start: int) -> bool:
        return self._any_between(self.forecasts, sentence_start, start)


def read_role(text: str, start: int, end: int, sentence_start: int, sentence_end: int,
              direction: str | None, deadline_after: bool, deadline_in_sentence: bool,
              document_cues: DocumentCues) -> str:
    """target (goal, pledge) / change (a rise or fall) / level (an amount).

    A goal word next to the figure makes it a target; so does a pledge or
    goal word earlier in the sentence when the figure is where something is
    to get ("raise investment to $1 trillion") or is due by a deadline.
    """
    c = cues()
    if c.target_before.search(text, max(sentence_start, start - 40), start) or c.target_after.match(text, end, sentence_end):
        return "target"
    if _FROM_BEFORE.search(text, max(sentence_start, start - 30), start):  # the starting point of a move
        return "change" if direction is not None else "level"
    pledged = document_cues.pledged(sentence_start, start)
    forecast = document_cues.forecast(sentence_start, start)
    if _TO_BEFORE.search(text, max(sentence_start, start - 30), start) and (
            pledged or (deadline_after and not forecast)):
        return "target"
    if pledged and (deadline_after or (direction is not None and deadline_in_sentence)):
        return "target"
    return "change" if direction is not None else "level"
