"""Attribution: what each figure measures, whose it is, against whom, by when.

The sentences are invented for these tests (none comes from the evaluation or
development sets); each is written to exercise one rule of the module
docstring of `econfacts.attribution`. A row names a figure by its surface and
gives the expected (metric, actor, counterpart, deadline), every one of them
checked: `None` means the sentence does not support a value, and the
extractor must say so rather than guess.

Tables by origin: one row per metric of the taxonomy, one or more per linking
rule, deadlines of targets, periods, honest nulls, and known failures (strict
xfail, so that a fix is noticed). Then: user metric files, the integrity of
the data files, and invariants on any text.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from econfacts import Fact, InputError, extract, load_taxonomy
from econfacts.cli import app
from econfacts.lexicon import data_path

PUBLISHED = "2025-03-10"
D = datetime.date


class Expected(NamedTuple):
    metric: str | None
    actor: str | None
    counterpart: str | None = None
    deadline: datetime.date | None = None


def row(text: str, surface: str, *expected, id: str, xfail: str | None = None):
    """One table row: the figure `surface` of `text` and its expected attribution."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, surface, Expected(*expected), id=id, marks=marks)


def figure(text: str, surface: str, **options) -> Fact:
    """The one non-date fact of `text` whose surface is `surface`."""
    found = [f for f in extract(text, published=PUBLISHED, **options) if f.surface == surface and f.kind != "date"]
    assert len(found) == 1, f"expected one figure {surface!r}, found {[f.surface for f in found]}"
    return found[0]


# --- One row per metric of the taxonomy ------------------------------------------
# (text, surface, metric, actor, counterpart, deadline)

METRICS = [
    row("Officials in Washington pointed to a $172 billion U.S. trade deficit with Mexico as proof the pact "
        "had failed.", "$172 billion", "trade_balance", "US", "MX", id="trade_balance-us-deficit-with-mexico"),
    row("Germany's exports fell 2% in January, the statistics office said.", "2%",
        "exports", "DE", None, id="exports-possessive-no-partner"),
    row("Italy's imports from Algeria climbed 12% in the fourth quarter as gas flows rose.", "12%",
        "imports", "IT", "DZ", id="imports-from"),
    row("Trade between Canada and Mexico totaled $56 billion in 2024.", "$56 billion",
        "trade_value", "CA", "MX", id="trade_value-between"),
    row("Washington imposed tariffs of 30% on Mexican steel last month.", "30%",
        "tariff", "US", "MX", id="tariff-on-mexican-steel"),
    row("Korean investment in Poland reached $4.5 billion last year, the embassy said.", "$4.5 billion",
        "investment", "KR", "PL", id="investment-demonym-in"),
    row("Kestrel Mining Ltd. agreed to buy Lumen Resources for $3.4 billion in cash.", "$3.4 billion",
        "deal_value", "Kestrel Mining Ltd.", "Lumen Resources", id="deal_value-takeover"),
    row("Poland pledged to double defence spending by 2028.", "double",
        "defense_spending", "PL", None, D(2028, 12, 31), id="defense_spending-double-by-year"),
    row("France's government spending rose 1.8% in 2024, the statistics office said.", "1.8%",
        "public_spending", "FR", None, id="public_spending-possessive"),
    row("Norway announced $500 million in aid for Ukraine on Tuesday.", "$500 million",
        "aid", "NO", "UA", id="aid-for"),
    row("Japan's economy grew 3% in 2024, the cabinet office said.", "3%",
        "gdp", "JP", None, id="gdp-economy-grew"),
    row("Consumer prices in Turkey rose 39% in February from a year earlier.", "39%",
        "inflation", "TR", None, id="inflation-country-in-sentence"),
    row("Brazil raised its benchmark rate by 50 basis points on Wednesday.", "50 basis points",
        "interest_rate", "BR", None, id="interest_rate-subject"),
    row("Italy's public debt stood at 137% of GDP at the end of last year.", "137%",
        "debt", "IT", None, id="debt-share-of-gdp"),
    row("Aurora Motors Corp. reported a net profit of $2 billion for the October-December quarter.", "$2 billion",
        "corporate_financials", "Aurora Motors Corp.", None, id="corporate_financials-organization"),
    row("Gasoline prices in California averaged $4.85 a gallon last week.", "$4.85",
        "price", "US", None, id="price-us-state"),
    row("Japan's Nikkei 225 index slipped 0.8% on Friday.", "0.8%",
        "market_index", "JP", None, id="market_index-possessive"),
    row("Spain's unemployment rate fell to 10.6% in the fourth quarter.", "10.6%",
        "employment", "ES", None, id="employment-jobless-rate"),
    row("The rupee weakened 0.6% against the dollar on Monday.", "0.6%",
        "exchange_rate", "IN", "US", id="exchange_rate-currency-subject"),
    row("Germany's industrial production fell 2.4% from the month before.", "2.4%",
        "other", "DE", None, id="other-industrial-production"),
]

# --- Linking rules ------------------------------------------------------------------

LINKS = [
    # A country modifying the metric term, by name, possessive or demonym.
    row("China's trade surplus with the European Union widened to $300 billion last year.", "$300 billion",
        "trade_balance", "CN", "EU", id="possessive-surplus-with-bloc"),
    row("Japanese car exports to the U.S. fell 4.1% in January.", "4.1%",
        "exports", "JP", "US", id="demonym-exports-to"),
    row("U.S. imports of Chinese furniture dropped 18% in 2024.", "18%",
        "imports", "US", "CN", id="imports-of-demonym-goods"),
    row("Vietnam's exports to the United States jumped 28% to $137 billion.", "$137 billion",
        "exports", "VN", "US", id="exports-to-level-after-change"),
    # The subject of the clause.
    row("Indonesia cut its benchmark rate to 5.75% in a surprise move.", "5.75%",
        "interest_rate", "ID", None, id="subject-cut-rate"),
    row("Saudi Arabia pledged $2 billion in investment in Egypt over five years.", "$2 billion",
        "investment", "SA", "EG", id="subject-investment-in"),
    row("Britain pledged £120 million in humanitarian aid to Sudan.", "£120 million",
        "aid", "GB", "SD", id="subject-aid-to"),
    # Central banks, capitals and institutions stand for their country.
    row("The Bank of Japan kept its policy rate at 0.5% after a two-day meeting.", "0.5%",
        "interest_rate", "JP", None, id="central-bank-of-japan"),
    row("The Reserve Bank of India left the repo rate unchanged at 6.5%.", "6.5%",
        "interest_rate", "IN", None, id="central-bank-rbi"),
    row("The ECB lowered its deposit rate by 25 basis points to 2.75%.", "2.75%",
        "interest_rate", "EU", None, id="central-bank-ecb"),
    row("The People's Bank of China cut its one-year loan prime rate by 10 basis points.", "10 basis points",
        "interest_rate", "CN", None, id="central-bank-pboc"),
    row("Beijing announced a 7.2% increase in its military budget for this year.", "7.2%",
        "defense_spending", "CN", None, id="capital-beijing"),
    row("Brussels proposed tariffs of up to 35% on electric vehicles made in China.", "35%",
        "tariff", "EU", "CN", id="capital-brussels-is-eu"),
    row("Tokyo approved a ¥13.9 trillion stimulus package on Friday.", "¥13.9 trillion",
        "public_spending", "JP", None, id="capital-tokyo"),
    row("Ottawa imposed counter-tariffs of 25% on American goods worth C$30 billion.", "25%",
        "tariff", "CA", "US", id="capital-ottawa-on-demonym-goods"),
    row("The Kremlin said Russia's economy grew 4.1% in 2024.", "4.1%",
        "gdp", "RU", None, id="possessive-beats-speaking-institution"),
    row("The Fed held interest rates steady at 4.25% to 4.5% on Wednesday.", "4.25% to 4.5%",
        "interest_rate", "US", None, id="institution-the-fed-range"),
    # Currencies as subjects, stock indexes.
    row("The Mexican peso fell 1.2% against the dollar after the tariff announcement.", "1.2%",
        "exchange_rate", "MX", "US", id="currency-peso-against-dollar"),
    row("The euro fell 0.4% against the yen after the vote.", "0.4%",
        "exchange_rate", "EU", "JP", id="currency-euro-against-yen"),
    row("The FTSE 100 closed 0.5% higher on Friday.", "0.5%",
        "market_index", "GB", None, id="index-ftse-100"),
    row("Kospi futures rose 1.1% as chipmakers rallied.", "1.1%",
        "market_index", "KR", None, id="index-kospi-futures"),
    # Organizations as written; takeovers; companies investing abroad.
    row("Brightwater Pharmaceuticals said revenue rose 9% to $4.2 billion in the quarter.", "$4.2 billion",
        "corporate_financials", "Brightwater Pharmaceuticals", None, id="organization-revenue"),
    row("Nordhavn Shipping agreed to acquire Tasman Logistics for $2.1 billion.", "$2.1 billion",
        "deal_value", "Nordhavn Shipping", "Tasman Logistics", id="takeover-acquirer-and-target"),
    row("Hanwul Chemical Co. will invest $1.8 billion in a plant in Texas.", "$1.8 billion",
        "investment", "Hanwul Chemical Co.", "US", id="organization-invests-in-us-state"),
    # Quantities are linked like amounts.
    row("U.S. employers added 151,000 jobs in February, the Labor Department said.", "151,000 jobs",
        "employment", "US", None, id="quantity-jobs"),
    # A sentence without a subject of its own keeps the previous actor; one with its own does not.
    row("Poland pledged to double defence spending by 2028. It also pledged $3 billion in aid for Ukraine.",
        "$3 billion", "aid", "PL", "UA", id="follow-up-it-keeps-actor"),
    row("Spain's economy grew 3.2% last year. The government expects it to expand 2.6% this year.", "2.6%",
        "gdp", "ES", None, id="follow-up-the-government-keeps-actor"),
    row("Canada's GDP grew 1.5% in 2024. Mexico's economy expanded 1.2%.", "1.2%",
        "gdp", "MX", None, id="follow-up-with-own-actor"),
    # "% of GDP" is a ratio: the metric is the one named before it.
    row("Greece's debt of 154% of GDP remains the highest in the euro zone.", "154%",
        "debt", "GR", None, id="ratio-debt-of-gdp"),
    row("Lithuania's defence spending reached 3.2% of GDP last year.", "3.2%",
        "defense_spending", "LT", None, id="ratio-defence-spending-of-gdp"),
    row("The deficit came to 5.8% of GDP in 2024, the French audit court said.", "5.8%",
        "debt", "FR", None, id="ratio-deficit-demonym-after"),
    # "..., respectively": the i-th listed country goes with the i-th figure.
    row("Canadian imports from Brazil and Chile rose by $1.4 billion (6.1 percent) and $820 million "
        "(3.3 percent), respectively.", "$820 million", "imports", "CA", "CL", id="respectively-counterparts"),
    row("Canadian imports from Brazil and Chile rose by $1.4 billion (6.1 percent) and $820 million "
        "(3.3 percent), respectively.", "6.1 percent", "imports", "CA", "BR", id="respectively-parenthesized"),
    row("Coffee exports to Germany from Colombia, Vietnam and Ethiopia reached $1.1 billion, $950 million "
        "and $610 million, respectively.", "$950 million", "exports", "VN", "DE", id="respectively-actors"),
    # Exports *from* a country are its own, not the other side.
    row("Wine exports from Chile to China fell 9% last year.", "9%", "exports", "CL", "CN",
        id="exports-from-is-the-actor"),
    row("Poland spends more than any other ally. NATO allies agreed to lift defence spending to 5% of GDP "
        "by 2035.", "5%", "defense_spending", "NATO", None, D(2035, 12, 31), id="alliance-as-actor"),
    # A generic term does not borrow a specific one from across the figure.
    row("Bank of Canada trims rates to 2.25% as tariffs cloud the outlook.", "2.25%", "interest_rate", "CA", None,
        id="weak-term-not-across-the-figure"),
    # The figure's own unit names its metric, even a generic one.
    row("Harland Steel Corp. will invest $400 million in a mill, creating about 1,200 jobs.", "1,200 jobs",
        "employment", "Harland Steel Corp.", None, id="unit-names-the-metric"),
    # An organization that gives itself an acronym is named by it, also where the text uses the acronym alone.
    row("The Nordic Investment Bank (NIB) said it would provide a $210 million loan for two wind farms.", "$210 million",
        "deal_value", "NIB", None, id="organization-named-by-its-acronym"),
    row("The Nordic Investment Bank (NIB) opened a Riga office. NIB lent a record $4.1 billion in loans last year.",
        "$4.1 billion", "deal_value", "NIB", None, id="acronym-used-alone"),
    # A name does not run across a line break: the headline's last word is not part of it.
    row("Baltic Wind Farms\n\nBaltic Offshore Energy will invest $900 million in two turbines plants.",
        "$900 million", "investment", "Baltic Offshore Energy", None, id="organization-name-on-one-line"),
    # An agreement's partner countries are a group named as written; a bloc's countries stay the bloc.
    row("Rice exports to Japan from Thailand, Vietnam and ASEAN countries reached $2.1 billion, $1.4 billion "
        "and $0.9 billion, respectively.", "$0.9 billion", "exports", "ASEAN", "JP",
        id="bloc-countries-are-the-bloc"),
    row("The 12 EU FTA partner countries raised their exports 6% last year.", "6%", "exports",
        "EU FTA partner countries", None, id="agreement-partner-countries"),
    row("EU member states raised defence spending 11% last year.", "11%", "defense_spending", "EU", None,
        id="member-states-without-an-agreement-stay-the-bloc"),
    # A share of one country's trade held by another: the holder is the other side.
    row("Mexico accounted for 16% of U.S. imports last year.", "16%", "imports", "US", "MX", id="share-holder"),
    row("The ASEAN economies grew fast, and they now account for 12% of Japan's exports.", "12%", "exports",
        "JP", "ASEAN", id="share-holder-by-pronoun"),
    row("Soybeans account for 20% of U.S. exports to China.", "20%", "exports", "US", "CN",
        id="share-of-a-flow-keeps-its-other-side"),
    # "that country", "the region": the other side named before.
    row("Peru sold more copper to China than to any other buyer. Peruvian exports to that country "
        "rose 14% in the first half.", "14%", "exports", "PE", "CN", id="anaphora-that-country"),
    row("Officials toured the ASEAN economies this week. Japan runs a surplus of $19 billion in its trade "
        "with the region.", "$19 billion", "trade_balance", "JP", "ASEAN", id="anaphora-the-region"),
]

# --- Targets and their deadlines ------------------------------------------------------

TARGETS = [
    row("The White House said it would raise tariffs on Chinese solar panels to 50% within 90 days.", "50%",
        "tariff", "US", "CN", D(2025, 6, 8), id="deadline-within-90-days"),
    row("Hungary aims to cut inflation to 3% in 2026, the finance minister said.", "3%",
        "inflation", "HU", None, D(2026, 12, 31), id="deadline-to-level-in-year"),
    row("The government plans to cut the fiscal deficit to 4.4% of GDP by March 2026, India's finance "
        "minister said.", "4.4%", "debt", "IN", None, D(2026, 3, 31), id="deadline-by-month"),
    row("Chile plans to raise spending on schools by $1.5 billion by the end of 2027.", "$1.5 billion",
        "public_spending", "CL", None, D(2027, 12, 31), id="deadline-by-end-of-year"),
]

# --- Honest nulls ----------------------------------------------------------------------

NULLS = [
    # No country or organization anywhere: no actor.
    row("Average rents rose 4.2% last year, a property portal said.", "4.2%",
        "price", None, None, id="no-actor-rents"),
    row("Brent crude rose 2% to $78 a barrel on Tuesday.", "$78",
        "price", None, None, id="no-actor-oil-price"),
    row("The central bank raised rates by 75 basis points.", "75 basis points",
        "interest_rate", None, None, id="no-actor-unnamed-central-bank"),
    row("Shares of the carmaker fell 6% in early trading.", "6%",
        "price", None, None, id="no-actor-unnamed-company"),
    # The only country is the other side: it is not the actor.
    row("Exports to China rose 6% in 2024.", "6%",
        "exports", None, "CN", id="no-actor-only-counterpart"),
    # A metric without another side: no counterpart, whatever else is named.
    row("Inflation in Canada slowed to 1.9% in January, below the pace in the United States.", "1.9%",
        "inflation", "CA", None, id="no-counterpart-inflation-compared"),
    row("The yen slid 0.7% on Tuesday as traders trimmed bets on a rate hike.", "0.7%",
        "exchange_rate", "JP", None, id="no-counterpart-currency-alone"),
    # Not a target: no deadline, even next to a date.
    row("Thailand's exports had risen 5.4% by December, the commerce ministry said.", "5.4%",
        "exports", "TH", None, None, id="no-deadline-reported-change"),
    row("U.S. tariffs of 25% on Canadian steel took effect on March 4.", "25%",
        "tariff", "US", "CA", None, id="no-deadline-effective-date"),
    row("After talks in Washington, India agreed to cut tariffs on American motorcycles to 30%.", "30%",
        "tariff", "IN", "US", None, id="no-deadline-target-without-date-subject-after-capital"),
    # No metric word in the sentence: other.
    row("Hungary's parliament voted to cap bank card fees at 0.45% on Tuesday.", "0.45%",
        "other", "HU", None, id="other-no-metric-word"),
    row("About 62% of Dutch voters backed the proposal.", "62%",
        "other", "NL", None, id="other-share-of-voters"),
]

# --- Bugs caught: known failures that were fixed ---------------------------------------

BUGS_CAUGHT = [
    row("Brazil's soy exports rose 12% last year. Farm groups in Chicago said the country's soy exports "
        "could rise another 5% in 2026.", "5%", "exports", "BR", None, id="the-countrys-is-the-topic-country"),
    row("Norway pledged €2 billion in support for Ukraine, and Denmark said it would add €500 million.",
        "€500 million", "aid", "DK", "UA", id="second-donor-shares-the-recipient"),
    row("The Kospi rose 1.1% as chipmakers rallied.", "1.1%", "market_index", "KR", None,
        id="index-after-the"),
    row("The Nikkei slipped 0.8% on Friday.", "0.8%", "market_index", "JP", None,
        id="index-after-the-nikkei"),
    row("Sterling rose 0.3% against the euro on Thursday.", "0.3%", "exchange_rate", "GB", "EU",
        id="currency-sterling-at-sentence-start"),
]

# --- Known failures: the expected answer is right, the extractor is not yet -----------

KNOWN_FAILURES = [
    row("Trade between India and the UAE reached $85 billion last year.", "$85 billion",
        "trade_value", "IN", "AE", id="between-x-and-the-y",
        xfail="'the' before the second country defeats the counterpart pattern: counterpart None"),
]


@pytest.mark.parametrize("text, surface, expected", METRICS + LINKS + TARGETS + NULLS + BUGS_CAUGHT + KNOWN_FAILURES)
def test_attribution(text: str, surface: str, expected: Expected) -> None:
    fact = figure(text, surface)
    found = Expected(fact.metric, fact.actor, fact.counterpart, fact.deadline)
    assert found._asdict() == expected._asdict()  # a dict diff names the wrong field


# --- Periods ----------------------------------------------------------------------------
# (text, surface, period_start, period_end)

PERIODS = [
    pytest.param("Japan's economy grew 3% in 2024, the cabinet office said.", "3%",
                 D(2024, 1, 1), D(2024, 12, 31), id="in-year"),
    pytest.param("Korean investment in Poland reached $4.5 billion last year, the embassy said.", "$4.5 billion",
                 D(2024, 1, 1), D(2024, 12, 31), id="last-year"),
    pytest.param("Germany's exports fell 2% in January, the statistics office said.", "2%",
                 D(2025, 1, 1), D(2025, 1, 31), id="in-month"),
    pytest.param("Italy's imports from Algeria climbed 12% in the fourth quarter as gas flows rose.", "12%",
                 D(2024, 10, 1), D(2024, 12, 31), id="past-quarter-in-march",
                 marks=pytest.mark.xfail(strict=True, reason="a quarter reported in the past tense in March "
                                                             "resolves to the coming fourth quarter (2025)")),
    pytest.param("The Reserve Bank of India left the repo rate unchanged at 6.5%.", "6.5%",
                 None, None, id="no-period-named"),
]


@pytest.mark.parametrize("text, surface, period_start, period_end", PERIODS)
def test_period(text: str, surface: str, period_start, period_end) -> None:
    fact = figure(text, surface)
    assert (fact.period_start, fact.period_end) == (period_start, period_end)


# --- User metric files -----------------------------------------------------------------

PORT_SENTENCE = "Singapore's container throughput rose 5.6% in 2024."
PORT_METRICS = '[port_traffic]\nterms = ["container throughput", "port calls"]\n'
REMITTANCE_SENTENCE = "Mexico received a record $64 billion in remittances last year."
# A term of the bundled file ("remittances" is under [other]) claimed by a user metric.
REMITTANCE_METRICS = '[remittance_flows]\nterms = ["remittances"]\n'


def metrics_file(tmp_path: Path, content: str, name: str = "my_metrics.toml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence, surface, content, bundled, user", [
    pytest.param(PORT_SENTENCE, "5.6%", PORT_METRICS, "other", "port_traffic", id="new-metric"),
    pytest.param(REMITTANCE_SENTENCE, "$64 billion", REMITTANCE_METRICS, "other", "remittance_flows",
                 id="user-term-wins-over-bundled"),
])
def test_user_metrics_file_is_used(tmp_path, sentence, surface, content, bundled, user) -> None:
    taxonomy = load_taxonomy(metrics_file(tmp_path, content))
    assert user in taxonomy.metrics
    assert figure(sentence, surface).metric == bundled
    fact = figure(sentence, surface, taxonomy=taxonomy)
    assert (fact.metric, fact.actor) == (user, figure(sentence, surface).actor)
    # The user's taxonomy is passed, not installed: the default is unchanged afterwards.
    assert figure(sentence, surface).metric == bundled


runner = CliRunner()


def test_cli_metrics_option(tmp_path) -> None:
    metrics = metrics_file(tmp_path, PORT_METRICS)
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-", "--metrics", str(metrics), "-o", str(output)],
                           input=PORT_SENTENCE)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(r["surface"], r["metric"], r["metric_text"], r["actor"]) for r in rows if r["kind"] != "date"] == [
        ("5.6%", "port_traffic", "container throughput", "SG")]


BAD_METRICS = [
    pytest.param(None, "cannot read", id="missing-file"),
    pytest.param('[port_traffic\nterms = ["port calls"]\n', "not valid TOML", id="malformed-toml"),
    pytest.param('[port_traffic]\nterms = "port calls"\n', "terms", id="terms-not-a-list"),
    pytest.param('port_traffic = ["port calls"]\n', "terms", id="metric-not-a-table"),
]


@pytest.mark.parametrize("content, message", BAD_METRICS)
def test_bad_metrics_file_is_a_clean_error(tmp_path, content, message) -> None:
    path = tmp_path / "my_metrics.toml" if content is None else metrics_file(tmp_path, content)
    with pytest.raises(InputError, match=re.escape(str(path))) as caught:
        load_taxonomy(path)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("content, message", BAD_METRICS)
def test_cli_bad_metrics_file_exits_2(tmp_path, content, message) -> None:
    path = tmp_path / "my_metrics.toml" if content is None else metrics_file(tmp_path, content)
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", "-", "--metrics", str(path), "-o", str(output)], input=PORT_SENTENCE)
    assert result.exit_code == 2
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


# --- Data integrity: metrics.toml --------------------------------------------------------

# The taxonomy as documented (README, "The metric taxonomy"), stated here
# independently so that a misspelt table name in the data file is caught.
TAXONOMY = frozenset({
    "trade_balance", "exports", "imports", "trade_value", "tariff", "investment", "deal_value",
    "defense_spending", "public_spending", "aid", "gdp", "inflation", "interest_rate", "debt",
    "corporate_financials", "price", "market_index", "employment", "exchange_rate", "other",
})
SPECIAL_TABLES = frozenset({"weak", "ignore"})  # generic terms; phrases that name no metric


def _metrics_data() -> dict:
    with data_path("metrics.toml").open("rb") as handle:
        return tomllib.load(handle)


def _normalized(term: str) -> str:
    return " ".join(term.lower().split())  # how the loader keys a term


METRICS_DATA = _metrics_data()


def test_metric_tables_are_the_taxonomy() -> None:
    tables = set(METRICS_DATA) - SPECIAL_TABLES
    assert tables - TAXONOMY == set(), "tables that are not metrics of the taxonomy"
    assert TAXONOMY - tables == set(), "metrics of the taxonomy without terms"


def test_readme_documents_the_same_taxonomy() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The metric taxonomy", 1)[1].split("\n#", 1)[0]
    documented = {name for line in section.splitlines() if line.startswith("| `")
                  for name in re.findall(r"`([a-z_]+)`", line.split("|")[1])}
    assert documented == TAXONOMY


@pytest.mark.parametrize("table", sorted(METRICS_DATA))
def test_every_table_has_a_list_of_terms(table: str) -> None:
    terms = METRICS_DATA[table].get("terms")
    assert isinstance(terms, list) and terms and all(isinstance(t, str) and t.strip() for t in terms)


def test_every_term_names_one_metric_only() -> None:
    metrics_of: dict[str, set[str]] = defaultdict(set)
    for table, data in METRICS_DATA.items():
        if table != "weak":
            for term in data["terms"]:
                metrics_of[_normalized(term)].add(table)
    assert {term: sorted(m) for term, m in metrics_of.items() if len(m) > 1} == {}


@pytest.mark.parametrize("table", sorted(METRICS_DATA))
def test_no_term_listed_twice_in_a_table(table: str) -> None:
    counts = Counter(_normalized(t) for t in METRICS_DATA[table]["terms"])
    assert [term for term, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("term", METRICS_DATA["weak"]["terms"])
def test_every_weak_term_is_a_metric_term(term: str) -> None:
    terms = {_normalized(t) for table, data in METRICS_DATA.items() if table not in SPECIAL_TABLES
             for t in data["terms"]}
    assert _normalized(term) in terms


# --- Data integrity: country_aliases.tsv --------------------------------------------------

def _alias_rows() -> list[dict[str, str]]:
    with data_path("country_aliases.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def _documented_kinds() -> set[str]:
    with data_path("country_aliases.tsv").open(encoding="utf-8") as handle:
        header = "".join(line for line in handle if line.startswith("#"))
    kinds = re.search(r"#\s+kind\s+(.+)", header).group(1)
    return {kind.strip() for kind in kinds.split("|")}


ALIASES = _alias_rows()


def test_alias_file_has_rows() -> None:
    assert len(ALIASES) > 100
    assert all(row.keys() == {"alias", "code", "kind"} and all(row.values()) for row in ALIASES)


def test_alias_kinds_are_documented() -> None:
    assert {row["kind"] for row in ALIASES} <= _documented_kinds()


def test_alias_codes_are_iso_or_eu_or_region_names() -> None:
    region_names = {row["alias"] for row in ALIASES if row["kind"] == "region"}
    bad = []
    for row in ALIASES:
        code = row["code"]
        if row["kind"] == "region":
            ok = code in region_names and pycountry.countries.get(alpha_2=code) is None
        else:
            ok = code == "EU" or (len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None)
        if not ok:
            bad.append((row["alias"], code, row["kind"]))
    assert bad == []


def test_no_alias_listed_twice() -> None:
    counts = Counter(row["alias"] for row in ALIASES)
    assert [alias for alias, n in counts.items() if n > 1] == []


def test_aliases_agree_with_pycountry_names() -> None:
    """An alias that is also a pycountry name must name the same country."""
    pycountry_code = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                pycountry_code.setdefault(name, country.alpha_2)
    clashes = [(row["alias"], row["code"], pycountry_code[row["alias"]]) for row in ALIASES
               if row["alias"] in pycountry_code and pycountry_code[row["alias"]] != row["code"]]
    assert clashes == []


# --- Invariants on any text ---------------------------------------------------------------

# Countries, organizations, metric words, figures and the glue between them, so
# that random text meets every linking rule half-formed.
FRAGMENTS = [
    "Japan", "Japan's", "Japanese", "U.S.", "the U.S.", "China", "Chinese", "Brussels", "the Bank of Japan",
    "the yen", "The rupee", "the dollar", "The Kospi", "Aurora Motors Corp.", "Lumen Resources", "It also",
    "exports", "imports", "trade deficit", "trade between", "tariffs", "investment", "aid", "deal",
    "economy", "inflation", "benchmark rate", "debt", "net profit", "prices", "jobs", "of GDP", "against",
    "with", "on", "in", "to", "from", "between", "and", "by 2027", "within 90 days", "in 2024", "last year",
    "pledged to", "double", "rose", "fell", "agreed to buy", "3%", "$4.5 billion", "50 basis points",
    "1,200 tonnes", " ", " ", ".", ",", ";", "(", ")", "\n\n",
]
attribution_soup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=30).map(" ".join)
KNOWN_METRICS = frozenset(load_taxonomy().metrics) | {"other"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200) | attribution_soup)
def test_attribution_invariants(text: str) -> None:
    for fact in extract(text, published=PUBLISHED):
        assert fact.metric is None or fact.metric in KNOWN_METRICS
        for side in (fact.actor, fact.counterpart):
            assert side is None or (isinstance(side, str) and side.strip())
        assert fact.counterpart is None or fact.counterpart != fact.actor
        if fact.kind == "date":
            assert (fact.metric, fact.actor, fact.counterpart, fact.deadline) == (None, None, None, None)
