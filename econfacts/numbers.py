"""Numbers in text: digits, number words and scales ("$1.5bn", "two billion").

This is the first layer of the pipeline: it finds every *number core* (a run
of digits or of number words) with one `finditer` pass, and reads the scale
word after it. Deciding what the number is about (money, percent...) is left
to the layers above.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from econfacts.lexicon import fold_case, load_toml, trie_regex


class Number(NamedTuple):
    """A number found in the text; `end` includes its scale word, if any.

    A NamedTuple, like the other records made per figure (`Amount`,
    `TimeExpression`, `Mention`...): as immutable as a frozen dataclass, and
    built several times faster, which counts at thousands per MB of text.
    """

    start: int
    end: int
    value: float
    scale: float = 1.0  # factor of the scale word after the digits, 1.0 when none
    is_words: bool = False
    decimals: bool = False

    @property
    def has_scale(self) -> bool:
        return self.scale != 1.0


@dataclass(frozen=True)
class NumberVocabulary:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    attached_scales: dict[str, float]
    fractions: dict[str, float]
    digits: re.Pattern
    word_runs: re.Pattern
    scale_after: re.Pattern

    def word_value(self, word: str) -> float | None:
        word = word.lower()
        for table in (self.units, self.tens, self.scales):
            if word in table:
                return table[word]
        return None


# Digits: Western grouping (1,234,567), Indian grouping (12,34,567), plain
# runs, optional decimals, or a leading-dot decimal (.001).
_DIGITS = r"""
    [\d.]                          # one class first keeps the scan fast: `re` skips to the next such
                                   # character (not for an alternation with a branch opening with a class)
    (?:
        (?<=\d)(?<![\d.,]\d)       # a first digit not continuing a longer number ("USD115" is fine)
        (?:
            \d{0,2}(?:,\d{3})+(?!\d)    # 1,234,567
          | \d?(?:,\d{2})+,\d{3}        # 12,34,567 (Indian lakh grouping)
          | \d*                         # 1234
        )
        (?:\.\d+)?                  # decimals
      | (?<=\.)(?<![\w.,]\.)\d+     # .001
    )
"""


@functools.cache
def vocabulary() -> NumberVocabulary:
    data = load_toml("numbers.toml")
    units, tens, scales = data["units"], data["tens"], data["scales"]
    number_words = sorted(set(units) | set(tens) | {"hundred", "thousand", "million", "billion", "trillion"})
    word = trie_regex(number_words)
    # Runs on the case-folded text behind one space (see `find_numbers`). The
    # character before a run is matched, not looked behind at: so `re` enters
    # the pattern only after a character that no number word continues.
    words = rf"""
        [^\w-]                        # the character before the run
        (?P<run>
            {word}                    # a number word starting a run
            (?:(?:\s+and\s+|[\s-]+)(?:{word}))*   # more words, joined by space, hyphen or "and"
        )
        (?![\w-])
    """
    digits = re.compile(_DIGITS, re.VERBOSE)
    word_runs = re.compile(words, re.VERBOSE)
    spaced_scales = trie_regex(sorted(scales))
    attached = trie_regex(sorted(data["attached_only"], key=len, reverse=True))
    scale_after = re.compile(
        rf"""
        (?:
            \s?-?\s?(?P<spaced>(?i:{spaced_scales}))(?![^\W\d_])   # " billion", "-million", "bn"
          | (?P<attached>{attached})(?![^\W\d_])                   # "13.6M", "2.7m", "5k"
        )
        """,
        re.VERBOSE,
    )
    return NumberVocabulary(
        units=units,
        tens=tens,
        scales=scales,
        attached_scales=data["attached_only"],
        fractions=data["fractions"],
        digits=digits,
        word_runs=word_runs,
        scale_after=scale_after,
    )


def parse_digits(surface: str) -> float:
    """`"1,234.5"` -> 1234.5; grouping commas (Western or Indian) are dropped."""
    return float(surface.replace(",", ""))


def parse_number_words(surface: str) -> float | None:
    """`"two hundred and fifty thousand"` -> 250000.0; None when not a number.

    The usual left-to-right reading: units and tens add up, "hundred"
    multiplies the group, larger scales close the group into the total.
    """
    vocab = vocabulary()
    total = 0.0
    group = 0.0
    seen = False
    for token in re.split(r"[\s-]+", surface.lower()):
        if token in ("and", ""):
            continue
        if token in vocab.units or token in vocab.tens:
            group += vocab.units.get(token, vocab.tens.get(token, 0))
        elif token == "hundred":
            group = (group or 1) * 100
        elif token in vocab.scales:
            total += (group or 1) * vocab.scales[token]
            group = 0.0
        else:
            return None
        seen = True
    return total + group if seen else None


def read_scale(text: str, pos: int) -> tuple[float, int] | None:
    """The scale word(s) right after position `pos`: (factor, end) or None.

    Two spelled-out scales multiply ("1.97 lakh crore" -> 1.97e12).
    """
    vocab = vocabulary()
    match = vocab.scale_after.match(text, pos)
    if not match:
        return None
    if match.group("spaced") is None:
        return vocab.attached_scales[match.group("attached")], match.end()
    factor = vocab.scales[match.group("spaced").lower()]
    second = vocab.scale_after.match(text, match.end())
    if second and second.group("spaced") is not None and second.group(0)[:1].isspace():
        return factor * vocab.scales[second.group("spaced").lower()], second.end()
    return factor, match.end()


_ARTICLE_BEFORE = re.compile(r"(?i)(?:\b(?:a|an|half(?:\s+a)?|a\s+quarter(?:\s+of\s+a)?|quarter|one\s+half\s+of\s+a)\s+)$")


def find_numbers(text: str, folded: str | None = None) -> list[Number]:
    """Every number core in `text`, with its scale word, in order.

    Digits and number words are two scans (number words on `folded`, the
    case-folded text, which the caller may already have). Every run is
    returned, also a lone "one" in "one of the": the layers above decide by
    what stands around it.
    """
    vocab = vocabulary()
    if folded is None:
        folded = fold_case(text)
    cores = list(vocab.digits.finditer(text))
    # A word run's match holds the character before it and runs behind one
    # space: its start is the run's start in `text`, its end one past the run's.
    word_runs = list(vocab.word_runs.finditer(" " + folded))
    if word_runs:  # two sorted runs: `sorted` merges them in one pass
        cores = sorted(cores + word_runs, key=re.Match.start)
    numbers: list[Number] = []
    last_end = 0
    for match in cores:
        is_words = match.re is vocab.word_runs
        if is_words:
            start, end, surface = match.start(), match.end() - 1, match.group("run")
        else:
            start, end, surface = match.start(), match.end(), match.group()
        if start < last_end:  # the scale word of the previous number
            continue
        if is_words:
            parsed = parse_number_words(surface)
            if parsed is None:
                continue
            value = parsed
            if surface.lower() in vocab.scales:  # "a billion", "half a million"
                article = _ARTICLE_BEFORE.search(text, max(0, start - 22), start)
                if article:
                    lead = article.group(0).lower().split()
                    fraction = vocab.fractions.get("quarter" if "quarter" in lead else lead[0], 1.0)
                    value *= fraction
                    start = article.start()
        else:
            value = parse_digits(surface)
        scale_factor = 1.0
        scale = read_scale(text, end)
        if scale is not None:
            scale_factor = scale[0]
            value *= scale_factor
            end = scale[1]
        numbers.append(Number(start, end, value, scale_factor, is_words, "." in surface))
        last_end = end
    return numbers
