"""Dates, periods and deadlines in English economic news.

`find_time_expressions(text, published)` returns every date or period that
a text names, with its character span, the period meant (first and last day
included) and what the text does with it: a due date ("by 2027": deadline),
a start ("starting April 2", "next week": effective) or a period ("in 2024").

How it runs, and why so (the whole extractor must read 1 MB/s of news per
core and this layer gets a quarter of that, so the full grammar may only be
tried where a date can start):

1. A cheap trigger pattern (a case-folded trie of the words that can start
   a date, plus digits) finds candidate word starts; it runs as a scan of the
   lower-cased text, where a trie of plain letters is fastest (`_triggers`).
2. At each candidate, only the rules that can start with that kind of word
   are tried (`.match`, not a search): explicit dates, months, quarters,
   fiscal years, decades, relative phrases ("next week", "two months
   ago"), holidays. All patterns are built once from `data/time_words.toml`.
3. The few words just before each match are looked up in the cue tables: a
   shift ("next June") and a cue ("by", "before", "since", "from", "in"...).
   The cue joins the span and decides the role.
4. Neighbouring matches joined by "to", a dash, or "and" after "between"
   become one range ("from March 2023 to April 2023"); a bare year right
   after an accepted one ("in 2007 and 2009") is accepted too.
5. Each expression is resolved against `published`.

Conventions (those of the gold files, shared/eval/README.md section 4):

* `time_end` is the last day included. Weeks run Monday to Sunday: "next
  week" is the whole next calendar week, "next Monday" the Monday of next
  week, "this weekend" the Saturday and Sunday of the current week.
* Fiscal years are US federal fiscal years: fiscal 2018 (FY2018, "the 2018
  fiscal year") runs from 2017-10-01 to 2018-09-30 and its first quarter is
  October to December 2017 (start month: `fiscal_year.start_month` in the
  data file). In a paragraph that has named a fiscal year, later bare years
  ("compared with 2017") are read as fiscal years too, as budget and trade
  forecast texts do.
* A bare four-digit year (1800-2100) is a date only after a cue ("in 2017",
  "since 2012", "compared with 2017"), in a range or list ("between 2015 and
  2018", "in 2007 and 2009"), or with an edge word ("mid-2026"); never after
  a currency sign, inside a longer number, a time or an ID, nor before a
  count word ("by 2000 barrels"). So a text's other numbers stay numbers.
* A date without a year ("on May 22", "in the first quarter") takes the
  published year; after a deadline or effective cue, the first occurrence
  ending on or after `published`; after "since", the last one starting on
  or before it; "next/last/this June" the next, previous or current
  occurrence; a holiday its next occurrence. Without `published`, the latest
  year named before it in the text is used, failing that the dates are None
  (relative phrases are then found but unresolved).
* Lengths: "within N units" and "over the next N units" run from
  `published` to `published` + N (a deadline); "next N units" from the day
  after `published` to `published` + N; "last/past N units" from
  `published` - N to the day before. Quarters and decades there are whole
  calendar ones. "N units ago", "in N units" and "N units later" name one
  day, except after a superlative ("the highest in 3 years": the 3 years up
  to `published`).
* Open sides are None: "since 2012" and "2012 or later" have no end,
  "before 2018" and "until March" no start, "after 2016" starts 2017-01-01.
* Roles: "deadline" after "by", "no later than", "has until", for "within
  N units" and "over the next N units", and after "before" when the end is
  not before `published` (else None, also when `published` is unknown);
  "effective" after "starting", "effective", "as of", after a take-effect
  verb ("took effect on"), and for a time that is now or to come named
  relative to `published` ("today", "this week", "next month", "next
  Monday", "in two weeks", "from next week"); "period" otherwise. A past
  date after "by" stays a deadline, as the gold files mark it.

Known gaps (tests/test_timex.py keeps some as strict xfail):

* A weekday tied to an offset is dropped: "Monday two weeks from now" gives
  the day two weeks from now, "in 3 days on Friday" the day in 3 days.
* Years spelled below 1000, numeric dates written with spaces ("2016 10
  16") or in odd orders ("23-2020-September"), and a bare year used as a
  modifier without a cue ("will boost 2028 exports") are not found.
* Lengths written as adjectives ("a 90-day pause") are not dates here.
* "A year ago" is that calendar day, not the same weekday 52 weeks before.
* "The same period last year" and "at this point last year" are read as
  "last year"; a date without a year in January that means the previous
  year's ("fourth-quarter GDP") takes the published year.
* A bare weekday ("said on Friday") is the one of the published week
  (unless due or taking effect: then the next one), and a holiday without a
  year its next occurrence, even in past-tense text.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from econfacts.numbers import vocabulary

__all__ = ["TimeExpression", "find_time_expressions"]

_DAY = dt.timedelta(days=1)
_Span = tuple[dt.date, dt.date]  # first and last day, both included
_Lengths = tuple[tuple[int, str], ...]  # ((2, "year"), (1, "month")) = "2 years 1 month"


class TimeExpression(NamedTuple):
    """A date or period named in a text; `text[start:end]` is its surface.

    `time_start`/`time_end` are the first and last day included of the
    period meant; None on a side the text leaves open ("since 2012") or when
    a relative phrase cannot be resolved (no publication date).
    `time_role` is "deadline", "effective", "period" or None (a past
    "before ..."). A NamedTuple, as `numbers.Number`.
    """

    start: int
    end: int
    time_start: dt.date | None
    time_end: dt.date | None
    time_role: str | None


def find_time_expressions(text: str, published: dt.date | None) -> list[TimeExpression]:
    """Every date/period expression in text, sorted by start, non-overlapping."""
    ctx = _Context(text, published, _lexicon(), _patterns())
    atoms: list[_Atom] = []
    floor = 0  # cue words are read back to the end of the previous atom
    for match in _core_matches(ctx):
        atom = _read_core(match, ctx)
        if atom is not None:
            _attach_cues(atom, floor, ctx)
            atoms.append(atom)
            floor = atom.end
    return _resolve_all(_merge_neighbours(atoms, ctx), ctx)


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The word lists of time_words.toml, keyed by their `_key` spelling."""

    months: dict[str, int]  # spelling -> 1..12
    month_words: tuple[tuple[str, ...], ...]  # per month, full name first
    month_clashes: frozenset[str]
    weekdays: dict[str, int]  # spelling -> 0 (Monday) .. 6
    weekday_words: tuple[tuple[str, ...], ...]
    numbers: dict[str, int]  # cardinal words
    quantifiers: dict[str, int]
    ordinals: dict[str, int]  # with compounds: "twenty first" -> 21
    decades: dict[str, int]  # decade word -> first year
    units: dict[str, str]  # length word -> canonical unit
    relative: dict[str, int]  # next +1, last -1, this 0
    edges: dict[str, str]  # edge word -> end/start/middle/early/late
    cues: dict[str, str]  # cue phrase -> category
    shifts: dict[str, int]
    effect_verbs: frozenset[str]
    superlatives: frozenset[str]
    count_words: tuple[str, ...]
    fiscal_start_month: int
    holidays: dict[str, dict]  # key (first name) -> rule
    holiday_names: dict[str, str]  # any name -> key


@functools.lru_cache(maxsize=4096)  # the same few words, over and over
def _key(phrase: str) -> str:
    """Lookup spelling of a date word: lower case, one space, hyphens as spaces, no final dot."""
    return " ".join(phrase.lower().replace("’", "'").replace("-", " ").split()).rstrip(".")


def _phrase_key(phrase: str) -> str:
    """Lookup spelling of a cue phrase, as `_tokens_before` spells the words of a text."""
    return " ".join(phrase.lower().replace("’", "'").split())


def _number_words() -> dict[str, int]:
    """Cardinal number words from the shared number vocabulary (`numbers.toml`):
    one to ninety, "hundred" and "thousand"; "zero" names no date."""
    vocab = vocabulary()
    words = {**vocab.units, **vocab.tens, "hundred": 100, "thousand": 1000}
    return {_key(word): value for word, value in words.items() if value > 0}


@functools.cache
def _lexicon() -> _Lexicon:
    """time_words.toml, read once and indexed."""
    raw = tomllib.loads(resources.files("econfacts").joinpath("data/time_words.toml").read_text("utf-8"))
    numbers = _number_words()
    ordinals = {_key(w): v for w, v in raw["ordinals"].items()}
    unit_ordinals = {w: v for w, v in ordinals.items() if v < 10}
    for tens_word, tens_value in numbers.items():  # twenty first .. ninety ninth
        if 20 <= tens_value < 100:
            for word, value in unit_ordinals.items():
                ordinals[f"{tens_word} {word}"] = tens_value + value
    holidays = {_key(h["names"][0]): h for h in raw["holidays"]}
    words = raw["words"]
    return _Lexicon(
        months={_key(w): i + 1 for i, spellings in enumerate(raw["months"]) for w in spellings},
        month_words=tuple(tuple(spellings) for spellings in raw["months"]),
        month_clashes=frozenset(raw["month_clashes"]),
        weekdays={_key(w): i for i, spellings in enumerate(raw["weekdays"]) for w in spellings},
        weekday_words=tuple(tuple(spellings) for spellings in raw["weekdays"]),
        numbers=numbers,
        quantifiers={_key(w): v for w, v in raw["quantifiers"].items()},
        ordinals=ordinals,
        decades={_key(w): v for w, v in raw["decades"].items()},
        units={_key(w): v for w, v in raw["units"].items()},
        relative={_key(w): v for w, v in raw["relative"].items()},
        edges={_key(w): v for w, v in raw["edges"].items()},
        cues={_phrase_key(p): category for category, phrases in raw["cues"].items() for p in phrases},
        shifts={_phrase_key(w): v for w, v in raw["shifts"].items()},
        effect_verbs=frozenset(map(_phrase_key, words["effect_verbs"])),
        superlatives=frozenset(map(_phrase_key, words["superlatives"])),
        count_words=tuple(words["count_words"]),
        fiscal_start_month=raw["fiscal_year"]["start_month"],
        holidays=holidays,
        holiday_names={_key(n): key for key, h in holidays.items() for n in h["names"]},
    )


# ---------------------------------------------------------------- patterns


def _letters(phrase: str) -> tuple[str, ...]:
    """A phrase as regex items, one per character: a letter in either case, any
    spacing or hyphen between words, either apostrophe."""
    items: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            items.append(r"[\s-]+")
        for ch in word:
            if ch.lower() != ch.upper():
                items.append(f"[{ch.lower()}{ch.upper()}]")
            else:
                items.append("['’]" if ch in "'’" else re.escape(ch))
    return tuple(items)


def _alt(phrases) -> str:
    """Regex matching any of the phrases, longest first, as a letter trie.

    Built with explicit [aA] classes under (?-i:): the regex engine skips a
    branch that starts with a plain character class without entering it
    (not so for case-insensitive literals), so a failing alternation of
    hundreds of words costs one test per first letter. This is what keeps
    the rules fast enough to try at every candidate word.
    """
    trie: dict = {}
    for phrase in set(phrases):
        node = trie
        for item in _letters(phrase):
            node = node.setdefault(item, {})
        node[""] = {}
    return f"(?-i:{_trie_regex(trie)})"


def _lowered_trie(words: dict[str, str], *others: str) -> str:
    """Like `_alt`, for lower-cased text: a trie of plain letters (no [aA] classes),
    each word followed by its own pattern (what must come after it), and the
    `others` patterns as branches of its root."""
    trie: dict = {}
    for word, after in words.items():
        node = trie
        for ch in word:
            node = node.setdefault(re.escape(ch), {})
        node[after] = {}
    for other in others:
        trie[other] = {}
    return f"(?:{_trie_regex(trie, ends={*words.values(), *others})})"


def _trie_regex(node: dict, ends: frozenset[str] | set[str] = frozenset()) -> str:
    """The regex of one trie node: its branches, optional when a phrase may end
    here; an item in `ends` is a pattern that ends a phrase, a branch of its own."""
    branches = [item + _trie_regex(child, ends) for item, child in node.items() if item and item not in ends]
    branches += [item for item in node if item in ends]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _cased(word: str) -> str:
    """A word that only counts capitalized or in capitals: (?-i:May|MAY)."""
    return f"(?-i:{re.escape(word.capitalize())}|{re.escape(word.upper())})"


def _pieces(lex: _Lexicon) -> dict[str, str]:
    """The vocabulary sub-patterns that the rules below refer to by name."""
    full_months = [spellings[0] for spellings in lex.month_words]
    abbr_months = [w for spellings in lex.month_words for w in spellings[1:]]
    bare_full = [_cased(w) if w in lex.month_clashes else _alt([w]) for w in full_months]
    full_days = [spellings[0] for spellings in lex.weekday_words]
    abbr_days = [w for spellings in lex.weekday_words for w in spellings[1:]]
    units_of_ten = _alt(w for w, v in lex.numbers.items() if v < 10)
    teens = _alt(w for w, v in lex.numbers.items() if 10 <= v < 20)
    tens = _alt(w for w, v in lex.numbers.items() if 20 <= v < 100)
    below_hundred = rf"(?:{tens}(?:[\s-]+{units_of_ten})?|{teens}|{units_of_ten})"
    number_word = _alt(lex.numbers)
    multiplier = _alt(w for w, v in lex.numbers.items() if v in (100, 1000))
    ordinal = _alt(lex.ordinals)
    return {
        # month names; the bare form needs a capital for words like "may"
        "MONTH": rf"(?:{_alt(full_months)}\b|{_alt(abbr_months)}\b\.?)",
        "MONTH_BARE": rf"(?:(?:{'|'.join(bare_full)})\b|{_alt(abbr_months)}\b\.?)",
        # weekday names; abbreviations only capitalized ("Wed", not "wed")
        "WEEKDAY": rf"(?:{_alt(full_days)}\b|(?-i:{'|'.join(w.capitalize() for w in abbr_days)})\b\.?)",
        # a count: digits or words ("two", "twenty-five", "a couple of")
        "NUM": rf"(?:(?<![\d.,$])\d\d?\d?(?!\d)(?![.,]\d)|{below_hundred}\b|{_alt(lex.quantifiers)}\b)",
        "UNIT": rf"{_alt(lex.units)}\b",
        # ordinal day or rank: "first", "twenty-sixth", "3rd"
        "ORD": rf"(?:{ordinal}\b|\d\d?(?:st|nd|rd|th)\b)",
        # a day of the month in digits, optional ordinal suffix, not a longer number
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?![.,]\d)(?!\s?(?:%|percent\b|per\s?cent\b))",
        # a day of the month in words, not the start of a spelled year
        "DAYW": rf"(?:{ordinal}|{below_hundred})\b(?![\s-]+{multiplier}\b)",
        # a year spelled out: "nineteen ninety six", "two thousand and fifteen"
        "SPELLED": rf"(?:{number_word}(?:[\s-]+(?:and[\s-]+)?{number_word})+)\b",
        # four-digit year inside a composite numeric date
        "Y4": r"(?:1[89]\d\d|20\d\d|2100)(?!\d)",
        # a free-standing year: not after a sign, a word character, or a digit
        # and a separator (decimals, times, phone numbers); not a decimal,
        # thousands group, percentage or clock time itself
        "YEAR": r"(?<![\w$€£¥#@])(?<!\d[.,:/-])(?:1[89]\d\d|20\d\d|2100)(?!\d)(?![.,]\d)(?!\s?%)(?!:\d)",
        # start guard of numeric dates: not inside a number, word, amount or
        # a phone-number group ("555-2017"); "10/1-11/2/2017" stays possible
        "NB": r"(?<![\w$€£¥#@.,:/])(?<!(?<!\d)\d\d\d-)",
        # end guard of numeric dates: no more digits, decimals or percent
        "NA": r"(?!\d)(?![.,]\d)(?!\s?%)",
        # next / last / this ... before a unit or a weekday
        "RELW": _alt(lex.relative),
        # next / last / this before a date without its year (next June)
        "SHIFT": _alt(lex.shifts),
        # the seventies, the noughties; a century word may come first
        "DECADEW": _alt(lex.decades),
        "CENTURYW": _alt(w for w, v in lex.numbers.items() if 17 <= v <= 20),
        "HOLIDAY": rf"{_alt(lex.holiday_names)}\b",
        # edge words: all take "of" or a hyphen (end of, end-2025); the vague
        # ones also a space (early 2026, late last year)
        "EDGE_ANY": _alt(lex.edges),
        "EDGE_SPACE": _alt(w for w, part in lex.edges.items() if part in ("middle", "early", "late")),
    }


# The kinds of word a date can start with (numbers are of kind "year" or
# "digit"). `_core_matches` tells them apart; each rule lists the kinds it can
# start with, and only those rules are tried at a trigger of that kind.
_TRIGGER_KINDS = ("month", "weekday", "relative", "ordinal", "number", "edge", "unit", "holiday", "word")
# Fixed words of the rules below that start a date ("today", "rest of the
# year", "so far this year", "fiscal 2027", "YTD"); the other trigger words
# come from the data file.
_RULE_WORDS = ("today", "tonight", "tomorrow", "tmrw", "yesterday", "now", "rest", "so", "ytd", "fiscal")

# Each rule: (name, trigger kinds, verbose pattern). {p} is the rule's name,
# prefixed to its group names (names must be unique in a joined pattern);
# the other {NAMES} are the vocabulary pieces above. Where two rules can
# match at the same place, the first one listed wins, so longer forms come
# first. A rule with no trigger kind is only tried after an edge word.
_RULES: tuple[tuple[str, str, str], ...] = (
    ("holiday", "digit month relative ordinal holiday", r"""
        (?:(?P<{p}_s>{SHIFT})\s+)?               # next / last / this
        (?P<{p}_n>{HOLIDAY})(?:['’]s)?           # the holiday's name
        (?P<{p}_w>[\s-]+weekend\b)?              # "Memorial Day weekend"
        (?:\s*,?\s*(?P<{p}_y>{YEAR}))?           # optional year
    """),
    ("week_day", "relative", r"""
        (?P<{p}_r>{RELW})\s+week(?:['’]s)?\s+    # next week / next week's
        (?:on\s+)?(?P<{p}_d>{WEEKDAY})           # "next week on Tuesday"
    """),
    ("day_week", "weekday", r"""
        (?P<{p}_d>{WEEKDAY})\s+(?:of\s+)?        # "Tuesday of"
        (?P<{p}_r>{RELW})\s+week\b               # "next week"
    """),
    ("part", "year digit relative ordinal number", r"""
        (?:                                      # container written before:
            (?P<{p}_py>{YEAR})\s+(?:the\s+)?     #   "2016 the third quarter"
          | (?P<{p}_pr>{RELW})\s+(?P<{p}_pf>fiscal\s+)?year['’]s\s+   # "next year's"
        )?
        (?:the\s+)?
        (?:(?P<{p}_last>last)|(?P<{p}_o>{ORD}|final))   # which one; "last" needs a container
        (?:\s+(?:and|&)\s+(?P<{p}_o2>{ORD}|final|last))?  # "first and second quarters"
        (?:\s+(?P<{p}_n>{NUM}))?                 # "the first 2 weeks"
        (?P<{p}_h>[\s-]+)(?P<{p}_u>quarter|half|week|month|day)s?\b   # first quarter, first-quarter
        (?P<{p}_c>                               # container written after:
            \s+of\s+(?:the\s+)?(?:
                (?P<{p}_fy>fiscal\s+(?:year\s+)?|FY\s?)(?P<{p}_fyy>{Y4}|\d\d(?!\d))  # of fiscal year 2025
              | (?P<{p}_cm>{MONTH})(?:\s*,?\s*(?P<{p}_cmy>{YEAR}))?  # of Jan 2015
              | (?P<{p}_cy>{YEAR})(?P<{p}_cyf>\s+fiscal\s+year)?     # of 2021
              | (?P<{p}_cr>{RELW})\s+(?P<{p}_crf>fiscal\s+)?(?P<{p}_cu>year|month)\b  # of next year
              | (?P<{p}_ct>fiscal\s+year|year|month)\b               # of the year
            )
          | \s+(?P<{p}_cr2>{RELW})\s+(?P<{p}_crf2>fiscal\s+)?year\b  # "the third week next year"
          | ,?\s+(?P<{p}_cy2>{YEAR})             # "first quarter 2024"
        )?
        (?({p}_last)(?({p}_c)|(?!)))             # "last" without a container is "last week"
    """),
    ("lengths", "digit relative number", r"""
        (?:the\s+)?
        (?:
            (?P<{p}_w>{RELW})\s+                 # next / past / previous
            (?P<{p}_d>{NUM}\s+{UNIT}(?:\s*,?\s*(?:and\s+)?{NUM}\s+{UNIT}(?!\s+ago\b))*)
          | (?P<{p}_n>{NUM})\s+(?P<{p}_w2>{RELW})\s+(?P<{p}_u>{UNIT})  # "5 past years"
        )
    """),
    ("after_next", "unit", r"""
        (?P<{p}_u>week|weekend|month|quarter|year)\s+after\s+(?:the\s+)?next\b   # the week after next
    """),
    ("relative", "relative", r"""
        (?P<{p}_w>{RELW})\s+                     # next / last / this / current
        (?P<{p}_f>fiscal\s+|calendar\s+)?        # "this fiscal year"
        (?P<{p}_u>weekend|work\s?week|business\s+week|week|fortnight|month|quarter|year|decade)\b
    """),
    ("rel_weekday", "relative", r"""
        (?P<{p}_w>{RELW})\s+(?P<{p}_d>{WEEKDAY})   # next Monday, this past Wednesday
    """),
    ("rest_of", "word", r"""
        rest\s+(?:of\s+)?(?:the\s+|this\s+|my\s+)?
        (?P<{p}_u>week|month|quarter|year)\b     # rest of the year
    """),
    ("so_far", "word unit", r"""
        (?:so\s+far\s+(?:this|in\s+the)\s+(?P<{p}_f>fiscal\s+)?(?P<{p}_u>year|month|quarter|week)\b
          | (?P<{p}_ytd>year[\s-]to[\s-]date\b|(?-i:YTD)\b))   # year to date
    """),
    ("unit_end", "unit", r"""
        (?P<{p}_u>year|month|quarter)[\s-]end\b   # year-end, quarter end
        (?:\s+(?P<{p}_y>{YEAR}))?                 # "year-end 2025"
    """),
    ("the_unit", "", r"""
        (?:the\s+|this\s+)?(?P<{p}_u>year|month|quarter|week|decade)\b   # "end of the year"
    """),
    ("week_number", "unit", r"""
        week\s+(?P<{p}_n>[1-5]?\d)(?!\d)          # week 10
        (?:\s+of\s+(?:(?P<{p}_y>{YEAR})|(?P<{p}_r>{RELW})\s+year\b))?   # of 2027 / of last year
    """),
    ("day_of_month", "digit ordinal number", r"""
        (?P<{p}_d>{ORD})\s+day\s+of\s+            # twenty-sixth day of
        (?:the|(?P<{p}_r>{RELW}))\s+month\b       # the month / next month
    """),
    ("md_range", "month", r"""
        (?P<{p}_m>{MONTH})\s+(?P<{p}_d1>{DAY})   # March 3
        \s*(?:-|–|to|through)\s*(?P<{p}_d2>{DAY})   # -5
        (?:\s*,?\s*(?P<{p}_y>{YEAR}))?           # , 2025
    """),
    ("mdy", "month weekday", r"""
        (?:(?P<{p}_wd>{WEEKDAY}),?\s+)?          # Wednesday,
        (?P<{p}_m>{MONTH})(?:\s+|-)              # March
        (?P<{p}_d>{DAY}|{DAYW})                  # 1 / 1st / first / twenty five
        (?:\s*,\s*|\s+(?:of\s+|in\s+)?|-)        # , / space / of / in
        (?P<{p}_y>{YEAR}|{SPELLED})              # 2026 / nineteen eighty six
    """),
    ("md", "month weekday", r"""
        (?:(?P<{p}_wd>{WEEKDAY}),?\s+)?          # Wednesday,
        (?:
            (?P<{p}_m>{MONTH})(?:\s+|-)(?:the\s+)?(?P<{p}_d>{DAY})(?!\s*,?\s*\d)(?!:\d)   # May 22
          | (?P<{p}_m2>{MONTH_BARE})\s+(?:the\s+)?(?P<{p}_o>{ORD})  # January first
        )
    """),
    ("month_year", "month", r"""
        (?:
            (?P<{p}_m>{MONTH})(?:\s*[,/-]\s*|\s+(?:of\s+)?)   # June / Dec- / April of
            (?P<{p}_y>{YEAR}|{SPELLED}|(?<=of\s)\d\d(?!\d))     # 2016 / 1987 / 87
          | (?P<{p}_m2>{MONTH})\s+(?:of\s+)?(?P<{p}_r>{RELW})\s+year\b   # June next year
        )
    """),
    ("month", "month", r"""
        (?P<{p}_m>{MONTH_BARE})(?!\w)(?!-(?!{MONTH}))   # a month alone ("Jan" of Jan-Feb): needs a cue
    """),
    ("weekday_ord", "weekday", r"""
        (?P<{p}_wd>{WEEKDAY}),?\s+               # Friday
        (?:the\s+(?P<{p}_o>{ORD}|{DAY})          # the 11th / the eleventh
          | (?P<{p}_d>{DAY})(?=\s*[,.;:!?)]|\s*\Z)) # Monday 21!
    """),
    ("weekday", "weekday", r"""
        (?P<{p}_wd>{WEEKDAY})(?![\w-])           # Friday
    """),
    ("day_range", "digit", r"""
        (?P<{p}_d1>{DAY})\s*(?:-|–|to|and|till|until|through)\s*   # 4 to
        (?:
            (?P<{p}_d2>{DAY})\s+(?:of\s+)?
            (?:(?P<{p}_m>{MONTH_BARE})                   # 22 January
                (?:\s*,\s*|\s+(?:of\s+|in\s+)?)?(?P<{p}_y>{YEAR}|{SPELLED})?   # , 1995
              | (?P<{p}_r>{RELW})\s+month\b)     # 23 next month
          | (?P<{p}_m2>{MONTH})\s+(?P<{p}_d3>{DAY})(?:\s*,?\s*(?P<{p}_y2>{YEAR}))?   # 4 to January 22, 1995
        )
    """),
    ("dmy", "digit ordinal number weekday", r"""
        (?:(?P<{p}_wd>{WEEKDAY}),?\s+)?
        (?:the\s+)?{NB}(?P<{p}_d>{DAY}|{ORD})(?:\s+of)?[\s-]+   # 26th of / 05-
        (?P<{p}_m>{MONTH})                       # june / Aug
        (?:\s*,\s*|\s+(?:in\s+)?|-)            # , / space / in / -
        (?:(?P<{p}_y>{YEAR}|{SPELLED})|of\s+(?P<{p}_y2>{YEAR}|\d\d(?!\d)))   # 2016 / of 2020 / of 87
    """),
    ("dm", "digit ordinal number weekday", r"""
        (?:(?P<{p}_wd>{WEEKDAY}),?\s+)?
        (?:the\s+)?{NB}(?P<{p}_d>{DAY}|{ORD})(?:\s+of)?\s+(?P<{p}_m>{MONTH_BARE})   # 19 June, the 4th of July
    """),
    ("ago", "digit number", r"""
        (?P<{p}_d>{NUM}\s+{UNIT}(?:\s*,?\s*(?:and\s+)?{NUM}\s+{UNIT})*)\s+
        (?P<{p}_w>ago|later)\b                   # two months ago / 3 weeks later
    """),
    ("duration", "digit number", r"""
        (?P<{p}_d>{NUM}\s+{UNIT}(?:\s*,?\s*(?:and\s+)?{NUM}\s+{UNIT})*)   # 2 weeks: needs "in" or "within"
        (?:['’]s?\s+time\b)?                     # "in two years' time"
        (?:\s+(?:from|of)\s+(?:today|now)\b)?    # "within 2 weeks from today"
    """),
    ("day_word", "word unit", r"""
        (?P<{p}_w>(?-i:[Tt]oday|[Tt]onight|[Tt]omorrow|[Tt]mrw|[Yy]esterday|[Nn]ow)   # not "USA TODAY"
          | day\s+after\s+tomorrow | day\s+before\s+yesterday)\b
    """),
    ("weekend", "unit", r"""
        weekend\b                                 # "on weekend": this weekend
    """),
    ("iso", "year", r"""
        {NB}(?P<{p}_y>{Y4})                      # 2025
        (?P<{p}_s>[-/.])(?P<{p}_m>0?[1-9]|1[0-2])   # -02
        (?P={p}_s)(?P<{p}_d>3[01]|[12]\d|0?[1-9]){NA}   # -07, same separator
    """),
    ("compact", "digit", r"""
        {NB}(?P<{p}_y>(?:19|20)\d\d)(?P<{p}_m>0[1-9]|1[0-2])(?P<{p}_d>0[1-9]|[12]\d|3[01]){NA}   # 20161016
    """),
    ("ymd_name", "year", r"""
        {NB}(?P<{p}_y>{Y4})\s*[-/]\s*(?P<{p}_m>{MONTH})\s*[-/]\s*(?P<{p}_d>3[01]|[12]\d|0?[1-9]){NA}   # 2019/aug/01
    """),
    ("us_date", "digit weekday", r"""
        (?:(?P<{p}_wd>{WEEKDAY}),?\s+)?{NB}
        (?P<{p}_m>0?[1-9]|1[0-2])(?P<{p}_s>[/-])(?P<{p}_d>3[01]|[12]\d|0?[1-9])   # 1/1
        (?P={p}_s)(?P<{p}_y>{Y4}|\d\d(?!\d)){NA}   # /2016, /40
    """),
    ("md_slash", "digit", r"""
        {NB}(?P<{p}_m>0?[1-9]|1[0-2])/(?P<{p}_d>3[01]|[12]\d|0?[1-9])   # 5/7
        (?:\s*,\s*(?P<{p}_y>{YEAR})|(?![\d/]))   # , 2020 / no year: needs a pair
        {NA}
    """),
    ("month_num", "digit", r"""
        {NB}(?P<{p}_m>0?[1-9]|1[0-2])\s*[/-]\s*(?P<{p}_y>{Y4}){NA}(?!\s*[/-]\s*\d)   # 11/2016, 12-2015
    """),
    ("quarter_num", "year digit word", r"""
        (?:
            {NB}(?P<{p}_y1>{Y4})\s*[-/]?\s*(?P<{p}_k1>[QH])(?P<{p}_n1>\d)\b   # 2017-q1, 2024 Q4
          | (?P<{p}_k2>[QH])(?P<{p}_n2>\d)       # Q3
            (?:\s*[-/]?\s*(?P<{p}_f2>FY\s?)?(?P<{p}_y2>{Y4})   # 2016 / -2019 / FY2025
              | (?P<{p}_f3>FY\s?|['’]|-)(?P<{p}_y3>\d\d)(?!\d)   # FY25 / '25
              | \s+(?:of\s+)?(?P<{p}_r>{RELW})\s+(?P<{p}_rf>fiscal\s+)?year\b   # this year
            )?\b
          | (?P<{p}_n4>\d)(?P<{p}_k4>[QH])\s*(?P<{p}_y4>{Y4}|\d\d(?!\d))?\b   # 3Q 2016, 1H25
        )
    """),
    ("fiscal", "year word", r"""
        (?:
            (?:FY\s?-?(?P<{p}_y1>{Y4}|\d\d(?!\d))   # FY2027, FY 2027, FY25
              | fiscal\s+(?:years?\s+)?(?P<{p}_y2>{Y4}))   # fiscal 2027, fiscal year 2027
            (?:\s*(?P<{p}_s>[-–/])\s*(?P<{p}_y3>{Y4}|\d\d(?!\d)))?   # FY 2020-2021: two fiscal years
          | (?P<{p}_y4>{YEAR})\s+fiscal\s+year\b # the 2018 fiscal year
        )
    """),
    ("decade", "year word number", r"""
        {NB}(?P<{p}_y>1[89]\d0|20\d0)(?:['’]?\s?s)\b   # 1990s, 1970's, 1990 s
      | (?<=the\s)(?:(?P<{p}_c>{CENTURYW})[\s-]+)?(?P<{p}_w>{DECADEW})\b   # the (nineteen) seventies
    """),
    ("year_span", "year", r"""
        {NB}(?P<{p}_y>{Y4})\s*(?P<{p}_s>[-–—/~])\s*(?P<{p}_n>{Y4}|\d\d?(?!\d))   # 2014-2018, 2016-11, 2015/3
        (?![.,]\d)(?!\s?%)(?!\s*[-/]\s*\d)
    """),
    ("year_month", "year", r"""
        {NB}(?P<{p}_y>{Y4})\s*,?\s*(?P<{p}_m>{MONTH_BARE})(?!\w)(?!-(?!{MONTH}))   # 2016 june, 2016, nov
    """),
    ("year", "year", r"""
        (?P<{p}_y>{YEAR})(?![-/]\d)              # a year, not part of a date or ID
        (?P<{p}_open>(?:\s+(?:or|and)\s+(?:later|after|greater|beyond|onwards?)|\s+onwards?)
          (?=\s*(?:[^\w\s]|\Z)))?                # "2012 or later", at the end of a clause
    """),
    ("spelled_year", "number", r"""
        (?P<{p}_w>{SPELLED})                     # nineteen ninety six
    """),
)

# A date may start with an edge ("end of 2026", "mid-2026") or with a length
# and a direction ("2 weeks before Christmas"); each has its own pattern,
# tried before the ordinary rules at an edge word or a count.
_EDGE = r"""
    (?P<edge>{EDGE_ANY}\s+of\s+                  # end of / beginning of
      | {EDGE_ANY}-                              # end-2025, mid-2026
      | {EDGE_SPACE}\s+)                         # early 2026, late last year
"""
_OFFSET = r"""
    (?P<off>(?P<off_d>{NUM}\s+{UNIT})\s+         # 2 weeks
      (?P<off_w>before|after|from|starting(?:\s+(?:from|on))?)\s+)   # before / from
"""


@dataclass(frozen=True, slots=True)
class _Patterns:
    """All compiled patterns; built once by `_patterns`."""

    trigger: re.Pattern  # where a date can start
    candidates: re.Pattern  # where the trigger can match, found fast on the lower-cased text
    trigger_kinds: dict[str, str]  # trigger word -> kind
    by_kind: dict[str, re.Pattern]  # the rules that can start with that kind of word
    openings: dict[str, re.Pattern]  # "offset", "edge": what their patterns start with, a quick no
    cue_lengths: dict[str, tuple[int, ...]]  # last word of a cue phrase -> its phrases' word counts
    effect_lengths: dict[str, tuple[int, ...]]  # the same for the take-effect verbs
    words_read_before: frozenset[str]  # last words before an atom that `_attach_cues` reads further
    count_after: re.Pattern
    connector: re.Pattern
    length_part: re.Pattern
    paragraph: re.Pattern


@functools.cache
def _patterns() -> _Patterns:
    """Compile the trigger, the rule patterns by trigger kind and the helpers, once."""
    lex = _lexicon()
    pieces = _pieces(lex)
    flags = re.IGNORECASE | re.VERBOSE
    rules = {name: f"(?P<{name}>{template.format(p=name, **pieces)})" for name, _, template in _RULES}

    def joined(kind: str | None) -> str:
        """The rules that can start with a word of this kind (all rules for None), in order."""
        chosen = [rules[name] for name, kinds, _ in _RULES if kind is None or kind in kinds.split()]
        return "(?:" + "|".join(chosen) + ")"

    by_kind = {kind: re.compile(joined(kind), flags) for kind in ("year", "digit", *_TRIGGER_KINDS) if kind != "edge"}
    by_kind["edge"] = re.compile(_EDGE.format(**pieces) + joined(None), flags)
    by_kind["offset"] = re.compile(_OFFSET.format(**pieces) + joined(None), flags)
    first_word = re.compile(r"\w+")
    words = {
        "month": lex.months,
        "weekday": lex.weekdays,
        "relative": [*lex.relative, *lex.shifts],
        "ordinal": [*(w for w in lex.ordinals if w.split()[0] not in lex.numbers), "final"],
        "number": [*lex.numbers, *lex.quantifiers],
        "edge": lex.edges,
        "unit": [*(u for u in set(lex.units.values()) if u != "business_day"), "weekend"],
        "holiday": lex.holiday_names,
        "word": [*_RULE_WORDS, *lex.decades],
    }
    trigger_kinds: dict[str, str] = {}
    for kind in reversed(_TRIGGER_KINDS):  # the first kind listed wins a word
        for phrase in words[kind]:
            word = first_word.match(phrase).group()
            if word[0].isalpha():  # digits have their own branch
                trigger_kinds[word] = kind
    trigger_kinds.pop("a", None)  # too common: "a year ago" is the quantity branch
    trigger_kinds.pop("an", None)
    units = _alt(lex.units)
    # One alternation whose every branch starts with a plain character class,
    # so that the engine rejects most word starts at the first character.
    # What kind of word was found is read back in `_trigger_kind`. (The text is
    # scanned with `_candidate_pattern`, the trigger only confirms; see `_triggers`.)
    # A number other than a year starts a date only before a suffix, a date
    # separator or one of these words ("3rd", "5/7", "4 to 22 May", "2 weeks").
    after_number = _alt([*lex.months, *lex.units, *lex.relative, "of", "to", "and", "till", "until", "through"])
    trigger = re.compile(
        rf"""(?<!\w)(?<![$€£¥#.,:/])            # not after a currency sign or inside a number
          (?!\d++(?:[.,]\d|\s?%|\s?percent\b))  # nor an amount or a share
          (?:
            (?:1[89]\d\d|20\d\d|2100)(?!\d)      # a year
          | [0-9](?=\d*+(?:st|nd|rd|th|[QqHh]|\s*[-–—~/]|,?\s+{after_number}\b)|\d{{7}}(?!\d))   # another number
          | {_alt(trigger_kinds)}(?!\w)          # a word that can start a date
          | [aA][nN]?\s+(?={units}\b)            # a year ago
          | [cC]ouple\s+(?:of\s+)?(?={units}\b)  # a couple of weeks
          | [QqHh][1-4](?!\w) | [Ff][Yy](?=\s?-?\d)   # Q3, H1, FY2027
        )""",
        re.VERBOSE,
    )
    cue_lengths, effect_lengths = _lengths_by_last_word(lex.cues), _lengths_by_last_word(lex.effect_verbs)
    return _Patterns(
        trigger=trigger,
        candidates=_candidate_pattern(trigger_kinds, units, after_number),
        trigger_kinds=trigger_kinds,
        by_kind=by_kind,
        openings={
            "offset": re.compile(_OFFSET.format(**pieces), flags),
            "edge": re.compile(_EDGE.format(**pieces), flags),
        },
        cue_lengths=cue_lengths,
        effect_lengths=effect_lengths,
        words_read_before=frozenset([*lex.shifts, "the", *cue_lengths, *effect_lengths]),
        count_after=re.compile(rf"\s*{_alt(lex.count_words)}(?!\w)", flags),
        connector=re.compile(r"\s*(?P<w>-|–|—|~|to|till|until|through|thru|and)\s*\Z", flags),
        length_part=re.compile(rf"(?P<n>{pieces['NUM']})\s+(?P<u>{pieces['UNIT']})", flags),
        paragraph=re.compile(r"\n\s*\n"),
    )


def _candidate_pattern(trigger_kinds: dict[str, str], units: str, after_number: str) -> re.Pattern:
    """The trigger again, for the lower-cased text, where plain letters can stand
    for the [aA] classes: a character class for the character before a word
    (what the trigger's lookbehinds test), then one trie whose every branch
    starts with a plain letter or digit. The engine then skips the letters of
    every word without entering the pattern and rejects most other words at
    their first letter, about twice as fast as the trigger's own scan.

    Where it finds a word, the trigger finds the same word (see `_triggers` for
    when); for a number it is looser ("5 PERCENT", "3RD") and the trigger decides.
    """
    words = {word: r"(?!\w)" for word in trigger_kinds}
    words |= {k + n: r"(?!\w)" for k in "qh" for n in "1234"}  # Q3, H1
    words["fy"] = r"(?=\s?-?\d)"  # FY2027
    words["a"] = rf"n?(?=\s+{units}\b)"  # a year ago (the trigger reads the spaces too)
    # a number, not an amount or a share: a year, one before a suffix, a date
    # separator or a word of `after_number`, or a compact date (20161016)
    number = (
        rf"[0-9](?!\d*+(?:[.,]\d|\s?%))"
        rf"(?=\d\d\d(?!\d)|\d*+(?:st|nd|rd|th|[qh]|\s*[-–—~/]|,?\s+{after_number}\b)|\d{{7}}(?!\d))"
    )
    # not after a word character, a sign or a decimal point: as the trigger's lookbehinds
    return re.compile(rf"[^0-9a-z_$€£¥#.,:/]{_lowered_trie(words, number)}")


# ---------------------------------------------------------------- reading


@dataclass(slots=True)
class _Atom:
    """One expression while it is being read; becomes a TimeExpression."""

    start: int  # span start, cue words included
    end: int
    core_start: int  # start without the cue (shift words included)
    first: dt.date | None = None
    last: dt.date | None = None
    by_year: Callable[[int], _Span | None] | None = None  # a date written without its year
    year: int | None = None  # the year written in the text, if any
    kind: str = "date"  # date, year (bare), month (bare), duration, lengths, range
    tense: str | None = None  # future / now / past: relative to published
    needs: str | None = None  # "cue": bare year or month; "pair": only in a range or after a shift
    cue: str | None = None  # category of the cue before it
    cue_word: str | None = None
    shift: int | None = None  # next (+1) / last (-1) / this (0) before a date without year
    prefer: str = "same"  # year of a date without year: same, future (holidays)
    edge: str | None = None  # end / start / middle / early / late
    offset: tuple[_Lengths, str] | None = None  # ("2 weeks", "before")
    lengths: tuple[int, _Lengths] | None = None  # next (+1), last (-1) or from now (0) N units
    fiscal: bool = False  # names a fiscal year
    adjective: bool = False  # "first-quarter growth": before/after/since do not open it
    open_end: bool = False  # "2012 or later"
    effect: bool = False  # a take-effect verb stands before it
    superlative: bool = False  # "the highest in 3 years"
    parts: tuple[_Atom, _Atom] | None = None  # the two ends of a range
    weekday: int | None = None  # a weekday alone: 0 (Monday) .. 6


@dataclass(frozen=True, slots=True)
class _Context:
    """What every reader needs: the text, its publication date, the word lists, the patterns."""

    text: str
    published: dt.date | None
    lex: _Lexicon
    pats: _Patterns


def _core_matches(ctx: _Context) -> Iterator[re.Match]:
    """Rule matches left to right: at each trigger, the rules that can start there."""
    text, by_kind = ctx.text, ctx.pats.by_kind
    # an offset or edge pattern is tried only where its opening matches: the
    # rest of it is all the rules, a long way to fail
    offset_opening, offset_at = ctx.pats.openings["offset"].match, by_kind["offset"].match
    edge_opening = ctx.pats.openings["edge"].match
    done = 0
    for pos, kind in _triggers(text, ctx.pats):
        if pos < done:
            continue
        match = None
        if (kind == "digit" or kind == "number") and offset_opening(text, pos):  # "2 weeks before Christmas"
            match = offset_at(text, pos)
        if match is None and (kind != "edge" or edge_opening(text, pos)):
            match = by_kind[kind].match(text, pos)
        if match is not None:
            done = match.end()
            yield match


def _triggers(text: str, pats: _Patterns) -> Iterator[tuple[int, str]]:
    """Where `pats.trigger.finditer(text)` matches, with the kind of word found
    there, found about twice as fast: the trigger is tried only where
    `pats.candidates` matches in the lower-cased text, and for a word not even
    there.

    The candidates include every position where the trigger matches, so trying
    them in order, past the end of the last trigger found, gives the trigger's
    own matches. A candidate word is exactly the trigger's match when the
    character before it is ASCII (the candidate pattern takes any other one
    for a non-letter: "éMay") and the text has no Kelvin sign (the only other
    character that lower-cases to an ASCII letter)."""
    lowered = text.lower()
    if len(lowered) != len(text) or "\u212a" in text:  # "İ" lowers to two characters, offsets would shift
        for trigger in pats.trigger.finditer(text):
            yield trigger.start(), _trigger_kind(trigger.group(), pats)
        return
    # a space first, so that the candidate pattern (which matches the character
    # before a word) finds a word at the start of the text; padded[pos] is that character
    padded = " " + lowered
    trigger_at, kind_of_word = pats.trigger.match, pats.trigger_kinds
    end = 0
    for candidate in pats.candidates.finditer(padded):
        pos = candidate.start()
        if pos < end:
            continue
        word = candidate.group()[1:]
        if not word.isdigit() and padded[pos] < "\x80":
            end = candidate.end()
            yield pos, "number" if word == "a" or word == "an" else kind_of_word.get(word, "word")
        elif (trigger := trigger_at(text, pos)) is not None:
            end = trigger.end()
            yield pos, _trigger_kind(trigger.group(), pats)


def _trigger_kind(found: str, pats: _Patterns) -> str:
    """The kind of word a trigger match found, to choose the rules tried there."""
    if found[0].isdigit():
        return "year" if len(found) == 4 else "digit"
    if found[-1].isspace():
        return "number"  # "a " before a unit: a year ago
    return pats.trigger_kinds.get(found.lower(), "word")  # Q3, FY: the fiscal rules


def _read_core(match: re.Match, ctx: _Context) -> _Atom | None:
    """The atom of one rule match, or None when its numbers make no date."""
    name = match.lastgroup
    try:
        atom = _READERS[name](_Groups(match, name + "_"), ctx, *match.span(name))
    except (ValueError, OverflowError):  # counted past year 9999 or before year 1
        return None
    if atom is None:
        return None
    pattern = match.re
    if pattern is ctx.pats.by_kind["offset"]:
        atom.offset = (_lengths(match.group("off_d"), ctx), _key(match.group("off_w")))
        atom.needs = None
    elif pattern is ctx.pats.by_kind["edge"]:
        atom.edge = ctx.lex.edges[_key(match.group("edge")).split()[0]]
        if atom.needs == "cue":
            atom.needs = None
    atom.start = atom.core_start = match.start()
    return atom


_WORD_BEFORE = re.compile(r"(\w+)\s+\Z")
_OPENERS = "([{\"'“‘"
_OPENER_AT_WORD_START = re.compile(r"(?<!\S)[([{\"'“‘]")


@dataclass(slots=True)
class _WordsBefore:
    """The words right before a position, nearest last, as the cue tables spell them."""

    window: str  # the text they were read from
    offset: int  # where the window starts in the text
    raw: list[str]  # the words as written
    keys: list[str]  # lower case, no opening bracket or quote

    def start(self, k: int) -> int:
        """Text offset of the k-th last word (opening brackets skipped)."""
        index = len(self.window)
        for word in self.raw[-1 : -k - 1 : -1]:
            index = self.window.rfind(word, 0, index)
        return self.offset + index + len(self.raw[-k]) - len(self.raw[-k].lstrip(_OPENERS))

    def pop(self, k: int = 1) -> int:
        """Drop the last k words; return the start of the first one dropped."""
        start = self.start(k)
        del self.raw[-k:], self.keys[-k:]
        self.window = self.window[: start - self.offset]
        return start


def _words_before(text: str, pos: int, floor: int, wanted: frozenset[str] | None = None) -> _WordsBefore | None:
    """The words of the 48 characters before pos (not before floor); None if
    there are none, if a character other than a space touches pos ("(2017",
    "-2020"), or if `wanted` is given and the last word is not in it."""
    start = max(floor, pos - 48)
    if pos == start or not text[pos - 1].isspace():
        return None
    window = text[start:pos]
    raw = window.split()
    if not raw or (wanted is not None and raw[-1].lower().replace("’", "'").lstrip(_OPENERS) not in wanted):
        return None  # (a last word cut by the window would be dropped below: none either way)
    if start > floor and not text[start - 1].isspace() and not window[0].isspace():
        raw.pop(0)  # a word cut by the window
        if not raw:
            return None
    raw = raw[-6:]
    # lower-cased as one string (the same as word by word: no word crosses a space)
    keys = " ".join(raw).lower().replace("’", "'")
    if _OPENER_AT_WORD_START.search(keys):
        return _WordsBefore(window, start, raw, [w.lstrip(_OPENERS) for w in keys.split()])
    return _WordsBefore(window, start, raw, keys.split())


def _phrase_before(words: _WordsBefore, table, lengths: dict[str, tuple[int, ...]]) -> tuple[str, int] | None:
    """The longest entry of table (of at most 4 words) that the last words spell:
    (phrase, number of words). `lengths` lists the word counts of the entries by
    their last word, longest first."""
    keys = words.keys
    if not keys:
        return None
    for k in lengths.get(keys[-1], ()):
        if k <= len(keys):
            phrase = " ".join(keys[-k:]) if k > 1 else keys[-1]
            if phrase in table:
                return phrase, k
    return None


def _lengths_by_last_word(phrases) -> dict[str, tuple[int, ...]]:
    """Last word -> word counts of the phrases ending with it, longest first (4
    words at most: `_phrase_before` reads no more)."""
    by_last: dict[str, set[int]] = {}
    for phrase in phrases:
        words = phrase.split()
        if len(words) <= 4:
            by_last.setdefault(words[-1], set()).add(len(words))
    return {word: tuple(sorted(counts, reverse=True)) for word, counts in by_last.items()}


def _attach_cues(atom: _Atom, floor: int, ctx: _Context) -> None:
    """Read the shift and cue words just before an atom (not before `floor`)."""
    lex, pats = ctx.lex, ctx.pats
    # (a duration also looks for superlatives: "the highest in 3 years")
    words = _words_before(ctx.text, atom.start, floor, None if atom.kind == "duration" else pats.words_read_before)
    if words is None:
        return  # no word before it that could be a shift, "the", a cue or a verb: nothing to read
    if atom.by_year is not None and atom.shift is None and words.keys and words.keys[-1] in lex.shifts:
        atom.shift = lex.shifts[words.keys[-1]]  # next June, this 5/12
        atom.start = atom.core_start = words.pop()
        atom.needs = None
    head = atom.start
    if words.keys and words.keys[-1] == "the":
        head = words.pop()
        if atom.kind == "duration":
            return  # "in the three months to March" is no "in three months"
    found = _phrase_before(words, lex.cues, pats.cue_lengths)
    if found and found[0] in ("before", "after"):
        cue_start = words.start(found[1])
        previous = _WORD_BEFORE.search(ctx.text, max(0, cue_start - 24), cue_start)
        word = previous.group(1).lower() if previous else ""
        if word in lex.weekdays or word in lex.units or word in ("night", "eve"):
            found = None  # "the Monday before Memorial Day" is no deadline
    if found:
        phrase, k = found
        atom.cue, atom.cue_word = lex.cues[phrase], phrase
        head = words.pop(k)
        if atom.needs == "cue" or (atom.needs == "in" and phrase in ("in", "within")):
            atom.needs = None
        if atom.kind == "duration" and phrase == "in":
            atom.tense = "future"  # "in two weeks"
    atom.start = head
    if atom.cue not in _ROLE_CUES:  # a verb matters only where the cue leaves the role open
        atom.effect = _phrase_before(words, lex.effect_verbs, pats.effect_lengths) is not None
    if atom.kind == "duration":
        atom.superlative = not lex.superlatives.isdisjoint(words.keys[-4:])


_ROLE_CUES = ("deadline", "within", "before", "effective", "as_of")  # cues that set the role themselves


def _merge_neighbours(atoms: list[_Atom], ctx: _Context) -> list[_Atom]:
    """Join "from A to B" / "between A and B" / "A-B" into ranges, accept listed years."""
    merged: list[_Atom] = []
    for atom in atoms:
        prev = merged[-1] if merged else None
        near = prev is not None and atom.core_start - prev.end <= 12
        if near and prev.kind not in _UNJOINED and atom.kind not in _UNJOINED:
            link = ctx.pats.connector.match(ctx.text, prev.end, atom.core_start)
            if link and _joins(prev, link.group("w").lower()):
                merged[-1] = _Atom(
                    start=prev.start, end=atom.end, core_start=prev.core_start, kind="range",
                    cue=prev.cue, cue_word=prev.cue_word, effect=prev.effect, parts=(prev, atom),
                    tense=prev.tense, needs="pair" if prev.needs == atom.needs == "pair" else None,
                )
                continue
            if (
                atom.needs == "cue" and prev.needs is None and atom.kind == prev.kind
                and _LIST_LINK.fullmatch(ctx.text, prev.end, atom.core_start)
            ):  # "in 2007 and 2009": the cue of the first counts for the second
                atom.needs, atom.cue, atom.cue_word = None, prev.cue, prev.cue_word
        merged.append(atom)
    return [a for a in merged if a.needs is None]


_UNJOINED = ("lengths", "duration")  # lengths do not make ranges
_LIST_LINK = re.compile(r"\s*(?:,|and|or|&|, and|, or)\s*", re.IGNORECASE)


def _joins(prev: _Atom, word: str) -> bool:
    """Whether connector `word` after `prev` makes a range: any after "between",
    else a dash, "to", "through", "until" unless prev is already open-ended."""
    if prev.cue == "between":
        return True
    return word != "and" and prev.cue not in ("before", "after", "since") and not prev.open_end


# ---------------------------------------------------------------- readers
# Each reader turns one rule's match into an atom, or None when the numbers
# make no date (February 30). `g` reads the rule's own groups.


class _Groups:
    """The groups of one rule in a match: g("y") is group "<rule>_y"."""

    __slots__ = ("match", "prefix")

    def __init__(self, match: re.Match, prefix: str):
        self.match, self.prefix = match, prefix

    def __call__(self, key: str) -> str | None:
        return self.match.group(self.prefix + key)

    def end(self, key: str) -> int:
        return self.match.end(self.prefix + key)


def _day_atom(y: int, m: int, d: int, start: int, end: int) -> _Atom | None:
    """An atom for one written date, None if the date does not exist."""
    day = _date(y, m, d)
    return _Atom(start, end, start, day, day, year=y) if day else None


def _year_less(by_year: Callable[[int], _Span | None], start: int, end: int, **kw) -> _Atom:
    """An atom for a date written without its year; the year is chosen at resolution."""
    return _Atom(start, end, start, by_year=by_year, **kw)


def _with_year(by_year: Callable[[int], _Span | None], year: int | None, start: int, end: int) -> _Atom | None:
    """An atom for a pattern whose year may or may not be written."""
    if year is None:
        return _year_less(by_year, start, end)
    span = by_year(year)
    return _Atom(start, end, start, *span, year=year) if span else None


def _unresolved(start: int, end: int, **kw) -> _Atom:
    """A relative phrase without a publication date: found, not resolved."""
    return _Atom(start, end, start, **kw)


def _read_holiday(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    key = ctx.lex.holiday_names[_key(g("n"))]
    weekend = bool(g("w"))

    def by_year(y: int) -> _Span | None:
        day = _holiday(key, y, ctx.lex)
        if day is None:
            return None
        return _holiday_weekend(day) if weekend else (day, day)

    if g("y"):
        return _with_year(by_year, int(g("y")), start, end)
    atom = _year_less(by_year, start, end, prefer="future")
    if g("s"):
        atom.shift = ctx.lex.shifts[_phrase_key(g("s"))]
    return atom


def _read_week_day(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    k = ctx.lex.relative[_key(g("r"))]
    return _relative_day_atom(ctx.published, 7 * k, ctx.lex.weekdays[_key(g("d"))], start, end)


_read_day_week = _read_week_day


def _relative_day_atom(p: dt.date | None, days: int, weekday: int, start: int, end: int) -> _Atom:
    """The given weekday of the week `days` days after the published week."""
    if p is None:
        return _unresolved(start, end, tense=_tense(days))
    day = _monday(p) + dt.timedelta(days=days + weekday)
    return _Atom(start, end, start, day, day, tense=_tense((day - p).days))


def _read_part(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    lex, p = ctx.lex, ctx.published
    unit = _key(g("u"))
    rank = _rank(g("o") or g("last"), lex)
    rank2 = _rank(g("o2"), lex) if g("o2") else rank
    count = _count(g("n"), lex) if g("n") else 1
    if rank is None or rank2 is None or not count or (unit in ("day", "week") and not g("c")):
        return None  # "the first day of the summit" is no date
    fiscal = any(g(k) for k in ("fy", "pf", "cyf", "crf", "crf2")) or "fiscal" in (g("ct") or "").lower()
    adjective = "-" in g("h") and not g("c")

    def pick(container: _Span, kind: str) -> _Span | None:
        one = _part_of(container, kind, unit, rank, count)
        two = _part_of(container, kind, unit, rank2, count)
        return (one[0], two[1]) if one and two else None

    if g("cm"):  # of January (2015): a part of a month
        month = lex.months[_key(g("cm"))]
        return _with_year(lambda y: pick(_month_span(y, month), "month"), _int(g("cmy")), start, end)
    relative = g("pr") or g("cr") or g("cr2")
    of_month = (g("cu") or g("ct") or "").lower() == "month"
    if relative or of_month:
        if p is None:
            return _unresolved(start, end, fiscal=fiscal)
        k = lex.relative[_key(relative)] if relative else 0
        container = "month" if of_month else "fiscal_year" if fiscal else "year"
        span = pick(_relative_span(p, container, k, lex), "month" if of_month else "year")
        return _Atom(start, end, start, *(span or (None, None)), fiscal=fiscal)
    year = _int(g("py") or g("cy") or g("cy2")) or _year2(g("fyy"), ctx.published)
    container_of = _fiscal_span if fiscal else _year_span
    atom = _with_year(lambda y: pick(container_of(y, lex), "year"), year, start, end)
    if atom is not None:
        atom.fiscal, atom.adjective = fiscal, adjective
    return atom


def _read_lengths(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    if g("w"):
        direction, parts = ctx.lex.relative[_key(g("w"))], _lengths(g("d"), ctx)
    else:
        direction = ctx.lex.relative[_key(g("w2"))]
        parts = ((_count(g("n"), ctx.lex) or 0, ctx.lex.units[_key(g("u"))]),)
    if direction == 0 or not parts:
        return None
    return _Atom(start, end, start, kind="lengths", lengths=(direction, parts))


def _read_after_next(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _relative_atom(ctx, _key(g("u")), 2, start, end)


def _read_relative(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    unit = _key(g("u")).replace(" ", "")
    if g("f") and _key(g("f")) == "fiscal":
        unit = "fiscal_year"
    atom = _relative_atom(ctx, unit, ctx.lex.relative[_key(g("w"))], start, end)
    atom.fiscal = unit == "fiscal_year"
    return atom


def _relative_atom(ctx: _Context, unit: str, k: int, start: int, end: int) -> _Atom:
    """This (0) / next (1) / last (-1) week, month, quarter, year, decade..."""
    unit = {"businessweek": "workweek"}.get(unit, unit)
    short = unit in ("week", "weekend", "workweek", "fortnight")
    tense = "future" if k > 0 else "past" if k < 0 else "now" if short else None
    if ctx.published is None:
        return _unresolved(start, end, tense=tense)
    return _Atom(start, end, start, *_relative_span(ctx.published, unit, k, ctx.lex), tense=tense)


def _read_rel_weekday(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    word, p = _key(g("w")), ctx.published
    weekday = ctx.lex.weekdays[_key(g("d"))]
    if word not in ("past", "this past", "coming", "this coming", "upcoming", "this upcoming"):
        return _relative_day_atom(p, 7 * ctx.lex.relative[word], weekday, start, end)
    step = -1 if "past" in word else 1  # this past Wednesday: the nearest one before
    if p is None:
        return _unresolved(start, end, tense=_tense(step))
    day = p + dt.timedelta(days=step)
    while day.weekday() != weekday:
        day += dt.timedelta(days=step)
    return _Atom(start, end, start, day, day, tense=_tense(step))


def _read_rest_of(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    p = ctx.published
    if p is None:
        return _unresolved(start, end)
    return _Atom(start, end, start, p, _relative_span(p, _key(g("u")), 0, ctx.lex)[1])


def _read_so_far(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    p, fiscal = ctx.published, bool(g("f"))
    unit = "fiscal_year" if fiscal else "year" if g("ytd") else _key(g("u"))
    if p is None:
        return _unresolved(start, end, fiscal=fiscal)
    return _Atom(start, end, start, _relative_span(p, unit, 0, ctx.lex)[0], p, fiscal=fiscal)


def _read_unit_end(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    if g("y"):
        day = dt.date(int(g("y")), 12, 31)
        return _Atom(start, end, start, day, day, year=day.year)
    if ctx.published is None:
        return _unresolved(start, end)
    day = _relative_span(ctx.published, _key(g("u")), 0, ctx.lex)[1]
    return _Atom(start, end, start, day, day)


def _read_the_unit(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _relative_atom(ctx, _key(g("u")), 0, start, end)


def _read_week_number(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    week = int(g("n"))
    if g("y"):
        return _with_year(lambda y: _iso_week(y, week), int(g("y")), start, end)
    if ctx.published is None:
        return _unresolved(start, end)
    k = ctx.lex.relative[_key(g("r"))] if g("r") else 0
    span = _iso_week(ctx.published.year + k, week)
    return _Atom(start, end, start, *span) if span else None


def _read_day_of_month(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    day, p = _rank(g("d"), ctx.lex), ctx.published
    if day is None:
        return None
    if p is None:
        return _unresolved(start, end)
    month = _add_months(p.replace(day=1), ctx.lex.relative[_key(g("r"))] if g("r") else 0)
    found = _date(month.year, month.month, day)
    return _Atom(start, end, start, found, found) if found else None


def _read_md_range(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month, d1, d2 = ctx.lex.months[_key(g("m"))], _day_number(g("d1"), ctx.lex), _day_number(g("d2"), ctx.lex)
    return _with_year(lambda y: _pair(_date(y, month, d1), _date(y, month, d2)), _int(g("y")), start, end)


def _read_mdy(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year, day = _year_value(g("y"), ctx), _day_number(g("d"), ctx.lex)
    if year is None or day is None:
        return None
    return _day_atom(year, ctx.lex.months[_key(g("m"))], day, start, end)


def _read_md(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month = ctx.lex.months[_key(g("m") or g("m2"))]
    day = _day_number(g("d") or g("o"), ctx.lex)
    if day is None:
        return None
    return _year_less(lambda y: _pair(_date(y, month, day), _date(y, month, day)), start, end)


def _read_month_year(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month = ctx.lex.months[_key(g("m") or g("m2"))]
    if g("r"):
        if ctx.published is None:
            return _unresolved(start, end)
        year = ctx.published.year + ctx.lex.relative[_key(g("r"))]
    else:
        year = _year_value(g("y"), ctx)
    if year is None:
        return None
    return _Atom(start, end, start, *_month_span(year, month), year=year)


def _read_month(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month = ctx.lex.months[_key(g("m"))]
    return _year_less(lambda y: _month_span(y, month), start, end, kind="month", needs="cue")


def _read_weekday_ord(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    day, p = _day_number(g("o") or g("d"), ctx.lex), ctx.published
    if day is None:
        return None
    if p is None:
        return _unresolved(start, end)
    found = _date(p.year, p.month, day)  # "Friday the 11th": of the published month
    return _Atom(start, end, start, found, found) if found else None


def _read_weekday(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _Atom(start, end, start, weekday=ctx.lex.weekdays[_key(g("wd"))])


def _read_day_range(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    lex = ctx.lex
    d1 = _day_number(g("d1"), lex)
    if g("m2"):  # 4 to January 22, 1995
        month, d2, year = lex.months[_key(g("m2"))], _day_number(g("d3"), lex), _int(g("y2"))
    elif g("r"):  # 4 to 23 next month
        if ctx.published is None:
            return _unresolved(start, end)
        first = _add_months(ctx.published.replace(day=1), lex.relative[_key(g("r"))])
        month, d2, year = first.month, _day_number(g("d2"), lex), first.year
    else:
        month, d2, year = lex.months[_key(g("m"))], _day_number(g("d2"), lex), _year_value(g("y"), ctx)
    if d1 is None or d2 is None or d1 > d2:
        return None
    return _with_year(lambda y: _pair(_date(y, month, d1), _date(y, month, d2)), year, start, end)


def _read_dmy(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year = _year_value(g("y") or g("y2"), ctx)
    day = _day_number(g("d"), ctx.lex)
    if year is None or day is None:
        return None
    return _day_atom(year, ctx.lex.months[_key(g("m"))], day, start, end)


def _read_dm(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month = ctx.lex.months[_key(g("m"))]
    day = _day_number(g("d"), ctx.lex)
    if day is None:
        return None
    return _year_less(lambda y: _pair(_date(y, month, day), _date(y, month, day)), start, end)


def _read_ago(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    p = ctx.published
    sign = -1 if _key(g("w")) == "ago" else 1
    day = _add(p, _lengths(g("d"), ctx), sign) if p else None
    return _Atom(start, end, start, day, day)


def _read_duration(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    parts = _lengths(g("d"), ctx)
    return _Atom(start, end, start, kind="duration", lengths=(0, parts), needs="in") if parts else None


_DAY_WORDS = {"yesterday": -1, "tomorrow": 1, "tmrw": 1, "day after tomorrow": 2, "day before yesterday": -2}


def _read_day_word(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    word, p = _key(g("w")), ctx.published
    days = _DAY_WORDS.get(word, 0)
    day = p + dt.timedelta(days=days) if p else None
    atom = _Atom(start, end, start, day, day, tense=_tense(days))
    if word == "now":
        atom.needs = "pair"  # "between now and May 21", "two weeks from now"
    return atom


def _read_weekend(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    atom = _relative_atom(ctx, "weekend", 0, start, end)
    atom.needs = "cue"
    return atom


def _read_iso(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _day_atom(int(g("y")), int(g("m")), int(g("d")), start, end)


_read_compact = _read_iso


def _read_ymd_name(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _day_atom(int(g("y")), ctx.lex.months[_key(g("m"))], int(g("d")), start, end)


def _read_us_date(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    return _day_atom(_year2(g("y"), ctx.published), int(g("m")), int(g("d")), start, end)


def _read_md_slash(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    month, day = int(g("m")), int(g("d"))
    if g("y"):
        return _day_atom(int(g("y")), month, day, start, end)
    atom = _year_less(lambda y: _pair(_date(y, month, day), _date(y, month, day)), start, end)
    atom.needs = "pair"  # 5/12 is a date only in "this 5/12" or "5/1-5/7, 2020"
    return atom


def _read_month_num(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year = int(g("y"))
    return _Atom(start, end, start, *_month_span(year, int(g("m"))), year=year)


def _read_quarter_num(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    kind = (g("k1") or g("k2") or g("k4")).upper()
    n = int(g("n1") or g("n2") or g("n4"))
    if not 1 <= n <= (4 if kind == "Q" else 2):
        return None
    fiscal = "f" in ((g("f2") or "") + (g("f3") or "")).lower() or bool(g("rf"))
    unit = "quarter" if kind == "Q" else "half"
    container_of = _fiscal_span if fiscal else _year_span

    def by_year(y: int) -> _Span | None:
        return _part_of(container_of(y, ctx.lex), "year", unit, n, 1)

    if g("r"):
        if ctx.published is None:
            return _unresolved(start, end, fiscal=fiscal)
        k = ctx.lex.relative[_key(g("r"))]
        year = _relative_span(ctx.published, "fiscal_year" if fiscal else "year", k, ctx.lex)[1].year
    else:
        year = _int(g("y1") or g("y2")) or _year2(g("y3") or g("y4"), ctx.published)
    if year is None and kind == "H":
        return None  # "H2" alone is hydrogen more often than a half-year
    atom = _with_year(by_year, year, start, end)
    if atom is not None:
        atom.fiscal = fiscal
    return atom


def _read_fiscal(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    first_year = _year2(g("y1") or g("y2") or g("y4"), ctx.published)
    last_year = _year2(g("y3"), ctx.published) if g("y3") else first_year
    if first_year is None or last_year is None or last_year < first_year:
        return None
    if g("s") == "/" and last_year == first_year + 1:
        first_year = last_year  # FY2024/25: the one fiscal year that runs over both
    first, last = _fiscal_span(first_year, ctx.lex)[0], _fiscal_span(last_year, ctx.lex)[1]
    return _Atom(start, end, start, first, last, year=last_year, fiscal=True)


def _read_decade(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    if g("y"):
        first = int(g("y"))
    else:
        first = ctx.lex.decades[_key(g("w"))]
        if g("c"):  # the nineteen seventies
            first = ctx.lex.numbers[_key(g("c"))] * 100 + first % 100
    return _Atom(start, end, start, dt.date(first, 1, 1), dt.date(first + 9, 12, 31), year=first)


def _read_year_span(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year, tail = int(g("y")), g("n")
    if len(tail) == 4:
        other = int(tail)
    elif len(tail) == 2 and (int(tail) == (year + 1) % 100 or (int(tail) > 12 and int(tail) > year % 100)):
        other = year - year % 100 + int(tail)  # 2010-11, 2014-18: a run of years
    elif g("s") in "-/" and 1 <= int(tail) <= 12:
        return _Atom(start, end, start, *_month_span(year, int(tail)), year=year)  # 2016-11, 2015/3
    else:
        return None
    if not year < other <= 2100:
        return None
    return _Atom(start, end, start, dt.date(year, 1, 1), dt.date(other, 12, 31), year=other)


def _read_year_month(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year = int(g("y"))
    return _Atom(start, end, start, *_month_span(year, ctx.lex.months[_key(g("m"))]), year=year)


def _read_year(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    if ctx.pats.count_after.match(ctx.text, g.end("y")):
        return None  # "by 2000 barrels", "at 1930 GMT"
    year = int(g("y"))
    needs = None if g("open") else "cue"
    return _Atom(start, end, start, *_year_span(year), year=year, kind="year", needs=needs, open_end=bool(g("open")))


def _read_spelled_year(g: _Groups, ctx: _Context, start: int, end: int) -> _Atom | None:
    year = _spelled_year(g("w"), ctx.lex)
    if year is None or year % 100 == 0:
        return None  # "two thousand" alone is a count more often than a year
    return _Atom(start, end, start, dt.date(year, 1, 1), dt.date(year, 12, 31), year=year, kind="year", needs="cue")


_READERS: dict[str, Callable[[_Groups, _Context, int, int], _Atom | None]] = {
    "holiday": _read_holiday, "week_day": _read_week_day, "day_week": _read_day_week,
    "part": _read_part, "lengths": _read_lengths, "after_next": _read_after_next,
    "relative": _read_relative, "rel_weekday": _read_rel_weekday, "rest_of": _read_rest_of,
    "so_far": _read_so_far, "unit_end": _read_unit_end, "the_unit": _read_the_unit,
    "week_number": _read_week_number, "day_of_month": _read_day_of_month, "md_range": _read_md_range,
    "mdy": _read_mdy, "md": _read_md, "month_year": _read_month_year, "month": _read_month,
    "weekday_ord": _read_weekday_ord, "weekday": _read_weekday, "day_range": _read_day_range,
    "dmy": _read_dmy, "dm": _read_dm, "ago": _read_ago, "duration": _read_duration,
    "day_word": _read_day_word, "weekend": _read_weekend, "iso": _read_iso, "compact": _read_compact,
    "ymd_name": _read_ymd_name, "us_date": _read_us_date, "md_slash": _read_md_slash,
    "month_num": _read_month_num, "quarter_num": _read_quarter_num, "fiscal": _read_fiscal,
    "decade": _read_decade, "year_span": _read_year_span, "year_month": _read_year_month,
    "year": _read_year, "spelled_year": _read_spelled_year,
}


# ---------------------------------------------------------------- resolution


def _resolve_all(atoms: list[_Atom], ctx: _Context) -> list[TimeExpression]:
    """Resolve every atom in text order; the last named year and fiscal context carry forward."""
    breaks: list[int] | None = None
    fiscal_paragraph: int | None = None
    last_year: int | None = None
    out: list[TimeExpression] = []
    for atom in atoms:
        fiscal_here = False
        if atom.fiscal or (atom.kind == "year" and fiscal_paragraph is not None):
            if breaks is None:
                breaks = [m.end() for m in ctx.pats.paragraph.finditer(ctx.text)]
            paragraph = bisect.bisect_right(breaks, atom.start)
            if atom.fiscal:
                fiscal_paragraph = paragraph
            fiscal_here = atom.kind == "year" and paragraph == fiscal_paragraph
        try:
            if atom.lengths is not None:
                first, last, role = _resolve_lengths(atom, ctx)
            else:
                first, last = _span_of(atom, ctx, last_year, fiscal_here)
                role = None
            first, last = _apply_cue(atom, first, last)
        except (ValueError, OverflowError):  # counted past year 9999 or before year 1
            first = last = role = None
        if first is not None and last is not None and first > last:
            last = None  # "from 2020 to 2018": the text's order is wrong, keep its start
        out.append(TimeExpression(atom.start, atom.end, first, last, role or _role(atom, last, ctx.published)))
        last_year = _named_year(atom) or last_year
    return out


def _named_year(atom: _Atom) -> int | None:
    if atom.parts:
        return _named_year(atom.parts[1]) or _named_year(atom.parts[0])
    return atom.year


def _span_of(atom: _Atom, ctx: _Context, fallback: int | None, fiscal_here: bool = False,
             year: int | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The period of an atom before its cue: year chosen (or forced), offset and edge applied."""
    if atom.parts:
        return _range_span(atom.parts, ctx, fallback)
    if atom.weekday is not None:
        first = last = _weekday_date(atom, ctx.published)
    elif atom.by_year is not None:
        if year is None:
            year = _pick_year(atom, ctx.published, fallback)
        first, last = (atom.by_year(year) if year is not None else None) or (None, None)
    elif fiscal_here and atom.year is not None:
        first, last = _fiscal_span(atom.year, ctx.lex)
    else:
        first, last = atom.first, atom.last
    if atom.offset and first is not None:
        parts, word = atom.offset
        if word.startswith("starting") or (word == "from" and atom.cue_word == "for"):
            last = _add(first, parts, 1) - _DAY  # "for 3 days from today"
        elif word == "from" and atom.cue == "within":
            last = _add(first, parts, 1)  # "within 2 weeks from today"
        else:
            first = last = _add(first, parts, -1 if word == "before" else 1)
    if atom.edge and first is not None and last is not None:
        first, last = _edge_span(atom.edge, first, last)
    return first, last


def _range_span(parts: tuple[_Atom, _Atom], ctx: _Context, fallback: int | None):
    """First day of the first end to the last day of the second. An end written
    without its year takes the other end's, moved by one when the order needs it
    ("Nov-Feb 2017" starts in November 2016)."""
    a, b = parts
    a_free = a.by_year is not None and a.shift is None
    b_free = b.by_year is not None and b.shift is None
    if a_free and not b_free:
        b_first, b_last = _span_of(b, ctx, fallback)
        anchor = b_first or b_last
        if anchor is None:
            return _span_of(a, ctx, fallback)[0], b_last
        year = anchor.year
        span = a.by_year(year)
        if span and span[0] > anchor:
            year -= 1
        return _span_of(a, ctx, fallback, year=year)[0], b_last
    a_first = _span_of(a, ctx, fallback)[0]
    if b_free and a_first is not None:
        year = a_first.year
        span = b.by_year(year)
        if span and span[1] < a_first:
            year += 1
        return a_first, _span_of(b, ctx, fallback, year=year)[1]
    return a_first, _span_of(b, ctx, fallback)[1]


def _weekday_date(atom: _Atom, p: dt.date | None) -> dt.date | None:
    """A weekday alone: the one of the published week ("said on Friday"), or the
    next one from the published day on when it is due or takes effect ("by Friday",
    "takes effect on Tuesday")."""
    if p is None:
        return None
    if atom.cue in ("deadline", "effective") or atom.effect:
        return p + dt.timedelta(days=(atom.weekday - p.weekday()) % 7)
    return _monday(p) + dt.timedelta(days=atom.weekday)


def _pick_year(atom: _Atom, p: dt.date | None, fallback: int | None) -> int | None:
    """The year of a date written without one (see the module docstring)."""
    if p is None:
        return fallback
    prefer = {"deadline": "future", "effective": "future", "since": "past"}.get(atom.cue, atom.prefer)
    if atom.shift == 0 or (atom.shift is None and prefer == "same"):
        return p.year
    spans = [(y, s) for y in (p.year - 1, p.year, p.year + 1, p.year + 2) if (s := atom.by_year(y))]
    if atom.shift is not None and atom.shift > 0:
        return next((y for y, s in spans if s[0] > p), None)
    if atom.shift is not None and atom.shift < 0:
        return next((y for y, s in reversed(spans) if s[1] < p), None)
    if prefer == "future":
        return next((y for y, s in spans if s[1] >= p), None)
    if prefer == "past":
        return next((y for y, s in reversed(spans) if s[0] <= p), None)
    return p.year


def _resolve_lengths(atom: _Atom, ctx: _Context):
    """Lengths counted from published: "within 9 months", "over the next 5 years",
    "next 3 days", "past 3 weeks", "in 2 weeks", "the highest in 3 years"."""
    p = ctx.published
    direction, parts = atom.lengths
    if atom.kind == "duration" and atom.cue_word == "in":
        if p is None:
            return None, None, None
        if atom.superlative:  # "the highest in 3 years": the 3 years up to now
            return _add(p, parts, -1), p, "period"
        day = _add(p, parts, 1)
        return day, day, None
    as_deadline = atom.kind == "duration" or (direction > 0 and atom.cue_word in ("over", "within"))
    role = "deadline" if as_deadline else None
    if p is None:
        return None, None, role
    if as_deadline:
        return p, _add(p, parts, 1), role
    unit = parts[0][1]
    if len(parts) == 1 and unit in ("quarter", "decade"):  # whole calendar quarters / decades
        n = parts[0][0]
        span = _relative_span(p, unit, direction, ctx.lex)
        if direction > 0:
            return span[0], _add(span[0], ((n, unit),), 1) - _DAY, role
        return _add(span[1] + _DAY, ((n, unit),), -1), span[1], role
    step = ((1, "business_day" if unit == "business_day" else "day"),)
    if direction > 0:
        return _add(p, step, 1), _add(p, parts, 1), role
    return _add(p, parts, -1), _add(p, step, -1), role


def _apply_cue(atom: _Atom, first, last):
    """Open sides: before (.. day before), after (day after ..), since / or later, until."""
    cue = None if atom.adjective else atom.cue
    if cue == "before":
        return None, (first - _DAY if first else None)
    if cue == "after":
        return (last + _DAY if last else None), None
    if cue == "since" or atom.open_end:
        return first, None
    if cue == "until":
        return None, last
    return first, last


def _role(atom: _Atom, last: dt.date | None, p: dt.date | None) -> str | None:
    """What the text does with the expression (see the module docstring)."""
    cue = atom.cue
    if cue in ("deadline", "within"):
        return "deadline"
    if atom.adjective:
        return "period"
    if cue == "before":
        return "deadline" if p is not None and last is not None and last >= p else None
    if cue in ("effective", "as_of") or atom.effect:
        return "effective"
    if atom.tense in ("future", "now") and cue not in ("since", "after", "until"):
        return "effective"
    return "period"


# ---------------------------------------------------------------- calendar


def _date(y: int, m: int, d: int | None) -> dt.date | None:
    """The date, or None when it does not exist (February 30)."""
    try:
        return dt.date(y, m, d) if d is not None and 1 <= y <= 9999 else None
    except ValueError:
        return None


def _pair(first: dt.date | None, last: dt.date | None) -> _Span | None:
    return (first, last) if first and last else None


def _month_span(y: int, m: int) -> _Span:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _year_span(y: int, lex: _Lexicon | None = None) -> _Span:
    """Calendar year y; takes `lex` like `_fiscal_span` so either can contain a quarter."""
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _fiscal_span(y: int, lex: _Lexicon) -> _Span:
    """Fiscal year y: it ends in calendar year y (US federal: Oct 1 y-1 .. Sep 30 y)."""
    start_month = lex.fiscal_start_month
    if start_month == 1:
        return _year_span(y)
    first = dt.date(y - 1, start_month, 1)
    return first, _add_months(first, 12) - _DAY


def _add_months(d: dt.date, n: int) -> dt.date:
    """d moved by n months, the day clamped to the month's length."""
    index = d.year * 12 + d.month - 1 + n
    y, m = divmod(index, 12)
    for day in (d.day, 30, 29, 28):
        found = _date(y, m + 1, min(d.day, day))
        if found:
            return found
    raise ValueError(f"no month {y}-{m + 1}")


_MONTHS_PER = {"month": 1, "quarter": 3, "year": 12, "decade": 120}
_DAYS_PER = {"day": 1, "week": 7, "fortnight": 14}


def _add(d: dt.date, parts: _Lengths, sign: int) -> dt.date:
    """d moved forward (sign 1) or back (-1) by every length in parts."""
    for n, unit in parts:
        if unit in _MONTHS_PER:
            d = _add_months(d, sign * n * _MONTHS_PER[unit])
        elif unit == "business_day":
            for _ in range(n):
                d += sign * _DAY
                while d.weekday() >= 5:
                    d += sign * _DAY
        else:
            d += dt.timedelta(days=sign * n * _DAYS_PER[unit])
    return d


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _tense(days: int) -> str:
    return "future" if days > 0 else "past" if days < 0 else "now"


def _relative_span(p: dt.date, unit: str, k: int, lex: _Lexicon) -> _Span:
    """The unit containing p moved by k units: this (0), next (1), last (-1) week..."""
    if unit == "day":
        day = p + dt.timedelta(days=k)
        return day, day
    if unit in ("week", "weekend", "workweek", "fortnight"):
        size = 14 if unit == "fortnight" else 7
        monday = _monday(p) + dt.timedelta(days=size * k)
        first, length = {"weekend": (5, 2), "workweek": (0, 5)}.get(unit, (0, size))
        return monday + dt.timedelta(days=first), monday + dt.timedelta(days=first + length - 1)
    if unit == "fiscal_year":
        fy = p.year + (1 if lex.fiscal_start_month > 1 and p.month >= lex.fiscal_start_month else 0)
        return _fiscal_span(fy + k, lex)
    if unit == "calendar year":
        unit = "year"
    months = _MONTHS_PER[unit]
    index = (p.year * 12 + p.month - 1) // months * months + k * months
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first, _add_months(first, months) - _DAY


def _iso_week(y: int, week: int) -> _Span | None:
    """ISO week `week` of year y (week 1 holds the year's first Thursday)."""
    try:
        monday = dt.date.fromisocalendar(y, week, 1)
    except ValueError:
        return None
    return monday, monday + dt.timedelta(days=6)


def _part_of(container: _Span, kind: str, unit: str, rank: int, count: int) -> _Span | None:
    """The rank-th (-1: last) `count` units of a year or month: quarters, halves, weeks, months, days."""
    first, last = container
    if unit in ("quarter", "half", "month"):
        if kind == "month":
            return None
        months = {"quarter": 3, "half": 6, "month": 1}[unit]
        total = 12 // months
        index = rank - 1 if rank > 0 else total - count
        if not (0 <= index and index + count <= total):
            return None
        start = _add_months(first, index * months)
        return start, _add_months(start, count * months) - _DAY
    if unit == "week":
        if kind == "year":  # ISO weeks, as calendars number them
            weeks = dt.date(last.year, 12, 28).isocalendar()[1]
            index = rank if rank > 0 else weeks - count + 1
            one, other = _iso_week(last.year, index), _iso_week(last.year, index + count - 1)
            return (one[0], other[1]) if one and other else None
        monday = _monday(first) if rank > 0 else _monday(last) - dt.timedelta(days=7 * (count - 1))
        start = monday + dt.timedelta(days=7 * (rank - 1)) if rank > 0 else monday
        return start, start + dt.timedelta(days=7 * count - 1)
    if unit == "day":
        size = (last - first).days + 1
        index = rank - 1 if rank > 0 else size - count
        if not (0 <= index and index + count <= size):
            return None
        start = first + dt.timedelta(days=index)
        return start, start + dt.timedelta(days=count - 1)
    return None


def _edge_span(edge: str, first: dt.date, last: dt.date) -> _Span:
    """A part of a period: its last or first day, or its early/middle/late third."""
    if edge == "end":
        return last, last
    if edge == "start":
        return first, first
    days = (last - first).days + 1
    if days >= 3650:  # decades in years: the late 1990s = 1997-1999
        step, count = ((12, "month"),), days // 365
    elif days >= 365:  # years in months: early 2026 = January-April
        step, count = ((1, "month"),), round(days / 30.4)
    else:
        step, count = ((1, "day"),), days
    third = max(1, round(count / 3))
    if edge == "early":
        return first, _add(first, step * third, 1) - _DAY
    if edge == "late":
        return _add(last + _DAY, step * third, -1), last
    return _add(first, step * third, 1), _add(last + _DAY, step * third, -1) - _DAY


def _holiday(key: str, y: int, lex: _Lexicon) -> dt.date | None:
    """The date of a holiday in year y, from its rule in the data file."""
    rule = lex.holidays[key]
    if "easter" in rule:
        return _easter(y) + dt.timedelta(days=rule["easter"])
    if "base" in rule:
        base = _holiday(lex.holiday_names[_key(rule["base"])], y, lex)
        return base + dt.timedelta(days=rule["days"]) if base else None
    if "weekday" in rule:
        first, last = _month_span(y, rule["month"])
        if rule["nth"] > 0:
            day = first + dt.timedelta(days=(rule["weekday"] - first.weekday()) % 7)
            return day + dt.timedelta(days=7 * (rule["nth"] - 1))
        return last - dt.timedelta(days=(last.weekday() - rule["weekday"]) % 7)
    return _date(y, rule["month"], rule["day"])


def _holiday_weekend(day: dt.date) -> _Span:
    """The long weekend of a holiday: Saturday to Monday, Friday to Sunday, else its week's weekend."""
    if day.weekday() == 0:
        return day - 2 * _DAY, day
    if day.weekday() == 4:
        return day, day + 2 * _DAY
    saturday = _monday(day) + dt.timedelta(days=5)
    return saturday, saturday + _DAY


def _easter(y: int) -> dt.date:
    """Easter Sunday (Gregorian), by the anonymous computus."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


# ---------------------------------------------------------------- numbers


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _year2(s: str | None, published: dt.date | None = None) -> int | None:
    """A year of four digits, or of two ("FY25", "03/18/40"): at most 20 years after
    the published year (after 2030 without one), else in the 1900s."""
    if not s:
        return None
    s = s.lstrip("'’")
    if len(s) == 4:
        return int(s)
    horizon = (published.year if published else 2010) + 20
    year = horizon // 100 * 100 + int(s)
    return year if year <= horizon else year - 100


def _words_value(words: list[str], lex: _Lexicon) -> int | None:
    """The value of number words: "twenty five" 25, "seventeen hundred thirty three" 1733."""
    total = current = 0
    for word in words:
        value = lex.numbers.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += value
    return total + current


def _spelled_year(phrase: str, lex: _Lexicon) -> int | None:
    """A year in words, 1000 to 2100: "nineteen ninety six" (two pairs of digits) or
    "two thousand and five"; None for other numbers."""
    words = [w for w in _key(phrase).split() if w != "and"]
    if any(lex.numbers.get(w) in (100, 1000) for w in words):
        year = _words_value(words, lex)
        return year if year is not None and 1000 <= year <= 2100 else None
    pairs: list[int] = []
    i = 0
    while i < len(words):
        value = lex.numbers.get(words[i])
        if value is None:
            return None
        nxt = lex.numbers.get(words[i + 1]) if i + 1 < len(words) else None
        if value >= 20 and nxt is not None and nxt < 10:  # "ninety six"
            value, i = value + nxt, i + 1
        pairs.append(value)
        i += 1
    if len(pairs) != 2 or not 10 <= pairs[0] <= 21:
        return None
    return pairs[0] * 100 + pairs[1]


def _year_value(s: str | None, ctx: _Context) -> int | None:
    """A year in digits (two digits after "of": "April of 87") or in words."""
    if not s:
        return None
    return _year2(s, ctx.published) if s.isdigit() else _spelled_year(s, ctx.lex)


def _count(s: str, lex: _Lexicon) -> int | None:
    """A count in digits or words: 3, "three", "twenty-five", "a couple of"."""
    key = _key(s)
    if key.isdigit():
        return int(key)
    if key in lex.quantifiers:
        return lex.quantifiers[key]
    return _words_value(key.split(), lex)


def _rank(s: str | None, lex: _Lexicon) -> int | None:
    """An ordinal: "third" 3, "3rd" 3, "last"/"final" -1."""
    if not s:
        return None
    key = _key(s)
    if key in ("last", "final"):
        return -1
    if key[:-2].isdigit():
        return int(key[:-2])
    return lex.ordinals.get(key)


def _day_number(s: str | None, lex: _Lexicon) -> int | None:
    """A day of the month: "22", "22nd", "first", "twenty five"."""
    if not s:
        return None
    key = _key(s)
    digits = key.rstrip("stndrh")
    if digits.isdigit():
        return int(digits)
    value = lex.ordinals.get(key) or _words_value(key.split(), lex)
    return value if value and 1 <= value <= 31 else None


def _lengths(phrase: str, ctx: _Context) -> _Lengths:
    """ "2 years 1 month 21 days" -> ((2, "year"), (1, "month"), (21, "day")); lengths
    beyond a thousand years are dropped (they are no dates, and no date can hold them)."""
    parts = []
    for part in ctx.pats.length_part.finditer(phrase):
        n = _count(part.group("n"), ctx.lex)
        unit = ctx.lex.units[_key(part.group("u"))]
        if n is not None and n * _MONTHS_PER.get(unit, 0) <= 12_000:
            parts.append((n, unit))
    return tuple(parts)
