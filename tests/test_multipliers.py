"""Multipliers, end to end through `econfacts.extract`, and the multiplier data file.

Each row lists every multiplier fact of its sentence: surface, factor and
direction (increase for double/triple/-fold, decrease for halve, None for a
fraction of a whole).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import econfacts
from econfacts.lexicon import load_toml

_UNCHECKED = object()


def mult(surface: str, value: float, direction=_UNCHECKED) -> dict:
    expected = {"surface": surface, "value": value}
    if direction is not _UNCHECKED:
        expected["direction"] = direction
    return expected


def row(sentence: str, *expected: dict, id: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, list(expected), id=id, marks=marks)


VERBS = [
    row("Chip exports to Europe doubled last year.", mult("doubled", 2.0, "increase"), id="doubled"),
    row("Doubling the levy would hurt consumers.", mult("Doubling", 2.0, "increase"), id="doubling"),
    row("The carmaker plans to triple output of electric vans.", mult("triple", 3.0, "increase"), id="triple"),
    row("The company's stock more than tripled this year.", mult("tripled", 3.0, "increase"), id="tripled"),
    row("Container freight rates quadrupled during the pandemic.",
        mult("quadrupled", 4.0, "increase"), id="quadrupled"),
    row("The ministry wants to halve fuel subsidies.", mult("halve", 0.5, "decrease"), id="halve"),
    row("Costs were halved after the merger.", mult("halved", 0.5, "decrease"), id="halved"),
]

FOLDS = [
    row("Installed solar capacity grew twofold.", mult("twofold", 2.0, "increase"), id="twofold"),
    row("LNG imports rose two-fold in the period.", mult("two-fold", 2.0, "increase"), id="two-fold"),
    row("Shipping rates on the route jumped 10-fold.", mult("10-fold", 10.0, "increase"), id="digits-fold"),
    row("Mining revenue rose tenfold.", mult("tenfold", 10.0, "increase"), id="tenfold"),
    row("Samsung's operating profit jumped 15-fold.", mult("15-fold", 15.0, "increase"), id="fifteen-fold"),
    row("Demand for the drug rose 2x in a year.", mult("2x", 2.0, "increase"), id="2x"),
    row("The stock trades at 12x forward earnings.", mult("12x", 12.0), id="valuation-multiple"),
]

FRACTIONS = [
    row("Two-thirds of the aid went to farmers.", mult("Two-thirds", 2 / 3, None), id="two-thirds-of"),
    row("A third of the budget is spent on pensions.", mult("A third", 1 / 3, None), id="a-third-of"),
    row("Three-quarters of firms expect higher costs.", mult("Three-quarters", 0.75, None), id="three-quarters-of"),
    row("Half of the loans are overdue.", mult("Half", 0.5, None), id="half-of"),
    row("One-fifth of the workforce is on temporary contracts.", mult("One-fifth", 0.2, None), id="one-fifth-of"),
    row("Services added roughly one-third to growth last year.", mult("one-third", 1 / 3, None),
        id="hyphenated-fraction-without-of"),
    row("A third party will audit the accounts.", id="a-third-party-is-no-fraction"),
]

NOT_MULTIPLIERS = [
    row("Inflation stayed in double-digit territory.", id="double-digit"),
    row("The treaty avoids double taxation of profits.", id="double-taxation"),
    row("Profits rose in the first half of the year.", id="first-half"),
    row("Sales improve in the second half of the year.", id="second-half"),
    row("Growth slowed in the back half of 2024.", id="back-half"),
    row("Auditors will double-check the accounts.", id="double-check"),
    row("Europe faces a double whammy of tariffs and weak demand.", id="double-whammy"),
    row("The triple-A rated bonds rallied.", id="triple-a"),
    row("The firm posted half-year results.", id="half-year"),
]


@pytest.mark.parametrize(("sentence", "expected"), VERBS + FOLDS + FRACTIONS + NOT_MULTIPLIERS)
def test_multipliers(sentence, expected):
    found = [f for f in econfacts.extract(sentence) if f.kind == "multiplier"]
    assert [f.surface for f in found] == [e["surface"] for e in expected]
    for fact, wanted in zip(found, expected):
        assert fact.value == pytest.approx(wanted["value"], abs=5e-4)
        if "direction" in wanted:
            assert fact.direction == wanted["direction"]


def test_fraction_is_a_level_not_a_move():
    [fact] = [f for f in econfacts.extract("Two-thirds of the aid went to farmers.") if f.kind == "multiplier"]
    assert (fact.direction, fact.role) == (None, "level")
    assert round(fact.value, 3) == 0.667


def test_seed_pledge_to_double_is_a_target():
    """The seed sentence: a pledge to double by a year is a goal, not a reported move."""
    [fact] = [f for f in econfacts.extract("Tokyo pledged to double its defence budget by 2027.")
              if f.kind == "multiplier"]
    assert (fact.surface, fact.value, fact.direction, fact.role) == ("double", 2.0, "increase", "target")


# --- Integrity of econfacts/data/multipliers.toml -------------------------------------


def test_multiplier_factors():
    data = load_toml("multipliers.toml")
    assert all(factor > 0 for factor in data["verbs"].values())
    assert all(factor > 1 for factor in data["fold_words"].values())
    assert all(isinstance(d, int) and d >= 2 for d in data["fractions"].values())


def test_verbs_increase_or_decrease_unambiguously():
    """A factor of exactly 1 would be neither increase nor decrease."""
    assert 1 not in load_toml("multipliers.toml")["verbs"].values()


_FRAGMENTS = st.sampled_from([
    "double", "doubled", "halve", "triple", "fold", "-fold", "ten", "two", "three-", "thirds", "third", "quarter",
    "half", "of", " ", "-", "a ", "2x", "3.5x", "x", "1", "digit", "the first", ",", ".", "\n", "taxation",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30).map("".join) | st.text(max_size=200))
def test_stem_first_scan_finds_exactly_what_the_full_pattern_finds(text):
    """The fast scan around stem hits must agree with the plain `finditer` it stands for."""
    from econfacts.lexicon import fold_case
    from econfacts.multipliers import _grammar, _matches

    folded = fold_case(text)
    assert [m.span() for m in _matches(_grammar(), folded)] == [m.span() for m in _grammar().pattern.finditer(folded)]
