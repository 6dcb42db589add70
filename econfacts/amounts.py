"""Amounts: numbers with a unit (money or percent), and ranges of them.

Built on the number cores of `econfacts.numbers`: each core looks at its
right for a percent unit or a currency, then at its left for a currency
symbol; neighbouring cores joined by "-", "to" or "between ... and" become
one range. Everything here is a look at a few characters around a core, so
the cost grows with the number of figures, not with the length of the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from econfacts.money import (
    currency_after, currency_before, disambiguate, minor_units, pounds_are_weight, sentence_around,
)
from econfacts.numbers import Number, find_numbers, read_scale
from econfacts.percent import find_fraction_points, read_percent_unit


class Amount(NamedTuple):
    """A money or percent figure: span, normalized value and unit (a NamedTuple, as `Number`)."""

    kind: str  # "money" or "percent"
    start: int
    end: int
    value: float
    unit: str | None
    value_low: float | None = None
    value_high: float | None = None
    sign: str | None = None  # "+" or "-" written before a percent change
    plus: bool = False  # "$1.2 trillion-plus"
    number_start: int = 0  # where the digits begin (after any currency prefix)
    scale: float = 1.0  # the scale word's factor ("billion" -> 1e9)
    factor: float = 1.0  # the unit's factor (cents -> 0.01, basis points -> 0.01)


# Signs written before a number: a minus sign, "minus", "+".
_SIGN_BEFORE = re.compile(r"(?:(?<![\w.])(?P<sym>[-−+])|(?i:\bminus\s+|\bnegative\s+))$")
# A percent word before its number ("per cent of 210"), when no number precedes the word.
_PERCENT_OF_BEFORE = re.compile(r"(?i)\b(?:per\s?cent|percent)\s+of\s+$")
_NUMBER_BEFORE = re.compile(r"(?i)(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|[a-z]+teen|[a-z]+ty|hundred))\s*$")
# "-plus" / "+" after a figure: "$1.2 trillion-plus".
_PLUS_AFTER = re.compile(r"-plus\b|\+(?!\d)")
# What can join the two ends of a range.
# (A per-unit suffix may follow the low end: "between $68/b and $93/b".)
_RANGE_JOIN = re.compile(r"(?:/[a-z]{1,6}\.?)?(?:\s*(?:-|–|—|~)\s*|\s+(?:to|and|or)\s+)")
# Before the low end: the words that make "X to Y" / "X and Y" a range.
_RANGE_OPENER = re.compile(r"(?i)\b(?:between|rang(?:e|es|ed|ing)\s+from|from\s+between|of\s+between|estimated\s+at)\s+$")
# Before the low end: "by X to Y" is a change then a level ("cut by 2% to 3%").
_BY_BEFORE = re.compile(r"(?i)\bby\s+(?:\S+\s+){0,2}$")
_MAX_RANGE_GAP = 6  # characters between the two ends of a range


def _single_letter_prefix_is_a_name(prefix_surface: str, number: Number) -> bool:
    """ "PS5", "R2": a short letter prefix before a single digit is a model name."""
    return (
        prefix_surface.isalpha()
        and len(prefix_surface) <= 2
        and number.end - number.start == 1
        and not number.has_scale
    )


def read_amount(text: str, number: Number) -> Amount | None:
    """The money or percent figure this number is the core of, if any."""
    percent = read_percent_unit(text, number.end)
    if percent is not None:
        value = number.value * percent.factor
        start = number.start
        sign_match = _SIGN_BEFORE.search(text, max(0, start - 9), start)
        sign = None
        if sign_match:
            if sign_match.group("sym") in ("-", "−"):
                sign = "-"
            elif sign_match.group("sym") == "+":
                sign = "+"
            else:  # "minus five percent": a negative level
                value = -value
            start = sign_match.start()
        return Amount("percent", start, percent.end, value, percent.unit, sign=sign,
                      number_start=number.start, scale=number.scale, factor=percent.factor)

    percent_before = (_PERCENT_OF_BEFORE.search(text, max(0, number.start - 20), number.start)
                      if text.find("cent", max(0, number.start - 20), number.start) != -1 else None)
    if percent_before and not _NUMBER_BEFORE.search(text, max(0, percent_before.start() - 12), percent_before.start()):
        # "per cent of 210": the percent word written before its number.
        return Amount("percent", percent_before.start(), number.end, number.value, "%",
                      number_start=number.start, scale=number.scale)

    end = number.end
    value = number.value
    unit = None
    surface_for_rule = ""
    scale_factor = number.scale
    after = currency_after(text, end)
    if after is not None and pounds_are_weight(after.surface, number.has_scale or number.value >= 1e6,
                                               text, number.start, after.end):
        after = None
    before = currency_before(text, number.start)
    negative = False
    if before is None and number.start > 0 and text[number.start - 1] in "-−":
        before = currency_before(text, number.start - 1)  # "$-50.8bn"
        negative = before is not None
    start = number.start
    if before is not None and _single_letter_prefix_is_a_name(before.surface, number):
        before = None
    if after is not None:
        unit = after.unit
        surface_for_rule = after.surface
        end = after.end
        if not number.has_scale:  # "75 USD million"
            scale = read_scale(text, end)
            if scale is not None:
                value *= scale[0]
                scale_factor = scale[0]
                end = scale[1]
        if before is not None and before.unit.code == unit.code and not before.surface[0].isalpha():
            start = before.start  # "US$ 5 million USD"; but in "50 dollar 50 dollar" each word is its own
    elif before is not None:
        unit = before.unit
        surface_for_rule = before.surface
        start = before.start
    if unit is None:
        return None
    # Divide for minor units: 1112 / 100 is 11.12 exactly, 1112 * 0.01 is not.
    value = value / round(1 / unit.factor) if unit.factor < 1 else value * unit.factor
    if negative:
        value = -value
    if not number.has_scale and not number.decimals and unit.factor == 1.0:
        minor = minor_units(text, end)
        if minor is not None:
            value += minor[0]
            end = minor[1]
    plus = False
    plus_match = _PLUS_AFTER.match(text, end)
    if plus_match:
        plus = True
        end = plus_match.end()
    code = disambiguate(unit.code, surface_for_rule, text, start, end)
    return Amount("money", start, end, value, code, plus=plus, number_start=number.start,
                  scale=scale_factor, factor=unit.factor)


def _joins_as_range(text: str, gap_start: int, gap_end: int, low_start: int) -> bool:
    """Whether the text between two figures makes them the ends of one range.

    A dash always does; "and"/"or" only after "between"/"ranging from"; "to"
    unless the figures are a move ("rose from $5bn to $6bn", "cut by 2% to 3%").
    """
    gap = text[gap_start:gap_end]
    if not _RANGE_JOIN.fullmatch(gap):
        return False
    joiner = gap.strip()
    if joiner not in ("and", "or", "to"):
        return True
    if _RANGE_OPENER.search(text, max(0, low_start - 25), low_start):
        return True
    return joiner == "to" and not _is_move(text, low_start)


def _bare_number_range(text: str, low: Number, high: Amount) -> Amount | None:
    """ "$4-5 billion", "3-4%", "between 3 and 4 percent": a bare low end joins `high`."""
    if not _joins_as_range(text, low.end, high.number_start, low.start):
        return None
    start = low.start
    if high.kind == "money":
        prefix = currency_before(text, low.start)
        if prefix is not None:
            start = prefix.start
    # The low end shares the high end's scale and unit: "$4-5 billion" -> 4e9.
    low_value = low.value * (1.0 if low.has_scale else high.scale) * high.factor
    if low_value > high.value:
        return None
    return _as_range(high, start, low_value)


def _range_with_bare_high(text: str, low: Amount, high: Number) -> Amount | None:
    """ "A$4-5 billion", "$3 to 4 million": the currency is on the low end only."""
    if low.kind != "money" or low.scale != 1.0 or not high.has_scale or low.value_low is not None:
        return None
    if high.start - low.end > _MAX_RANGE_GAP or not _joins_as_range(text, low.end, high.start, low.start):
        return None
    low_value = low.value * high.scale
    high_value = high.value * low.factor
    if low_value > high_value:
        return None
    return low._replace(end=high.end, value=low_value, value_low=low_value, value_high=high_value, scale=high.scale)


def _as_range(high: Amount, start: int, low_value: float) -> Amount:
    return high._replace(start=start, value=low_value, value_low=low_value, value_high=high.value)


def _amount_range(text: str, low: Amount, high: Amount) -> Amount | None:
    """ "between 3% and 4%", "$800,000 to $1.3 million": two full amounts joined."""
    if low.kind != high.kind or low.unit != high.unit or low.value_low is not None:
        return None
    if high.start - low.end > _MAX_RANGE_GAP + 4 or not _joins_as_range(text, low.end, high.start, low.start):
        return None
    low_value = low.value
    if low.scale == 1.0 and high.scale != 1.0 and low.value * high.scale <= high.value:
        low_value = low.value * high.scale  # "$10 to $15 billion"
    if low_value > high.value:
        return None
    return high._replace(start=low.start, value=low_value, value_low=low_value, value_high=high.value,
                   sign=low.sign, number_start=low.number_start)


_MOVE_VERB = re.compile(
    r"(?i)\b(?:rose|rises?|risen|fell|falls?|fallen|up|down|gained|gains?|lost|loses?|jumped|climbed|grew|grows?|"
    r"increased|decreased|declined|dropped|slid|slipped|plunged|tumbled|surged|soared|added|shed|cut|raised|lowered|"
    r"advanced|eased|sank|widened|narrowed|expanded|shrank|contracted)\s+(?:\S+\s+){0,3}$"
)


def _is_move(text: str, pos: int) -> bool:
    """ "rose from $5bn to", "cut by 2% to": the two figures are a move, not a range."""
    return bool(_BY_BEFORE.search(text, max(0, pos - 25), pos) or _MOVE_VERB.search(text, max(0, pos - 40), pos))


# A bare number whose unit is written only on the next figure: "8 or $9",
# "280 million of the 1.5 billion shekels", "from 24.2 to 33-35 billion euros".
_SHARED_UNIT_GAP = re.compile(r"\s+(?:or|of\s+the|of|to)\s+")


def _implied_unit(text: str, bare: Number, then: Amount) -> Amount | None:
    gap = _SHARED_UNIT_GAP.fullmatch(text, bare.end, then.start)
    if then.kind != "money" or bare.is_words or gap is None:
        return None
    if gap.group(0).split()[0] == "of" and not bare.has_scale:
        return None  # "3 of the $100 million loans" counts loans
    value = bare.value * then.factor
    if not bare.has_scale and then.scale != 1.0 and bare.value * then.scale <= (then.value_low or then.value) * 1.0001:
        value *= then.scale  # the scale is shared too, when the figures stay in order
    return Amount("money", bare.start, bare.end, value, then.unit, number_start=bare.start, scale=then.scale,
                  factor=then.factor)


_TO_ZERO_BEFORE = re.compile(r"(?i)\b(?:to|at)\s+$")
_RATE_WORDS = re.compile(r"(?i)\b(?:tariffs?|dut(?:y|ies)|levy|levies|rates?|percent|per\s?cent)\b|%")


def _is_zero_rate(text: str, number: Number, found: list[Amount]) -> bool:
    """ "cut the tariff ... to zero": a spelled zero that a rate falls to is 0%."""
    if not number.is_words or number.value != 0 or not _TO_ZERO_BEFORE.search(text, max(0, number.start - 6),
                                                                              number.start):
        return False
    sentence = sentence_around(text, number.start, number.end)
    return bool(_RATE_WORDS.search(sentence))


def _range_of(text: str, low: Amount | Number, high: Amount | Number) -> Amount | None:
    """The range two neighbouring readings form, in whichever of the three shapes, if any."""
    if isinstance(low, Amount) and isinstance(high, Number):
        return _range_with_bare_high(text, low, high)  # "A$4-5 billion"
    if isinstance(low, Number) and isinstance(high, Amount):
        if high.number_start - low.end > _MAX_RANGE_GAP:
            return None
        return _bare_number_range(text, low, high)  # "$4-5 billion", "3-4%"
    if isinstance(low, Amount) and isinstance(high, Amount):
        return _amount_range(text, low, high)  # "between 3% and 4%"
    return None


def find_amounts(text: str, folded: str | None = None) -> list[Amount]:
    """All money and percent figures in `text`, ranges merged, in order.

    `folded` is `fold_case(text)` when the caller already has it.
    """
    numbers = find_numbers(text, folded)
    readings: list[Amount | Number] = []
    for number in numbers:
        amount = read_amount(text, number)
        readings.append(amount if amount is not None else number)

    merged: list[Amount] = []
    index = 0
    while index < len(readings):
        current = readings[index]
        if merged and current.start < merged[-1].end:  # consumed: "and forty-five cents", "USD million"
            index += 1
            continue
        following = readings[index + 1] if index + 1 < len(readings) else None
        ranged = _range_of(text, current, following) if following is not None else None
        if ranged is not None:
            merged.append(ranged)
            index += 2
            continue
        if isinstance(current, Amount):
            merged.append(current)
        elif isinstance(following, Amount) and (implied := _implied_unit(text, current, following)) is not None:
            merged.append(implied)  # "about 8 or $9", "280 million of the 1.5 billion shekels"
        elif _is_zero_rate(text, current, merged):
            merged.append(Amount("percent", current.start, current.end, 0.0, "%", number_start=current.start))
        index += 1
    extra = [Amount("percent", start, end, value, "pp", number_start=start)
             for start, end, value in find_fraction_points(text)]
    extra += _vague_money(text)
    if extra:
        taken = [(a.start, a.end) for a in merged]
        merged += [a for a in extra if not any(a.start < e and s < a.end for s, e in taken)]
        merged.sort(key=lambda a: a.start)
    return merged


# "tens of thousands of dollars", "hundreds of millions of euros": an order of magnitude.
_VAGUE_AMOUNT = re.compile(r"\b(?i:(?P<count>tens|hundreds)\s+of\s+(?P<scale>thousands|millions|billions))(?:\s+of)?")
_COUNT_RANGE = {"tens": (10, 100), "hundreds": (100, 1000)}
_SCALE_OF = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _vague_money(text: str) -> list[Amount]:
    """Money given as an order of magnitude: a range, from the count's low to its high end."""
    found: list[Amount] = []
    if "ens of" not in text and "eds of" not in text:  # no "tens of"/"hundreds of": skip the scan
        return found
    for match in _VAGUE_AMOUNT.finditer(text):
        currency = currency_after(text, match.end())
        if currency is None:
            continue
        low, high = _COUNT_RANGE[match.group("count").lower()]
        scale = _SCALE_OF[match.group("scale").lower()] * currency.unit.factor
        found.append(Amount("money", match.start(), currency.end, low * scale, currency.unit.code,
                            value_low=low * scale, value_high=high * scale, number_start=match.start()))
    return found
