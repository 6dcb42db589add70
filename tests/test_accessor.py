"""`df.econfacts`: filters, money by metric, timeline, deadlines and conversion, on every way of reading facts.

The facts come from running the extractor on short articles written for
these tests (invented events in our own words), and from frames built by
hand for the edge cases. The oracles are independent of the code under
test: plain pandas group sums of the frame's own columns, and
`econfacts.fx.fx_rates` quotes looked up one by one.
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import econfacts
from econfacts.cli import app
from econfacts.errors import InputError
from econfacts.fx import fx_rates

ARTICLES = [
    ("mexico-deficit", "2025-02-06",
     "The U.S. goods trade deficit with Mexico widened to $171.8 billion last year, the Commerce "
     "Department said on Thursday. Imports from Mexico rose 5.2% to $505.9 billion."),
    ("canada-steel", "2025-02-11",
     "Washington will impose a 25% tariff on steel imports from Canada from March 12, a measure "
     "expected to hit about $11 billion of shipments a year."),
    ("tokyo-pledge", "2025-02-08",  # a Saturday: the yen takes Friday's ECB rate
     "Japan pledged to raise its investment in the United States to $1 trillion, and Toyota said it "
     "would spend 2 trillion yen on new American plants."),
    ("brussels-defence", "2025-03-05",
     "The European Commission proposed to mobilise €800 billion for defence by 2030, and Germany "
     "said it would lift military spending to 3.5% of GDP by 2029."),
    ("london-rates", "2025-02-06",
     "The Bank of England cut its benchmark interest rate by 25 basis points to 4.5% on Thursday."),
    ("hague-summit", "2025-06-25",
     "Poland said on Wednesday it would double its defence budget within five years. NATO allies "
     "agreed to lift defence spending to 5% of GDP by 2035."),
    ("ottawa-tariffs", "2025-03-04",
     "Canada imposed a 25% tariff on C$30 billion of American goods, and said a further C$125 billion "
     "could follow within 21 days."),
    ("taipei-orders", "2025-05-02",  # the ECB quotes no Taiwan dollar: no value_usd
     "Taiwan's export orders rose to NT$1.8 trillion in April."),
    ("undated-brief", None,  # no publication date: no rate, not on a timeline
     "The port authority will spend €2 billion on new container terminals."),
]
TODAY = datetime.date(2026, 11, 27)
CONVERSION = ["value_usd", "value_usd_low", "value_usd_high", "fx_rate", "fx_date", "fx_note"]


def _docs() -> pd.DataFrame:
    return pd.DataFrame(ARTICLES, columns=["doc_id", "published", "text"])


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    """The reference frame: `extract_frame` output, Arrow dtypes, base USD."""
    return econfacts.extract_frame(_docs())


@pytest.fixture(scope="module")
def facts_eur() -> pd.DataFrame:
    return econfacts.extract_frame(_docs(), base_currency="EUR")


@pytest.fixture(scope="module")
def written(tmp_path_factory, facts) -> dict[str, object]:
    """The facts as the writers leave them: a Parquet, CSV and JSON Lines file, and a dataset."""
    folder = tmp_path_factory.mktemp("facts")
    articles = folder / "articles.jsonl"
    _docs().to_json(articles, orient="records", lines=True)
    paths = {suffix: folder / f"facts.{suffix}" for suffix in ("parquet", "csv", "jsonl")}
    for target in [["-o", path] for path in paths.values()] + [["--dataset", folder / "dataset"]]:
        result = CliRunner().invoke(app, ["extract", str(articles), *map(str, target)])
        assert result.exit_code == 0, result.output
    return {**paths, "dataset": folder / "dataset" / "facts"}


# Every way a facts frame reaches a notebook.
READERS = {
    "extract_frame": lambda facts, written: facts,
    "parquet numpy": lambda facts, written: pd.read_parquet(written["parquet"]),
    "parquet arrow": lambda facts, written: pd.read_parquet(written["parquet"], dtype_backend="pyarrow"),
    "dataset (published_month column)": lambda facts, written: pd.read_parquet(written["dataset"]),
    "csv": lambda facts, written: pd.read_csv(written["csv"]),
    "jsonl": lambda facts, written: pd.read_json(written["jsonl"], lines=True),
}


@pytest.fixture(params=list(READERS), ids=list(READERS))
def frame(request, facts, written) -> pd.DataFrame:
    return READERS[request.param](facts, written)


def _strings(series: pd.Series) -> list:
    return [None if pd.isna(value) else str(value) for value in series]


# ---------------------------------------------------------------- registration


def test_the_accessor_is_registered_by_import_econfacts_without_matplotlib():
    code = ("import sys, pandas as pd, econfacts; "
            "assert isinstance(pd.DataFrame().econfacts, econfacts.accessor.FactsAccessor); "
            "assert 'matplotlib' not in sys.modules, 'plots are imported on first use'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_dataset_frame_has_the_partition_column(written):
    assert "published_month" in pd.read_parquet(written["dataset"]).columns


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(("method", "kinds"), [
    ("money", {"money"}),
    ("percent", {"percent"}),
])
def test_filters_keep_the_rows_of_their_kind(frame, facts, method, kinds):
    rows = getattr(frame.econfacts, method)()
    assert set(_strings(rows["kind"])) == kinds
    assert len(rows) == int(facts["kind"].astype(str).isin(kinds).sum())


def test_kind_takes_several_kinds_and_keeps_the_index(frame):
    rows = frame.econfacts.kind("multiplier", "date")
    assert set(_strings(rows["kind"])) == {"multiplier", "date"}
    assert list(rows.index) == [i for i, kind in zip(frame.index, _strings(frame["kind"]))
                                if kind in ("multiplier", "date")]


# ---------------------------------------------------------------- by_metric


def test_by_metric_totals_are_the_group_sums_of_value_usd(frame, facts):
    table = frame.econfacts.by_metric()
    money = facts[facts["kind"].astype(str) == "money"]
    groups: dict[tuple, list] = {}
    for metric, actor, usd in zip(_strings(money["metric"]), _strings(money["actor"]), money["value_usd"]):
        groups.setdefault((metric, actor), []).append(None if pd.isna(usd) else float(usd))
    got = {(None if pd.isna(m) else m, None if pd.isna(a) else a): (c, t, md, u)
           for m, a, c, t, md, u in table[["metric", "actor", "count", "total_usd", "median_usd",
                                           "unconverted"]].itertuples(index=False)}
    assert got.keys() == groups.keys()
    for key, values in groups.items():
        known = [value for value in values if value is not None]
        count, total, median, unconverted = got[key]
        assert count == len(values)
        assert unconverted == len(values) - len(known)
        if known:
            assert total == pytest.approx(math.fsum(known))
            assert median == pytest.approx(statistics.median(known))
        else:
            assert pd.isna(total) and pd.isna(median)


def test_by_metric_is_sorted_by_total_with_unconverted_groups_last(frame):
    totals = frame.econfacts.by_metric()["total_usd"]
    known = totals.dropna().tolist()
    assert known == sorted(known, reverse=True)
    assert totals.isna().sum() == 2  # NT$ orders (no ECB rate) and the undated euros
    assert totals.tail(2).isna().all()


@pytest.mark.parametrize(("metric", "actor", "count", "total"), [
    ("trade_balance", "US", 1, 171.8e9),
    ("imports", "US", 2, 505.9e9 + 11e9),
    ("defense_spending", "EU", 1, 800e9 * fx_rates("USD").quote("EUR", datetime.date(2025, 3, 5)).rate),
], ids=["one figure", "two articles summed", "euros converted"])
def test_by_metric_rows_of_the_articles(facts, metric, actor, count, total):
    table = facts.econfacts.by_metric()
    row = table[(table["metric"] == metric) & (table["actor"] == actor)]
    assert row["count"].tolist() == [count]
    assert row["total_usd"].iloc[0] == pytest.approx(total)


def test_by_metric_by_actor_alone_adds_up_to_the_same_money(facts):
    by_pair = facts.econfacts.by_metric()
    by_actor = facts.econfacts.by_metric(by=("actor",))
    assert list(by_actor.columns) == ["actor", "count", "total_usd", "median_usd", "unconverted"]
    assert by_actor["total_usd"].sum() == pytest.approx(by_pair["total_usd"].sum())
    assert by_actor["count"].sum() == by_pair["count"].sum()


def test_by_metric_in_another_currency_matches_an_extraction_in_that_currency(facts, facts_eur):
    converted = facts.econfacts.by_metric(currency="EUR")
    extracted = facts_eur.econfacts.by_metric()
    assert "total_eur" in converted.columns
    pd.testing.assert_frame_equal(converted, extracted, check_dtype=False)


def test_by_metric_of_a_frame_in_euros_is_in_euros(facts_eur):
    assert facts_eur.econfacts.base_currency == "EUR"
    assert {"total_eur", "median_eur"} <= set(facts_eur.econfacts.by_metric().columns)


# ---------------------------------------------------------------- to_usd


def test_to_usd_of_a_euro_frame_is_the_dollar_extraction(facts, facts_eur):
    converted = facts_eur.econfacts.to_usd()
    assert "value_eur" not in converted.columns
    pd.testing.assert_frame_equal(converted, facts)  # same columns, order, Arrow dtypes and values


def test_to_usd_matches_fx_rates_quotes_row_by_row(facts_eur):
    converted = facts_eur.econfacts.to_usd()
    rates = fx_rates("USD")
    money = converted[converted["kind"].astype(str) == "money"]
    assert len(money) == 10
    for row in money.itertuples():
        published = None if pd.isna(row.published) else row.published
        quote = rates.quote(row.unit, published)
        if quote.rate is None:
            assert pd.isna(row.value_usd) and row.fx_note == quote.note
        else:
            assert row.value_usd == pytest.approx(row.value * quote.rate)
            assert row.fx_rate == quote.rate
            assert (None if pd.isna(row.fx_date) else row.fx_date) == quote.rate_date


def test_to_usd_looks_up_each_currency_and_day_once(monkeypatch, facts_eur):
    rates = fx_rates("USD")
    calls = []
    original = rates.quote
    monkeypatch.setattr(rates, "quote", lambda unit, day: calls.append((unit, day)) or original(unit, day))
    facts_eur.econfacts.to_usd()
    money = facts_eur[facts_eur["kind"].astype(str) == "money"]
    pairs = {(unit, None if pd.isna(day) else day) for unit, day in zip(money["unit"], money["published"])}
    assert len(calls) == len(pairs) == 8  # 10 figures: two Mexican dollar ones share a day, as do two Canadian


# (unit, published, value) → (value_usd, fx_date, fx_note): a frame built by hand.
HAND_ROWS = [
    pytest.param("JPY", "2025-02-08", 1e9, 1e9 * fx_rates().quote("JPY", datetime.date(2025, 2, 7)).rate,
                 datetime.date(2025, 2, 7), None, id="Saturday: Friday's rate"),
    pytest.param("jpy", "2025-02-07", 1e9, 1e9 * fx_rates().quote("JPY", datetime.date(2025, 2, 7)).rate,
                 datetime.date(2025, 2, 7), None, id="lower-case code"),
    pytest.param("USD", None, 5e9, 5e9, None, None, id="dollars need no rate nor date"),
    pytest.param("EUR", None, 2e9, None, None, "no publication date", id="undated euros"),
    pytest.param("TWD", "2025-05-02", 1.8e12, None, None, "no ECB rate for TWD", id="no ECB rate"),
    pytest.param(None, "2025-05-02", 7.0, None, None, "no currency", id="no unit"),
]


@pytest.mark.parametrize(("unit", "published", "value", "usd", "fx_date", "note"), HAND_ROWS)
def test_to_usd_of_a_hand_built_frame(unit, published, value, usd, fx_date, note):
    frame = pd.DataFrame({"kind": ["money", "percent"], "value": [value, 2.5], "unit": [unit, "%"],
                          "published": [published, published]})
    converted = frame.econfacts.to_usd()
    assert list(converted.columns) == ["kind", "value", "unit", "published", *CONVERSION]
    money, percent = converted.iloc[0], converted.iloc[1]
    if usd is None:
        assert pd.isna(money["value_usd"])
    else:
        assert money["value_usd"] == pytest.approx(usd)
    assert (None if pd.isna(money["fx_date"]) else money["fx_date"]) == fx_date
    assert (None if pd.isna(money["fx_note"]) else money["fx_note"]) == note
    assert percent[CONVERSION].isna().all()
    assert frame.columns.tolist() == ["kind", "value", "unit", "published"], "the input is left alone"


def test_to_usd_fills_only_the_rows_never_converted(written):
    frame = pd.read_parquet(written["parquet"])
    money = frame.index[frame["kind"] == "money"]
    blank, kept = money[0], money[1]
    expected = frame.loc[blank, "value_usd"]
    frame.loc[blank, ["value_usd", "fx_rate", "fx_date"]] = [np.nan, np.nan, None]
    frame.loc[kept, "value_usd"] = 42.0  # a value set by hand is not overwritten
    converted = frame.econfacts.to_usd()
    assert converted.loc[blank, "value_usd"] == pytest.approx(expected)
    assert converted.loc[kept, "value_usd"] == 42.0
    assert converted["value_usd"].dtype == np.float64, "a numpy frame stays numpy"


# ---------------------------------------------------------------- timeline


def test_timeline_counts_every_dated_fact_once_per_month(frame, facts):
    timeline = frame.econfacts.timeline()
    dated = facts[facts["published"].notna()]
    assert timeline["count"].sum() == len(dated)
    assert [str(p) for p in timeline["period"]] == ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert timeline.set_index(timeline["period"].astype(str))["count"]["2025-04"] == 0, "a gap is a zero"


def test_timeline_money_totals_are_the_month_sums_of_value_usd(frame, facts):
    timeline = frame.econfacts.timeline(by="kind")
    money = facts[facts["kind"].astype(str) == "money"]
    months = pd.to_datetime(money["published"].astype(object)).dt.to_period("M")
    expected = money["value_usd"].astype(float).fillna(0).groupby(months).sum()
    got = timeline[timeline["kind"] == "money"].set_index("period")["total_usd"]
    for month, total in expected.items():
        assert got[month] == pytest.approx(total)
    assert timeline[timeline["kind"] != "money"]["total_usd"].eq(0).all()


@pytest.mark.parametrize(("freq", "periods"), [
    ("Q", ["2025Q1", "2025Q2"]),
    ("Y", ["2025"]),
])
def test_timeline_other_frequencies(facts, freq, periods):
    assert [str(p) for p in facts.econfacts.timeline(freq)["period"]] == periods


def test_timeline_by_kind_has_a_row_for_every_month_and_kind_most_frequent_first(facts):
    timeline = facts.econfacts.timeline(by="kind")
    assert timeline["kind"].tolist()[:4] == ["date", "money", "percent", "multiplier"]
    assert len(timeline) == 5 * 4, "5 months × the 4 kinds with a publication date"
    assert timeline.groupby("kind")["count"].sum().to_dict() == {"date": 11, "money": 9, "percent": 7,
                                                                 "multiplier": 1}


def test_timeline_of_undated_facts_is_empty():
    frame = pd.DataFrame({"kind": ["money"], "value": [1.0], "unit": ["USD"], "published": [None]})
    timeline = frame.econfacts.timeline()
    assert timeline.empty and list(timeline.columns) == ["period", "count", "total_usd"]


# ---------------------------------------------------------------- deadlines


def test_deadlines_are_sorted_with_days_left_from_today(frame, facts):
    table = frame.econfacts.deadlines(today=TODAY)
    with_deadline = facts[facts["deadline"].notna()]
    assert len(table) == len(with_deadline) == 4
    assert table["deadline"].tolist() == sorted(with_deadline["deadline"].tolist())
    assert table["days_left"].tolist() == [(day - TODAY).days for day in table["deadline"]]
    assert table.columns[:5].tolist() == ["metric", "actor", "surface", "deadline", "days_left"]


def test_deadlines_of_the_articles(facts):
    table = facts.econfacts.deadlines(today=TODAY)
    assert list(zip(table["surface"], table["deadline"].astype(str), table["days_left"])) == [
        ("3.5%", "2029-12-31", 1130),         # by 2029
        ("double", "2030-06-25", 1306),       # within five years of 2025-06-25
        ("€800 billion", "2030-12-31", 1495),  # by 2030
        ("5%", "2035-12-31", 3321),           # by 2035
    ]
    assert set(table["metric"]) == {"defense_spending"}


@pytest.mark.parametrize(("after", "today", "expected"), [
    (None, "2026-11-27", [("target A", -330), ("target B", 34), ("target C", 399)]),
    ("2026-11-27", "2026-11-27", [("target B", 34), ("target C", 399)]),
    (datetime.date(2027, 12, 31), datetime.date(2027, 1, 1), [("target C", 364)]),
    ("2028-01-01", "2026-11-27", []),
], ids=["all", "ahead of today", "on the day, a date", "none after"])
def test_deadlines_after_and_today(after, today, expected):
    frame = pd.DataFrame({
        "surface": ["target C", "target A", "a level", "target B"],
        "deadline": ["2027-12-31", "2026-01-01", None, "2026-12-31"],
        "metric": ["aid", "investment", "exports", "defense_spending"],
    })
    table = frame.econfacts.deadlines(after=after, today=today)
    assert list(zip(table["surface"], table["days_left"])) == expected
    assert table["actor"].isna().all(), "a column the frame lacks is null"


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(("call", "message"), [
    (lambda f: f.econfacts.money(), "no column 'kind'"),
    (lambda f: f.econfacts.by_metric(), "no column 'kind', 'metric', 'actor'"),
    (lambda f: f.econfacts.timeline(), "no column 'published'"),
    (lambda f: f.econfacts.deadlines(), "no column 'deadline'"),
    (lambda f: f.econfacts.to_usd(), "no column 'kind', 'value', 'unit'"),
], ids=["money", "by_metric", "timeline", "deadlines", "to_usd"])
def test_a_missing_column_is_named(call, message):
    with pytest.raises(InputError, match=message) as raised:
        call(pd.DataFrame({"surface": ["$1 billion"]}))
    assert isinstance(raised.value, ValueError)
    assert "surface" in str(raised.value), "the message lists the columns there are"


@pytest.mark.parametrize(("call", "message"), [
    (lambda f: f.econfacts.timeline("fortnight"), "not a period frequency"),
    (lambda f: f.econfacts.deadlines(after="soon"), "after='soon' is not a date"),
    (lambda f: f.econfacts.by_metric(currency="XYZ"), "no ECB reference rates for base currency"),
])
def test_bad_arguments_say_what_is_wrong(facts, call, message):
    with pytest.raises(ValueError, match=message):
        call(facts)


# ---------------------------------------------------------------- the README runs


def test_the_readme_jupyter_example_runs(tmp_path, monkeypatch):
    """The lines of "Analysing in Jupyter", run against a dataset where they expect it."""
    section = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = section.split("## Analysing in Jupyter", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    articles = tmp_path / "articles.jsonl"
    _docs().to_json(articles, orient="records", lines=True)
    result = CliRunner().invoke(app, ["extract", str(articles), "--dataset", str(tmp_path / "feeds" / "econ")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["facts"].econfacts.by_metric()["count"].sum() == 10
