"""Other quantities: news sentences in, (surface, value, unit, low, high) out.

The sentences are written for these tests in the style of energy, commodity,
shipping and labour reporting; none is copied from the evaluation sets.
"""

from __future__ import annotations

import math
import re

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from econfacts import quantities
from econfacts.quantities import QuantityUnit, UnitTableError, find_quantities, quantity_units


def found(text: str, claimed=()) -> list[tuple]:
    return [(text[q.start:q.end], q.value, q.unit, q.value_low, q.value_high) for q in find_quantities(text, claimed)]


def row(sentence, surface, value, unit, low=None, high=None, name=None):
    return pytest.param(sentence, (surface, value, unit, low, high), id=name or surface)


# ------------------------------------------------------------ construction table
# One quantity per sentence: the surface, value, unit and range ends expected.
CONSTRUCTED = [
    # oil
    row("Saudi Aramco pumped 9.4 million barrels per day in March.", "9.4 million barrels per day", 9.4e6,
        "oil_barrel / day"),
    row("The refinery processes 250,000 bpd of heavy sour crude.", "250,000 bpd", 250_000, "oil_barrel / day"),
    row("Permian output could reach 6.3 million b/d next year.", "6.3 million b/d", 6.3e6, "oil_barrel / day"),
    row("The agency trimmed its demand growth forecast to 1.1 mb/d.", "1.1 mb/d", 1.1e6, "oil_barrel / day"),
    row("Nigeria plans a 650,000-barrel-per-day refinery near Lagos.", "650,000-barrel-per-day", 650_000,
        "oil_barrel / day"),
    row("Exports ran at 2.5 million barrels of crude a day.", "2.5 million barrels of crude a day", 2.5e6,
        "oil_barrel / day"),
    row("Kazakhstan exported between 1.4 and 1.6 million barrels a day.",
        "between 1.4 and 1.6 million barrels a day", 1.4e6, "oil_barrel / day", 1.4e6, 1.6e6, name="between-and"),
    row("The cartel agreed to cut half a million barrels a day.", "half a million barrels a day", 5e5,
        "oil_barrel / day"),
    row("Strategic reserves released 30 million barrels.", "30 million barrels", 3e7, "oil_barrel"),
    # gas and LNG
    row("The North Field expansion lifts capacity to 126 mtpa by 2027.", "126 mtpa", 1.26e8, "metric_ton / year"),
    row("The Sabine Pass terminal loaded 42 cargoes in June.", "42 cargoes", 42, "cargo"),
    row("The yard delivered a 174,000-cubic-metre carrier.", "174,000-cubic-metre", 174_000, "meter ** 3"),
    row("Europe imported 5.2 bcm of Russian LNG in the quarter.", "5.2 bcm", 5.2e9, "meter ** 3"),
    row("The pipeline can carry 55 bcm a year.", "55 bcm a year", 5.5e10, "meter ** 3 / year"),
    row("Proven reserves stand at 3.2 trillion cubic feet.", "3.2 trillion cubic feet", 3.2e12, "cubic_foot"),
    row("The field will yield 10 billion of cubic metres of gas.", "10 billion of cubic metres", 1e10,
        "meter ** 3", name="translated-of"),
    row("Henry Hub futures covered 2 million MMBtu.", "2 million MMBtu", 2e12, "british_thermal_unit"),
    # steel, metals, farm goods
    row("China's mills produced 1.02 billion tonnes of crude steel.", "1.02 billion tonnes", 1.02e9, "metric_ton"),
    row("Turkey shipped 2-3 million tonnes of rebar a year.", "2-3 million tonnes", 2e6, "metric_ton", 2e6, 3e6,
        name="dash-range"),
    row("The quota was set at 12.5mn tonnes.", "12.5mn tonnes", 1.25e7, "metric_ton"),
    row("U.S. mills shipped 8.1 million short tons in May.", "8.1 million short tons", 8.1e6, "short_ton"),
    row("Imports of 40,000 metric tons of scrap arrived.", "40,000 metric tons", 40_000, "metric_ton"),
    row("Harvest estimates rose to one and a half million tonnes.", "one and a half million tonnes", 1.5e6,
        "metric_ton", name="quantulum3-reads-and-a-half"),
    row("The mine produced 1.8 million ounces of gold.", "1.8 million ounces", 1.8e6, "troy_ounce"),
    row("Farmers planted 90 million acres of corn.", "90 million acres", 9e7, "acre"),
    row("Exports may reach 2.2 billion bushels.", "2.2 billion bushels", 2.2e9, "bushel"),
    row("Plantations cover 12,000 hectares.", "12,000 hectares", 12_000, "hectare"),
    row("Blenders used 15 billion gallons of ethanol.", "15 billion gallons", 1.5e10, "gallon"),
    # power
    row("The developer broke ground on a 500-megawatt solar farm.", "500-megawatt", 500, "megawatt"),
    row("The 1.2 GW offshore wind project won approval.", "1.2 GW", 1.2, "gigawatt"),
    row("Vietnam added 600MW of coal capacity.", "600MW", 600, "megawatt"),
    row("Demand hit 4,178 TWh last year.", "4,178 TWh", 4178, "terawatt_hour"),
    row("The battery stores 2,000 MWh.", "2,000 MWh", 2000, "megawatt_hour"),
    # jobs, vehicles, boxes
    row("The plant will create 1,500 jobs in Ohio.", "1,500 jobs", 1500, "job"),
    row("The carmaker will hire between 500 and 700 workers.", "between 500 and 700 workers", 500, "worker",
        500, 700, name="between-workers"),
    row("The carmaker sold 2.1 million vehicles in China.", "2.1 million vehicles", 2.1e6, "vehicle"),
    row("Shanghai handled 47.3 million TEUs last year.", "47.3 million TEUs", 4.73e7, "TEU"),
    row("The mine employs twenty-five thousand workers.", "twenty-five thousand workers", 25_000, "worker"),
    row("The union says 40k jobs are at risk.", "40k jobs", 40_000, "job"),
    # moves and ranges
    row("Output rose from 2 to 3 million tonnes.", "3 million tonnes", 3e6, "metric_ton", name="from-to-is-a-move"),
    row("Imports fell by 200,000 to 1.2 million bpd.", "1.2 million bpd", 1.2e6, "oil_barrel / day",
        name="by-to-is-a-move"),
    row("Tankers carried 2 to 3 million barrels a day.", "2 to 3 million barrels a day", 2e6, "oil_barrel / day",
        2e6, 3e6, name="to-range"),
]


@pytest.mark.parametrize(("sentence", "expected"), CONSTRUCTED)
def test_constructed(sentence, expected):
    assert found(sentence) == [expected]


def test_several_in_one_text_in_order():
    text = "The 900 MW plant cost 2,000 jobs and burns 3 million tonnes of coal."
    assert [surface for surface, *_ in found(text)] == ["900 MW", "2,000 jobs", "3 million tonnes"]


# ------------------------------------------------------------ not quantities
NEGATIVES = [
    pytest.param("In 2024 vehicles sales rose.", id="year-before-count-noun"),
    pytest.param("Since 2019 workers have struck twice.", id="year-after-since"),
    pytest.param("In 2019-2020 tonnes were stockpiled.", id="year-range"),
    pytest.param("The 45-year-old workers were laid off.", id="age"),
    pytest.param("Workers aged 55 and over get a bonus.", id="age-after"),
    pytest.param("Crude settled at $80 a barrel.", id="price-per-barrel"),
    pytest.param("Gasoline averaged $3.50 per gallon.", id="price-per-gallon"),
    pytest.param("Payrolls grew 5% as 3 million people found work.", id="percent-and-people"),
    pytest.param("The index rose 120 points.", id="bare-number"),
    pytest.param("Call 1-800-555-0199 for jobs at the plant.", id="phone-number"),
    pytest.param("Two workers were injured in the blast.", id="narrative-count"),
    pytest.param("A 7.1 Mw quake hit the coast.", id="earthquake-magnitude-case"),
    pytest.param("COVID-19 workers got hazard pay.", id="code-name"),
    pytest.param("Tens of thousands of jobs were lost.", id="vague-count"),
    pytest.param("The tonnes of paperwork piled up.", id="unit-without-number"),
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_a_quantity(sentence):
    assert found(sentence) == []


def test_claimed_span_is_never_returned():
    text = "Gazprom sold $5 billion of gas, or 20 bcm, to China."
    money = (text.index("$5"), text.index(" of gas"))
    assert found(text, [money]) == [("20 bcm", 2e10, "meter ** 3", None, None)]


def test_quantity_overlapping_a_claimed_span_is_dropped_whole():
    text = "The 5 million tonnes deal"
    assert found(text, [(text.index("5"), text.index("5") + 9)]) == []


# ------------------------------------------------------------ known failures
# Strict: when one starts to pass, the xfail fails and the case moves up.
KNOWN_FAILURES = [
    pytest.param("Exports hit 2 million barrels of Russian oil per day.", ("2 million barrels of Russian oil per day",
                 2e6, "oil_barrel / day", None, None), id="commodity-words-inside-a-rate"),
    pytest.param("Output was 3,5 million tonnes.", ("3,5 million tonnes", 3.5e6, "metric_ton", None, None),
                 id="decimal-comma"),
    pytest.param("Sales of 2 million-3 million tonnes.", ("2 million-3 million tonnes", 2e6, "metric_ton", 2e6, 3e6),
                 id="dash-range-with-two-scales"),
]


@pytest.mark.xfail(strict=True, reason="known gap")
@pytest.mark.parametrize(("sentence", "expected"), KNOWN_FAILURES)
def test_known_failures(sentence, expected):
    assert found(sentence) == [expected]


@pytest.mark.xfail(strict=True, reason="a model number before a count noun reads as a count")
def test_model_number_is_not_a_count():
    assert found("Boeing 737 workers walked out.") == []


# ------------------------------------------------------------ the unit table
UNITS = quantity_units()
MEASURES = [u for u in UNITS if u.kind == "measure"]
COUNTS = [u for u in UNITS if u.kind == "count"]


@pytest.fixture(scope="module")
def ureg():
    return pint.UnitRegistry()


@pytest.mark.parametrize("unit", sorted({u.unit for u in MEASURES}))
def test_measure_units_are_pint_units_in_pint_spelling(ureg, unit):
    """pint reads every measure unit, and prints it back the same (short_ton is its "ton")."""
    assert str(ureg.parse_units(unit)) == unit.replace("short_ton", "ton")


@pytest.mark.parametrize("unit", sorted({u.unit for u in COUNTS}))
def test_count_units_are_not_pint_units(ureg, unit):
    with pytest.raises(pint.errors.UndefinedUnitError):
        ureg.parse_units(unit)


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u.surface)
def test_every_surface_is_found_after_a_number(unit):
    surfaces = [f"12 {unit.surface}"] if unit.case_sensitive else [f"12 {unit.surface}", f"12 {unit.surface.upper()}"]
    for surface in surfaces:
        assert found(f"about {surface} in all") == [(surface, 12 * unit.scale, unit.unit, None, None)]


def test_case_sensitive_and_any_case_surfaces_are_not_prefixes_of_each_other():
    """The candidate regex tries the two groups one after the other (see `_unit_trie`)."""
    sensitive = [u.surface.lower() for u in UNITS if u.case_sensitive]
    any_case = [u.surface.lower() for u in UNITS if not u.case_sensitive]
    clashes = [(a, b) for a in sensitive for b in any_case if a.startswith(b) or b.startswith(a)]
    assert clashes == []


def test_malformed_table_names_file_and_line(tmp_path, monkeypatch):
    table = tmp_path / "quantity_units.tsv"
    table.write_text("# comment\nsurface\tunit\tkind\tscale\tcase\tnote\ntonnes\tmetric_ton\tweight\t1\ti\n")
    monkeypatch.setattr(quantities, "data_path", lambda name: table)
    with pytest.raises(UnitTableError, match=r"quantity_units\.tsv:3: kind 'weight'") as error:
        quantities.quantity_units.__wrapped__()
    assert isinstance(error.value, ValueError) and error.value.line == 3


@pytest.mark.parametrize("unit", ["furlong_per_fortnite", "meter **", "1e9 meter"])
def test_unit_pint_does_not_read_names_its_line(unit):
    bad = QuantityUnit("furlongs", unit, "measure", 1.0, False, 7)
    with pytest.raises(UnitTableError, match=rf"quantity_units\.tsv:7: unit '{re.escape(unit)}'"):
        quantities._checked_unit(bad)


# ------------------------------------------------------------ properties
NEWS_BITS = ["12", "1,500", "2.5", "million", "bn", "-", " to ", "between", " and ", "a", "half", "two",
             "tonnes", "bpd", "MW", "jobs", "$", "%", "2024", "in ", " ", "\n", "of", "bcm a year"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(NEWS_BITS), st.text(max_size=8)), max_size=25).map("".join),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 20)), max_size=4),
)
def test_any_text_gives_valid_quantities(text, spans):
    claimed = [(start, start + length) for start, length in spans]
    result = find_quantities(text, claimed)
    units = {u.unit for u in UNITS}
    assert [q.start for q in result] == sorted(q.start for q in result)
    for q in result:
        assert 0 <= q.start < q.end <= len(text)
        assert math.isfinite(q.value) and q.unit in units
        assert not any(start < q.end and q.start < end for start, end in claimed)
        if q.value_low is not None:
            assert math.isfinite(q.value_high) and q.value == q.value_low <= q.value_high


_FRAGMENTS = st.sampled_from([
    "5", "1,250", "3.5", " ", "-", "–", "million", "billion", "two", "and a half", " a ", "between", "and",
    "to", "of", "tonnes", "MW", "mw", "barrels per day", "b/d", "jobs", "bcm", "$", "%", ",", ".", "\n", "(", ")",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30).map("".join) | st.text(max_size=200))
def test_unit_first_scan_finds_exactly_what_the_candidate_regex_finds(text):
    """The fast unit-first scan must agree with the plain `finditer` it stands for."""
    from econfacts.quantities import _candidates, _grammar

    fast = [match.span() for match in _candidates(text)]
    plain = [match.span() for match in _grammar().pattern.finditer(text)]
    assert fast == plain
