"""`df.econfacts`: the analysis helpers on any pandas frame of facts.

Registered when `econfacts` is imported. Every method returns a new frame
(or a matplotlib Figure) and leaves the frame alone; each one is a thin call
to `econfacts.analysis` or `econfacts.plots`, where the rules are written
down. The plots module (and matplotlib) is imported on the first plot only.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pandas as pd

from econfacts import analysis

if TYPE_CHECKING:  # matplotlib is imported by the first plot, not by `import econfacts`
    from matplotlib.figure import Figure


@pd.api.extensions.register_dataframe_accessor("econfacts")
class FactsAccessor:
    """Filters, summaries, conversion and charts for a frame of facts.

    Works on `econfacts.extract_frame` output and on `pd.read_parquet` /
    `read_csv` / `read_json` of a facts file or dataset, with Arrow or numpy
    dtypes::

        facts = pd.read_parquet("feeds/econ/facts")
        facts.econfacts.money().econfacts.by_metric().head()
    """

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame

    @property
    def base_currency(self) -> str | None:
        """The currency of the conversion columns (`value_usd` → "USD"); None when there are none.

        >>> facts.econfacts.base_currency
        'USD'
        """
        return analysis.base_currency(self._frame)

    def kind(self, *kinds: str) -> pd.DataFrame:
        """The facts of these kinds: money, percent, multiplier, quantity, date.

        >>> facts.econfacts.kind("percent", "multiplier")
        """
        return analysis.facts_of_kind(self._frame, *kinds)

    def money(self) -> pd.DataFrame:
        """The money facts.

        >>> facts.econfacts.money()[["surface", "value", "unit", "value_usd"]]
        """
        return analysis.facts_of_kind(self._frame, "money")

    def percent(self) -> pd.DataFrame:
        """The percent facts (unit `%`, or `pp` for points).

        >>> facts.econfacts.percent().query("metric == 'interest_rate'")
        """
        return analysis.facts_of_kind(self._frame, "percent")

    def by_metric(self, currency: str | None = None, by: tuple[str, ...] = ("metric", "actor")) -> pd.DataFrame:
        """Money per metric and actor: count, total and median in the base currency, largest total first.

        `currency` defaults to the frame's base currency; another one is
        converted at the ECB rate of each publication date. `unconverted`
        counts the figures left out of the totals for lack of a rate.

        >>> facts.econfacts.by_metric().head()
                  metric actor  count     total_usd    median_usd  unconverted
        0  trade_balance    US      2  3.385000e+11  1.692500e+11            0
        >>> facts.econfacts.by_metric(by=("actor",))
        """
        return analysis.money_by_metric(self._frame, currency=currency, by=by)

    def timeline(self, freq: str = "M", by: str | None = None, currency: str | None = None) -> pd.DataFrame:
        """Facts per publication period (M, Q, Y, W, D), optionally per kind/metric/actor, with money totals.

        Every period from the first to the last is a row, zero where nothing
        was published; undated facts are left out.

        >>> facts.econfacts.timeline("Q", by="kind").pivot(index="period", columns="kind", values="count")
        """
        return analysis.facts_timeline(self._frame, freq=freq, by=by, currency=currency)

    def deadlines(self, after: datetime.date | str | None = None,
                  today: datetime.date | str | None = None) -> pd.DataFrame:
        """Targets with a deadline, soonest first: metric, actor, surface, deadline, days_left…

        `after` keeps the deadlines on or after a date; `today` (default:
        the current date) is what `days_left` counts from.

        >>> facts.econfacts.deadlines(after=date.today())[["metric", "actor", "surface", "deadline", "days_left"]]
        """
        return analysis.deadlines_ahead(self._frame, after=after, today=today)

    def to_usd(self) -> pd.DataFrame:
        """The frame with money in US dollars: value_usd (low, high), fx_rate, fx_date, fx_note.

        Fills what is missing at the ECB rate of each publication date, one
        look-up per (currency, day): all money rows of a frame extracted with
        another base currency (whose value_eur… columns it replaces) or built
        by hand, and the never-converted rows of a frame in dollars.

        >>> pd.read_parquet("facts_eur.parquet").econfacts.to_usd()["value_usd"].sum()
        """
        return analysis.with_conversion(self._frame, "USD")

    def plot_by_metric(self, by: str = "metric", top: int = 10, currency: str | None = None,
                       title: str | None = None) -> Figure:
        """Money per metric (or actor) as horizontal bars stacked by actor (or metric); see `econfacts.plots`.

        >>> facts.econfacts.plot_by_metric(top=8).savefig("money.png", dpi=150)
        """
        from econfacts import plots

        return plots.plot_by_metric(self._frame, by=by, top=top, currency=currency, title=title)

    def plot_timeline(self, freq: str = "M", by: str | None = "kind", value: str = "count", top: int = 6,
                      currency: str | None = None, title: str | None = None) -> Figure:
        """Figures (`value="count"`) or money (`"total"`) per publication period, stacked by `by`.

        >>> facts.econfacts.plot_timeline(by="metric", value="total")
        """
        from econfacts import plots

        return plots.plot_timeline(self._frame, freq=freq, by=by, value=value, top=top, currency=currency,
                                   title=title)

    def plot_deadlines(self, today: datetime.date | str | None = None, after: datetime.date | str | None = None,
                       top: int = 25, title: str | None = None) -> Figure:
        """The targets with a deadline on a time line, with a line for today.

        >>> facts.econfacts.plot_deadlines(after="2026-01-01")
        """
        from econfacts import plots

        return plots.plot_deadlines(self._frame, today=today, after=after, top=top, title=title)
