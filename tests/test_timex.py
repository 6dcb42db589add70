"""Tests of econfacts.timex: dates, periods and deadlines in news text.

The sentences are written for these tests (economic news style); none is
taken from the evaluation sets. Each table row is one construction:
(text, published, surface, time_start, time_end, time_role).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econfacts.timex import TimeExpression, find_time_expressions

D = dt.date
FRI = D(2025, 2, 7)  # a Friday
SAT = D(2025, 2, 8)


def _expression(text: str, published: dt.date | None, surface: str) -> TimeExpression:
    """The expression whose surface is `surface`; fails with all that was found."""
    found = find_time_expressions(text, published)
    for expression in found:
        if text[expression.start : expression.end] == surface:
            return expression
    raise AssertionError(f"{surface!r} not found; got {[text[e.start:e.end] for e in found]}")


def _check(text, published, surface, start, end, role):
    expression = _expression(text, published, surface)
    assert (expression.time_start, expression.time_end, expression.time_role) == (start, end, role)


def _rows(*rows):
    """pytest.param rows with the id first: (id, text, published, surface, start, end, role)."""
    return [pytest.param(*row[1:], id=row[0]) for row in rows]


DEADLINES = _rows(
    ("by-year", "Japan pledged to double its defence budget by 2027.", SAT,
     "by 2027", D(2027, 1, 1), D(2027, 12, 31), "deadline"),
    ("by-end-of-year-number", "The treasury wants the deficit below 3% by the end of 2026.", SAT,
     "by the end of 2026", D(2026, 12, 31), D(2026, 12, 31), "deadline"),
    ("by-end-hyphen", "Seoul will phase out coal subsidies by end-2025.", SAT,
     "by end-2025", D(2025, 12, 31), D(2025, 12, 31), "deadline"),
    ("by-year-end", "The bank expects to finish the bond sale by year-end.", SAT,
     "by year-end", D(2025, 12, 31), D(2025, 12, 31), "deadline"),
    ("by-end-of-the-year", "Ministers hope to sign the trade pact by the end of the year.", SAT,
     "by the end of the year", D(2025, 12, 31), D(2025, 12, 31), "deadline"),
    ("by-month-year", "Both sides aim to remove the steel quotas by March 2026.", SAT,
     "by March 2026", D(2026, 3, 1), D(2026, 3, 31), "deadline"),
    ("by-month-day", "Importers must file their tariff refund claims by March 1.", SAT,
     "by March 1", D(2025, 3, 1), D(2025, 3, 1), "deadline"),
    ("by-full-date", "The agency must report its spending plan by December 31, 2026.", SAT,
     "by December 31, 2026", D(2026, 12, 31), D(2026, 12, 31), "deadline"),
    ("before-future", "Ottawa must answer the tariff threat before March 1.", SAT,
     "before March 1", None, D(2025, 2, 28), "deadline"),
    ("no-later-than", "Members will ratify the customs deal no later than January 1, 2027.", SAT,
     "no later than January 1, 2027", D(2027, 1, 1), D(2027, 1, 1), "deadline"),
    ("within-days", "The commerce department will publish the new duty rates within 90 days.", FRI,
     "within 90 days", FRI, D(2025, 5, 8), "deadline"),
    ("within-words", "The carmaker plans to double exports within two years.", FRI,
     "within two years", FRI, D(2027, 2, 7), "deadline"),
    ("within-months", "The fund will disburse the loan within 9 months.", D(2018, 3, 23),
     "within 9 months", D(2018, 3, 23), D(2018, 12, 23), "deadline"),
    ("over-the-next", "Pork imports are forecast to reach $6 billion over the next 5 years.", D(2023, 5, 25),
     "over the next 5 years", D(2023, 5, 25), D(2028, 5, 25), "deadline"),
    ("by-mid-year", "The lender hopes to list its card unit by mid-2026.", SAT,
     "by mid-2026", D(2026, 5, 1), D(2026, 8, 31), "deadline"),
    ("by-quarter", "Output should recover by the third quarter of 2026.", SAT,
     "by the third quarter of 2026", D(2026, 7, 1), D(2026, 9, 30), "deadline"),
    ("by-next-week", "Brussels expects an answer on the steel safeguard by next week.", FRI,
     "by next week", D(2025, 2, 10), D(2025, 2, 16), "deadline"),
    ("has-until", "Mexico has until April 2 to cut its fentanyl flows or face duties.", SAT,
     "has until April 2", D(2025, 4, 2), D(2025, 4, 2), "deadline"),
    ("by-end-of-month", "The pact must be signed by the end of March.", SAT,
     "by the end of March", D(2025, 3, 31), D(2025, 3, 31), "deadline"),
    ("by-weekday", "Lawmakers must pass the budget by Friday.", D(2025, 2, 12),
     "by Friday", D(2025, 2, 14), D(2025, 2, 14), "deadline"),
)

PERIODS = _rows(
    ("in-year", "Steel exports rose 4% in 2024.", SAT, "in 2024", D(2024, 1, 1), D(2024, 12, 31), "period"),
    ("fiscal-year-word", "Defence outlays in fiscal 2027 will exceed $900 billion.", SAT,
     "in fiscal 2027", D(2026, 10, 1), D(2027, 9, 30), "period"),
    ("fy-compact", "The agency's FY2027 budget request was cut.", SAT,
     "FY2027", D(2026, 10, 1), D(2027, 9, 30), "period"),
    ("fy-space", "Receipts for FY 2025 came in above plan.", SAT,
     "for FY 2025", D(2024, 10, 1), D(2025, 9, 30), "period"),
    ("fiscal-year-number", "The deficit for fiscal year 2027 is projected at $1.9 trillion.", SAT,
     "for fiscal year 2027", D(2026, 10, 1), D(2027, 9, 30), "period"),
    ("the-year-fiscal-year", "Farm exports in the 2018 fiscal year are forecast at $140 billion.", SAT,
     "in the 2018 fiscal year", D(2017, 10, 1), D(2018, 9, 30), "period"),
    ("fiscal-quarter", "The deficit reached $710 billion in the first quarter of fiscal year 2025.", SAT,
     "in the first quarter of fiscal year 2025", D(2024, 10, 1), D(2024, 12, 31), "period"),
    ("quarter-no-year", "Car sales slumped in the first quarter.", D(2025, 5, 2),
     "in the first quarter", D(2025, 1, 1), D(2025, 3, 31), "period"),
    ("q-year", "Chipmakers shipped more in Q3 2016 than a year earlier.", SAT,
     "in Q3 2016", D(2016, 7, 1), D(2016, 9, 30), "period"),
    ("year-q", "Margins widened in 2017 q1.", SAT, "in 2017 q1", D(2017, 1, 1), D(2017, 3, 31), "period"),
    ("quarter-of-year", "GDP shrank in the first quarter of 2024.", SAT,
     "in the first quarter of 2024", D(2024, 1, 1), D(2024, 3, 31), "period"),
    ("quarter-adjective", "Analysts expect weak first-quarter earnings.", D(2025, 4, 10),
     "first-quarter", D(2025, 1, 1), D(2025, 3, 31), "period"),
    ("year-space-q", "Consumption slowed from 2024 Q4 levels.", SAT,
     "from 2024 Q4", D(2024, 10, 1), D(2024, 12, 31), "period"),
    ("half-no-year", "Orders recovered in the first half.", D(2025, 8, 1),
     "in the first half", D(2025, 1, 1), D(2025, 6, 30), "period"),
    ("h-year", "Shipping rates peaked in H1 2025.", SAT, "in H1 2025", D(2025, 1, 1), D(2025, 6, 30), "period"),
    ("year-h", "Losses narrowed in 2016 H2.", SAT, "in 2016 H2", D(2016, 7, 1), D(2016, 12, 31), "period"),
    ("second-half-of", "Rates should fall in the second half of 2025.", SAT,
     "in the second half of 2025", D(2025, 7, 1), D(2025, 12, 31), "period"),
    ("last-year", "The trade gap widened last year.", SAT, "last year", D(2024, 1, 1), D(2024, 12, 31), "period"),
    ("this-year", "Wages are set to rise this year.", SAT, "this year", D(2025, 1, 1), D(2025, 12, 31), "period"),
    ("last-month", "Factory orders fell last month.", SAT, "last month", D(2025, 1, 1), D(2025, 1, 31), "period"),
    ("a-year-ago", "Diesel cost 11% less than a year ago.", D(2025, 5, 22),
     "than a year ago", D(2024, 5, 22), D(2024, 5, 22), "period"),
    ("in-month-year", "Food prices rose 0.4 percent in April 2023.", SAT,
     "in April 2023", D(2023, 4, 1), D(2023, 4, 30), "period"),
    ("month-of-year", "Mortgage rates last hit this level in April of 1987.", SAT,
     "in April of 1987", D(1987, 4, 1), D(1987, 4, 30), "period"),
    ("from-to-months", "The CPI rose 0.5 percent from March 2023 to April 2023.", SAT,
     "from March 2023 to April 2023", D(2023, 3, 1), D(2023, 4, 30), "period"),
    ("from-to-years", "Oil stayed below $41 a barrel from 1986 to 2003.", SAT,
     "from 1986 to 2003", D(1986, 1, 1), D(2003, 12, 31), "period"),
    ("between-years", "Farm exports to partners grew fast between 2015 and 2018.", SAT,
     "between 2015 and 2018", D(2015, 1, 1), D(2018, 12, 31), "period"),
    ("since-year", "Chinese soybean purchases have halved since 2012.", SAT,
     "since 2012", D(2012, 1, 1), None, "period"),
    ("decade", "Inflation in the 1970s eroded savings.", SAT,
     "in the 1970s", D(1970, 1, 1), D(1979, 12, 31), "period"),
    ("decade-2", "Tariffs were low through the 1990s.", SAT,
     "through the 1990s", D(1990, 1, 1), D(1999, 12, 31), "period"),
    ("so-far-this-year", "Copper has gained 12% so far this year.", SAT,
     "so far this year", D(2025, 1, 1), SAT, "period"),
    ("year-to-date", "The index is up 4% year to date.", SAT, "year to date", D(2025, 1, 1), SAT, "period"),
    ("on-month-day", "Gasoline averaged $3.17 a gallon on May 19.", D(2025, 5, 22),
     "on May 19", D(2025, 5, 19), D(2025, 5, 19), "period"),
    ("mdy", "The duties were announced on March 1, 2026.", SAT,
     "on March 1, 2026", D(2026, 3, 1), D(2026, 3, 1), "period"),
    ("dmy", "The central bank met on 1 March 2026.", SAT,
     "on 1 March 2026", D(2026, 3, 1), D(2026, 3, 1), "period"),
    ("abbreviated-month", "Trump met Ishiba on Feb. 7, 2025 at the White House.", SAT,
     "on Feb. 7, 2025", FRI, FRI, "period"),
    ("iso", "The customs notice is dated 2025-02-07.", SAT, "2025-02-07", FRI, FRI, "period"),
    ("us-numeric", "Quota data were revised on 1/1/2016.", SAT,
     "on 1/1/2016", D(2016, 1, 1), D(2016, 1, 1), "period"),
    ("day-mon-year", "Settlement is due on 05-Aug-2016.", SAT,
     "on 05-Aug-2016", D(2016, 8, 5), D(2016, 8, 5), "period"),
    ("year-slash-month", "Revised figures for 2016/11 were released.", SAT,
     "for 2016/11", D(2016, 11, 1), D(2016, 11, 30), "period"),
    ("month-slash-year", "Revised figures for 11/2016 were released.", SAT,
     "for 11/2016", D(2016, 11, 1), D(2016, 11, 30), "period"),
    ("past-weeks", "Copper rallied over the past 3 weeks.", D(2016, 11, 7),
     "over the past 3 weeks", D(2016, 10, 17), D(2016, 11, 6), "period"),
    ("next-days", "Traders expect volatility in the next 3 days.", D(2016, 11, 7),
     "in the next 3 days", D(2016, 11, 8), D(2016, 11, 10), "period"),
    ("days-ago", "The yuan hit a record low 5 days ago.", SAT, "5 days ago", D(2025, 2, 3), D(2025, 2, 3), "period"),
    ("last-week", "Crude stocks fell last week.", FRI, "last week", D(2025, 1, 27), D(2025, 2, 2), "period"),
    ("rest-of-month", "Refiners expect tight margins for the rest of the month.", SAT,
     "for the rest of the month", SAT, D(2025, 2, 28), "period"),
    ("next-two-decades", "Power demand will double in the next two decades.", D(2018, 7, 2),
     "in the next two decades", D(2020, 1, 1), D(2039, 12, 31), "period"),
    ("current-quarter", "Airlines cut capacity in the current quarter.", D(2019, 7, 4),
     "in the current quarter", D(2019, 7, 1), D(2019, 9, 30), "period"),
    ("this-calendar-year", "Gains this calendar year exceed 10%.", D(2019, 6, 18),
     "this calendar year", D(2019, 1, 1), D(2019, 12, 31), "period"),
    ("later-than", "Investors see no rate cut later than 2026.", SAT,
     "later than 2026", D(2027, 1, 1), None, "period"),
    ("after-year", "Prices stabilised after 2016.", SAT, "after 2016", D(2017, 1, 1), None, "period"),
    ("first-week-of", "Gasoline prices fell in the first week of 2024.", SAT,
     "in the first week of 2024", D(2024, 1, 1), D(2024, 1, 7), "period"),
    ("during-year", "Exports to Mexico shrank during 2016.", SAT,
     "during 2016", D(2016, 1, 1), D(2016, 12, 31), "period"),
    ("compared-with", "The surplus reached $23 billion, compared with 2019.", SAT,
     "compared with 2019", D(2019, 1, 1), D(2019, 12, 31), "period"),
    ("than-in", "Refining margins were narrower than in 2023.", SAT,
     "than in 2023", D(2023, 1, 1), D(2023, 12, 31), "period"),
    ("listed-year", "Jobless claims fell in 2022 and 2023.", SAT, "2023", D(2023, 1, 1), D(2023, 12, 31), "period"),
    ("before-past", "The rule covers contracts signed before March 1, 2024.", SAT,
     "before March 1, 2024", None, D(2024, 2, 29), None),
    ("highest-in-years", "Mortgage rates reached their highest level in 3 years.", SAT,
     "in 3 years", D(2022, 2, 8), SAT, "period"),
    ("spelled-year", "The mill closed in nineteen ninety six.", SAT,
     "in nineteen ninety six", D(1996, 1, 1), D(1996, 12, 31), "period"),
    ("holiday-weekend", "Drivers expect cheaper fuel this Memorial Day weekend.", D(2023, 5, 25),
     "this Memorial Day weekend", D(2023, 5, 27), D(2023, 5, 29), "period"),
    ("holiday-year", "Retailers discounted heavily on Black Friday 2010.", SAT,
     "on Black Friday 2010", D(2010, 11, 26), D(2010, 11, 26), "period"),
    ("fiscal-context", "Farm exports in the 2018 fiscal year should reach $140 billion, up from 2017.", SAT,
     "from 2017", D(2016, 10, 1), D(2017, 9, 30), "period"),
    ("weekday-bare", "The yen weakened on Friday.", SAT, "on Friday", FRI, FRI, "period"),
    ("early-year", "Exports should rebound in early 2026.", SAT,
     "in early 2026", D(2026, 1, 1), D(2026, 4, 30), "period"),
    ("late-last-year", "Orders dipped late last year.", SAT,
     "late last year", D(2024, 9, 1), D(2024, 12, 31), "period"),
    ("mid-month", "Soybean prices peaked in mid-March.", SAT,
     "in mid-March", D(2025, 3, 11), D(2025, 3, 21), "period"),
    ("day-range", "The Fed met on January 28-29.", SAT,
     "on January 28-29", D(2025, 1, 28), D(2025, 1, 29), "period"),
    ("fiscal-slash", "The FY2024/25 budget was approved.", SAT,
     "The FY2024/25", D(2024, 10, 1), D(2025, 9, 30), "period"),
    ("fiscal-range", "The department set goals for FY 2020-2021.", SAT,
     "for FY 2020-2021", D(2019, 10, 1), D(2021, 9, 30), "period"),
    ("months-to-month", "Retail sales rose 3% in the three months to March.", SAT,
     "to March", D(2025, 3, 1), D(2025, 3, 31), "period"),
)

EFFECTIVE = _rows(
    ("starting", "The new duties apply starting April 2.", SAT,
     "starting April 2", D(2025, 4, 2), D(2025, 4, 2), "effective"),
    ("effective", "The higher fee is effective March 1.", SAT,
     "effective March 1", D(2025, 3, 1), D(2025, 3, 1), "effective"),
    ("as-of", "As of January 1 the levy doubled.", SAT, "As of January 1", D(2025, 1, 1), D(2025, 1, 1), "effective"),
    ("beginning-next-month", "Port fees rise beginning next month.", SAT,
     "beginning next month", D(2025, 3, 1), D(2025, 3, 31), "effective"),
    ("from-next-week", "The export ban applies from next week.", FRI,
     "from next week", D(2025, 2, 10), D(2025, 2, 16), "effective"),
    ("next-week", "He announced plans to implement reciprocal tariffs next week.", FRI,
     "next week", D(2025, 2, 10), D(2025, 2, 16), "effective"),
    ("next-month", "The central bank will decide on rates next month.", D(2022, 4, 29),
     "next month", D(2022, 5, 1), D(2022, 5, 31), "effective"),
    ("next-quarter", "The carmaker will cut output next quarter.", D(2019, 12, 28),
     "next quarter", D(2020, 1, 1), D(2020, 3, 31), "effective"),
    ("next-year", "Growth should pick up next year.", SAT, "next year", D(2026, 1, 1), D(2026, 12, 31), "effective"),
    ("tomorrow", "The tariff list will be published tomorrow.", SAT,
     "tomorrow", D(2025, 2, 9), D(2025, 2, 9), "effective"),
    ("today", "The board today approved a $327 million loan guarantee.", SAT, "today", SAT, SAT, "effective"),
    ("this-week", "Ministers meet this week to discuss the budget.", FRI,
     "this week", D(2025, 2, 3), D(2025, 2, 9), "effective"),
    ("next-monday", "The levy takes effect next Monday.", FRI,
     "next Monday", D(2025, 2, 10), D(2025, 2, 10), "effective"),
    ("in-weeks", "The parliament votes on the budget in 2 weeks.", SAT,
     "in 2 weeks", D(2025, 2, 22), D(2025, 2, 22), "effective"),
    ("take-effect-verb", "The reciprocal tariffs will take effect on March 4.", SAT,
     "on March 4", D(2025, 3, 4), D(2025, 3, 4), "effective"),
    ("reinstated-verb", "The debt limit was reinstated on January 2, 2025.", SAT,
     "on January 2, 2025", D(2025, 1, 2), D(2025, 1, 2), "effective"),
    ("week-after-next", "The auction is scheduled for the week after next.", D(2016, 11, 7),
     "for the week after next", D(2016, 11, 21), D(2016, 11, 27), "effective"),
    ("next-fortnight", "Shipments should resume in the next fortnight.", D(2021, 5, 20),
     "in the next fortnight", D(2021, 5, 31), D(2021, 6, 13), "effective"),
    ("this-weekend", "Negotiators will meet this weekend.", D(2016, 11, 7),
     "this weekend", D(2016, 11, 12), D(2016, 11, 13), "effective"),
    ("weekday-taking-effect", "The 25% tariffs will take effect on Tuesday.", SAT,
     "on Tuesday", D(2025, 2, 11), D(2025, 2, 11), "effective"),
)


@pytest.mark.parametrize(("text", "published", "surface", "start", "end", "role"), DEADLINES)
def test_deadlines(text, published, surface, start, end, role):
    _check(text, published, surface, start, end, role)


@pytest.mark.parametrize(("text", "published", "surface", "start", "end", "role"), PERIODS)
def test_periods(text, published, surface, start, end, role):
    _check(text, published, surface, start, end, role)


@pytest.mark.parametrize(("text", "published", "surface", "start", "end", "role"), EFFECTIVE)
def test_effective(text, published, surface, start, end, role):
    _check(text, published, surface, start, end, role)


NO_PUBLISHED = _rows(
    ("next-week", "Washington will announce the tariffs next week.", None, "next week", None, None, "effective"),
    ("first-half", "Demand weakened in the first half.", None, "in the first half", None, None, "period"),
    ("this-quarter", "Margins are under pressure this quarter.", None, "this quarter", None, None, "period"),
    ("by-year", "The utility will retire its coal plants by 2027.", None,
     "by 2027", D(2027, 1, 1), D(2027, 12, 31), "deadline"),
    ("within", "The ministry will answer within 30 days.", None, "within 30 days", None, None, "deadline"),
    ("before-unknown", "The survey closed before April 9.", None, "before April 9", None, None, None),
    ("month-from-context", "Imports fell in the first quarter of 2025; payments made in November shifted.",
     None, "in November", D(2025, 11, 1), D(2025, 11, 30), "period"),
)


@pytest.mark.parametrize(("text", "published", "surface", "start", "end", "role"), NO_PUBLISHED)
def test_without_published_date(text, published, surface, start, end, role):
    _check(text, published, surface, start, end, role)


NOT_DATES = [
    pytest.param("The talks ended at 13:47 and resumed at 6 p.m.", id="times-of-day"),
    pytest.param("For details call 202-555-2017 or fax 555-1999.", id="phone-numbers"),
    pytest.param("The company paid $2017 per share.", id="amount"),
    pytest.param("2024 was a record year for chip exports.", id="bare-year-without-preposition"),
    pytest.param("Output fell by 2000 barrels a day.", id="count-after-by"),
    pytest.param("The index rose 2,017 points to 2017.5.", id="thousands-and-decimals"),
    pytest.param("Section 2001 of the act applies to the 45-year-old firm, which won 3-1.", id="section-age-score"),
    pytest.param("At 1930 GMT the rand traded at 18.5 per dollar.", id="military-time"),
    pytest.param("Order 2017-0034 was cancelled.", id="identifier"),
    pytest.param("Prices may 2 percent higher, analysts said.", id="may-the-verb"),
    pytest.param("Theresa May said the March on Washington drew crowds.", id="may-march-names"),
    pytest.param("The cost per unit fell to 1/2 of the old price.", id="fraction"),
    pytest.param("Steel prices are 5.2% higher in real terms.", id="percent"),
    pytest.param("Sales rose 3% in the 12 months through the end.", id="in-the-twelve-months"),
    pytest.param("USA TODAY reported the figures.", id="newspaper-name"),
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates(text):
    found = find_time_expressions(text, SAT)
    assert [text[e.start : e.end] for e in found] == []


DATELINES = [
    pytest.param("SEOUL, February 08 (AJP) - Exports jumped 10% in January.", id="city-dateline"),
    pytest.param("By Jane Roe Posted : February 8, 2025, 13:47 Updated : February 8, 2025, 13:47\n"
                 "Ministers pledged to cut tariffs.", id="posted-line"),
    pytest.param("WASHINGTON, Feb 7 (Reuters) - Payrolls rose by 143,000 in January.", id="wire-dateline"),
]


@pytest.mark.parametrize("text", DATELINES)
def test_datelines_are_not_deadlines(text):
    found = find_time_expressions(text, SAT)
    assert found, "the dateline date may be returned as a period"
    assert all(e.time_role != "deadline" for e in found)


def test_the_monday_before_a_holiday_is_no_deadline():
    text = "Gasoline averaged $3.53 on May 22, the Monday before Memorial Day weekend."
    found = find_time_expressions(text, D(2023, 5, 25))
    assert all(e.time_role != "deadline" for e in found)


def test_results_are_sorted_and_disjoint():
    text = ("Japan pledged to double defence spending by 2027, up from 2022, while tariffs start "
            "next week; from March 2023 to April 2023 prices rose, and in Q3 2016 they fell.")
    found = find_time_expressions(text, SAT)
    assert len(found) == 5
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


# Text made of characters and date-like fragments, so that the rules get to run.
_FRAGMENTS = [*"0123456789 ,.-/:$%aAbBdDefFhHiJmMnNoOqQrsStTuwWy'\n", " in ", " by ", " next ", " last ",
              " week", " year", " March ", " May ", " Q3", " FY", " since ", " 2024", " 1999", " from ", " to ",
              " between ", " and ", " the ", " first ", " quarter", " ago", " within ", " days", " end of ",
              " mid-", " Friday", " 12/31/2025", " 2016-11", " half", " two ", " a ", " before ", " Christmas",
              " nineteen", " ninety", " thousand", " hundred", " twenty", " decades", " 999"]
_TEXTS = st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.one_of(st.none(), st.dates(D(1990, 1, 1), D(2060, 12, 31))))
def test_any_text_gives_valid_spans(text, published):
    found = find_time_expressions(text, published)
    previous_end = 0
    for e in found:
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= previous_end
        previous_end = e.end
        if e.time_start is not None and e.time_end is not None:
            assert e.time_start <= e.time_end
        assert e.time_role in (None, "deadline", "effective", "period")


# ---------------------------------------------------------------- data file


def _data() -> dict:
    return tomllib.loads(resources.files("econfacts").joinpath("data/time_words.toml").read_text("utf-8"))


def test_data_has_twelve_months_and_seven_weekdays():
    data = _data()
    assert len(data["months"]) == 12
    assert len(data["weekdays"]) == 7


def test_data_words_do_not_collide():
    data = _data()
    months = [w for spellings in data["months"] for w in spellings]
    weekdays = [w for spellings in data["weekdays"] for w in spellings]
    assert len(set(months)) == len(months)
    assert len(set(weekdays)) == len(weekdays)
    assert not set(months) & set(weekdays)
    cue_phrases = [p for phrases in data["cues"].values() for p in phrases]
    assert len(set(cue_phrases)) == len(cue_phrases), "a cue phrase in two categories"


def test_data_holidays_have_one_rule_each():
    holidays = _data()["holidays"]
    names = [n for h in holidays for n in h["names"]]
    assert len(set(names)) == len(names)
    for holiday in holidays:
        rules = [key for key in ("day", "nth", "easter", "base") if key in holiday]
        assert len(rules) == 1, holiday["names"][0]
        if "base" in holiday:
            assert holiday["base"] in names


# ---------------------------------------------------------------- known gaps


KNOWN_GAPS = _rows(
    ("weekday-before-offset", "The envoy returns Monday two weeks from now.", D(2016, 11, 9),
     "Monday two weeks from now", D(2016, 11, 21), D(2016, 11, 21), "effective"),
    ("year-in-words-below-1000", "Coins from the year two hundred and sixty seven were found.", SAT,
     "the year two hundred and sixty seven", D(267, 1, 1), D(267, 12, 31), "period"),
    ("bare-year-as-modifier", "The deals will lift 2028 exports to Japan.", SAT,
     "2028", D(2028, 1, 1), D(2028, 12, 31), "period"),
)


@pytest.mark.xfail(strict=True, reason="known gap, see the module docstring of econfacts.timex")
@pytest.mark.parametrize(("text", "published", "surface", "start", "end", "role"), KNOWN_GAPS)
def test_known_gaps(text, published, surface, start, end, role):
    _check(text, published, surface, start, end, role)
