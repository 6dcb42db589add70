"""Percentages: "%", "percent", "per cent", "pct", "pc", percentage points, basis points.

Percent values stay in percent ("2.1%" -> 2.1, unit "%"); points of a
percentage ("1.5 percentage points", "25 basis points" -> 0.25) get the unit
"pp", so a change of a rate is never mistaken for a rate.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The unit right after a number. Order matters: the longer spellings first.
_PERCENT_UNIT = re.compile(
    r"""
    [ \t]{0,2}-?                                # "5 %", "5-percent"
    (?:
        (?P<points>(?i:percentage[ -]points?|pct[ .]?pts?\.?|ppts?|pp)\b)   # percentage points
      | (?P<basis>(?i:basis[ -]points?|bps|bp)\b)                          # basis points = 1/100 pp
      | (?P<percent>%(?![0-9A-Za-z])|(?i:percent(?:age)?|per[ ]?cent|pct)\b|pc\b)  # percent; "%2D" is URL encoding
    )
    """,
    re.VERBOSE,
)


class PercentUnit(NamedTuple):
    """A percent unit after a number (a NamedTuple, as `numbers.Number`)."""

    unit: str  # "%" or "pp"
    factor: float  # multiply the number by this
    end: int


def read_percent_unit(text: str, pos: int) -> PercentUnit | None:
    """The percent unit starting at `pos` (just after a number), or None."""
    match = _PERCENT_UNIT.match(text, pos)
    if not match:
        return None
    if match.group("points"):
        return PercentUnit("pp", 1.0, match.end())
    if match.group("basis"):
        return PercentUnit("pp", 0.01, match.end())
    return PercentUnit("%", 1.0, match.end())


# A fraction of a point written in words: "half a percentage point", "a quarter-point cut",
# and a whole one: "a percentage point".
_FRACTION_OF_POINT = re.compile(
    r"""
    (?<![\w-])
    (?:
        (?P<fraction>(?i:half|a[ ]half|a[ ]quarter|quarter|three[ -]quarters))   # the fraction
        (?:[ ]of)?[ -](?:(?i:a)[ ])?                                               # "of a", "-"
        (?i:percentage[ -]points?|points?)\b                                     # of a point
      | (?P<whole>(?i:a|one)(?:[ ]full)?)[ ](?i:percentage[ -]point)\b          # "a percentage point"
    )
    """,
    re.VERBOSE,
)
_FRACTIONS = {"half": 0.5, "a half": 0.5, "a quarter": 0.25, "quarter": 0.25, "three quarters": 0.75,
              "three-quarters": 0.75}


def _points(match: re.Match) -> float:
    if match.group("whole"):
        return 1.0
    return _FRACTIONS[" ".join(match.group("fraction").lower().split())]


def find_fraction_points(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value in pp) of every fraction of a percentage point."""
    found = []
    position = text.find("oint")  # every such phrase ends in "point(s)": look only before those
    while position != -1:
        match = _FRACTION_OF_POINT.search(text, max(0, position - 45), position + 10)
        if match and (not found or match.start() >= found[-1][1]):
            found.append((match.start(), match.end(), _points(match)))
        position = text.find("oint", position + 4)
    return found
