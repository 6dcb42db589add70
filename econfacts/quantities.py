"""Other quantities: barrels per day, tonnes, cubic metres, megawatts, jobs.

The amounts layer beside money and percent. A number is a candidate only when
a unit word of `data/quantity_units.tsv` follows it. Unit words are rare and
numbers common, so one fast scan finds the unit words and the candidate regex
runs only in the short stretch before each: a text without such a unit costs
that one scan.

Who reads what, and why:

* The unit is the TSV row of the matched surface. Its pint name is checked
  with pint (one registry, built when the first candidate appears), so the
  `unit` column only ever holds names pint understands, or the singular noun
  of a head count (job, TEU). quantulum3's own unit guesses never reach the
  output: on news text it reads "b/d" as barns per day, "bcm" as
  barn-centimetres and "an ally" as light-years.
* The value of digits and scale words ("1.5 mn", "2-3 million") is read here,
  with the number vocabulary of `econfacts.numbers`. quantulum3 misreads the
  forms wire copy uses most: "1.5 mn tonnes" -> 1.5, "2-3 million tonnes" ->
  15.5 million, "between 2 and 3 million tonnes" -> 1.5 million.
* quantulum3 reads the spelled-out numbers that `parse_number_words` cannot
  ("one and a half million", "a hundred thousand"): one cached call per
  distinct phrase, loaded only when such a phrase appears (its first call
  costs ~1.5 s), and its answer is kept only when it reads the whole phrase as
  one plain number.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from econfacts.errors import EconfactsError
from econfacts.lexicon import data_path, fold_case, trie_regex
from econfacts.numbers import parse_digits, parse_number_words, vocabulary

UNITS_FILE = "quantity_units.tsv"
_COLUMNS = ("surface", "unit", "kind", "scale", "case", "note")
_KINDS = ("measure", "count")


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity in a text: `text[start:end]` runs from the number through the unit.

    For a range ("2-3 million tonnes") `value` is the low end and
    `value_low`/`value_high` hold both ends; otherwise those two are None.
    """

    start: int
    end: int
    value: float
    unit: str
    value_low: float | None = None
    value_high: float | None = None


@dataclass(frozen=True, slots=True)
class QuantityUnit:
    """One row of `quantity_units.tsv` (its header documents the columns)."""

    surface: str
    unit: str
    kind: str
    scale: float
    case_sensitive: bool
    line: int


class UnitTableError(EconfactsError, ValueError):
    """A row of the unit table is malformed; `line` points at it."""

    def __init__(self, message: str, line: int):
        self.source = UNITS_FILE
        self.line = line
        super().__init__(f"{UNITS_FILE}:{line}: {message}")


def _unit_key(surface: str, case_sensitive: bool) -> str:
    """Lookup key of a unit surface: words joined by one space, folded unless case counts."""
    key = " ".join(re.split(r"[\s-]+", surface.strip()))
    return key if case_sensitive else key.lower()


def _read_row(cells: list[str], line: int) -> QuantityUnit:
    """One data line of the unit table; the `note` column may be left off."""
    if not len(_COLUMNS) - 1 <= len(cells) <= len(_COLUMNS):
        raise UnitTableError(f"expected the tab-separated columns {', '.join(_COLUMNS)}", line)
    surface, unit, kind, scale_text, case = cells[:5]
    if not surface or "-" in surface or surface != " ".join(surface.split()):
        raise UnitTableError(f"surface {surface!r} must be words separated by single spaces", line)
    if kind not in _KINDS:
        raise UnitTableError(f"kind {kind!r} is not one of {', '.join(_KINDS)}", line)
    if case not in ("s", "i"):
        raise UnitTableError(f"case {case!r} is not 's' or 'i'", line)
    try:
        scale = float(scale_text)
    except ValueError:
        scale = math.nan
    if not (math.isfinite(scale) and scale > 0):
        raise UnitTableError(f"scale {scale_text!r} is not a positive number", line)
    return QuantityUnit(surface, unit, kind, scale, case == "s", line)


@functools.cache
def quantity_units() -> tuple[QuantityUnit, ...]:
    """Every row of the unit table, checked for shape and for surfaces that collide."""
    units: list[QuantityUnit] = []
    seen: dict[str, int] = {}
    header_seen = False
    with data_path(UNITS_FILE).open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if text.startswith("#") or not text.strip():
                continue
            cells = text.rstrip("\n").split("\t")
            if not header_seen:
                if tuple(cells) != _COLUMNS:
                    raise UnitTableError(f"the header must be {'<TAB>'.join(_COLUMNS)}", line)
                header_seen = True
                continue
            unit = _read_row(cells, line)
            key = _unit_key(unit.surface, case_sensitive=False)
            if key in seen:
                raise UnitTableError(f"surface {unit.surface!r} collides with line {seen[key]}", line)
            seen[key] = line
            units.append(unit)
    return tuple(units)


@dataclass(frozen=True)
class _Grammar:
    """The compiled candidate pattern, the scans that find where it can match, and the unit rows by key."""

    pattern: re.Pattern
    number_start: re.Pattern  # the opening checks of `pattern` alone
    unit_words: re.Pattern  # see `_unit_word_scan`
    number_break: re.Pattern  # see `_number_break_scan`
    units: dict[str, QuantityUnit]
    attached_scales: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    number_parts: re.Pattern

    def unit_for(self, surface: str) -> QuantityUnit:
        """The row of a matched unit surface (case-sensitive rows are keyed as written)."""
        return self.units.get(_unit_key(surface, case_sensitive=True)) or self.units[
            _unit_key(surface, case_sensitive=False)
        ]


def _unit_trie(surfaces: list[str]) -> str:
    """An alternation of unit surfaces (longest first) whose spaces match spaces or a hyphen.

    The case-sensitive and the any-case tries are tried one after the other,
    which is right because no surface of one is a prefix of a surface of the
    other (tests/test_quantities.py checks it).
    """
    return trie_regex(sorted(set(surfaces))).replace(re.escape(" "), r"(?:\s+|-)")


@functools.cache
def _grammar() -> _Grammar:
    """Build the candidate regex once, from the unit table and the number vocabulary."""
    vocab = vocabulary()
    units = quantity_units()
    scale_words = sorted(word for word in vocab.scales if word.isalpha())
    first_word = trie_regex(sorted(set(vocab.units) | set(vocab.tens)))
    next_word = trie_regex(sorted(set(vocab.units) | set(vocab.tens) | set(scale_words)))
    spaced_scale = trie_regex(sorted(vocab.scales))
    attached_scale = trie_regex(sorted(vocab.attached_scales))
    fraction = trie_regex(sorted(vocab.fractions))
    digit_number = rf"""
        (?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?        # 1,234,567.8 or 1234.5
        (?:
            \s?-?\s?(?i:{spaced_scale})(?![^\W\d_])     # " million", "-billion", " mn"
          | (?:{attached_scale})(?![^\W\d_])            # "5m", "40k" (written against the digits)
        )?
    """
    word_number = rf"""
        (?i:
            (?:
                (?:{first_word})                                       # "twenty", "five"
              | (?:(?:a\s+)?(?:{fraction})\s+(?:of\s+)?)?a            # "a", "half a", "a quarter of a"
                (?=[\s-]+(?:{trie_regex(scale_words)}))                #   before a scale: "a million"
            )(?![^\W\d_])
            (?:
                (?:[\s-]+|(?:(?<=hundred)|(?<=thousand))\s+and\s+)     # "-", " ", "hundred and"
                (?:{next_word})(?![^\W\d_])                           # "five", "million"
              | \s+and\s+a\s+half(?![^\W\d_])                          # "one and a half"
            )*
        )
    """
    number = f"(?:{digit_number}|{word_number})"
    initials = {word[0] for word in [*vocab.units, *vocab.tens, *vocab.fractions, "a", "between"]}
    starts = re.escape("".join(sorted(initials | {letter.upper() for letter in initials})))
    any_case = _unit_trie([unit.surface.lower() for unit in units if not unit.case_sensitive])
    exact_case = _unit_trie([unit.surface for unit in units if unit.case_sensitive])
    number_start = rf"""
        (?<![\w$€£¥.,:/-])              # not inside a word, price, time, code or longer number
        (?<![$€£¥]\s)                   # not "$ 5" either
        (?=[\d{starts}])                # cheap gate: a digit or a letter some number word starts with
    """
    # Before its unit a candidate holds only what `_number_break_scan` lets a number phrase hold.
    pattern = re.compile(
        number_start
        + rf"""
        (?P<between>(?i:between)\s+)?   # "between 2 and 3 million tonnes"
        (?P<first>{number})             # the number, or the low end of a range
        (?:
            (?P<joiner>(?(between)
                \s+(?i:and)\s+                                 # "between 2 and 3"
              | (?:(?<=\d)\s*[-–]\s*(?=\d)|\s+(?i:to)\s+)       # "2-3", "2 to 3" (a dash only between digits)
            ))
            (?P<second>{number})        # the high end
        )?
        (?:(?<=illion)\s+(?i:of))?      # "10 billion of cubic metres" (translated press)
        (?:\s+|-|(?<=\d))               # a space or hyphen; nothing needed after digits ("600MW")
        (?P<unit>(?i:{any_case})|{exact_case})
        (?![^\W\d_])                    # the unit ends where its word ends
        """,
        re.VERBOSE,
    )
    # Every word a number phrase of the candidate regex can hold: the vocabulary and the joining words.
    phrase_words = {*vocab.units, *vocab.tens, *vocab.scales, *vocab.fractions, "a", "and", "between", "of", "to"}
    # Splits a digit number the candidate regex matched into its digits and scale word.
    number_parts = re.compile(
        rf"""
        (?P<digits>[\d,]+(?:\.\d+)?)                     # "1,234.5"
        (?:
            \s?-?\s?(?P<spaced>(?i:{spaced_scale}))       # " million", "-billion", " mn"
          | (?P<attached>{attached_scale})                # "m", "k"
        )?
        """,
        re.VERBOSE,
    )
    keyed = {_unit_key(unit.surface, unit.case_sensitive): unit for unit in units}
    return _Grammar(
        pattern,
        re.compile(number_start, re.VERBOSE),
        _unit_word_scan([unit.surface.lower() for unit in units]),
        _number_break_scan(phrase_words),
        keyed,
        dict(vocab.attached_scales),
        dict(vocab.scales),
        dict(vocab.fractions),
        number_parts,
    )


def _unit_word_scan(surfaces: list[str]) -> re.Pattern:
    """A pattern for the `fold_case` copy that finds every place a unit of the candidate regex starts.

    It runs over the whole text, so it is built for `re`'s fast skip: it
    opens with the character before the unit, consumed rather than looked
    behind, and `re` jumps from one such character to the next. Both case
    groups go in lower case into one trie; a case-sensitive unit in another
    case ("mw") is a false hit, which costs only a window where the
    candidate regex finds nothing.
    """
    # The Latin-1 characters the candidate regex admits right before a unit (`\s+`, `-` or a digit).
    before_unit = "".join(f"\\x{code:02x}" for code in range(256) if re.match(r"[\s\d-]", chr(code)))
    return re.compile(
        rf"""
        [{before_unit}\u0100-\U0010ffff]   # whitespace, a digit or a hyphen; past Latin-1 any character, as
                                            #   a Unicode lookup for each character costs more than a few false hits
        (?:{_unit_trie(surfaces)})          # a unit
        (?![^\W\d_])                        # ending where its word ends
        """,
        re.VERBOSE,
    )


def _number_break_scan(phrase_words: set[str]) -> re.Pattern:
    """A pattern for the `fold_case` copy: the last stretch before `endpos` no number phrase holds.

    Before its unit a candidate holds only `phrase_words`, digits (a comma or
    point only between them), whitespace, hyphens and dashes, so no
    candidate spans anything else: the candidate ending in a unit word starts
    after the last such stretch before it. Whatever the candidate regex comes
    to admit in a number must be admitted here too.
    """
    return re.compile(
        rf"""
        (?s:.*)                 # as far right as can be: `re` backtracks from `endpos`, a character a step
        (?:
            [^\w\s.,\-–]        # a character no number phrase holds: quote, bracket, colon, slash...
          | [.,](?!\d)          # a comma or point not before a digit: "tonnes. Then", "jobs, and"
          | (?<!\w)             # a word (letters after a digit are a scale: "5bn")
            (?!(?:{trie_regex(sorted(phrase_words))})(?![^\W\d_]))   # other than a phrase word
            [^\W\d_]+                                               #   "new" in "new jobs"
        )
        """,
        re.VERBOSE,
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    value: float
    scale: float  # factor of the largest scale word, 1.0 when none
    spelled: bool


def _read_number(surface: str) -> _Reading | None:
    """The value of a number matched by the candidate regex, or None if unreadable."""
    grammar = _grammar()
    if surface[0].isdigit():
        parts = grammar.number_parts.fullmatch(surface)
        if parts is None:
            return None
        scale = 1.0
        if parts.group("spaced"):
            scale = grammar.scales[parts.group("spaced").lower()]
        elif parts.group("attached"):
            scale = grammar.attached_scales[parts.group("attached")]
        return _Reading(parse_digits(parts.group("digits")) * scale, scale, spelled=False)
    words = re.split(r"[\s-]+", surface.lower())
    value = _read_spelled(words, grammar.fractions)
    if value is None:
        return None
    scale = max((grammar.scales[word] for word in words if word in grammar.scales), default=1.0)
    return _Reading(value, scale, spelled=True)


def _read_spelled(words: list[str], fractions: dict[str, float]) -> float | None:
    """ "half a million" -> 500000.0: our word reader first, quantulum3 for what it cannot read.

    A leading fraction ("half a", "a quarter of a") multiplies the rest, and
    the article "a" counts as one. `parse_number_words` reads the rest unless
    it says "and a half" ("one and a half million"), which goes to quantulum3.
    """
    share = 1.0
    if words[0] == "a" and len(words) > 1 and words[1] in fractions:
        words = words[1:]
    if words[0] in fractions:
        share = fractions[words[0]]
        words = words[2:] if words[1] == "of" else words[1:]
    if words[0] == "a":
        words = ["one", *words[1:]]
    phrase = " ".join(words)
    value = parse_number_words(phrase)
    if value is None:
        value = _quantulum_number(phrase)
    return None if value is None else share * value


@functools.cache
def _quantulum_parse() -> Callable:
    """quantulum3's `parse`, imported on first use without its classifier warning.

    quantulum3 warns on import when scikit-learn is absent; we never use its
    classifier (units come from our table), so that one warning is noise.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Classifier dependencies not installed", category=UserWarning)
        from quantulum3 import parser
    return parser.parse


@functools.lru_cache(maxsize=4096)
def _quantulum_number(phrase: str) -> float | None:
    """quantulum3's value for a spelled-out number, if it reads the whole phrase as one number."""
    readings = _quantulum_parse()(phrase)
    if len(readings) != 1:
        return None
    reading = readings[0]
    if tuple(reading.span) != (0, len(phrase)) or reading.unit.name != "dimensionless":
        return None
    value = float(reading.value)
    return value if math.isfinite(value) and value > 0 else None


@functools.cache
def _unit_registry():
    """The one pint registry of the package, built on first use (~0.3 s)."""
    import pint

    return pint.UnitRegistry()


@functools.cache
def _checked_unit(unit: QuantityUnit) -> str:
    """The normalized unit name of a row, once pint has confirmed it names a unit."""
    if unit.kind == "count":
        return unit.unit
    import pint

    try:
        _unit_registry().parse_units(unit.unit)
    # pint raises AssertionError, not a PintError, for a truncated expression ("meter **"),
    # and ValueError for a number in the unit ("1e9 meter": that belongs in `scale`).
    except (pint.errors.PintError, AssertionError, ValueError) as error:
        raise UnitTableError(f"unit {unit.unit!r} is not a pint unit ({error})", unit.line) from None
    return unit.unit


# Words before a bare four-digit number that make it a year: "in 2024 vehicles ...".
_YEAR_WORD_BEFORE = re.compile(
    r"(?i)\b(?:in|since|by|from|until|till|through|during|before|after|fiscal|year|the|its|their|this|that)\s+$"
)
_YEAR_SHAPE = re.compile(r"(?:1[89]|20)\d\d")
# Before the low end of "X to Y": a move ("rose from 2 to 3 million tonnes"), not a range.
_MOVE_BEFORE = re.compile(r"(?i)\b(?:from|by)\s+$")


def _is_year(text: str, start: int, surface: str) -> bool:
    """A bare year before a unit word: "in 2024 vehicles", "since 2019-2020 tonnes"."""
    return bool(_YEAR_SHAPE.fullmatch(surface) and _YEAR_WORD_BEFORE.search(text, max(0, start - 12), start))


def _claimed_index(claimed: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Claimed spans sorted by start, with the running maximum of their ends."""
    spans = sorted(claimed)
    starts = [start for start, _ in spans]
    reach: list[int] = []
    furthest = -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)
    return starts, reach


def _overlaps_claimed(start: int, end: int, index: tuple[list[int], list[int]]) -> bool:
    starts, reach = index
    before_end = bisect.bisect_left(starts, end)  # claimed spans starting before our end
    return before_end > 0 and reach[before_end - 1] > start


def _quantity(text: str, match: re.Match) -> QuantityMatch | None:
    """The quantity a candidate match stands for, or None when it is not one."""
    unit = _grammar().unit_for(match.group("unit"))
    low_text, high_text = match.group("first"), match.group("second")
    if high_text is None:
        low_text, high_text = None, low_text
    high = _read_number(high_text)
    if high is None:
        return None
    start = match.start("first") if low_text is None else match.start()
    low = None
    if low_text is not None:
        low = _read_number(low_text)
        if low is None:
            return None
        if match.group("joiner").strip().lower() == "to" and _MOVE_BEFORE.search(text, max(0, start - 8), start):
            start, low = match.start("second"), None  # "rose from 2 to 3 million tonnes": the level is 3 million
    if _is_year(text, start, high_text if low is None else low_text):
        return None
    if unit.kind == "count" and high.spelled and high.scale == 1.0:
        return None  # "two workers were hurt": a story detail, not a figure
    factor = unit.scale
    if low is None:
        value = high.value * factor
        return QuantityMatch(start, match.end(), value, _checked_unit(unit)) if math.isfinite(value) else None
    low_value = low.value
    if low.scale == 1.0 and high.scale > 1.0 and low_value * high.scale <= high.value:
        low_value *= high.scale  # "2-3 million tonnes": the low end shares the scale
    if low_value > high.value:
        return None  # "2019-20 vehicles", a phone number: not a range
    low_value, high_value = low_value * factor, high.value * factor
    if not (math.isfinite(low_value) and math.isfinite(high_value)):
        return None
    return QuantityMatch(start, match.end(), low_value, _checked_unit(unit), low_value, high_value)


def _candidates(text: str, folded: str | None = None) -> Iterator[re.Match]:
    """The matches of `_grammar().pattern.finditer(text)`, looked for only before unit words.

    The candidate regex opens with lookbehinds, which keep `re` from skipping
    to the characters a match can start with: run over every position it
    costs ~60 ms per MB of news. Unit words are rare, so one fast scan finds
    them, and the regex is tried only at the number starts of a window per
    unit word: from the end of the last stretch no number phrase holds
    (`number_break`) through the unit word. A candidate lies in the window of
    the unit word its unit starts in (or inside), and the windows are visited
    in order with each match resuming the search at its end, so these are
    the matches `finditer` gives, in the same order.
    """
    grammar = _grammar()
    if folded is None:
        folded = fold_case(text)
    resume = 0  # no match starts before it: the end of the last match or of the last window tried
    for unit_word in grammar.unit_words.finditer(folded):
        window_end = unit_word.end()
        if window_end <= resume:
            continue
        number_break = grammar.number_break.match(folded, resume, unit_word.start() + 1)  # up to the unit
        window_start = number_break.end() if number_break else resume
        for number in grammar.number_start.finditer(text, window_start, window_end):
            if number.start() >= resume and (match := grammar.pattern.match(text, number.start())):
                yield match
                resume = match.end()
        resume = max(resume, window_end)


def find_quantities(text: str, claimed: Sequence[tuple[int, int]] = (),
                    folded: str | None = None) -> list[QuantityMatch]:
    """Every quantity in `text` that overlaps none of the `claimed` spans, in order.

    `claimed` are the (start, end) spans already taken by money, percent and
    date facts; a candidate touching one is dropped whole. `folded` is
    `fold_case(text)` when the caller already has it.
    """
    index = _claimed_index(claimed)
    found: list[QuantityMatch] = []
    for match in _candidates(text, folded):
        quantity = _quantity(text, match)
        if quantity is not None and not _overlaps_claimed(quantity.start, quantity.end, index):
            found.append(quantity)
    return found
