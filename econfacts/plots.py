"""Charts of a facts frame: money by metric, figures over time, deadlines ahead.

Each function takes a facts frame, read any way `econfacts.analysis` reads
it, and returns a matplotlib `Figure`: a `Chart`, which is a Figure that
shows itself as a PNG when it is the value of a Jupyter cell. Charts are
made without pyplot, so a call shows nothing by itself, touches no global
figure list and picks no backend: save one with `fig.savefig("chart.png")`.

Nothing to plot (no money with a converted value, no dated facts, no
deadlines) raises `InputError`, a `ValueError`, saying what was missing. An
error rather than an empty chart: a blank image slips into a report
unnoticed, an error does not.

Readability rules, shared by the three charts: layout by matplotlib's
constrained layout (nothing cut off); long labels wrapped on two lines and
cut with "…"; the Okabe-Ito palette, distinguishable with any common
colour-vision deficiency; amounts in plain numbers with thousands
separators, never in scientific notation; a bold title with a grey subtitle
saying what was counted.
"""

from __future__ import annotations

import datetime
import functools
import io
import math
import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from econfacts.analysis import (
    _currency,
    _dates,
    _money_in,
    _text,
    deadlines_ahead,
    facts_of_kind,
    facts_timeline,
    money_by_metric,
)
from econfacts.errors import InputError

# Okabe & Ito (2008), "Color Universal Design": told apart with any common
# colour-vision deficiency. Yellow comes last: it is faint on white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
OTHER_COLOUR = "#B4B4B4"
_MUTED = "#555555"
_GRID = "#E3E3E3"
_WIDTH = 10.0            # inches; saved at 150 dpi that is 1500 pixels
_LABEL_CHARS = 34        # characters per line of a category label, two lines at most
_LEGEND_CHARS = 26       # the same for a legend entry, which takes width from the plot
_MAX_TICK_LABELS = 12    # time axis labels before they are thinned

_PERIOD_WORDS = {"M": "month", "Q": "quarter", "Y": "year", "A": "year", "W": "week", "D": "day"}
_SCALES = ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions"), (1e3, "thousands"))


class Chart(Figure):
    """A matplotlib Figure that displays itself as a PNG when it is the value of a Jupyter cell."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


# ---------------------------------------------------------------- the charts


def plot_by_metric(facts: pd.DataFrame, by: str = "metric", top: int = 10,
                   currency: str | None = None, title: str | None = None) -> Chart:
    """Money per metric (or per actor), one horizontal bar each, stacked by actor (or metric).

    The `top` largest bars are drawn, largest first; the rest are summed into
    one last bar. Amounts are totals in the base currency (`value_usd`…, or
    `currency`), in billions (millions when all are smaller).
    """
    if by not in ("metric", "actor"):
        raise InputError(f"by={by!r}: give 'metric' or 'actor'")
    _check_top(top)
    stack = "actor" if by == "metric" else "metric"
    table = money_by_metric(facts, currency=currency, by=(by, stack))
    cur = _currency(facts, currency)
    total = f"total_{cur.lower()}"
    drawn = table[table[total].notna()]
    if drawn.empty:
        raise InputError(_no_money_message(facts, table, cur))

    label_of = {"metric": metric_label, "actor": actor_label}
    bars = pd.DataFrame({
        "bar": drawn[by].map(label_of[by]),
        "segment": drawn[stack].map(label_of[stack]),
        "value": drawn[total].to_numpy(),
    })
    bar_order, _ = _ranked(bars, "bar", top, f"{{n}} other {by}s")
    bars["bar"] = bars["bar"].map(bar_order.get)
    segment_order, rest = _ranked(bars, "segment", len(PALETTE) - 1, f"{{n}} other {stack}s")
    bars["segment"] = bars["segment"].map(segment_order.get)
    grid = bars.pivot_table(index="bar", columns="segment", values="value", aggfunc="sum",
                            fill_value=0.0, sort=False)
    grid = grid.reindex(index=list(dict.fromkeys(bar_order.values())),
                        columns=list(dict.fromkeys(segment_order.values())), fill_value=0.0)

    divisor, scale = _money_scale(grid.to_numpy().sum(axis=1).max())
    fig = _chart(height=1.9 + 0.46 * len(grid))
    ax = fig.add_subplot()
    positions = np.arange(len(grid))
    lefts = np.zeros(len(grid))
    handles = []
    for index, segment in enumerate(grid.columns):
        widths = grid[segment].to_numpy() / divisor
        colour = OTHER_COLOUR if segment == rest else PALETTE[index % len(PALETTE)]
        ax.barh(positions, widths, left=lefts, height=0.68, color=colour, edgecolor="white",
                linewidth=0.8, label=segment, gid="bar-segment")
        lefts += widths
        handles.append(Patch(facecolor=colour, label=_fit(segment, _LEGEND_CHARS)))
    totals = [ax.text(bar_total, position, f"  {_amount(bar_total)}", va="center", ha="left", fontsize=9,
                      color="#222222") for position, bar_total in zip(positions, lefts)]
    ax.set_yticks(positions, [_fit(label) for label in grid.index])
    ax.invert_yaxis()
    ax.set_xlim(0, lefts.max() * 1.02)
    ax.xaxis.set_major_formatter(FuncFormatter(_plain_number))
    ax.set_xlabel(f"{cur}, {scale} (ECB reference rate of the publication day)")
    _tidy(ax, grid_axis="x")
    if len(grid.columns) > 1 or grid.columns[0] != rest:
        fig.legend(handles=handles, title=stack.capitalize(), loc="outside right upper", frameon=False,
                   fontsize=9, title_fontsize=9.5, alignment="left")

    money = facts_of_kind(facts, "money")
    notes = [f"{_count(int(table['count'].sum()), 'money figure')}{_documents(money)}{_published(money)}",
             f"stacked by {stack}; a range counts at its low end"]
    unconverted = int(table["unconverted"].sum())
    if unconverted:
        notes.append(f"{_count(unconverted, 'figure')} without a {cur} value left out")
    _titles(fig, ax, title or f"Money by {by}", "; ".join(notes))
    _make_room(fig, ax, totals)
    return fig


def plot_timeline(facts: pd.DataFrame, freq: str = "M", by: str | None = "kind", value: str = "count",
                  top: int = 6, currency: str | None = None, title: str | None = None) -> Chart:
    """Figures per publication period, stacked by `by` (kind, metric or actor; None for one colour).

    `value="count"` counts the figures; `value="total"` sums their money in
    the base currency (or `currency`). Every period from the first to the
    last is a bar, empty where nothing was published; the `top` largest
    groups (at most 6, to keep the colours distinct) get a colour each and
    the rest one grey.
    """
    if value not in ("count", "total"):
        raise InputError(f"value={value!r}: give 'count' or 'total'")
    _check_top(top)
    timeline = facts_timeline(facts, freq=freq, by=by, currency=currency)
    cur = _currency(facts, currency)
    total = f"total_{cur.lower()}"
    if timeline.empty:
        raise InputError("nothing to plot: no facts with a publication date")
    measure = "count" if value == "count" else total
    if value == "total" and not timeline[total].any():
        raise InputError(f"nothing to plot: no money with a {cur} value among the dated facts")

    label = {"metric": metric_label, "actor": actor_label}.get(by, _plain_label)
    groups = timeline[by].map(label) if by else pd.Series("all", index=timeline.index)
    rows = pd.DataFrame({"period": timeline["period"], "group": groups, "value": timeline[measure]})
    group_order, rest = _ranked(rows[rows["value"] > 0], "group", min(top, len(PALETTE) - 1),
                                f"{{n}} other {by}s" if by else "other")
    rows = rows[rows["group"].isin(group_order)]
    rows["group"] = rows["group"].map(group_order.get)
    grid = rows.pivot_table(index="period", columns="group", values="value", aggfunc="sum", fill_value=0,
                            sort=False, observed=False)
    periods = pd.PeriodIndex(timeline["period"].unique())
    grid = grid.reindex(index=periods, columns=list(dict.fromkeys(group_order.values())), fill_value=0)

    divisor, scale = (1.0, "") if value == "count" else _money_scale(grid.to_numpy().sum(axis=1).max())
    word = _PERIOD_WORDS.get(periods.freqstr[:1], "period")
    fig = _chart(height=4.8)
    ax = fig.add_subplot()
    positions = np.arange(len(periods))
    bottoms = np.zeros(len(periods))
    handles = []
    for index, group in enumerate(grid.columns):
        heights = grid[group].to_numpy(dtype=float) / divisor
        colour = OTHER_COLOUR if group == rest else PALETTE[index % len(PALETTE)]
        ax.bar(positions, heights, bottom=bottoms, width=0.72, color=colour, edgecolor="white",
               linewidth=0.6, label=group, gid="bar-segment")
        bottoms += heights
        handles.append(Patch(facecolor=colour, label=_fit(group, _LEGEND_CHARS)))
    labelled = _labelled_periods(periods)
    ax.set_xticks(positions[labelled], _period_labels(periods[labelled]))
    ax.set_xticks(positions, minor=True)
    ax.set_xlim(-0.6, len(periods) - 0.4)
    ax.set_ylim(0, max(bottoms.max(), 1e-9) * 1.08)
    if value == "count":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(f"Figures per {word}")
    else:
        ax.set_ylabel(f"{cur} per {word}, {scale}")
    ax.yaxis.set_major_formatter(FuncFormatter(_plain_number))
    ax.set_xlabel(f"Publication {word}")
    _tidy(ax, grid_axis="y")
    if by:
        fig.legend(handles=handles[::-1], title=by.capitalize(), loc="outside right upper", frameon=False,
                   fontsize=9, title_fontsize=9.5, alignment="left")

    counted, noun = (facts, "figure") if value == "count" else (facts_of_kind(facts, "money"), "money figure")
    dated = counted[_dates(counted["published"]).notna().to_numpy()]
    notes = [f"{_count(len(dated), noun)}{_documents(dated)}{_published(dated)}",
             f"{word}s without a figure are empty"]
    if len(dated) < len(counted):
        notes.append(f"{_count(len(counted) - len(dated), noun)} without a publication date left out")
    default = ("Figures" if value == "count" else "Money") + f" per {word}" + (f", by {by}" if by else "")
    _titles(fig, ax, title or default, "; ".join(notes))
    return fig


def plot_deadlines(facts: pd.DataFrame, today: datetime.date | str | None = None,
                   after: datetime.date | str | None = None, top: int = 25,
                   title: str | None = None) -> Chart:
    """The targets with a deadline on a time line: one row each, a marker at its due date, a line for today.

    Rows read "metric · actor · “surface”", soonest first; the same target
    said twice in a document is one row marked "(×2)". Deadlines already
    past are hollow grey markers; `after` leaves out those before a date.
    `today` defaults to the current date. At most `top` rows are drawn: the
    deadlines ahead, soonest first, then the most recently passed.
    """
    _check_top(top)
    today = _as_day(today) if today is not None else datetime.date.today()
    table = deadlines_ahead(facts, after=after, today=today)
    if table.empty:
        where = f" on or after {_as_day(after)}" if after is not None else ""
        raise InputError(f"nothing to plot: no facts with a deadline{where}")
    table["label"] = [" · ".join((metric_label(metric), actor_label(actor), f"“{_unbroken(surface)}”"))
                      for metric, actor, surface in zip(table["metric"], table["actor"], table["surface"])]
    rows = (table.groupby(["deadline", "label"], sort=False)
            .agg(days_left=("days_left", "first"), said=("label", "size"), doc_id=("doc_id", "first"))
            .reset_index())
    hidden = max(0, len(rows) - top)
    rows = _nearest(rows, top)
    labels = [label + (f" (×{said})" if said > 1 else "") for label, said in zip(rows["label"], rows["said"])]

    fig = _chart(height=2.2 + 0.42 * len(rows))
    ax = fig.add_subplot()
    positions = np.arange(len(rows))
    due = pd.to_datetime(rows["deadline"]).to_numpy()
    now = np.datetime64(today, "D")
    ahead = rows["days_left"].to_numpy() >= 0
    ax.hlines(positions, now, due, color=np.where(ahead, "#9CC3E0", "#D9D9D9"), linewidth=2, zorder=1)
    ax.scatter(due[ahead], positions[ahead], s=70, color=PALETTE[0], zorder=3, gid="deadline-ahead",
               label="deadline ahead")
    ax.scatter(due[~ahead], positions[~ahead], s=70, facecolor="white", edgecolor="#808080", linewidth=1.6,
               zorder=3, gid="deadline-passed", label="deadline passed")
    # Beside the marker, away from its line to today: right of a deadline ahead, left of one passed.
    notes = [ax.annotate(f"{_day_label(day)} · {_time_left(int(days_left))}", (mdates.date2num(day), position),
                         xytext=(9 if days_left >= 0 else -9, 0), textcoords="offset points", va="center",
                         ha="left" if days_left >= 0 else "right", fontsize=9, color="#222222")
             for position, day, days_left in zip(positions, rows["deadline"], rows["days_left"])]
    ax.axvline(now, color=PALETTE[3], linestyle=(0, (4, 3)), linewidth=1.4, zorder=2)

    first, last = min(today, rows["deadline"].min()), max(today, rows["deadline"].max())
    span = max((last - first).days, 60)
    ax.set_xlim(first - datetime.timedelta(days=span * 0.06), last + datetime.timedelta(days=span * 0.04))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.set_yticks(positions, [_fit(label, 44) for label in labels])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_xlabel("Deadline: the last day by which the target is due")
    _tidy(ax, grid_axis="x")
    handles = [Line2D([], [], color=PALETTE[3], linestyle=(0, (4, 3)), label=f"today, {_day_label(today)}")]
    if ahead.any():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, color=PALETTE[0],
                              label="deadline ahead"))
    if not ahead.all():
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor="white",
                              markeredgecolor="#808080", markeredgewidth=1.6, label="deadline passed"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)

    default = "Deadlines ahead" if ahead.all() else "Targets and their deadlines"
    said = [f"{_count(len(rows) + hidden, 'target')} with a deadline{_documents(table)}"]
    if hidden:
        said.append(f"the {top} nearest today shown, {hidden} left out")
    _titles(fig, ax, title or default, "; ".join(said))
    _make_room(fig, ax, notes)
    return fig


# ---------------------------------------------------------------- labels


def metric_label(metric: object) -> str:
    """A metric for people: `defense_spending` → "defense spending"; none → "no metric".

    The taxonomy's own `other` (a figure it has no better name for) reads
    "other (unclassified)", apart from the "N other metrics" of a chart.
    """
    if _missing(metric):
        return "no metric"
    return "other (unclassified)" if metric == "other" else str(metric).replace("_", " ")


def actor_label(actor: object) -> str:
    """An actor for people: a country code becomes its English name (`KR` → "South Korea"), others stay."""
    if _missing(actor):
        return "no actor"
    actor = str(actor)
    return _territory_names().get(actor, actor) if len(actor) == 2 and actor.isupper() else actor


@functools.cache
def _territory_names() -> dict[str, str]:
    """English names of ISO 3166 codes (and EU) from CLDR, through babel; loaded on first use."""
    from babel import Locale

    names = dict(Locale.parse("en").territories)
    names.pop("ZZ", None)  # "Unknown Region"
    return names


def _plain_label(value: object) -> str:
    return "none" if _missing(value) else str(value)


def _fit(text: str, width: int = _LABEL_CHARS) -> str:
    """`text` on at most two lines of `width` characters, cut with "…" when longer."""
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
    if len(lines) <= 2:
        return "\n".join(lines)
    second = textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")
    if second == "…":
        second = " ".join(lines[1:])[: width - 1] + "…"
    return f"{lines[0]}\n{second}"


def _unbroken(surface: object, longest: int = 24) -> str:
    """A short surface with no-break spaces, so a wrapped label breaks before "$1.5 billion", not inside."""
    text = "" if _missing(surface) else str(surface)
    return text.replace(" ", "\u00a0") if len(text) <= longest else text


def _plain_number(value: float, _position: object = None) -> str:
    """A tick label: thousands separators, no exponent, no trailing zeros (1,500; 2.5; 0)."""
    if value == 0:
        return "0"
    decimals = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if decimals else text


def _amount(value: float) -> str:
    """A bar-end label: one decimal below 100, none above."""
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"


def _money_scale(largest: float) -> tuple[float, str]:
    """(divisor, word) for an axis whose largest amount is `largest`: billions, or the unit that fits."""
    for divisor, word in _SCALES:
        if largest >= divisor:
            return divisor, word
    return 1.0, "units"


# Label every `step` periods, a step from these, aligned on the calendar
# (months 1, 4, 7, 10 for a step of 3): the fewest that leave a label at most
# every _MAX_TICK_LABELS-th of the axis.
_STEPS = {"M": (1, 2, 3, 6, 12, 24, 60, 120), "Q": (1, 2, 4, 8, 20, 40), "Y": (1, 2, 5, 10, 20, 50, 100)}


def _labelled_periods(periods: pd.PeriodIndex) -> np.ndarray:
    """Positions of the periods that get a tick label: all of them, or a calendar-aligned few."""
    code = periods.freqstr[:1].replace("A", "Y")
    if len(periods) <= _MAX_TICK_LABELS:
        return np.arange(len(periods))
    number = {"M": periods.year * 12 + periods.month - 1, "Q": periods.year * 4 + periods.quarter - 1,
              "Y": periods.year}.get(code)
    if number is None:  # weeks, days: every k-th from the first
        return np.arange(0, len(periods), math.ceil(len(periods) / _MAX_TICK_LABELS))
    number = np.asarray(number)
    for step in _STEPS[code]:
        chosen = np.flatnonzero(number % step == 0)
        if len(chosen) <= _MAX_TICK_LABELS:
            return chosen
    return chosen


def _period_labels(periods: pd.PeriodIndex) -> list[str]:
    """Tick labels for these periods: "Mar", "Q2", with the year under the first label of each year."""
    code = periods.freqstr[:1]
    labels = []
    previous_year = None
    for period in periods:
        start = period.start_time
        new_year = start.year != previous_year
        previous_year = start.year
        if code in ("Y", "A"):
            labels.append(str(start.year))
        elif code == "M":
            labels.append(f"{start:%b}\n{start.year}" if new_year else f"{start:%b}")
        elif code == "Q":
            labels.append(f"Q{period.quarter}\n{start.year}" if new_year else f"Q{period.quarter}")
        else:
            labels.append(f"{start.day} {start:%b}\n{start.year}" if new_year else f"{start.day} {start:%b}")
    return labels


def _day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _time_left(days: int) -> str:
    """How far a deadline is: "in 34 days", "in 13 months", "passed 2 years ago"."""
    size = abs(days)
    if size < 62:
        amount = f"{size} day{'s' if size != 1 else ''}"
    elif size < 730:
        amount = f"{round(size / 30.44)} months"
    else:
        amount = f"{size / 365.25:.1f} years"
    if days == 0:
        return "due today"
    return f"in {amount}" if days > 0 else f"passed {amount} ago"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _documents(facts: pd.DataFrame) -> str:
    if "doc_id" not in facts.columns:
        return ""
    return f" in {_count(facts['doc_id'].nunique(), 'document')}"


def _published(facts: pd.DataFrame) -> str:
    """", published 3 Mar 2025 to 21 Oct 2025" for the dated rows of `facts` (empty without any)."""
    if "published" not in facts.columns:
        return ""
    days = _dates(facts["published"]).dropna()
    if days.empty:
        return ""
    first, last = min(days), max(days)
    if first == last:
        return f", published {_day_label(first)}"
    return f", published {_day_label(first)} to {_day_label(last)}"


def _no_money_message(facts: pd.DataFrame, table: pd.DataFrame, cur: str) -> str:
    if table.empty:
        kinds = sorted(set(_text(facts["kind"]).dropna())) if "kind" in facts.columns else []
        present = f" (the facts are: {', '.join(kinds)})" if kinds else " (no facts at all)"
        return f"nothing to plot: no money facts{present}"
    money, _, _ = _money_in(facts, cur)
    reasons = sorted(set(_text(money["fx_note"]).dropna()))
    why = f" ({'; '.join(reasons[:3])})" if reasons else ""
    return f"nothing to plot: none of the {len(money)} money facts has a {cur} value{why}"


# ---------------------------------------------------------------- layout


def _chart(height: float) -> Chart:
    return Chart(figsize=(_WIDTH, min(max(height, 3.2), 30.0)), layout="constrained", dpi=100)


def _titles(fig: Figure, ax, title: str, subtitle: str) -> None:
    """A bold title and a grey subtitle, both left-aligned above the plot.

    The subtitle is wrapped as narrow as needed to end above the axes, clear
    of a legend on the right: measured after a layout pass, since its room
    depends on the width of the tick labels.
    """
    fig.suptitle(_fit(title, 90), x=0.01, ha="left", fontsize=13.5, fontweight="bold")
    text = ax.set_title(subtitle, loc="left", fontsize=9.5, color=_MUTED, pad=10)
    width = 120
    for _ in range(5):
        lines = textwrap.wrap(subtitle, width)
        text.set_text("\n".join(lines))
        fig.draw_without_rendering()
        extent = text.get_window_extent()
        beside = [legend.get_window_extent() for legend in fig.legends]  # a legend as high as the subtitle
        room = min([ax.get_window_extent().x1] + [box.x0 for box in beside if box.y1 > extent.y0])
        room -= 0.02 * fig.bbox.width
        if extent.x1 <= room or width <= 20:
            return
        # Characters in proportion to the room, then measured again.
        width = max(20, min(width - 5, int(max(map(len, lines)) * (room - extent.x0) / extent.width)))


def _make_room(fig: Figure, ax, texts: list) -> None:
    """Widen the x axis until each of `texts` (labels at bar ends, beside markers) is inside the axes.

    Texts placed at data positions are not part of the constrained layout:
    without this the longest would run off the figure, or over the tick labels.
    """
    for _ in range(6):
        fig.draw_without_rendering()
        box = ax.get_window_extent()
        extents = [text.get_window_extent() for text in texts]
        over_right = max(extent.x1 for extent in extents) - (box.x1 - 4)
        over_left = (box.x0 + 4) - min(extent.x0 for extent in extents)
        if over_right <= 0 and over_left <= 0:
            return
        start, end = ax.get_xlim()
        per_pixel = (end - start) / box.width
        ax.set_xlim(start - max(over_left + 10, 0) * per_pixel, end + max(over_right + 10, 0) * per_pixel)


def _nearest(rows: pd.DataFrame, top: int) -> pd.DataFrame:
    """The `top` rows nearest today, in date order: the ones ahead (soonest first), then the latest passed."""
    if len(rows) <= top:
        return rows
    ahead = rows[rows["days_left"] >= 0]
    passed = rows[rows["days_left"] < 0]
    kept = pd.concat([ahead.head(top), passed.tail(max(0, top - len(ahead)))])
    return rows.loc[rows.index.isin(kept.index)]


def _tidy(ax, grid_axis: str) -> None:
    """Light grid along the value axis, no box, grey ticks."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#999999")
    ax.grid(axis=grid_axis, color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors="#333333", labelsize=9.5)


def _ranked(rows: pd.DataFrame, column: str, keep: int, rest: str) -> tuple[dict[str, str], str | None]:
    """(label → drawn label, the name of the rest): the `keep` labels with the largest `value` sums stay.

    The others are drawn as one, named `rest` with `{n}` their number (None
    when all are kept; a single extra label is kept rather than merged).
    The dict is ordered largest first, so its values in order are the draw
    order, the rest last.
    """
    sums = rows.groupby(column, sort=False)["value"].sum().sort_values(ascending=False, kind="stable")
    labels = list(sums.index)
    if len(labels) <= keep + 1:  # a rest of one label would only hide its name
        return {label: label for label in labels}, None
    kept, merged = labels[:keep], labels[keep:]
    name = rest.format(n=len(merged))
    return {**{label: label for label in kept}, **{label: name for label in merged}}, name


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _check_top(top: int) -> None:
    if not isinstance(top, int) or top < 1:
        raise InputError(f"top={top!r}: give a whole number of 1 or more")


def _as_day(value: datetime.date | str) -> datetime.date:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise InputError(f"{value!r} is not a date")
    return stamp.date()

