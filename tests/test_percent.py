"""Percentages and points, end to end through `econfacts.extract`.

Each row lists every percent fact of its sentence, in order; values stay in
percent, and points of a percentage (including basis points) get unit "pp".
"""

from __future__ import annotations

import pytest

import econfacts


def pct(surface: str, value: float, unit: str = "%", **fields) -> dict:
    """An expected percent fact."""
    return {"surface": surface, "value": value, "unit": unit, **fields}


def row(sentence: str, *expected: dict, id: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, list(expected), id=id, marks=marks)


def check_percent(sentence: str, expected: list[dict]) -> None:
    found = [f for f in econfacts.extract(sentence) if f.kind == "percent"]
    assert [f.surface for f in found] == [e["surface"] for e in expected]
    for fact, wanted in zip(found, expected):
        for name, value in wanted.items():
            got = getattr(fact, name)
            if isinstance(value, float | int):
                assert got == pytest.approx(value), f"{fact.surface}: {name}"
            else:
                assert got == value, f"{fact.surface}: {name}"


SPELLINGS = [
    row("Inflation eased to 2.4% in October.", pct("2.4%", 2.4), id="sign"),
    row("Unemployment stood at 4.1 percent in the spring.", pct("4.1 percent", 4.1), id="percent"),
    row("Britain's economy grew 0.6 per cent in the quarter.", pct("0.6 per cent", 0.6), id="per-cent"),
    row("Core prices rose 3.2 pct year on year.", pct("3.2 pct", 3.2), id="pct"),
    row("House prices in Scotland fell 1.8pc.", pct("1.8pc", 1.8), id="pc-attached"),
    row("Washington kept a 25% duty on imported steel.", pct("25%", 25), id="tariff-rate"),
    row("Tariffs on the goods rose to 145%.", pct("145%", 145), id="above-one-hundred"),
]

POINTS = [
    row("The jobless rate climbed 0.3 percentage points to 5.1%.",
        pct("0.3 percentage points", 0.3, "pp"), pct("5.1%", 5.1), id="percentage-points-then-level"),
    row("Its operating margin was 0.8 ppt lower.", pct("0.8 ppt", 0.8, "pp"), id="ppt"),
    row("The Fed cut rates by 25 basis points.", pct("25 basis points", 0.25, "pp"), id="basis-points"),
    row("The ECB raised its deposit rate by 50 bps.", pct("50 bps", 0.5, "pp"), id="bps"),
    row("Ten-year yields rose 15bp to 4.31%.", pct("15bp", 0.15, "pp"), pct("4.31%", 4.31), id="bp-attached"),
    row("Bond yields surged 40 basis points this week.", pct("40 basis points", 0.4, "pp"), id="forty-bps"),
]

SHARES_AND_RANGES = [
    row("The budget deficit reached 4% of GDP.", pct("4%", 4), id="share-of-gdp"),
    row("The deficit narrowed to 5.6% of GDP from 6.2%.", pct("5.6%", 5.6), pct("6.2%", 6.2), id="to-and-from"),
    row("Growth is forecast between 3% and 4% next year.",
        pct("3% and 4%", 3, value_low=3, value_high=4), id="range-between-and"),
    row("Wages are expected to rise 3-4 percent.",
        pct("3-4 percent", 3, value_low=3, value_high=4), id="range-hyphen-shared-unit"),
    row("Margins are seen between 3 and 4 percent higher.",
        pct("3 and 4 percent", 3, value_low=3, value_high=4), id="range-bare-low-end"),
    row("The outlook was cut to 2.9 percent from 3.2 percent.",
        pct("2.9 percent", 2.9), pct("3.2 percent", 3.2), id="to-from-is-not-a-range"),
]

NOT_PERCENT = [
    row("The full report is at https://example.org/trade%20report%202024.pdf", id="url-encoded-space"),
    row("Read more at https://news.example.com/?q=tariffs%2C+steel", id="url-encoded-comma"),
    row("The S&P 500 ended the session flat.", id="index-name"),
]

BUGS_CAUGHT = [
    row("Mortgage rates of 6.9% hurt sales; the S&P 500 rose 1%.",
        pct("6.9%", 6.9), pct("1%", 1), id="two-clauses-two-figures"),
    row("Retail sales rose 0.4% in June, after falling 0.9% in May.",
        pct("0.4%", 0.4), pct("0.9%", 0.9), id="two-moves-one-sentence"),
]

# Were strict xfails until fixed.
BUGS_FIXED = [
    row("The Bank of England lowered rates by half a percentage point.",
        pct("half a percentage point", 0.5, "pp"), id="half-a-percentage-point"),
    row("The jobless rate ended the year within a percentage point of its record low.",
        pct("a percentage point", 1.0, "pp"), id="a-percentage-point"),
    row("Duties on Chilean copper will fall from 6% this year to zero by 2030.",
        pct("6%", 6), pct("zero", 0, "%", role="target"), id="tariff-cut-to-zero"),
]


@pytest.mark.parametrize(("sentence", "expected"),
                         SPELLINGS + POINTS + SHARES_AND_RANGES + NOT_PERCENT + BUGS_CAUGHT + BUGS_FIXED)
def test_percent(sentence, expected):
    check_percent(sentence, expected)
