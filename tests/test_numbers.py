"""The numeral layer: number words, digit groupings and scale words.

Tables of numbers as economic news writes them, then properties checked
against independent oracles: `num2words` spells a number out and babel groups
its digits the Western and the Indian way; `econfacts.numbers` must read both
back to the same value.
"""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from econfacts.numbers import find_numbers, parse_digits, parse_number_words

# --- parse_number_words: construction table --------------------------------------

NUMBER_WORDS = [
    pytest.param("twelve", 12, id="teen"),
    pytest.param("forty-five", 45, id="hyphenated-tens"),
    pytest.param("ninety nine", 99, id="spaced-tens"),
    pytest.param("seven hundred", 700, id="hundreds"),
    pytest.param("two hundred and fifty thousand", 250_000, id="british-and"),
    pytest.param("one thousand and one", 1001, id="thousand-and-one"),
    pytest.param("twenty-one million", 21_000_000, id="tens-then-million"),
    pytest.param("one million two hundred thousand", 1_200_000, id="two-groups"),
    pytest.param("three trillion", 3e12, id="trillion"),
    pytest.param("five lakh", 500_000, id="lakh"),
    pytest.param("two crore", 20_000_000, id="crore"),
    pytest.param("zero", 0, id="zero"),
    pytest.param("fourty", 40, id="common-misspelling"),
    pytest.param("Sixty", 60, id="capitalised"),
]


@pytest.mark.parametrize(("surface", "expected"), NUMBER_WORDS)
def test_parse_number_words(surface, expected):
    assert parse_number_words(surface) == expected


NOT_NUMBER_WORDS = [
    pytest.param("dozen", id="dozen-is-not-in-the-vocabulary"),
    pytest.param("and", id="only-a-joiner"),
    pytest.param("", id="empty"),
    pytest.param("forty thieves", id="number-then-noun"),
]


@pytest.mark.parametrize("surface", NOT_NUMBER_WORDS)
def test_parse_number_words_rejects(surface):
    assert parse_number_words(surface) is None


# --- parse_digits ------------------------------------------------------------------

DIGITS = [
    pytest.param("1234", 1234, id="plain"),
    pytest.param("1,000,000", 1_000_000, id="western-grouping"),
    pytest.param("1,234.5", 1234.5, id="grouping-and-decimals"),
    pytest.param("12,34,567", 1_234_567, id="indian-grouping"),
    pytest.param(".001", 0.001, id="leading-dot"),
    pytest.param("0.75", 0.75, id="decimal"),
]


@pytest.mark.parametrize(("surface", "expected"), DIGITS)
def test_parse_digits(surface, expected):
    assert parse_digits(surface) == pytest.approx(expected)


# --- find_numbers: the core, its scale word and its span -----------------------------
# (text, surface of the one number found, value, scale factor of the trailing scale word)

FOUND = [
    pytest.param("The startup raised $13.6M on Tuesday.", "13.6M", 13.6e6, 1e6, id="attached-M"),
    pytest.param("Revenue came in at $4.5bn.", "4.5bn", 4.5e9, 1e9, id="attached-bn"),
    pytest.param("The grant is worth 40k a year.", "40k", 40e3, 1e3, id="attached-k"),
    pytest.param("Sales hit £2.7m last week.", "2.7m", 2.7e6, 1e6, id="attached-lowercase-m"),
    pytest.param("The buyout values it at $2.5b.", "2.5b", 2.5e9, 1e9, id="attached-b"),
    pytest.param("It lent 7 mln euros.", "7 mln", 7e6, 1e6, id="mln"),
    pytest.param("Assets of 3.5 tn yen.", "3.5 tn", 3.5e12, 1e12, id="spaced-tn"),
    pytest.param("The fund holds 1.2 trillion dollars.", "1.2 trillion", 1.2e12, 1e12, id="trillion"),
    pytest.param("A 4-million-barrel cargo.", "4-million", 4e6, 1e6, id="hyphenated-scale"),
    pytest.param("The port will cost Rs 500 crore.", "500 crore", 5e9, 1e7, id="crore"),
    pytest.param("Each family gets 35 lakh rupees.", "35 lakh", 3.5e6, 1e5, id="lakh"),
    pytest.param("Turnover reached 1,25,000 rupees.", "1,25,000", 125_000, 1.0, id="indian-grouping"),
    pytest.param("Congress approved two billion dollars.", "two billion", 2e9, 1.0, id="words-with-scale"),
    pytest.param("It would cost a trillion dollars.", "a trillion", 1e12, 1.0, id="a-trillion"),
    pytest.param("The agency has half a billion dollars left.", "half a billion", 5e8, 1.0, id="half-a-billion"),
    pytest.param("Sales of a quarter of a million units.", "a quarter of a million", 250_000, 1.0,
                 id="a-quarter-of-a-million"),
    pytest.param("It will spend USD115 million.", "115 million", 115e6, 1e6, id="glued-to-a-code"),
]


@pytest.mark.parametrize(("text", "surface", "value", "scale"), FOUND)
def test_find_numbers(text, surface, value, scale):
    numbers = find_numbers(text)
    assert [text[n.start:n.end] for n in numbers] == [surface]
    assert numbers[0].value == pytest.approx(value)
    assert numbers[0].scale == scale


def test_single_letter_scale_counts_only_when_attached():
    """ "20 m" is twenty metres or minutes more often than twenty million."""
    [number] = find_numbers("The ship is 20 m long.")
    assert (number.value, number.has_scale) == (20, False)


def test_range_halves_are_two_numbers():
    """ "3-4" is two cores; joining them into a range is the amounts layer's job."""
    assert [n.value for n in find_numbers("Growth of 3-4 percent")] == [3, 4]


# --- Bugs caught --------------------------------------------------------------------

BUGS_CAUGHT = [
    pytest.param(
        "The state will invest 1.97 lakh crore in incentives.", "1.97 lakh crore", 1.97e12, id="lakh-crore",
    ),
]


@pytest.mark.parametrize(("text", "surface", "value"), BUGS_CAUGHT)
def test_find_numbers_bugs_caught(text, surface, value):
    numbers = find_numbers(text)
    assert [text[n.start:n.end] for n in numbers] == [surface]
    assert numbers[0].value == pytest.approx(value)


# --- Properties against independent oracles -------------------------------------------


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**15 - 1), american=st.booleans())
def test_spelled_out_numbers_read_back(n, american):
    """num2words spells n out ("one million, two hundred and thirty-four thousand..."):
    without its commas, and with or without the British "and", it reads back as n."""
    words = num2words(n).replace(",", "")
    if american:
        words = words.replace(" and ", " ")
    assert parse_number_words(words) == n


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**13), locale=st.sampled_from(["en", "en_IN"]))
def test_grouped_digits_are_one_number(n, locale):
    """babel groups the digits ("12,345,678" / "1,23,45,678"): one number, value n, exact span."""
    digits = format_decimal(n, locale=locale)
    text = f"The ministry spent {digits} on roads."
    [number] = find_numbers(text)
    assert text[number.start:number.end] == digits
    assert number.value == n


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_find_numbers_spans_are_ordered_and_inside_the_text(text):
    numbers = find_numbers(text)
    for number in numbers:
        assert 0 <= number.start < number.end <= len(text)
    for before, after in zip(numbers, numbers[1:]):
        assert before.end <= after.start
