"""`econfacts.extract` as a whole: its invariants on any text, its inputs, and what is not a fact."""

from __future__ import annotations

import datetime
import math

import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

import econfacts

KINDS = {"money", "percent", "multiplier", "quantity", "date"}
QUALIFIERS = {None, "exact", "approximately", "more_than", "at_least", "less_than", "at_most"}
DIRECTIONS = {None, "increase", "decrease"}
ROLES = {None, "level", "change", "target"}

# Pieces of figures, glued at random: symbols, digits, scales, units, cue words and
# the punctuation between them, so the extractor meets half-formed figures.
FRAGMENTS = [
    "$", "US$", "€", "£", "¥", "Rs", "5", "0.5", "1,200", "12,34,567", "bn", "m", "k", "crore", "lakh",
    "%", "%20", "per cent", "percent", "basis points", "pp", "billion", "trillion", "two", "a", "half",
    "thirds", "double", "halved", "-fold", "x", "by 2027", "next week", "in 2024", "rose", "fell", "to",
    "from", "between", "and", "or", "about", "more than", "up to", "target", "pledged", "pounds", "of",
    "yen", "dollars", "cents", "p.m.", "U.S.", "Dec.", " ", " ", " ", ".", ",", "-", "(", ")", "\n", "+",
]
figure_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40).map("".join)
any_text = st.text(max_size=200) | figure_soup


def check_invariants(text: str, facts: list[econfacts.Fact]) -> None:
    currencies = Locale("en").currencies
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start:fact.end] == fact.surface
        assert fact.kind in KINDS
        for value in (fact.value, fact.value_low, fact.value_high):
            assert value is None or math.isfinite(value)
        if fact.value_low is not None and fact.value_high is not None:
            assert fact.value_low <= fact.value_high
        assert fact.qualifier in QUALIFIERS
        assert fact.direction in DIRECTIONS
        assert fact.role in ROLES
        if fact.kind == "money":
            assert fact.unit in currencies
        if fact.kind == "percent":
            assert fact.unit in {"%", "pp"}
    starts = [fact.start for fact in facts]
    assert starts == sorted(starts)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_extract_invariants_on_any_text(text):
    check_invariants(text, econfacts.extract(text))


@settings(max_examples=200, deadline=None)
@given(figure_soup)
def test_extract_is_deterministic(text):
    assert econfacts.extract(text) == econfacts.extract(text)


@settings(max_examples=200, deadline=None)
@given(text=figure_soup, day=st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31)))
def test_published_as_string_or_date_is_the_same(text, day):
    assert econfacts.extract(text, published=day.isoformat()) == econfacts.extract(text, published=day)


# --- Inputs ----------------------------------------------------------------------------

SEED = "Tokyo pledged to double its defence budget by 2027."


@pytest.mark.parametrize("published", [
    pytest.param(datetime.date(2025, 2, 7), id="date"),
    pytest.param(datetime.datetime(2025, 2, 7, 9, 30), id="datetime"),
    pytest.param("2025-02-07", id="iso-string"),
    pytest.param("2025-02-07T09:30:00Z", id="iso-timestamp"),
])
def test_published_forms_agree(published):
    assert econfacts.extract(SEED, published=published) == econfacts.extract(SEED, published="2025-02-07")


@pytest.mark.parametrize("published", [
    pytest.param("yesterday", id="word"),
    pytest.param("07/02/2025", id="day-first-slashes"),
    pytest.param("2025-02-30", id="no-such-day"),
    pytest.param(20250207, id="integer"),
])
def test_bad_published_raises_input_error(published):
    with pytest.raises(econfacts.InputError, match="published"):
        econfacts.extract(SEED, published=published)


@pytest.mark.parametrize("text", [
    pytest.param(None, id="none"),
    pytest.param(b"Exports rose 3%.", id="bytes"),
    pytest.param(42, id="int"),
    pytest.param(["Exports rose 3%."], id="list"),
])
def test_non_string_text_raises_input_error(text):
    with pytest.raises(econfacts.InputError):
        econfacts.extract(text)


def test_input_error_is_a_value_error():
    with pytest.raises(ValueError):
        econfacts.extract(None)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "No figures in this sentence."])
def test_nothing_to_find_is_an_empty_list(text):
    assert econfacts.extract(text) == []


def test_facts_carry_their_sentence():
    text = "Demand was weak. Exports rose 3% in May."
    [fact] = [f for f in econfacts.extract(text) if f.kind == "percent"]
    assert fact.sentence == "Exports rose 3% in May."


def test_offsets_point_into_a_longer_document():
    lead = "Markets were calm on Monday. " * 20
    text = lead + "The Fed cut rates by 25 basis points."
    [fact] = [f for f in econfacts.extract(text) if f.kind == "percent"]
    assert (fact.start, fact.surface) == (len(lead) + text[len(lead):].index("25"), "25 basis points")


# --- Not facts -------------------------------------------------------------------------
# (sentence, fragment): no fact other than a date may overlap the fragment
# (an ordinal may be part of a date; nothing else).

NOT_FACTS = [
    pytest.param("For details call the ministry on 555-0142.", "555-0142", id="phone-local"),
    pytest.param("Call the export hotline on 1-800-555-0199.", "1-800-555-0199", id="phone-toll-free"),
    pytest.param("Contact the press office: +44 20 7946 0958.", "+44 20 7946 0958", id="phone-international"),
    pytest.param("Markets close at 4 p.m. New York time.", "4 p.m.", id="time-pm"),
    pytest.param("Trading in the shares halted at 10:45 am.", "10:45 am", id="time-colon"),
    pytest.param("The 64-year-old chief executive will step down.", "64-year-old", id="age-64"),
    pytest.param("A 45-year-old trader was charged with fraud.", "45-year-old", id="age-45"),
    pytest.param("Washington opened a Section 301 probe into shipbuilding.", "Section 301", id="section-301"),
    pytest.param("The steel duties fall under Section 232.", "Section 232", id="section-232"),
    pytest.param("The rules are set out in Article 107 of the treaty.", "Article 107", id="treaty-article"),
    pytest.param("The summit ends on the 22nd.", "22nd", id="ordinal-22nd"),
    pytest.param("It was the 3rd straight monthly decline.", "3rd", id="ordinal-3rd"),
    pytest.param("Toyota (7203.T) shares rose in Tokyo.", "7203.T", id="ticker-tokyo"),
    pytest.param("Samsung Electronics (005930.KS) gained.", "005930.KS", id="ticker-seoul"),
    pytest.param("Shares of 3M were mixed.", "3M", id="ticker-3m"),
    pytest.param("Boeing's 737 MAX deliveries resumed.", "737", id="model-number"),
    pytest.param("The G20 met in Rio.", "G20", id="g20"),
    pytest.param("The COVID-19 pandemic disrupted trade.", "COVID-19", id="covid-19"),
]


@pytest.mark.parametrize(("sentence", "fragment"), NOT_FACTS)
def test_not_facts(sentence, fragment):
    start = sentence.index(fragment)
    end = start + len(fragment)
    overlapping = [f for f in econfacts.extract(sentence)
                   if f.kind != "date" and f.start < end and start < f.end]
    assert overlapping == []
