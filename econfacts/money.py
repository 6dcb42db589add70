"""Money: which currency stands before or after a number, and minor units.

Currency words come from CLDR through babel plus a short alias file
(`data/currency_aliases.tsv`), compiled once in `econfacts.lexicon`.

Ambiguity rules (documented in the README):
  * a bare `$` and the word "dollars" mean USD;
  * a bare `¥` means JPY, or CNY when its sentence speaks of China, the yuan
    or the renminbi and not of Japan;
  * generic names shared by several currencies ("won", "peso", "rupee",
    "franc") take the default of the alias file;
  * "pounds" is sterling after a scale word ("5 million pounds") or in a
    British context, and a weight otherwise ("208 pounds"); never before
    "of"/"per" ("3 million pounds of beef").
"""

from __future__ import annotations

import re
from typing import NamedTuple

from econfacts.lexicon import CurrencyUnit, currency_lexicon
from econfacts.numbers import parse_number_words

_CHINA_CONTEXT = re.compile(r"(?i)\b(?:chin(?:a|ese)|yuan|renminbi|rmb|beijing|shanghai)\b")
_JAPAN_CONTEXT = re.compile(r"(?i)\b(?:japan(?:ese)?|yen|tokyo|nikkei)\b")
_YEN_SIGNS = frozenset({"¥", "￥"})
# "5 p.m." is a time, not five pence.
_TIME_OF_DAY = re.compile(r"\.?\s?m\.", re.IGNORECASE)
# Weight, not sterling: "3 million pounds of beef", "pounds per acre".
_WEIGHT_AFTER = re.compile(r"\s+(?:of|per)\b", re.IGNORECASE)
_WEIGHT_WORDS = frozenset({"pound", "pounds"})
_NUMBER_AFTER = re.compile(r" ?\d")
# Minor units after a whole amount: "thirteen dollars and forty-five cents",
# "15 dollars and 50", "C$100 and fifty".
_MINOR_UNITS = re.compile(
    r"""
    (?P<sep>\s+and\s+|\s+)                      # "and" or a space
    (?P<minor>\d{1,2}(?!\d)|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))
    (?P<cents>\s+(?i:cents?|pence))?            # optional minor-unit name
    (?=\s*(?:[.,;!?)]|$))                        # and the clause ends there
    """,
    re.VERBOSE,
)


class CurrencyMention(NamedTuple):
    """A currency written next to a number (a NamedTuple, as `numbers.Number`)."""

    unit: CurrencyUnit
    start: int
    end: int
    surface: str


def currency_before(text: str, pos: int) -> CurrencyMention | None:
    """The currency written right before position `pos` ("US$", "€", "Rs")."""
    window_start = max(0, pos - 16)
    reversed_window = text[window_start:pos][::-1]
    match = currency_lexicon().prefix.match(reversed_window)
    if not match:
        return None
    surface_with_space = match.group(0)[::-1]
    surface = surface_with_space.strip()
    start = pos - len(match.group(0))
    start += len(surface_with_space) - len(surface_with_space.lstrip())
    if surface[0].isalpha() and start > 0 and text[start - 1] == "-":
        return None  # "PLX-R18": a letter prefix after a hyphen is part of a model name
    return CurrencyMention(currency_lexicon().prefix_unit(surface), start, pos, surface)


def currency_after(text: str, pos: int) -> CurrencyMention | None:
    """The currency written right after position `pos` ("yen", "euros", "USD")."""
    match = currency_lexicon().suffix.match(text, pos)
    if not match:
        return None
    surface = match.group(0).strip()
    end = match.end()
    if surface == "p" and _TIME_OF_DAY.match(text, end):
        return None
    if not surface[-1].isalpha() and _NUMBER_AFTER.match(text, end):
        return None  # "$ 20,000.00 $ 37,305.97": the sign belongs to the next figure
    if surface.lower() in _WEIGHT_WORDS and _WEIGHT_AFTER.match(text, end):
        return None
    return CurrencyMention(currency_lexicon().suffix_unit(surface), end - len(surface), end, surface)


_BRITISH_CONTEXT = re.compile(r"(?i)\b(?:brit(?:ain|ish)|u\.?k\.?|england|london|sterling|scotland|wales)\b|£")


def sentence_around(text: str, start: int, end: int) -> str:
    """A cheap sentence window around `text[start:end]`, for the context rules."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right]


def pounds_are_weight(surface: str, has_scale: bool, text: str, start: int, end: int) -> bool:
    """ "dropping from 208 pounds": without a scale word or a British context
    (in the sentence around `text[start:end]`), a weight."""
    return (surface.lower() in _WEIGHT_WORDS and not has_scale
            and not _BRITISH_CONTEXT.search(sentence_around(text, start, end)))


def disambiguate(code: str, surface: str, text: str, start: int, end: int) -> str:
    """Apply the documented rule for the ambiguous yen/yuan sign (the figure is `text[start:end]`).

    The sentence is read only for a yen sign: most figures need no context.
    """
    if surface in _YEN_SIGNS:
        sentence = sentence_around(text, start, end)
        if _CHINA_CONTEXT.search(sentence) and not _JAPAN_CONTEXT.search(sentence):
            return "CNY"
    return code


def minor_units(text: str, pos: int) -> tuple[float, int] | None:
    """Cents written after a whole amount: (value in whole units, end) or None."""
    match = _MINOR_UNITS.match(text, pos)
    if not match:
        return None
    minor = match.group("minor")
    value = float(minor) if minor.isdigit() else parse_number_words(minor)
    if value is None:
        return None
    return value / 100.0, match.end()
