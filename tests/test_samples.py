"""The bundled sample articles: their integrity, and the figures econfacts must find in them.

The articles in `econfacts/data/samples/articles.jsonl` were written for this
project (invented events, own wording). Each row of the tables below names a
figure as it is written in one article and what `econfacts.extract` must
return for it.

How a row is matched: `surface` is looked up in the article text (standing as
a whole token: no letter, digit or decimal point glued to either side); at
every place it stands, there must be a fact of the row's kind overlapping it.
The overlap rule lets the fact's own span include a qualifier ("about") or a
range word ("between") that the row leaves out. Where a figure appears both in
the title and in the body, both places are checked.

Fields are checked only where the row gives them: a row lists role,
direction, qualifier or time fields only where the text leaves no doubt.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

import pint
import pytest

SAMPLES_PACKAGE = "econfacts"
SAMPLES_PATH = "data/samples/articles.jsonl"

D = datetime.date


@dataclass(frozen=True)
class Article:
    doc_id: str
    published: str
    title: str
    text: str


def _sample_lines() -> list[str]:
    path = resources.files(SAMPLES_PACKAGE).joinpath(SAMPLES_PATH)
    return path.read_text(encoding="utf-8").splitlines()


@functools.cache
def _articles() -> dict[str, Article]:
    articles = {}
    for line in _sample_lines():
        record = json.loads(line)
        articles[record["doc_id"]] = Article(
            record["doc_id"], record["published"], record["title"], record["text"])
    return articles


@functools.cache
def _facts(doc_id: str) -> tuple:
    import econfacts

    article = _articles()[doc_id]
    return tuple(econfacts.extract(article.text, published=article.published))


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    """Every (start, end) where `surface` stands as a whole token in `text`."""
    pattern = r"(?<![\w.])" + re.escape(surface) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _overlap(fact, start: int, end: int) -> int:
    return min(fact.end, end) - max(fact.start, start)


def _fact_over(doc_id: str, start: int, end: int, kind: str):
    facts = [f for f in _facts(doc_id) if f.kind == kind and _overlap(f, start, end) > 0]
    if not facts:
        text = _articles()[doc_id].text
        nearby = [(f.kind, f.surface) for f in _facts(doc_id)
                  if f.end > start - 40 and f.start < end + 40]
        pytest.fail(f"{doc_id}: no {kind} fact over {text[start:end]!r} "
                    f"at {start}; facts nearby: {nearby}")
    return max(facts, key=lambda f: _overlap(f, start, end))


# --- the figures -----------------------------------------------------------
# (doc_id, surface, kind, value, unit, {other fields that must hold})
# Values follow the schema: money in currency units with an ISO 4217 code;
# percent in "%"; basis points and percentage points in "pp" with the value in
# points; multipliers as a factor with no unit; dates with value None and
# time_start/time_end (time_end is the last day included); quantities in a
# pint unit (checked by converting, see test_quantity_figures).

MONEY_AND_PERCENT = [
    # Tokyo, published Monday 2025-03-03.
    ("tokyo-pledge", "1.5 trillion yen", "money", 1.5e12, "JPY", {"qualifier": "exact"}),
    ("tokyo-pledge", "25%", "percent", 25.0, "%", {"role": "level"}),
    ("tokyo-pledge", "$68.5 billion", "money", 68.5e9, "USD",
     {"role": "level", "qualifier": "exact"}),
    ("tokyo-pledge", "9.4 per cent", "percent", 9.4, "%",
     {"direction": "increase", "role": "change"}),
    ("tokyo-pledge", "600 billion yen", "money", 600e9, "JPY", {"qualifier": "at_most"}),
    ("tokyo-pledge", "0.4 percentage points", "percent", 0.4, "pp",
     {"qualifier": "approximately", "direction": "decrease", "role": "change"}),
    # London, published 2025-05-08.
    ("london-rate-cut", "25 basis points", "percent", 0.25, "pp",
     {"direction": "decrease", "role": "change"}),
    ("london-rate-cut", "4.25%", "percent", 4.25, "%", {}),
    ("london-rate-cut", "3% and 3.5%", "percent", 3.0, "%",
     {"value_low": 3.0, "value_high": 3.5}),
    ("london-rate-cut", "£750 million", "money", 750e6, "GBP", {"qualifier": "exact"}),
    # Mumbai, published 2025-06-17.
    ("mumbai-steel", "₩3 trillion", "money", 3e12, "KRW", {}),
    ("mumbai-steel", "Rs 12,000 crore", "money", 12_000e7, "INR", {}),
    ("mumbai-steel", "25%", "percent", 25.0, "%", {"role": "level"}),
    ("mumbai-steel", "3%", "percent", 3.0, "%", {"direction": "decrease", "role": "change"}),
    ("mumbai-steel", "5 percentage points", "percent", 5.0, "pp",
     {"direction": "decrease", "role": "change"}),
    ("mumbai-steel", "2.5%", "percent", 2.5, "%", {}),
    ("mumbai-steel", "6.2%", "percent", 6.2, "%", {"direction": "increase", "role": "change"}),
    # Madrid, published 2025-04-22.
    ("madrid-defence", "double", "multiplier", 2.0, None, {}),
    ("madrid-defence", "2% of GDP", "percent", 2.0, "%", {"role": "target"}),
    ("madrid-defence", "1.3%", "percent", 1.3, "%",
     {"qualifier": "approximately", "role": "level"}),
    ("madrid-defence", "€10 billion", "money", 10e9, "EUR", {"qualifier": "more_than"}),
    ("madrid-defence", "€4.2bn", "money", 4.2e9, "EUR", {"qualifier": "exact"}),
    # Washington, published 2025-03-12.
    ("washington-china", "10 percentage points", "percent", 10.0, "pp",
     {"direction": "decrease", "role": "change"}),
    ("washington-china", "15%", "percent", 15.0, "%", {"role": "target"}),
    ("washington-china", "halve", "multiplier", 0.5, None, {}),
    ("washington-china", "$4-5 billion", "money", 4e9, "USD",
     {"value_low": 4e9, "value_high": 5e9}),
    ("washington-china", "$270 billion", "money", 270e9, "USD",
     {"qualifier": "approximately", "role": "level"}),
    ("washington-china", "40%", "percent", 40.0, "%",
     {"qualifier": "more_than", "direction": "decrease", "role": "change"}),
    ("washington-china", "$35 billion", "money", 35e9, "USD", {"qualifier": "at_most"}),
    # Canberra, published 2025-10-21.
    ("canberra-minerals", "A$2.1 billion", "money", 2.1e9, "AUD", {}),
    ("canberra-minerals", "US$1.4 billion", "money", 1.4e9, "USD", {}),
    ("canberra-minerals", "18%", "percent", 18.0, "%", {"direction": "decrease", "role": "change"}),
    ("canberra-minerals", "A$5 billion", "money", 5e9, "AUD", {"qualifier": "more_than"}),
    ("canberra-minerals", "10%", "percent", 10.0, "%",
     {"qualifier": "more_than", "direction": "increase", "role": "change"}),
]

DATES = [
    # Relative dates resolve against the article's `published` date.
    # Weeks run Monday to Sunday: 2025-03-03 is a Monday.
    ("tokyo-pledge", "next week", "date", None, None,
     {"time_role": "effective", "time_start": D(2025, 3, 10), "time_end": D(2025, 3, 16)}),
    ("tokyo-pledge", "within 90 days", "date", None, None,
     {"time_role": "deadline", "time_start": D(2025, 3, 3), "time_end": D(2025, 6, 1)}),
    ("london-rate-cut", "in the first half of next year", "date", None, None,
     {"time_role": "period", "time_start": D(2026, 1, 1), "time_end": D(2026, 6, 30)}),
    ("mumbai-steel", "by March 2028", "date", None, None,
     {"time_role": "deadline", "time_start": D(2028, 3, 1), "time_end": D(2028, 3, 31)}),
    ("madrid-defence", "by 2027", "date", None, None,
     {"time_role": "deadline", "time_start": D(2027, 1, 1), "time_end": D(2027, 12, 31)}),
    # "the end of 2026": the last day is certain, where the period starts is not.
    ("madrid-defence", "by the end of 2026", "date", None, None,
     {"time_role": "deadline", "time_end": D(2026, 12, 31)}),
    ("madrid-defence", "in 2024", "date", None, None,
     {"time_role": "period", "time_start": D(2024, 1, 1), "time_end": D(2024, 12, 31)}),
    ("washington-china", "starting April 1", "date", None, None,
     {"time_role": "effective", "time_start": D(2025, 4, 1)}),
    ("canberra-minerals", "in the first half of next year", "date", None, None,
     {"time_role": "period", "time_start": D(2026, 1, 1), "time_end": D(2026, 6, 30)}),
]

# (doc_id, surface, kind, value, pint unit the value is expressed in, {others})
# The fact's unit must be a pint unit; its value is converted to the unit
# given here before comparing. Crude is quoted in 42-gallon oil barrels:
# pint's bare `barrel` is 31.5 US gallons, so it would not convert to 400,000.
QUANTITIES = [
    ("mumbai-steel", "5 million tonnes", "quantity", 5e6, "metric_ton", {}),
    ("washington-china", "400,000 barrels per day", "quantity", 400_000.0, "oil_barrel / day",
     {"qualifier": "approximately"}),
    ("canberra-minerals", "300 megawatts", "quantity", 300.0, "megawatt", {}),
]

# Numbers that are not economic figures: no fact may overlap them.
NOT_FACTS = [
    ("tokyo-pledge", "64-year-old", "age"),
    ("tokyo-pledge", "22nd round", "ordinal"),
    ("tokyo-pledge", "10:45 a.m.", "time of day"),
    ("london-rate-cut", "12:00 GMT", "time of day"),
    ("mumbai-steel", "+91 22 6655 0190", "phone number"),
    ("madrid-defence", "Article 5", "treaty article"),
    ("washington-china", "Section 301", "section number"),
]


def _row_id(row) -> str:
    return f"{row[0]}:{row[1]}"


ALL_FIGURES = MONEY_AND_PERCENT + DATES + QUANTITIES


# --- the file itself ---------------------------------------------------------

def test_every_line_is_an_article():
    lines = _sample_lines()
    assert len(lines) >= 6
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        assert isinstance(record, dict), f"line {number}"
        for key in ("doc_id", "published", "title", "text"):
            assert isinstance(record.get(key), str) and record[key], f"line {number}: {key}"
        datetime.date.fromisoformat(record["published"])


def test_doc_ids_are_unique():
    doc_ids = [json.loads(line)["doc_id"] for line in _sample_lines()]
    assert len(doc_ids) == len(set(doc_ids))


def test_articles_have_title_dateline_and_length():
    for article in _articles().values():
        title, _, body = article.text.partition("\n")
        assert title == article.title, article.doc_id
        dateline = r"[A-Z ]+, [A-Z][a-z]+ \d{1,2} \(Econfacts Wire\) - "
        assert re.match(dateline, body.lstrip()), article.doc_id
        assert 150 <= len(article.text.split()) <= 350, article.doc_id


def test_tables_name_only_bundled_articles():
    named = {row[0] for row in ALL_FIGURES + NOT_FACTS}
    assert named <= set(_articles())


@pytest.mark.parametrize("row", ALL_FIGURES + NOT_FACTS, ids=_row_id)
def test_table_surface_is_in_its_article(row):
    doc_id, surface = row[0], row[1]
    assert _spans(_articles()[doc_id].text, surface), f"{surface!r} not in {doc_id}"


# --- what extract returns ----------------------------------------------------

def _check_fields(fact, expected: dict, where: str) -> None:
    for name, want in expected.items():
        got = getattr(fact, name)
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-9), f"{where}: {name}"
        else:
            assert got == want, f"{where}: {name}"


@pytest.mark.parametrize("row", MONEY_AND_PERCENT + DATES, ids=_row_id)
def test_figures(row):
    doc_id, surface, kind, value, unit, others = row
    for start, end in _spans(_articles()[doc_id].text, surface):
        fact = _fact_over(doc_id, start, end, kind)
        where = f"{doc_id}: {fact.surface!r} at {fact.start}"
        if value is None:
            assert fact.value is None, where
        else:
            assert fact.value == pytest.approx(value, rel=1e-9), where
        assert fact.unit == unit, where
        _check_fields(fact, others, where)


@pytest.mark.parametrize("row", QUANTITIES, ids=_row_id)
def test_quantity_figures(row):
    doc_id, surface, kind, value, unit, others = row
    ureg = pint.UnitRegistry()
    for start, end in _spans(_articles()[doc_id].text, surface):
        fact = _fact_over(doc_id, start, end, kind)
        where = f"{doc_id}: {fact.surface!r} at {fact.start} ({fact.value} {fact.unit})"
        assert fact.value is not None and fact.unit, where
        converted = ureg.Quantity(fact.value, fact.unit).to(unit).magnitude
        assert converted == pytest.approx(value, rel=1e-6), where
        _check_fields(fact, others, where)


@pytest.mark.parametrize("row", NOT_FACTS, ids=_row_id)
def test_not_facts(row):
    doc_id, surface, _what = row
    for start, end in _spans(_articles()[doc_id].text, surface):
        hits = [(f.kind, f.surface) for f in _facts(doc_id) if _overlap(f, start, end) > 0]
        assert not hits, f"{doc_id}: {surface!r} gave {hits}"


@pytest.mark.parametrize("doc_id", sorted({row[0] for row in ALL_FIGURES}))
def test_facts_keep_their_evidence(doc_id):
    text = _articles()[doc_id].text
    facts = _facts(doc_id)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    for fact in facts:
        assert text[fact.start:fact.end] == fact.surface


def test_published_as_date_or_iso_string_agree():
    import econfacts

    article = _articles()["tokyo-pledge"]
    as_date = econfacts.extract(article.text, published=D.fromisoformat(article.published))
    assert as_date == list(_facts("tokyo-pledge"))
