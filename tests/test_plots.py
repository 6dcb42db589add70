"""The three charts and `econfacts plot`: what is drawn, that it is readable, and the errors.

The facts come from the extractor run on short articles written for these
tests (invented events, our own words), and from frames built by hand for
the edge cases. What a chart shows is checked against the frame helpers
(`by_metric`, `timeline`, `deadlines`), which `test_accessor.py` checks
against plain pandas sums.
"""

from __future__ import annotations

import datetime
import io
import itertools
import struct

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from typer.testing import CliRunner

import econfacts
from econfacts import plots
from econfacts.cli import app

ARTICLES = [
    ("hanoi-surplus", "2025-04-03",
     "Vietnam's trade surplus with the United States reached $123.5 billion last year, and Hanoi offered to "
     "buy $2 billion of American aircraft to narrow it."),
    ("osaka-pledge", "2025-04-18",
     "Japanese companies pledged 1.2 trillion yen of new investment in Ohio and Indiana by 2028, the trade "
     "ministry in Tokyo said."),
    ("frankfurt-rates", "2025-06-05",
     "The European Central Bank lowered its deposit rate by 25 basis points to 2% on Thursday."),
    ("berlin-defence", "2025-06-24",
     "Germany will raise defence spending to 3.5% of GDP by 2029 and plans to double its army's budget "
     "within four years."),
    ("delhi-tariffs", "2025-08-07",
     "India said a 50% U.S. tariff would hit about $48 billion of its exports."),
    ("canberra-2019", "2019-09-12",  # a deadline long past
     "Australia promised A$1.5 billion to cut emissions by 2022."),
]
TODAY = datetime.date(2026, 11, 27)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

runner = CliRunner()


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return econfacts.extract_frame(pd.DataFrame(ARTICLES, columns=["doc_id", "published", "text"]))


@pytest.fixture(scope="module")
def facts_file(tmp_path_factory) -> dict[str, str]:
    """The articles extracted by the command line: a Parquet file and a dataset directory."""
    folder = tmp_path_factory.mktemp("plot")
    articles = folder / "articles.jsonl"
    pd.DataFrame(ARTICLES, columns=["doc_id", "published", "text"]).to_json(articles, orient="records",
                                                                           lines=True)
    for target in (["-o", folder / "facts.parquet"], ["--dataset", folder / "dataset"]):
        result = runner.invoke(app, ["extract", str(articles), *map(str, target)])
        assert result.exit_code == 0, result.output
    return {"parquet": str(folder / "facts.parquet"), "dataset": str(folder / "dataset")}


def _bars(ax, horizontal: bool) -> dict[float, float]:
    """Position → total length of the (stacked) bars drawn there."""
    lengths: dict[float, float] = {}
    for patch in ax.patches:
        if patch.get_gid() == "bar-segment":
            centre = round(patch.get_y() + patch.get_height() / 2 if horizontal
                           else patch.get_x() + patch.get_width() / 2, 6)
            lengths[centre] = lengths.get(centre, 0.0) + (patch.get_width() if horizontal else patch.get_height())
    return {centre: length for centre, length in lengths.items() if length > 0}


def _tick_texts(ax, axis: str) -> list[str]:
    return [label.get_text() for label in getattr(ax, f"get_{axis}ticklabels")()]


def _legend_texts(fig: Figure) -> list[str]:
    return [text.get_text() for legend in fig.legends for text in legend.get_texts()]


# ---------------------------------------------------------------- money by metric


def test_by_metric_draws_one_bar_per_metric_as_long_as_its_total(facts):
    fig = plots.plot_by_metric(facts)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    table = facts.econfacts.by_metric().groupby("metric", sort=False)["total_usd"].sum()
    assert _tick_texts(ax, "y") == ["trade balance", "exports", "investment", "other (unclassified)"]
    lengths = list(_bars(ax, horizontal=True).values())
    assert lengths == pytest.approx((table / 1e9).tolist())
    assert ax.get_xlabel().startswith("USD, billions")
    assert _legend_texts(fig) == ["Vietnam", "India", "Japan", "Australia"]


def test_by_actor_draws_countries_by_name(facts):
    fig = plots.plot_by_metric(facts, by="actor")
    assert _tick_texts(fig.axes[0], "y") == ["Vietnam", "India", "Japan", "Australia"]
    assert fig.legends[0].get_title().get_text() == "Metric"


@pytest.mark.parametrize(("top", "labels"), [
    (1, ["trade balance", "3 other metrics"]),
    (2, ["trade balance", "exports", "2 other metrics"]),
    (3, ["trade balance", "exports", "investment", "other (unclassified)"]),  # a rest of one is not merged
])
def test_by_metric_top_n_sums_the_rest_into_one_bar(facts, top, labels):
    (ax,) = plots.plot_by_metric(facts, top=top).axes
    assert _tick_texts(ax, "y") == labels
    total = facts.econfacts.by_metric()["total_usd"].sum() / 1e9
    assert sum(_bars(ax, horizontal=True).values()) == pytest.approx(total)


def test_by_metric_in_euros(facts):
    (ax,) = plots.plot_by_metric(facts, currency="EUR").axes
    assert ax.get_xlabel().startswith("EUR, billions")
    total = facts.econfacts.by_metric(currency="EUR")["total_eur"].sum() / 1e9
    assert sum(_bars(ax, horizontal=True).values()) == pytest.approx(total)


# ---------------------------------------------------------------- timeline


def test_timeline_has_a_bar_per_month_as_high_as_its_count(facts):
    fig = plots.plot_timeline(facts)
    (ax,) = fig.axes
    timeline = facts.econfacts.timeline()
    assert len(timeline) == 72  # Sep 2019 to Aug 2025, gaps included
    heights = _bars(ax, horizontal=False)
    assert len(heights) == sum(timeline["count"] > 0)
    assert sum(heights.values()) == len(facts)
    assert ax.get_ylabel() == "Figures per month"
    assert set(_legend_texts(fig)) == {"money", "date", "percent", "multiplier"}
    assert len(_tick_texts(ax, "x")) <= 12, "labels thinned"


def test_timeline_of_money_totals(facts):
    fig = plots.plot_timeline(facts, by="metric", value="total")
    (ax,) = fig.axes
    assert sum(_bars(ax, horizontal=False).values()) == pytest.approx(facts["value_usd"].sum() / 1e9)
    assert ax.get_ylabel() == "USD per month, billions"
    assert fig._suptitle.get_text() == "Money per month, by metric"


@pytest.mark.parametrize(("freq", "labels"), [
    ("Y", ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]),
    ("Q", ["Q1\n2020", "Q1\n2021", "Q1\n2022", "Q1\n2023", "Q1\n2024", "Q1\n2025"]),  # 25 quarters
])
def test_timeline_labels_say_the_year_once(facts, freq, labels):
    (ax,) = plots.plot_timeline(facts, freq=freq, by=None).axes
    assert _tick_texts(ax, "x") == labels


# ---------------------------------------------------------------- deadlines


def test_deadlines_draw_a_marker_per_target_and_a_line_for_today(facts):
    fig = plots.plot_deadlines(facts, today=TODAY)
    (ax,) = fig.axes
    markers = {collection.get_gid(): len(collection.get_offsets()) for collection in ax.collections
               if isinstance(collection, PathCollection)}
    assert markers == {"deadline-ahead": 3, "deadline-passed": 1}
    assert [text.replace("\u00a0", " ") for text in _tick_texts(ax, "y")] == [
        "other (unclassified) · Australia ·\n“A$1.5 billion”",  # not broken inside the figure
        "investment · Japan · “1.2 trillion yen”",
        "defense spending · Germany · “double”",
        "defense spending · Germany · “3.5%”",
    ]
    today_lines = [line for line in ax.get_lines() if line.get_xdata()[0] == np.datetime64(TODAY, "D")]
    assert len(today_lines) == 1
    notes = [text.get_text() for text in ax.texts]
    assert notes == ["31 Dec 2022 · passed 3.9 years ago", "31 Dec 2028 · in 2.1 years",
                     "24 Jun 2029 · in 2.6 years", "31 Dec 2029 · in 3.1 years"]
    assert fig._suptitle.get_text() == "Targets and their deadlines"


def test_deadlines_after_today_are_all_ahead(facts):
    fig = plots.plot_deadlines(facts, today=TODAY, after=TODAY)
    assert fig._suptitle.get_text() == "Deadlines ahead"
    drawn = [c.get_gid() for c in fig.axes[0].collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    assert drawn == ["deadline-ahead"]


def test_deadlines_said_twice_are_one_row_and_top_keeps_the_nearest():
    frame = pd.DataFrame({
        "surface": ["double", "double", "$5 billion", "2%", "triple"],
        "metric": ["defense_spending", "defense_spending", "aid", "inflation", "exports"],
        "actor": ["PL", "PL", "UA", "GB", "VN"],
        "deadline": ["2027-06-30", "2027-06-30", "2021-01-01", "2026-12-31", "2040-01-01"],
        "doc_id": ["a", "a", "b", "c", "d"],
    })
    (ax,) = plots.plot_deadlines(frame, today=TODAY, top=3).axes
    assert _tick_texts(ax, "y") == ["inflation · United Kingdom · “2%”",
                                    "defense spending · Poland · “double” (×2)",
                                    "exports · Vietnam · “triple”"]


# ---------------------------------------------------------------- readable


CHARTS = {
    "by metric": lambda facts: plots.plot_by_metric(facts),
    "timeline": lambda facts: plots.plot_timeline(facts, by="actor"),
    "deadlines": lambda facts: plots.plot_deadlines(facts, today=TODAY),
    "by actor": lambda facts: plots.plot_by_metric(facts, by="actor"),
}


def _chart_with_a_long_name(facts, name: str) -> Figure:
    long = facts.copy()
    long.loc[long["actor"] == "VN", "actor"] = "The Joint Committee on Trade, Investment and Industrial Cooperation"
    return CHARTS[name](long)


def _drawn_tick_labels(ax, axis: str) -> list:
    """The tick labels matplotlib draws: those of ticks inside the view limits."""
    low, high = sorted(getattr(ax, f"get_{axis}lim")())
    position = 0 if axis == "x" else 1
    return [label for label in getattr(ax, f"get_{axis}ticklabels")()
            if label.get_text() and low <= label.get_position()[position] <= high]


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_text_is_inside_the_figure_and_tick_labels_do_not_overlap(facts, name):
    fig = _chart_with_a_long_name(facts, name)
    canvas = FigureCanvasAgg(fig)  # the canvas savefig draws a PNG with
    canvas.draw()
    renderer = canvas.get_renderer()
    (ax,) = fig.axes
    ticks = {axis: _drawn_tick_labels(ax, axis) for axis in ("x", "y")}
    texts = [fig._suptitle, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts,
             *(text for legend in fig.legends for text in [*legend.get_texts(), legend.get_title()]),
             *ticks["x"], *ticks["y"]]
    for text in texts:
        if text.get_text():
            box = text.get_window_extent(renderer)
            assert (box.x0 >= -1 and box.y0 >= -1 and box.x1 <= fig.bbox.width + 1
                    and box.y1 <= fig.bbox.height + 1), f"cut off: {text.get_text()!r}"
    for labels in ticks.values():
        boxes = [label.get_window_extent(renderer) for label in labels]
        for first, second in itertools.pairwise(boxes):
            assert not first.overlaps(second)
    for label in ticks["y"]:
        assert all(len(line) <= 44 for line in label.get_text().splitlines()), "long labels are wrapped"
    subtitle = ax._left_title.get_window_extent(renderer)
    for legend in fig.legends:
        assert not subtitle.overlaps(legend.get_window_extent(renderer)), "the subtitle clears the legend"


def test_long_labels_are_wrapped_on_two_lines_and_cut(facts):
    fig = _chart_with_a_long_name(facts, "by actor")
    label = _tick_texts(fig.axes[0], "y")[0]
    assert label == "The Joint Committee on Trade,\nInvestment and Industrial…"


@pytest.mark.parametrize("value", [0.0, 0.25, 7.5, 2500.0, 1.5e6])
def test_axis_numbers_are_plain(value):
    assert "e" not in plots._plain_number(value)


def test_large_totals_get_thousands_separators_not_exponents():
    frame = pd.DataFrame({"kind": ["money"] * 2, "value": [2.5e15, 1e15], "unit": ["USD"] * 2,
                          "published": ["2025-01-02"] * 2, "metric": ["imports", "exports"], "actor": ["US"] * 2})
    fig = plots.plot_by_metric(frame)
    fig.draw_without_rendering()
    ticks = _tick_texts(fig.axes[0], "x")
    assert "2,500" in ticks and not any("e" in tick for tick in ticks)
    assert fig.axes[0].get_xlabel().startswith("USD, trillions")
    assert fig.axes[0].xaxis.get_offset_text().get_text() == ""


def test_a_chart_shows_itself_in_jupyter(facts):
    data = plots.plot_timeline(facts)._repr_png_()
    assert data.startswith(PNG_SIGNATURE)


# ---------------------------------------------------------------- nothing to plot


EMPTY = econfacts.extract_frame(pd.DataFrame({"doc_id": ["x"], "text": ["Nothing to see."]}))
PERCENT_ONLY = pd.DataFrame({"kind": ["percent"], "value": [2.0], "unit": ["%"], "published": ["2025-01-02"],
                             "metric": ["inflation"], "actor": ["GB"], "deadline": [None]})
UNRATED = pd.DataFrame({"kind": ["money"], "value": [1e9], "unit": ["TWD"], "published": ["2025-01-02"],
                        "metric": ["exports"], "actor": ["TW"]})


@pytest.mark.parametrize(("draw", "frame", "message"), [
    (plots.plot_by_metric, EMPTY, "nothing to plot: no money facts \\(no facts at all\\)"),
    (plots.plot_by_metric, PERCENT_ONLY, "nothing to plot: no money facts \\(the facts are: percent\\)"),
    (plots.plot_by_metric, UNRATED, "none of the 1 money facts has a USD value \\(no ECB rate for TWD\\)"),
    (plots.plot_timeline, EMPTY, "nothing to plot: no facts with a publication date"),
    (plots.plot_deadlines, PERCENT_ONLY, "nothing to plot: no facts with a deadline"),
], ids=["empty", "no money", "no rate", "no dates", "no deadlines"])
def test_nothing_to_plot_is_a_value_error_saying_why(draw, frame, message):
    with pytest.raises(ValueError, match=message):
        draw(frame)


@pytest.mark.parametrize(("call", "message"), [
    (lambda f: plots.plot_by_metric(f, by="kind"), "by='kind'"),
    (lambda f: plots.plot_by_metric(f, top=0), "top=0"),
    (lambda f: plots.plot_timeline(f, value="mean"), "value='mean'"),
])
def test_bad_arguments(facts, call, message):
    with pytest.raises(ValueError, match=message):
        call(facts)


# ---------------------------------------------------------------- econfacts plot


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    return width, height


@pytest.mark.parametrize("source", ["parquet", "dataset"])
@pytest.mark.parametrize("options", [
    ["--kind", "money", "--by", "metric"],
    ["--chart", "by-metric", "--by", "actor", "--top", "3"],
    ["--chart", "timeline"],
    ["--chart", "timeline", "--by", "metric", "--value", "total", "--kind", "money"],
    ["--chart", "deadlines", "--title", "Targets of 2025"],
], ids=["money by metric", "by actor", "timeline", "timeline of money", "deadlines"])
def test_plot_writes_a_png(tmp_path, facts_file, source, options):
    chart = tmp_path / "chart.png"
    result = runner.invoke(app, ["plot", facts_file[source], *options, "-o", str(chart)])
    assert result.exit_code == 0, result.output
    data = chart.read_bytes()
    width, height = _png_size(data)
    assert width == 1500 and 450 <= height <= 4500
    assert len(data) > 5_000
    image = matplotlib.image.imread(io.BytesIO(data))
    assert image.shape[:2] == (height, width)
    assert image[..., :3].std() > 0.05, "not a blank image"
    assert [path.name for path in tmp_path.iterdir()] == ["chart.png"], "no temporary file left behind"
    assert f"to {chart}" in result.output


@pytest.mark.parametrize(("suffix", "start"), [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_plot_writes_svg_and_pdf(tmp_path, facts_file, suffix, start):
    chart = tmp_path / f"chart{suffix}"
    result = runner.invoke(app, ["plot", facts_file["parquet"], "-o", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.read_bytes().startswith(start)


@pytest.mark.parametrize(("arguments", "message"), [
    (["{missing}", "-o", "{out}/c.png"], "no such file or directory"),
    (["{facts}", "-o", "{out}/c.gif"], "unknown chart format '.gif'; use one of .png, .svg, .pdf"),
    (["{facts}", "-o", "{out}/nowhere/c.png"], "does not exist"),
    (["{facts}", "--kind", "percent", "-o", "{out}/c.png"],
     "nothing to plot: no money facts (the facts are: percent) (after --kind percent)"),
    (["{facts}", "--chart", "deadlines", "--kind", "date", "--kind", "quantity", "-o", "{out}/c.png"],
     "nothing to plot: no facts with a deadline (after --kind date, quantity)"),
    (["{facts}", "--chart", "pie", "-o", "{out}/c.png"], "--chart must be one of by-metric, timeline, deadlines"),
    (["{facts}", "--by", "kind", "-o", "{out}/c.png"], "--by for the by-metric chart must be metric or actor"),
    (["{facts}", "--top", "0", "-o", "{out}/c.png"], "--top must be 1 or more"),
], ids=["missing file", "unknown suffix", "no directory", "no money after --kind", "no deadline after --kind",
        "unknown chart", "bad --by", "bad --top"])
def test_plot_errors_exit_2_with_one_line(tmp_path, facts_file, arguments, message):
    values = {"facts": facts_file["parquet"], "missing": str(tmp_path / "missing.parquet"), "out": str(tmp_path)}
    result = runner.invoke(app, ["plot", *(argument.format(**values) for argument in arguments)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output
    assert message in result.output
    assert list(tmp_path.iterdir()) == [], "nothing written"
