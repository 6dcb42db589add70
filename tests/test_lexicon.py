"""The currency lexicon: lookups of symbols, codes and names, and the alias file's integrity.

The lookups are checked both ways: `prefix_unit` / `suffix_unit` give the
unit of a surface, and the compiled `prefix` (matched on the reversed text
before a number) / `suffix` pattern must recognize that same surface.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from babel import Locale

from econfacts.lexicon import currency_lexicon, data_path

# --- Prefixes: written before the number ---------------------------------------------
# (surface, ISO code)

PREFIXES = [
    pytest.param("$", "USD", id="bare-dollar-is-usd"),
    pytest.param("US$", "USD", id="us-dollar"),
    pytest.param("U.S.$", "USD", id="u.s.-dollar"),
    pytest.param("A$", "AUD", id="australian"),
    pytest.param("C$", "CAD", id="canadian"),
    pytest.param("HK$", "HKD", id="hong-kong"),
    pytest.param("S$", "SGD", id="singapore"),
    pytest.param("NT$", "TWD", id="taiwan"),
    pytest.param("R$", "BRL", id="brazil"),
    pytest.param("€", "EUR", id="euro-sign"),
    pytest.param("£", "GBP", id="pound-sign"),
    pytest.param("¥", "JPY", id="bare-yen-sign-is-jpy"),
    pytest.param("₩", "KRW", id="won-sign"),
    pytest.param("₹", "INR", id="rupee-sign"),
    pytest.param("Rs", "INR", id="rs"),
    pytest.param("Rs.", "INR", id="rs-dot"),
    pytest.param("USD", "USD", id="code-before"),
    pytest.param("PS", "GBP", id="unidecode-pound"),
    pytest.param("Y=", "JPY", id="unidecode-yen"),
]


@pytest.mark.parametrize(("surface", "code"), PREFIXES)
def test_prefix_lookup(surface, code):
    lexicon = currency_lexicon()
    assert lexicon.prefix.fullmatch(surface[::-1]), "the compiled prefix pattern misses it"
    assert lexicon.prefix_unit(surface).code == code


# --- Suffixes: written after the number -----------------------------------------------
# (surface, ISO code, factor to whole units)

SUFFIXES = [
    pytest.param("yen", "JPY", 1.0, id="yen"),
    pytest.param("won", "KRW", 1.0, id="won-defaults-to-korea"),
    pytest.param("yuan", "CNY", 1.0, id="yuan"),
    pytest.param("renminbi", "CNY", 1.0, id="renminbi"),
    pytest.param("rupees", "INR", 1.0, id="rupees-default-to-india"),
    pytest.param("pounds sterling", "GBP", 1.0, id="pounds-sterling"),
    pytest.param("euros", "EUR", 1.0, id="euros"),
    pytest.param("Euros", "EUR", 1.0, id="euros-capitalised"),
    pytest.param("Swiss francs", "CHF", 1.0, id="swiss-francs"),
    pytest.param("Australian dollars", "AUD", 1.0, id="australian-dollars"),
    pytest.param("dollars", "USD", 1.0, id="dollars-default-to-usd"),
    pytest.param("EUR", "EUR", 1.0, id="code-after"),
    pytest.param("usd", "USD", 1.0, id="lowercase-code"),
    pytest.param("cents", "USD", 0.01, id="cents"),
    pytest.param("pence", "GBP", 0.01, id="pence"),
    pytest.param("p", "GBP", 0.01, id="p-for-pence"),
    pytest.param("MUSD", "USD", 1e6, id="million-prefixed-code"),
]


@pytest.mark.parametrize(("surface", "code", "factor"), SUFFIXES)
def test_suffix_lookup(surface, code, factor):
    lexicon = currency_lexicon()
    assert lexicon.suffix.fullmatch(surface), "the compiled suffix pattern misses it"
    unit = lexicon.suffix_unit(surface)
    assert (unit.code, unit.factor) == (code, factor)


NOT_CURRENCIES = [
    pytest.param("ALL", id="albanian-lek-code-is-a-word"),
    pytest.param("TOP", id="tongan-code-is-a-word"),
    pytest.param("TRY", id="turkish-code-is-a-word"),
    pytest.param("SOS", id="somali-code-is-a-word"),
]


@pytest.mark.parametrize("surface", NOT_CURRENCIES)
def test_codes_that_are_english_words_are_not_currencies(surface):
    """ "ALL 50 STATES", "TOP 10": upper-case headline words must not become money."""
    lexicon = currency_lexicon()
    assert not lexicon.prefix.fullmatch(surface[::-1])
    assert not lexicon.suffix.fullmatch(surface)


def test_lexicon_is_built_once():
    assert currency_lexicon() is currency_lexicon()


# --- Integrity of econfacts/data/currency_aliases.tsv ---------------------------------

COLUMNS = ["alias", "code", "factor", "position", "case", "note"]


def _alias_lines() -> list[tuple[int, str]]:
    with data_path("currency_aliases.tsv").open(encoding="utf-8") as handle:
        return [(number, line) for number, line in enumerate(handle, start=1) if not line.startswith("#")]


def _alias_rows() -> list[tuple[int, dict[str, str]]]:
    numbered = _alias_lines()
    reader = csv.DictReader([line for _, line in numbered], delimiter="\t")
    return [(number, row) for (number, _), row in zip(numbered[1:], reader)]


ALIAS_ROWS = [pytest.param(row, id=f"line{number}:{row['alias']}") for number, row in _alias_rows()]


def test_alias_file_header():
    _, header = _alias_lines()[0]
    assert header.rstrip("\n").split("\t") == COLUMNS


@pytest.mark.parametrize("row", ALIAS_ROWS)
def test_alias_row_is_well_formed(row):
    assert None not in row, f"extra columns: {row[None]}"
    assert all(row[column] for column in COLUMNS), "empty cell"
    assert row["code"] in Locale("en").currencies, f"{row['code']} is not an ISO 4217 code known to CLDR"
    assert float(row["factor"]) > 0
    assert row["position"] in {"prefix", "suffix", "both"}
    assert row["case"] in {"s", "i"}


def _positions(row: dict[str, str]) -> list[str]:
    return ["prefix", "suffix"] if row["position"] == "both" else [row["position"]]


def _key(row: dict[str, str]) -> str:
    return " ".join(row["alias"].lower().split()) if row["case"] == "i" else row["alias"]


def test_no_alias_maps_to_two_codes():
    """Within one position and case rule, an alias has one meaning."""
    meanings: dict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for _, row in _alias_rows():
        for position in _positions(row):
            meanings[(position, row["case"], _key(row))].add((row["code"], row["factor"]))
    collisions = {key: codes for key, codes in meanings.items() if len(codes) > 1}
    assert not collisions


def test_case_insensitive_alias_does_not_shadow_a_sensitive_one():
    """ "rmb" (any case) and a case-sensitive "RMB" row must not disagree."""
    insensitive = {(p, _key(r)): r["code"] for _, r in _alias_rows() if r["case"] == "i" for p in _positions(r)}
    clashes = [
        (r["alias"], r["code"], insensitive[(p, r["alias"].lower())])
        for _, r in _alias_rows() if r["case"] == "s" for p in _positions(r)
        if insensitive.get((p, r["alias"].lower()), r["code"]) != r["code"]
    ]
    assert not clashes


@pytest.mark.parametrize("row", ALIAS_ROWS)
def test_alias_row_takes_effect(row):
    """Each hand alias wins in the built lexicon (CLDR names are added after them)."""
    lexicon = currency_lexicon()
    for position in _positions(row):
        alias = row["alias"]
        if position == "prefix":
            assert lexicon.prefix.fullmatch(alias[::-1])
            unit = lexicon.prefix_unit(alias)
        else:
            assert lexicon.suffix.fullmatch(alias)
            unit = lexicon.suffix_unit(alias)
        assert (unit.code, unit.factor) == (row["code"], float(row["factor"]))
