"""Qualifier, direction and role of a figure, end to end through `econfacts.extract`.

Each row names one figure of a sentence by its surface and the reading it
must get: (qualifier, direction, role). The figure may be money, percent or
a multiplier; the row fails if the surface is not found exactly once.
"""

from __future__ import annotations

import pytest

import econfacts
from econfacts.lexicon import load_toml

FIGURE_KINDS = ("money", "percent", "multiplier")


def row(sentence: str, surface: str, qualifier: str, direction: str | None, role: str, *, id: str,
        xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, surface, (qualifier, direction, role), id=id, marks=marks)


def reading(sentence: str, surface: str) -> tuple[str | None, str | None, str | None]:
    matches = [f for f in econfacts.extract(sentence) if f.kind in FIGURE_KINDS and f.surface == surface]
    assert len(matches) == 1, f"{surface!r} found {len(matches)} times"
    fact = matches[0]
    return fact.qualifier, fact.direction, fact.role


QUALIFIERS = [
    row("The new plant will cost about $2 billion.", "$2 billion", "approximately", None, "level", id="about"),
    row("Around 40% of the harvest was lost to drought.", "40%", "approximately", None, "level", id="around"),
    row("Nearly $300 million was wiped off its market value.", "$300 million", "approximately", None, "level",
        id="nearly"),
    row("Almost 5% of the workforce is unemployed.", "5%", "approximately", None, "level", id="almost"),
    row("Roughly €800 million flowed out of the fund.", "€800 million", "approximately", None, "level",
        id="roughly"),
    row("Some $20 billion in commercial property loans is at risk.", "$20 billion", "approximately", None,
        "level", id="some"),
    row("More than $1 trillion has been promised for reconstruction.", "$1 trillion", "more_than", None,
        "level", id="more-than"),
    row("Over 3% of output comes from tourism.", "3%", "more_than", None, "level", id="over"),
    row("Crude prices stayed above $90 a barrel.", "$90", "more_than", None, "level", id="above"),
    row("The bank must hold at least $10 billion in capital.", "$10 billion", "at_least", None, "level",
        id="at-least"),
    row("Less than 2% of small firms export.", "2%", "less_than", None, "level", id="less-than"),
    row("Inflation is under 3 percent in most states.", "3 percent", "less_than", None, "level", id="under"),
    row("Lenders can borrow up to $50 billion from the facility.", "$50 billion", "at_most", None, "level",
        id="up-to"),
    row("The duty will be no more than 10%.", "10%", "at_most", None, "level", id="no-more-than"),
    row("Investors want returns of 8% or more.", "8%", "at_least", None, "level", id="or-more-after"),
    row("The exemption covers parcels worth $800 or less.", "$800", "at_most", None, "level", id="or-less-after"),
    row("The tax rebate is worth $500 or so.", "$500", "approximately", None, "level", id="or-so-after"),
    row("Nvidia's data-centre revenue more than doubled.", "doubled", "more_than", "increase", "change",
        id="more-than-doubled"),
]

DIRECTIONS = [
    row("Exports to Canada rose 3% in May.", "3%", "exact", "increase", "change", id="rose"),
    row("The Nikkei index fell 2.5% on Tuesday.", "2.5%", "exact", "decrease", "change", id="fell"),
    row("The central bank cut its policy rate by 25 basis points.", "25 basis points", "exact", "decrease",
        "change", id="cut-by-basis-points"),
    row("Same-store sales were up 9.4 per cent.", "9.4 per cent", "exact", "increase", "change", id="up"),
    row("Import prices were 7.7 percent higher than a year ago.", "7.7 percent", "exact", "increase", "change",
        id="higher-than-after"),
    row("Rents are 12% lower than last year.", "12%", "exact", "decrease", "change", id="lower-than-after"),
    row("Dockworkers won an increase of 5% in wages.", "5%", "exact", "increase", "change", id="increase-of"),
    row("The insurer reported a 12% drop in profit.", "12%", "exact", "decrease", "change", id="drop-after"),
    row("The yen has lost nearly 10% this year.", "10%", "approximately", "decrease", "change",
        id="lost-nearly"),
    row("Revenue climbed by more than 20% in the quarter.", "20%", "more_than", "increase", "change",
        id="climbed-by-more-than"),
    row("Chip stocks plunged as much as 18%.", "18%", "at_most", "decrease", "change", id="plunged-as-much-as"),
    row("Spending on chips will increase by $39 billion.", "$39 billion", "exact", "increase", "change",
        id="increase-by-money"),
    row("Brent crude fell 7 cents to $81.20 a barrel.", "7 cents", "exact", "decrease", "change",
        id="cents-move"),
]

LEVELS_AFTER_MOVES = [
    row("The share price rose 6.5% to $164.", "6.5%", "exact", "increase", "change", id="move-before-to"),
    row("The share price rose 6.5% to $164.", "$164", "exact", None, "level", id="level-after-to"),
    row("Copper rose 1.4% to $9,800 a tonne.", "$9,800", "exact", None, "level", id="commodity-level"),
    row("Profits slumped 38% to 2.1 billion euros.", "2.1 billion euros", "exact", None, "level",
        id="euros-level-after-slump"),
    row("The country's reserves fell by $3 billion to $560 billion.", "$3 billion", "exact", "decrease", "change",
        id="reserves-move"),
    row("The country's reserves fell by $3 billion to $560 billion.", "$560 billion", "exact", None, "level",
        id="reserves-level"),
    row("The bank lowered its growth forecast by 0.2 percentage points to 1.1%.", "1.1%", "exact", None,
        "level", id="forecast-level"),
    row("Inflation eased to 2.4% in October.", "2.4%", "exact", None, "level", id="eased-to-is-a-level"),
    row("The ECB held rates at 4%.", "4%", "exact", None, "level", id="held-at"),
]

RESTATEMENTS = [
    row("Revenue rose by $7.6 billion (5.3 percent) in the year.", "5.3 percent", "exact", "increase", "change",
        id="bracketed-percent-inherits"),
    row("Exports fell by $2.1 billion, or 4 percent.", "4 percent", "exact", "decrease", "change",
        id="or-percent-inherits"),
    row("The Dow lost 190 points, or 0.6%.", "0.6%", "exact", "decrease", "change", id="index-points-or-percent"),
    row("Sales increased by $2.6 billion and $532 million in the two units.", "$532 million", "exact",
        "increase", "change", id="coordinated-moves"),
]

TARGETS = [
    row("The government pledged to raise investment to $1 trillion.", "$1 trillion", "exact", None, "target",
        id="pledged-to-raise-to"),
    row("The central bank has a target of 2% for inflation.", "2%", "exact", None, "target", id="target-of"),
    row("The bank keeps a 2 percent inflation target.", "2 percent", "exact", None, "target",
        id="inflation-target-after"),
    row("Ottawa set a goal of $50 billion in exports.", "$50 billion", "exact", None, "target", id="goal-of"),
    row("The Fed's 2% goal remains out of reach.", "2%", "exact", None, "target", id="goal-after"),
    row("The alliance aims to double defense spending by 2027.", "double", "exact", "increase", "target",
        id="aims-to-double"),
    row("Berlin plans to lift defence spending to 3.5% of GDP by 2029.", "3.5%", "exact", None, "target",
        id="plans-to-lift-to"),
    row("India aims to double exports to $2 trillion by 2030.", "$2 trillion", "exact", None, "target",
        id="aims-to-dollar-level"),
    row("The company expects revenue to reach $12 billion.", "$12 billion", "exact", None, "level",
        id="forecast-is-not-a-target"),
]

KNOWN_FAILURES = [
    row("The ten-year yield slipped below 4% on Friday.", "4%", "less_than", None, "level",
        id="slipped-below-is-a-threshold"),
    row("The robotics startup raised $13.6M in a Series B round.", "$13.6M", "exact", None, "level",
        id="raised-funds-is-not-a-move"),
    row("Japan's economy shrank an annualised 2.1% in the quarter.", "2.1%", "exact", "decrease", "change",
        id="shrank-an-annualised"),
    row("The company aims for revenue of $50 billion by 2030.", "$50 billion", "exact", None, "target",
        id="aims-for-revenue-of"),
]


@pytest.mark.parametrize(("sentence", "surface", "expected"),
                         QUALIFIERS + DIRECTIONS + LEVELS_AFTER_MOVES + RESTATEMENTS + TARGETS + KNOWN_FAILURES)
def test_context(sentence, surface, expected):
    assert reading(sentence, surface) == expected


def test_context_stays_inside_its_sentence():
    """ "rose" ends the first sentence; the next sentence's figure is a plain level."""
    text = "Exports rose. About 3% of them went to Mexico."
    assert reading(text, "3%") == ("approximately", None, "level")


# --- Integrity of econfacts/data/context_cues.toml -----------------------------------


def _one_meaning(table: dict[str, list[str]]) -> dict[str, set[str]]:
    meanings: dict[str, set[str]] = {}
    for name, phrases in table.items():
        for phrase in phrases:
            meanings.setdefault(" ".join(phrase.lower().split()), set()).add(name)
    return {phrase: names for phrase, names in meanings.items() if len(names) > 1}


@pytest.mark.parametrize("table", ["qualifier_before", "qualifier_after", "direction_verbs", "direction_nouns",
                                   "direction_after"])
def test_each_cue_has_one_meaning(table):
    assert _one_meaning(load_toml("context_cues.toml")[table]) == {}


def test_qualifier_names_are_the_documented_ones():
    cues = load_toml("context_cues.toml")
    names = set(cues["qualifier_before"]) | set(cues["qualifier_after"])
    assert names <= {"approximately", "more_than", "at_least", "less_than", "at_most"}
    assert set(cues["direction_verbs"]) == set(cues["direction_nouns"]) == {"increase", "decrease"}
