"""Multipliers: "double", "triple", "halve", "twofold", "3x", "two-thirds of".

A multiplier is a factor: "double" -> 2, "halve" -> 0.5, "a third of" ->
1/3. Idioms ("double-digit", "double taxation") and periods ("the first
half") are not figures; their cue words are in `data/multipliers.toml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from econfacts.lexicon import fold_case, load_toml, trie_regex


@dataclass(frozen=True, slots=True)
class MultiplierMatch:
    start: int
    end: int
    value: float
    direction: str | None  # "increase" for double/triple/fold, "decrease" for halve, None for fractions


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern
    verbs: dict[str, float]
    fold_words: dict[str, float]
    fractions: dict[str, float]
    numerators: dict[str, float]
    idiom_after: re.Pattern
    period_before: re.Pattern


_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9}


@functools.cache
def _grammar() -> _Grammar:
    data = load_toml("multipliers.toml")
    verbs = data["verbs"]
    verb_stems = trie_regex(sorted(stem.rstrip("e") for stem in verbs))
    fold = trie_regex(sorted(data["fold_words"]))
    fractions = trie_regex(sorted(data["fractions"], key=len, reverse=True))
    numerators = trie_regex(sorted(_NUMERATORS))
    pattern = re.compile(
        rf"""
        (?<![\w-])
        (?:
            (?P<verb>{verb_stems}(?:e|es|ed|ing|e?s)?)                    # double, halved, tripling
          | (?P<fold>(?:{fold}|\d+(?:\.\d+)?)[\s-]?fold)                      # twofold, three-fold, 10-fold
          | (?P<times>\d+(?:\.\d+)?)x(?!\w)                                # 2x, 3.5x
          | (?P<fraction>(?P<num>{numerators})(?:\s(?P<den>{fractions})(?=\s+of\b)   # "a third of"
                                              |-(?P<hden>{fractions})))             # "one-third" (hyphenated: always)
          | (?P<half>half)(?=\s+of\b)                                        # half of
        )
        (?![\w])
        """,
        re.VERBOSE,
    )
    idioms = trie_regex(sorted(data["not_multipliers"]["following"]))
    periods = trie_regex(sorted(data["not_multipliers"]["fraction_not_after"]))
    return _Grammar(
        pattern=pattern,
        verbs={stem.rstrip("e"): factor for stem, factor in verbs.items()},
        fold_words=data["fold_words"],
        fractions=data["fractions"],
        numerators=_NUMERATORS,
        idiom_after=re.compile(rf"[\s-]+(?:{idioms})\b"),
        period_before=re.compile(rf"(?<![\w-])(?:{periods})[\s-]+$"),
    )


# Every multiplier contains one of these stems or a digit glued to "x": a scan
# for them is several times faster than trying the full pattern everywhere,
# and the full pattern then runs only in a short window around each hit.
# "2x" is found from its "x" (every branch opening with a plain letter lets
# `re` skip ahead fast); the hit is the digit before it.
_HITS = re.compile(r"doubl|tripl|quadrupl|quintupl|halv|fold|thir|quarter|half|fifth|tenth|x(?<=\dx)(?!\w)")
_REACH_BACK = 25  # the longest stretch a multiplier can start before its stem ("three-fold", "two-thirds")


def _matches(grammar: _Grammar, folded: str) -> list[re.Match]:
    """The matches of the full pattern, found only around stem hits; in order, each once."""
    hits = [m.start() - 1 if m.group() == "x" else m.start() for m in _HITS.finditer(folded)]
    found: dict[int, re.Match] = {}
    last_end = 0
    for hit in hits:
        position = max(last_end, hit - _REACH_BACK)
        while position <= hit:
            match = grammar.pattern.search(folded, position, hit + _REACH_BACK + 10)
            if match is None or match.start() > hit:
                break
            found.setdefault(match.start(), match)
            position = match.end()
            last_end = max(last_end, match.end())
    return [found[start] for start in sorted(found)]


def find_multipliers(text: str, folded: str | None = None) -> list[MultiplierMatch]:
    """Every multiplier figure in `text`, in order.

    The patterns are lower case and run on `folded` (`fold_case(text)`, which
    the caller may already have): case-insensitive matching is slow in `re`.
    """
    grammar = _grammar()
    text = folded if folded is not None else fold_case(text)
    found: list[MultiplierMatch] = []
    for match in _matches(grammar, text):
        start, end = match.span()
        if match.group("verb"):
            word = match.group("verb").lower()
            if grammar.idiom_after.match(text, end):
                continue
            stem = next(s for s in grammar.verbs if word.startswith(s))
            factor = grammar.verbs[stem]
            found.append(MultiplierMatch(start, end, factor, "increase" if factor > 1 else "decrease"))
        elif match.group("fold"):
            head = re.split(r"[\s-]?(?i:fold)", match.group("fold"))[0].lower()
            factor = float(head) if head[0].isdigit() else grammar.fold_words[head]
            found.append(MultiplierMatch(start, end, factor, "increase"))
        elif match.group("times"):
            found.append(MultiplierMatch(start, end, float(match.group("times")), "increase"))
        else:
            if grammar.period_before.search(text, max(0, start - 16), start):
                continue
            if match.group("half"):
                found.append(MultiplierMatch(start, end, 0.5, None))
                continue
            numerator = grammar.numerators[match.group("num").lower()]
            denominator = grammar.fractions[(match.group("den") or match.group("hden")).lower()]
            if numerator >= denominator:
                continue
            found.append(MultiplierMatch(start, end, numerator / denominator, None))
    return found
