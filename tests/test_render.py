"""Seeing the facts: the marked-up HTML, the terminal text, `show`, `FactList`, and `econfacts show`."""

from __future__ import annotations

import datetime
import json
import pickle
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from typer.testing import CliRunner

import econfacts
from econfacts import Fact, InputError, extract
from econfacts.cli import app
from econfacts.facts import FactList
from econfacts.render import (
    KIND_COLOURS,
    FactsView,
    fact_label,
    fact_tooltip,
    facts_html,
    facts_page,
    rich_text,
    show,
)

runner = CliRunner()


# ---------------------------------------------------------------- reading the HTML back


@dataclass
class _Mark:
    attrs: dict[str, str]
    parent: int | None  # position in `Parsed.marks` of the enclosing mark
    text: str = ""      # the marked text, labels left out
    label: str = ""


@dataclass
class Parsed:
    text: str = ""  # all text outside <style> and the labels
    marks: list[_Mark] = field(default_factory=list)


class _Reader(HTMLParser):
    """Marks (attributes, text, label, nesting) and the text of facts_html's output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self.open: list[int] = []
        self.in_style = False
        self.label_of: int | None = None
        self.span_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.in_style = True
        elif tag == "mark":
            self.parsed.marks.append(_Mark(attributes, self.open[-1] if self.open else None))
            self.open.append(len(self.parsed.marks) - 1)
        elif tag == "span" and attributes.get("class") == "ef-label":
            self.label_of = self.open[-1]

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        elif tag == "mark":
            self.open.pop()
        elif tag == "span":
            self.label_of = None

    def handle_data(self, data):
        if self.in_style:
            return
        if self.label_of is not None:
            self.parsed.marks[self.label_of].label += data
            return
        self.parsed.text += data
        for index in self.open:
            self.parsed.marks[index].text += data


def parse(markup: str) -> Parsed:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert reader.open == [], "every <mark> is closed"
    return reader.parsed


def fact(kind: str, surface: str, start: int = 0, **fields) -> Fact:
    return Fact(kind, surface, start, start + len(surface), **fields)


def fact_at(text: str, kind: str, surface: str, **fields) -> Fact:
    return fact(kind, surface, text.index(surface), **fields)


# ---------------------------------------------------------------- every fact marked once, text kept


ARTICLES = [
    pytest.param("Vietnam's exports to the United States rose 28% in the first quarter, and its trade "
                 "surplus with the U.S. widened to $24.9 billion.", "2025-04-10", id="trade-surplus"),
    pytest.param("Germany will spend an extra €100 billion on defence by 2029, the finance ministry said "
                 "on Tuesday.\n\nInflation eased to 2.1% in March.", "2025-04-08", id="two-paragraphs"),
    pytest.param("Kenya aims to double tea exports to $1.8 billion within five years, the agriculture "
                 "ministry said.", "2025-03-03", id="multiplier-deadline"),
    pytest.param("Brazil's central bank raised the Selic rate by 50 basis points to 11.25% on Wednesday, "
                 "its third increase this year.", "2024-12-12", id="rate-hike"),
    pytest.param("Canada's federal deficit is expected to reach C$61.9 billion this fiscal year.\n\n\n"
                 "   Ottawa also plans to cut 5,000 jobs.\n", "2024-12-16", id="blank-lines-and-indent"),
    pytest.param("Chile's copper output fell 3.5% to 5.3 million tonnes last year.", "2025-02-01", id="quantity"),
]


@pytest.mark.parametrize(("text", "published"), ARTICLES)
def test_every_fact_is_marked_once_in_order_and_the_text_is_kept(text, published):
    facts = extract(text, published)
    assert facts, "the example should have facts"
    parsed = parse(facts_html(text, facts))
    assert [mark.text for mark in parsed.marks] == [f.surface for f in facts]
    assert [int(mark.attrs["data-fact"]) for mark in parsed.marks] == list(range(len(facts)))
    assert [mark.attrs["class"].split()[1] for mark in parsed.marks] == [f"ef-{f.kind}" for f in facts]
    assert [mark.label for mark in parsed.marks] == [fact_label(f) for f in facts]
    assert parsed.text == text  # line breaks and blank lines included


@pytest.mark.parametrize(("text", "published"), ARTICLES)
def test_html_is_one_self_contained_fragment(text, published):
    markup = facts_html(text, extract(text, published))
    assert markup.startswith('<div class="econfacts"><style>') and markup.endswith("</div></div>")
    style = markup.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = [line for line in style.splitlines() if "{" in line]
    assert rules and all(rule.startswith(".econfacts ") for rule in rules)  # scoped: no page-wide rule
    assert "white-space: pre-wrap" in style


def test_each_kind_has_its_own_colour():
    assert set(KIND_COLOURS) == {"money", "percent", "multiplier", "quantity", "date"}
    assert len(set(KIND_COLOURS.values())) == len(KIND_COLOURS)
    text = "Output rose 3% to $2 billion, double the 40 megawatts of 2024."
    marks = parse(facts_html(text, extract(text))).marks
    kinds = {mark.attrs["class"].split()[1]: mark.attrs["style"] for mark in marks}
    assert kinds == {f"ef-{kind}": f"background-color:{colour}" for kind, colour in KIND_COLOURS.items()}


# ---------------------------------------------------------------- escaping


ESCAPING = [
    pytest.param("<script>alert(1)</script> Imports rose 5% in May.", id="script-tag"),
    pytest.param("Profits &amp; losses: a $3 billion gap &lt;est.&gt; &#60;", id="entities-stay-literal"),
    pytest.param('The minister called the 25% tariff "final" and the talks \'over\'.', id="quotes"),
    pytest.param("Tariffs <b onmouseover=\"alert(1)\">of 10%</b> apply & more.", id="tag-around-a-fact"),
]


@pytest.mark.parametrize("text", ESCAPING)
def test_article_text_is_escaped(text):
    facts = extract(text)
    markup = facts_html(text, facts)
    parsed = parse(markup)
    assert parsed.text == text
    assert [mark.text for mark in parsed.marks] == [f.surface for f in facts]
    assert "<script>" not in markup and "<b " not in markup and "<b>" not in markup


def test_every_field_is_escaped_in_attributes_and_labels():
    text = 'A "$5 billion" <deal> for Acme & Co.'
    hostile = fact_at(text, "money", '"$5 billion"', value=5e9, unit="USD",
                      metric='x" onmouseover="alert(1)', actor="<script>alert(1)</script>",
                      counterpart="Smith & 'Sons'")
    markup = facts_html(text, [hostile])
    [mark] = parse(markup).marks
    assert set(mark.attrs) == {"class", "data-fact", "style", "title"}  # nothing injected
    assert mark.attrs["title"] == fact_tooltip(hostile)
    assert mark.label == fact_label(hostile)
    assert "<script>" not in markup and "onmouseover=" not in markup.replace('onmouseover=&quot;', "")


# ---------------------------------------------------------------- labels and tooltips


LABELS = [
    pytest.param(fact("money", "about $68.5 billion", value=68.5e9, unit="USD", qualifier="approximately",
                      metric="trade_balance", actor="US", counterpart="JP"),
                 "≈68.5 billion USD · trade_balance · US ↔ JP", id="money-approximately-bilateral"),
    pytest.param(fact("money", "1.5 trillion yen", value=1.5e12, unit="JPY", qualifier="exact"),
                 "1.5 trillion JPY", id="money-trillion"),
    pytest.param(fact("money", "$12,000", value=12_000.0, unit="USD"), "12,000 USD", id="money-small"),
    pytest.param(fact("money", "$4-5 billion", value=4e9, value_low=4e9, value_high=5e9, unit="USD"),
                 "4–5 billion USD", id="money-range"),
    pytest.param(fact("money", "up to 600 billion yen", value=6e11, unit="JPY", qualifier="at_most", actor="JP"),
                 "≤600 billion JPY · JP", id="money-at-most"),
    pytest.param(fact("percent", "25%", value=25.0, unit="%"), "25 %", id="percent"),
    pytest.param(fact("percent", "25 basis points", value=0.25, unit="pp", direction="decrease",
                      metric="interest_rate", actor="GB"),
                 "↓ 0.25 pp · interest_rate · GB", id="points-cut"),
    pytest.param(fact("percent", "5%", value=5.0, unit="%", metric="tariff", counterpart="CN"),
                 "5 % · tariff · ↔ CN", id="counterpart-without-actor"),
    pytest.param(fact("multiplier", "double", value=2.0, direction="increase", metric="defense_spending",
                      actor="ES", deadline=datetime.date(2027, 12, 31)),
                 "↑ ×2 · defense_spending · ES · by 2027-12-31", id="multiplier-with-deadline"),
    pytest.param(fact("multiplier", "two-thirds", value=2 / 3), "×0.666666666667", id="fraction"),
    pytest.param(fact("quantity", "nearly 400,000 barrels per day", value=4e5, unit="oil_barrel / day",
                      qualifier="approximately"),
                 "≈400,000 oil barrel/day", id="quantity-rate"),
    pytest.param(fact("quantity", "5 bcm", value=5e9, unit="meter ** 3"), "5 billion meter³", id="quantity-cubic"),
    pytest.param(fact("date", "on Monday", time_start=datetime.date(2025, 3, 3), time_end=datetime.date(2025, 3, 3)),
                 "2025-03-03", id="date-day"),
    pytest.param(fact("date", "in January", time_start=datetime.date(2025, 1, 1), time_end=datetime.date(2025, 1, 31)),
                 "2025-01", id="date-month"),
    pytest.param(fact("date", "by 2027", time_start=datetime.date(2027, 1, 1), time_end=datetime.date(2027, 12, 31),
                      time_role="deadline"),
                 "2027 (deadline)", id="date-year-deadline"),
    pytest.param(fact("date", "next week", time_start=datetime.date(2025, 3, 10),
                      time_end=datetime.date(2025, 3, 16), time_role="effective"),
                 "2025-03-10…03-16 (effective)", id="date-week-effective"),
    pytest.param(fact("date", "over the holidays", time_start=datetime.date(2024, 12, 23),
                      time_end=datetime.date(2025, 1, 5)),
                 "2024-12-23…2025-01-05", id="date-across-years"),
    pytest.param(fact("date", "next week"), "unresolved", id="date-unresolved"),
]


@pytest.mark.parametrize(("item", "label"), LABELS)
def test_label(item, label):
    assert fact_label(item) == label


def test_label_of_an_extracted_fact_names_value_unit_metric_and_actor():
    text = "The U.S. goods trade deficit with Japan narrowed to about $68.5 billion last year."
    parsed = parse(facts_html(text, extract(text, "2025-02-07")))
    [money] = [mark for mark in parsed.marks if "ef-money" in mark.attrs["class"]]
    assert money.label == "≈68.5 billion USD · trade_balance · US ↔ JP"


def test_tooltip_lists_every_non_null_field_but_the_sentence():
    item = Fact("money", "$24.9 billion", 10, 23, value=24.9e9, unit="USD", qualifier="exact", role="level",
                sentence="The surplus widened to $24.9 billion.", metric="trade_balance", actor="VN",
                counterpart="US", period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31))
    assert fact_tooltip(item).splitlines() == [
        "kind: money", "surface: $24.9 billion", "start: 10", "end: 23", "value: 24,900,000,000", "unit: USD",
        "qualifier: exact", "role: level", "metric: trade_balance", "actor: VN", "counterpart: US",
        "period_start: 2025-01-01", "period_end: 2025-03-31"]


def test_tooltip_is_the_title_of_each_mark():
    text = "Kenya aims to double tea exports to $1.8 billion within five years."
    facts = extract(text, "2025-03-03")
    assert [mark.attrs["title"] for mark in parse(facts_html(text, facts)).marks] == list(map(fact_tooltip, facts))


# ---------------------------------------------------------------- overlapping facts


def _accounted(parsed: Parsed) -> list[int]:
    """Every fact index the HTML shows: as a mark, or listed as overlapping one."""
    shown = [int(mark.attrs["data-fact"]) for mark in parsed.marks]
    for mark in parsed.marks:
        shown += [int(index) for index in mark.attrs.get("data-overlaps", "").split()]
    return sorted(shown)


def test_a_fact_inside_another_is_a_nested_mark():
    text = "Japan will invest $1 trillion by 2029 in U.S. plants."
    outer = fact_at(text, "money", "$1 trillion by 2029", value=1e12, unit="USD")
    inner = fact_at(text, "date", "by 2029", time_start=datetime.date(2029, 1, 1), time_end=datetime.date(2029, 12, 31))
    parsed = parse(facts_html(text, [inner, outer]))  # given out of order
    assert [(mark.text, mark.attrs["data-fact"], mark.parent) for mark in parsed.marks] == [
        ("$1 trillion by 2029", "1", None), ("by 2029", "0", 0)]
    assert parsed.marks[0].label == "1 trillion USD" and parsed.marks[1].label == "2029"
    assert parsed.text == text


def test_facts_on_the_same_span_are_both_marked():
    text = "Rates rose 2% in May."
    first, second = fact_at(text, "percent", "2%", value=2.0, unit="%"), fact_at(text, "percent", "2%", value=2.0)
    parsed = parse(facts_html(text, [first, second]))
    assert [(mark.text, mark.parent) for mark in parsed.marks] == [("2%", None), ("2%", 0)]


def test_a_crossing_fact_is_listed_in_the_mark_it_starts_in():
    text = "Exports rose $4 billion in March to China."
    money = fact_at(text, "money", "$4 billion in", value=4e9, unit="USD")
    date = fact_at(text, "date", "in March", time_start=datetime.date(2025, 3, 1), time_end=datetime.date(2025, 3, 31))
    parsed = parse(facts_html(text, [money, date]))
    [mark] = parsed.marks
    assert mark.text == "$4 billion in" and mark.attrs["data-overlaps"] == "1"
    assert "ef-overlap" in mark.attrs["class"]
    assert mark.label == "4 billion USD · +1 overlapping"
    assert mark.attrs["title"] == f"{fact_tooltip(money)}\n\noverlapping fact 1:\n{fact_tooltip(date)}"
    assert _accounted(parsed) == [0, 1] and parsed.text == text


@st.composite
def text_and_spans(draw):
    text = draw(st.text(max_size=60))
    bounds = st.integers(0, len(text))
    spans = draw(st.lists(st.tuples(bounds, bounds).map(sorted), max_size=8))
    kinds = st.sampled_from([*KIND_COLOURS, "other"])
    return text, [Fact(draw(kinds), text[a:b], a, b) for a, b in spans]


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_any_facts_over_any_text_are_each_shown_once(case):
    text, facts = case
    parsed = parse(facts_html(text, facts))
    assert _accounted(parsed) == list(range(len(facts)))
    assert parsed.text == text
    for mark in parsed.marks:
        assert mark.text == facts[int(mark.attrs["data-fact"])].surface
    assert rich_text(text, facts).plain.count(" [") >= len(parsed.marks)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.lists(st.sampled_from(["$5 billion", " rose ", "3%", "by 2027", "<b>", "&amp;", '"', "\n\n",
                                   "double", "in March", "[bold]", " 40 megawatts", "\r\n"]),
                  max_size=25).map("".join))
def test_html_of_any_text_gives_the_text_back(text):
    facts = extract(text, "2025-02-08")
    parsed = parse(facts_html(text, facts))
    assert parsed.text == text
    assert [mark.text for mark in parsed.marks] == [f.surface for f in facts]


def test_a_fact_off_its_span_is_an_error():
    with pytest.raises(InputError, match=r"fact 0 \(money '\$5 billion' at 0:10\) does not match the text"):
        facts_html("Aid of $5 billion.", [Fact("money", "$5 billion", 0, 10)])
    with pytest.raises(InputError, match="does not match"):
        FactsView("short", (Fact("date", "later", 3, 8),))


def test_empty_text():
    assert parse(facts_html("", [])) == Parsed()
    view = show("")
    assert view.facts == () and parse(view._repr_html_()) == Parsed()
    assert repr(view) == "FactsView(0 facts · 0 characters)"


# ---------------------------------------------------------------- FactList, FactsView, show, terminal


def test_extract_returns_a_fact_list_that_renders_in_a_notebook():
    text = "Chile's copper output fell 3.5% to 5.3 million tonnes last year."
    facts = extract(text, "2025-02-01")
    assert isinstance(facts, FactList) and facts.text == text
    assert facts == list(facts) and type(list(facts)) is list
    assert facts._repr_html_() == facts_html(text, facts)
    copy = pickle.loads(pickle.dumps(facts))
    assert copy == facts and copy.text == text


def test_show_extracts_unless_facts_are_given():
    text = "Brazil raised the Selic rate by 50 basis points to 11.25% on Wednesday."
    view = show(text, "2024-12-12")
    assert view.facts == tuple(extract(text, "2024-12-12"))
    assert view._repr_html_() == facts_html(text, view.facts)
    given_facts = [fact_at(text, "percent", "11.25%", value=11.25, unit="%")]
    assert show(text, facts=given_facts).facts == tuple(given_facts)
    assert econfacts.show is show and "show" in econfacts.__all__


def test_facts_view_repr_and_rich():
    text = "Inflation eased to 2.1% in March, the statistics office said."
    view = show(text, "2025-04-08")
    assert repr(view) == "FactsView(2 facts: 1 percent, 1 date · 61 characters)"
    assert isinstance(view.__rich__(), Text) and view.__rich__().plain == rich_text(text, view.facts).plain


def test_rich_text_keeps_markup_literal_and_labels_each_fact():
    text = "[bold]Breaking[/bold]: exports rose 28% to [red]$24.9 billion[/red]."
    facts = extract(text, "2025-04-10")
    out = rich_text(text, facts)
    assert out.plain.startswith("[bold]Breaking[/bold]: exports rose 28%")
    for item in facts:
        assert f"{item.surface} [{fact_label(item)}]" in out.plain
    money = next(item for item in facts if item.kind == "money")
    position = out.plain.index(money.surface)
    styles = [span.style for span in out.spans if span.start <= position < span.end]
    assert any(getattr(style, "bgcolor", None) and style.bgcolor.name == KIND_COLOURS["money"] for style in styles)


def test_dataset_facts_folder_name_is_the_one_the_dataset_writes():
    from econfacts.dataset import FACTS
    from econfacts.io import DATASET_FACTS_DIR

    assert DATASET_FACTS_DIR == FACTS


# ---------------------------------------------------------------- econfacts show: articles


def run(*args, stdin: str | None = None):
    result = runner.invoke(app, [str(arg) for arg in args], input=stdin)
    assert "Traceback" not in result.output
    return result


NEWS = [
    {"doc_id": "hanoi", "title": "Vietnam's surplus with the U.S. widens", "published": "2025-04-10",
     "text": "Vietnam's exports to the United States rose 28% in the first quarter, and its trade "
             "surplus with the U.S. widened to $24.9 billion."},
    {"doc_id": "berlin", "published": "2025-04-08",
     "text": "Germany will spend an extra €100 billion on defence by 2029, the finance ministry said on "
             "Tuesday.\n\nInflation eased to 2.1% in March."},
    {"doc_id": "nairobi", "published": "2025-03-03",
     "text": "Kenya aims to double tea exports to $1.8 billion within five years, the agriculture ministry said."},
]


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


@pytest.fixture
def news(tmp_path):
    path = tmp_path / "news.jsonl"
    write_jsonl(path, NEWS)
    return path


def test_show_txt_prints_the_text_with_labels(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Chile's copper output fell 3.5% to 5.3 million tonnes last year.")
    result = run("show", story, "--published", "2025-02-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "story"
    assert lines[1] == "published 2025-02-01 · 3 facts: 1 percent, 1 quantity, 1 date · 64 characters"
    assert lines[2] == ("Chile's copper output fell 3.5% [↓ 3.5 % · gdp · CL] to 5.3 million tonnes "
                        "[5.3 million metric ton · gdp · CL] last year [2024].")


def test_show_jsonl_articles_one_header_per_document(news):
    result = run("show", news)
    assert result.exit_code == 0, result.output
    headers = [line for line in result.stdout.splitlines() if line in
               ("hanoi · Vietnam's surplus with the U.S. widens", "berlin", "nairobi")]
    assert len(headers) == 3
    assert "$24.9 billion [24.9 billion USD · trade_balance · VN ↔ US]" in result.stdout
    assert "Tuesday [2025-04-08].\n\nInflation eased" in result.stdout  # the blank line is kept


def test_show_articles_filters(news):
    result = run("show", news, "--doc", "berlin", "--kind", "money")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "berlin"
    assert "€100 billion [100 billion EUR · defense_spending · DE · by 2029-12-31] on defence" in result.stdout
    assert "2.1% in March." in result.stdout and "2.1% [" not in result.stdout


def test_show_articles_limit_says_how_many_were_left_out(news):
    result = run("show", news, "--limit", "2")
    assert result.exit_code == 0
    assert "nairobi" not in result.stdout
    assert "1 more documents not shown (--limit 2; --limit 0 shows all)" in result.stderr


def test_show_stdin_and_published_resolves_relative_dates():
    result = run("show", "-", "--published", "2025-03-05", stdin="Talks resume next week on a $2 billion deal.")
    assert result.exit_code == 0, result.output
    assert "next week [2025-03-10…03-16" in result.stdout


def test_show_writes_a_standalone_html_page(news, tmp_path):
    page = tmp_path / "news.html"
    result = run("show", news, "--html", page)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    markup = page.read_text(encoding="utf-8")
    assert markup.startswith("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    assert markup.rstrip().endswith("</body></html>")
    assert markup.count("<section>") == 3 and markup.count("<style>") == 1
    assert f"<title>{news} · 3 documents</title>" in markup
    facts = [item for record in NEWS for item in extract(record["text"], record["published"])]
    assert [mark.text for mark in parse(markup).marks] == [item.surface for item in facts]
    assert "<h2>hanoi · Vietnam&#x27;s surplus with the U.S. widens</h2>" in markup
    assert f"wrote 3 documents ({len(facts)} facts) to {page}" in result.stderr


def test_facts_page_escapes_headings_and_title():
    view = FactsView("No figures.", (), heading="<i>doc</i>")
    markup = facts_page([view], title="A & B")
    assert "<title>A &amp; B</title>" in markup and "<h2>&lt;i&gt;doc&lt;/i&gt;</h2>" in markup


# ---------------------------------------------------------------- econfacts show: facts tables


@pytest.fixture(scope="module")
def facts_inputs(tmp_path_factory):
    """The same facts as .parquet, .csv, .jsonl and a dataset, written by `econfacts extract`; and the rows."""
    root = tmp_path_factory.mktemp("facts")
    news = root / "news.jsonl"
    write_jsonl(news, NEWS)
    paths = {}
    for name in ("facts.parquet", "facts.csv", "facts.jsonl"):
        assert run("extract", news, "-o", root / name).exit_code == 0
        paths[name.split(".")[1]] = root / name
    assert run("extract", news, "--dataset", root / "dataset").exit_code == 0
    paths["dataset"] = root / "dataset"
    return paths, pq.read_table(paths["parquet"]).to_pylist()


FILTERS = [
    pytest.param([], lambda row: True, id="none"),
    pytest.param(["--kind", "money"], lambda row: row["kind"] == "money", id="kind"),
    pytest.param(["--kind", "money", "--kind", "percent"], lambda row: row["kind"] in ("money", "percent"),
                 id="kinds"),
    pytest.param(["--metric", "exports"], lambda row: row["metric"] == "exports", id="metric"),
    pytest.param(["--actor", "DE"], lambda row: row["actor"] == "DE", id="actor"),
    pytest.param(["--min-usd", "2e10"], lambda row: (row["value_usd"] or 0) >= 2e10, id="min-usd"),
    pytest.param(["--doc", "nairobi"], lambda row: row["doc_id"] == "nairobi", id="doc"),
    pytest.param(["--kind", "money", "--actor", "KE"], lambda row: row["kind"] == "money" and row["actor"] == "KE",
                 id="kind-and-actor"),
]


@pytest.mark.parametrize("form", ["parquet", "csv", "jsonl", "dataset"])
@pytest.mark.parametrize(("args", "keeps"), FILTERS)
def test_show_facts_table_filters(facts_inputs, form, args, keeps):
    paths, rows = facts_inputs
    expected = [row for row in rows if keeps(row)]
    assert 0 < len(expected) <= len(rows)
    result = run("show", paths[form], *args)
    assert result.exit_code == 0, result.output
    shown = [line.split()[:2] for line in result.stdout.splitlines()[3:] if line.strip()]
    assert sorted(shown) == sorted([row["doc_id"], row["kind"]] for row in expected)
    summary = f"{len(expected)} facts" + (" match the filters" if args else "")
    assert result.stderr.strip() == summary
    for row in expected:
        assert row["surface"] in result.stdout


def test_show_facts_table_is_readable(facts_inputs):
    paths, _ = facts_inputs
    result = run("show", paths["parquet"], "--doc", "hanoi", "--kind", "money")
    [header, row] = [line.split("  ") for line in result.stdout.splitlines() if "doc_id" in line or "hanoi" in line]
    assert [cell.strip() for cell in header if cell.strip()] == [
        "doc_id", "kind", "surface", "figure", "metric", "actor", "role", "USD"]
    assert [cell.strip() for cell in row if cell.strip()] == [
        "hanoi", "money", "$24.9 billion", "24.9 billion USD", "trade_balance", "VN ↔ US", "level", "24.9 billion"]


def test_show_facts_table_limit_says_how_many_were_left_out(facts_inputs):
    paths, rows = facts_inputs
    result = run("show", paths["parquet"], "--limit", "3")
    assert result.exit_code == 0
    assert result.stderr.strip() == (f"3 of {len(rows)} facts shown; {len(rows) - 3} not shown "
                                     "(--limit 3; --limit 0 shows all)")
    assert len([line for line in result.stdout.splitlines()[3:] if line.strip()]) == 3


def test_jsonl_is_facts_or_articles_by_its_first_record(facts_inputs, news):
    paths, _ = facts_inputs
    assert "figure" in run("show", paths["jsonl"]).stdout
    assert run("show", news).stdout.startswith("hanoi · ")


def _articles_parquet(tmp_path):
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.table({"doc_id": ["a"], "text": ["Exports rose 5%."]}), path)
    return path


def _corrupt_parquet(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_text("doc_id,kind\n")
    return path


def _eur_facts(tmp_path):
    news = tmp_path / "news.jsonl"
    write_jsonl(news, NEWS[:1])
    path = tmp_path / "eur.parquet"
    assert run("extract", news, "--base-currency", "EUR", "-o", path).exit_code == 0
    return path


ERRORS = [
    pytest.param(lambda tmp: [tmp / "missing.parquet"], "missing.parquet: no such file or directory", id="missing"),
    pytest.param(lambda tmp: [tmp / "missing.txt"], "missing.txt: no such file or directory", id="missing-txt"),
    pytest.param(lambda tmp: [_articles_parquet(tmp)], "articles.parquet: not a facts table (no kind, surface, "
                 "start, end column)", id="parquet-of-articles"),
    pytest.param(lambda tmp: [_corrupt_parquet(tmp)], "broken.parquet: not a readable facts table", id="not-parquet"),
    pytest.param(lambda tmp: [_eur_facts(tmp), "--min-usd", "1e9"], "--min-usd: ", id="min-usd-without-value-usd"),
    pytest.param(lambda tmp: [_eur_facts(tmp), "--html", tmp / "x.html"], "--html and --published are for articles",
                 id="html-of-facts"),
    pytest.param(lambda tmp: ["-", "--min-usd", "5"], "--min-usd filters a facts table", id="min-usd-of-articles"),
    pytest.param(lambda tmp: ["-", "--html", tmp / "nowhere" / "x.html"], "does not exist", id="html-dir-missing"),
    pytest.param(lambda tmp: ["-", "--published", "2025-13-01"], "--published: ", id="bad-published"),
]


@pytest.mark.parametrize(("make_args", "message"), ERRORS)
def test_show_user_errors_are_one_line_and_exit_2(tmp_path, make_args, message):
    result = run("show", *make_args(tmp_path), stdin="Exports rose 5%.")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_show_names_an_unreadable_document_and_shows_the_others(tmp_path):
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps(NEWS[2]) + "\n" + '{"doc_id": "broken", "text": "A $1 bill' + "\n")
    result = run("show", news)
    assert result.exit_code == 1
    assert result.stdout.startswith("nairobi\n")
    assert f"error: {news}:2: not valid JSON" in result.stderr
