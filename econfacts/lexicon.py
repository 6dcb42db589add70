"""Lexicons, loaded once: currency names from CLDR (babel) plus news aliases.

Every word list lives in `econfacts/data/`; this module turns them into
compiled patterns and lookup tables the first time they are needed
(`functools.cache`), so importing econfacts stays cheap and every later call
reuses the same objects.
"""

from __future__ import annotations

import csv
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

# ISO codes that are also common upper-case English words: as bare codes they
# would turn headlines ("ALL 50 STATES", "TOP 10") into money.
_CODES_THAT_ARE_WORDS = frozenset(
    {"ALL", "CUP", "TOP", "MOP", "SOS", "BOB", "MAD", "TRY", "PEN", "DOP", "NIO", "HUF", "XXX", "XTS"}
)
# Codes also accepted in lower case ("10 rmb 20 usd"): only the ones common enough
# that the lower-case letters mean nothing else after a number.
_LOWERCASE_CODES = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "AUD", "CAD", "CHF", "INR", "KRW", "MXN"})
# Currencies written with an "M" (million) before the code in financial filings.
_MILLION_PREFIXED_CODES = ("USD", "EUR", "GBP", "CHF", "SEK", "NOK", "DKK")


def fold_case(text: str) -> str:
    """`text` in lower case, one character for one, as `re.IGNORECASE` sees it.

    A case-sensitive pattern of lower-case phrases finds on this copy exactly
    what its `(?i)` form finds on `text`, offsets included (checked for every
    code point and every character class used here), and runs about twice as
    fast. `str.lower` keeps the length except for "İ" (-> "i̇"); "ı" and "ſ"
    are the two characters `(?i)` also takes for "i" and "s".
    """
    if "İ" in text:
        text = text.replace("İ", "i")
    folded = text.lower()
    if "ı" in folded:
        folded = folded.replace("ı", "i")
    if "ſ" in folded:
        folded = folded.replace("ſ", "s")
    return folded


def data_path(name: str):
    return resources.files("econfacts").joinpath("data", name)


@functools.cache
def load_toml(name: str) -> dict:
    with data_path(name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True, slots=True)
class CurrencyUnit:
    """What a currency word means: ISO code and the factor to whole units."""

    code: str
    factor: float = 1.0


@dataclass(frozen=True)
class CurrencyLexicon:
    """Compiled currency patterns and the table behind them.

    `prefix` is matched against the *reversed* text before a number (so a
    single anchored `match` finds the longest currency ending right there);
    `suffix` is matched forward from the end of a number.
    """

    prefix: re.Pattern
    suffix: re.Pattern
    prefix_units: dict[str, CurrencyUnit]
    suffix_units: dict[str, CurrencyUnit]

    def prefix_unit(self, surface: str) -> CurrencyUnit:
        return self.prefix_units.get(surface) or self.prefix_units[_fold(surface)]

    def suffix_unit(self, surface: str) -> CurrencyUnit:
        return self.suffix_units.get(surface) or self.suffix_units[_fold(surface)]


def _fold(surface: str) -> str:
    """Key of a case-insensitive alias: lower case, inner spaces normalized."""
    return " ".join(surface.lower().split())


def word_start_trie_regex(words: list[str], not_after: str) -> str:
    """`trie_regex(words)`, matching only where the character before is not `not_after`.

    The check sits after each branch's first character instead of in front
    of the whole pattern, so `re` can still skip ahead to the positions
    holding a possible first character (about 1.5x faster than a leading
    lookbehind on news text).
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        char = re.escape(first)
        tail = trie_regex(sorted(r for r in rests if r))
        if tail and "" in rests:
            tail = f"(?:{tail})?"
        branches.append(f"{char}(?<!{not_after}{char}){tail}")
    return "(?:" + "|".join(branches) + ")"


def trie_regex(words: list[str]) -> str:
    """A regex alternation of `words` shaped as a trie, longest match first.

    Python's `re` tries alternatives one by one; sharing prefixes makes a
    lexicon of hundreds of names cost a few character tests per position.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends_here = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends_here else body

    return build(trie)


def _babel_currency_names() -> list[tuple[str, str]]:
    """(name, code) for every English CLDR name and plural of a currency."""
    from babel import Locale

    english = Locale("en")
    plurals = english._data["currency_names_plural"]
    names: list[tuple[str, str]] = []
    for code, name in english.currencies.items():
        if "(" in name:  # "Afghan Afghani (1927–2002)": superseded issues
            continue
        names.append((name, code))
        for form in plurals.get(code, {}).values():
            if "(" not in form:
                names.append((form, code))
    return names


def _babel_currency_symbols() -> list[tuple[str, str]]:
    """(symbol, code) for the English CLDR symbols that are not the code itself."""
    from babel import Locale

    return [(symbol, code) for code, symbol in Locale("en").currency_symbols.items()
            if symbol != code and code != "XXX"]


def _alias_rows() -> list[dict[str, str]]:
    with data_path("currency_aliases.tsv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _pattern(sensitive: list[str], insensitive: list[str], reverse: bool) -> str:
    flip = (lambda s: s[::-1]) if reverse else (lambda s: s)
    parts = []
    if insensitive:
        parts.append("(?i:" + trie_regex(sorted({flip(w.lower()) for w in insensitive})) + ")")
    if sensitive:
        parts.append(trie_regex(sorted({flip(w) for w in sensitive})))
    return "(?:" + "|".join(parts) + ")"


@functools.cache
def currency_lexicon() -> CurrencyLexicon:
    """Build the currency patterns from CLDR and the alias file (once)."""
    prefix_units: dict[str, CurrencyUnit] = {}
    suffix_units: dict[str, CurrencyUnit] = {}
    prefix_s, prefix_i, suffix_s, suffix_i = [], [], [], []

    def add(surface: str, unit: CurrencyUnit, position: str, case_insensitive: bool) -> None:
        key = _fold(surface) if case_insensitive else surface
        if position in ("prefix", "both"):
            prefix_units.setdefault(key, unit)
            (prefix_i if case_insensitive else prefix_s).append(surface)
        if position in ("suffix", "both"):
            suffix_units.setdefault(key, unit)
            (suffix_i if case_insensitive else suffix_s).append(surface)

    # Hand aliases first: they settle the ambiguous names ("dollars", "won").
    for row in _alias_rows():
        add(row["alias"], CurrencyUnit(row["code"], float(row["factor"])), row["position"], row["case"] == "i")
    for name, code in _babel_currency_names():
        add(name, CurrencyUnit(code), "suffix", True)
    for symbol, code in _babel_currency_symbols():
        add(symbol, CurrencyUnit(code), "both", False)
    from babel import Locale

    for code in Locale("en").currencies:
        if len(code) != 3 or code in _CODES_THAT_ARE_WORDS:
            continue
        add(code, CurrencyUnit(code), "both", False)
        add(code + "$", CurrencyUnit(code), "prefix", False)
        if code in _LOWERCASE_CODES:
            add(code.lower(), CurrencyUnit(code), "both", False)
    for code in _MILLION_PREFIXED_CODES:
        add("M" + code, CurrencyUnit(code, 1e6), "suffix", False)

    not_letter = r"(?![^\W\d_])"
    prefix = re.compile(r"\s{0,2}" + _pattern(prefix_s, prefix_i, reverse=True) + not_letter)
    suffix = re.compile(r"[ \t]{0,2}" + _pattern(suffix_s, suffix_i, reverse=False) + not_letter)
    return CurrencyLexicon(prefix, suffix, prefix_units, suffix_units)
