"""Answers from a facts frame: money by metric, a timeline, the deadlines ahead, conversion.

Plain functions over a pandas DataFrame with the facts columns, whichever
way it was read: `extract_frame` (Arrow dtypes), `pd.read_parquet` of a file
or of a dataset's `facts/` folder (numpy dtypes, categorical `kind` and
`metric`, an extra `published_month` column), `pd.read_csv` and
`pd.read_json` (dates as ISO strings), or a frame built by hand with only the
columns a function needs. Each function reads the columns it needs through
the same few normalizers (`_text`, `_days`, `_numbers`) and returns a new
frame; the input is never modified.

Money totals are in the frame's base currency (`value_usd`, `value_eur`…),
or in the currency asked for, converted here at the ECB rate of the
publication date when the frame lacks that column. A range (`$4-5 billion`)
counts at its low end, as `value` does.

`econfacts.accessor` puts these behind `df.econfacts`; `econfacts.plots`
draws them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from econfacts.errors import InputError
from econfacts.fx import fx_rates
from econfacts.schema import DEFAULT_BASE_CURRENCY, conversion_columns


def base_currency(facts: pd.DataFrame) -> str | None:
    """The currency of the frame's conversion columns (`value_usd` → "USD"), or None without any."""
    for name in facts.columns:
        if isinstance(name, str) and name.startswith("value_") and f"{name}_low" in facts.columns:
            return name.removeprefix("value_").upper()
    return None


def facts_of_kind(facts: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    """The rows whose `kind` is one of `kinds` (`"money"`, `"percent"`…), index kept."""
    _require(facts, "kind", needed_by="filtering by kind")
    return facts[_text(facts["kind"]).isin(kinds).to_numpy()]


def money_by_metric(facts: pd.DataFrame, currency: str | None = None,
                    by: Sequence[str] = ("metric", "actor")) -> pd.DataFrame:
    """One row per group of money facts (by default per metric and actor), largest total first.

    Columns: the `by` columns (null where the fact has none), `count` (money
    facts), `total_<cur>` and `median_<cur>` (null when none of the group's
    facts could be converted) and `unconverted` (facts without a rate: no
    publication date, or no ECB rate for the currency; `fx_note` says which).
    """
    by = list(by)
    _require(facts, "kind", *by, needed_by="money by metric")
    money, column, cur = _money_in(facts, currency)
    groups = pd.DataFrame({name: _text(money[name]) for name in by})
    groups["value"] = _numbers(money[column])
    grouped = groups.groupby(by, dropna=False, sort=False)["value"]
    total, median = f"total_{cur.lower()}", f"median_{cur.lower()}"
    table = pd.DataFrame({
        "count": grouped.size(),
        total: grouped.sum(min_count=1),
        median: grouped.median(),
    })
    table["unconverted"] = table["count"] - grouped.count()
    table = table.reset_index()
    return table.sort_values([total, "count"], ascending=False, na_position="last",
                             kind="stable").reset_index(drop=True)


def facts_timeline(facts: pd.DataFrame, freq: str = "M", by: str | None = None,
                   currency: str | None = None) -> pd.DataFrame:
    """Facts per publication period (and per `by` group), with the money total of each.

    Columns: `period` (a pandas Period of `freq`: "M", "Q", "Y", "W", "D"),
    the `by` column when given (groups ordered by their number of facts),
    `count` and `total_<cur>` (the money facts of the row, converted; 0 when
    it has none). Every period from the first to the last is there, with
    zeros for a period in which nothing was published, so a chart shows the
    gaps. Facts without a publication date are left out.
    """
    _require(facts, "published", needed_by="a timeline")
    if by is not None:
        _require(facts, by, needed_by=f"a timeline by {by}")
    cur = _currency(facts, currency)
    total = f"total_{cur.lower()}"
    days = _days(facts["published"])
    dated = days.notna().to_numpy()
    try:
        periods = pd.PeriodIndex(days[dated].dt.to_period(freq))
    except (ValueError, TypeError):
        raise InputError(f"freq {freq!r} is not a period frequency; use M, Q, Y, W or D") from None
    columns = ["period", *([by] if by else []), "count", total]
    if not dated.any():
        dtypes = {"period": periods.dtype, "count": "int64", total: "float64"}
        return pd.DataFrame({name: pd.Series(dtype=dtypes.get(name, object)) for name in columns})

    values = _money_values(facts[dated], cur)
    groups = _text(facts[by])[dated] if by else pd.Series([None] * int(dated.sum()), dtype=object)
    codes, labels = pd.factorize(groups, use_na_sentinel=False)
    ordinals = periods.asi8
    first = ordinals.min()
    n_periods, n_groups = int(ordinals.max() - first + 1), len(labels)
    counts = np.zeros((n_periods, n_groups), dtype=np.int64)
    totals = np.zeros((n_periods, n_groups))
    np.add.at(counts, (ordinals - first, codes), 1)
    np.add.at(totals, (ordinals - first, codes), values.to_numpy())
    order = np.argsort(-counts.sum(axis=0), kind="stable")
    timeline = pd.DataFrame({
        "period": pd.period_range(start=periods.min(), periods=n_periods, freq=periods.freq).repeat(n_groups),
        "group": np.tile(np.asarray(labels, dtype=object)[order], n_periods),
        "count": counts[:, order].ravel(),
        total: totals[:, order].ravel(),
    })
    if by:
        return timeline.rename(columns={"group": by})[columns]
    return timeline[columns]


def deadlines_ahead(facts: pd.DataFrame, after: datetime.date | str | None = None,
                    today: datetime.date | str | None = None) -> pd.DataFrame:
    """The facts with a deadline (targets, pledges), soonest first, with the days left until each.

    Columns: `metric`, `actor`, `surface`, `deadline` (a date), `days_left`
    (from `today`, default the current date; negative once past), `kind`,
    `value`, `unit`, `role`, `doc_id`, `published`, `fact_id` (null where the
    frame lacks the column). `after` keeps the deadlines on or after that
    date: `after=date.today()` leaves out those already past.
    """
    _require(facts, "deadline", needed_by="deadlines")
    today = _as_date(today, "today") if today is not None else datetime.date.today()
    due = _days(facts["deadline"])
    keep = due.notna()
    if after is not None:
        keep &= due >= pd.Timestamp(_as_date(after, "after"))
    keep = keep.to_numpy()
    rows, due = facts[keep], due[keep]

    def column(name: str) -> pd.Series:
        if name not in rows.columns:
            return pd.Series([None] * len(rows), index=rows.index, dtype=object)
        return _numbers(rows[name]) if name == "value" else _text(rows[name])

    table = pd.DataFrame({
        "metric": column("metric"),
        "actor": column("actor"),
        "surface": column("surface"),
        "deadline": due.dt.date,
        "days_left": (due - pd.Timestamp(today)).dt.days.astype("int64"),
        "kind": column("kind"),
        "value": column("value"),
        "unit": column("unit"),
        "role": column("role"),
        "doc_id": column("doc_id"),
        "published": _dates(rows["published"]) if "published" in rows.columns else column("published"),
        "fact_id": column("fact_id"),
    })
    return table.sort_values(["deadline", "metric", "actor", "surface"], na_position="last",
                             kind="stable").reset_index(drop=True)


def with_conversion(facts: pd.DataFrame, currency: str = DEFAULT_BASE_CURRENCY) -> pd.DataFrame:
    """A copy of `facts` whose money is converted to `currency` at the ECB rate of its publication date.

    Fills `value_<cur>`, `value_<cur>_low`, `value_<cur>_high`, `fx_rate`,
    `fx_date` and `fx_note` as `extract_frame(..., base_currency=currency)`
    would have: for every money row of a frame without them (built by hand,
    or extracted with another base, whose conversion columns are replaced),
    and for the money rows never converted (value and note both null) of a
    frame that has them. Needs `kind`, `value` and `unit`; `value_low`,
    `value_high` and `published` are used when present (without a date,
    `fx_note` says so). Each distinct (currency, day) pair is quoted once.
    The new columns are Arrow-backed when `value` is.
    """
    rates = fx_rates(currency)
    cur = rates.base
    _require(facts, "kind", "value", "unit", needed_by=f"converting money to {cur}")
    names = dict(zip(("value", "value_low", "value_high"), conversion_columns(cur)))
    previous = base_currency(facts)
    result = facts.copy()
    if previous is not None and previous != cur:
        result = result.drop(columns=list(conversion_columns(previous)))
        for name in ("fx_rate", "fx_date", "fx_note"):
            if name in result.columns:
                result[name] = None
    money = (_text(facts["kind"]) == "money").to_numpy()
    todo = money & _null(result, names["value"]) & _null(result, "fx_note")

    units = _text(facts["unit"])[todo]
    days = (_days(facts["published"])[todo] if "published" in facts.columns
            else pd.Series(pd.NaT, index=units.index, dtype="datetime64[ns]"))
    pairs = pd.DataFrame({"unit": units.to_numpy(dtype=object), "day": days.to_numpy()})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    quotes = [rates.quote(unit.upper() if isinstance(unit, str) else None, None if pd.isna(day) else day.date())
              for unit, day in zip(distinct["unit"], distinct["day"])]
    distinct["rate"] = np.array([np.nan if q.rate is None else q.rate for q in quotes], dtype=float)
    distinct["rate_date"] = pd.Series([q.rate_date for q in quotes], dtype=object)
    distinct["note"] = pd.Series([q.note for q in quotes], dtype=object)
    quoted = pairs.merge(distinct, how="left", on=["unit", "day"])

    arrow = isinstance(facts["value"].dtype, pd.ArrowDtype)
    filled: dict[str, pd.Series] = {}
    for source, target in names.items():
        values = _float_column(result, target)
        if source in facts.columns:
            values[todo] = _numbers(facts[source])[todo].to_numpy() * quoted["rate"].to_numpy()
        filled[target] = _series(values, facts.index, pa.float64(), arrow)
    rate = _float_column(result, "fx_rate")
    rate[todo] = quoted["rate"].to_numpy()
    filled["fx_rate"] = _series(rate, facts.index, pa.float64(), arrow)
    for target, source, dtype in (("fx_date", "rate_date", pa.date32()), ("fx_note", "note", pa.string())):
        values = _object_column(result, target, dates=target == "fx_date")
        values[todo] = quoted[source].to_numpy(dtype=object)
        filled[target] = _series(values, facts.index, dtype, arrow)
    return _put_columns(result, filled, after="published")


# ---------------------------------------------------------------- helpers


def _money_in(facts: pd.DataFrame, currency: str | None) -> tuple[pd.DataFrame, str, str]:
    """(the money rows, their converted-value column, its currency), converting when the column is missing."""
    cur = _currency(facts, currency)
    money = facts_of_kind(facts, "money")
    column = conversion_columns(cur)[0]
    if column not in money.columns:
        money = with_conversion(money, cur)
    return money, column, cur


def _money_values(facts: pd.DataFrame, cur: str) -> pd.Series:
    """The converted value of each money row, 0.0 for the other rows and the unconverted ones."""
    column = conversion_columns(cur)[0]
    values = pd.Series(0.0, index=facts.index)
    if "kind" not in facts.columns:
        return values
    money = (_text(facts["kind"]) == "money").to_numpy()
    if not money.any():
        return values
    converted = facts if column in facts.columns else with_conversion(facts[money], cur)
    values[money] = _numbers(converted[column]).reindex(facts.index[money]).fillna(0.0).to_numpy()
    return values


def _currency(facts: pd.DataFrame, currency: str | None) -> str:
    return (currency or base_currency(facts) or DEFAULT_BASE_CURRENCY).upper()


def _require(facts: pd.DataFrame, *names: str, needed_by: str) -> None:
    missing = [name for name in names if name not in facts.columns]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        raise InputError(f"the facts have no column {listed}, needed for {needed_by}; their columns: "
                         f"{', '.join(map(str, facts.columns)) or 'none'}")


def _text(series: pd.Series) -> pd.Series:
    """The values as Python objects (str), None where missing: one form for string, category and Arrow columns."""
    return series.astype(object).where(series.notna().to_numpy(), None)


def _days(series: pd.Series) -> pd.Series:
    """The values as timestamps at midnight (NaT where missing or not a date): dates, strings or datetimes."""
    if isinstance(series.dtype, pd.ArrowDtype) or pd.api.types.is_datetime64_any_dtype(series.dtype):
        days = pd.to_datetime(series, errors="coerce")
    else:
        days = pd.to_datetime(series.astype(object), errors="coerce", format="mixed")
    if getattr(days.dt, "tz", None) is not None:
        days = days.dt.tz_localize(None)
    return days.dt.normalize()


def _dates(series: pd.Series) -> pd.Series:
    """The values as `datetime.date` objects, None where missing or not a date."""
    days = _days(series)
    return days.dt.date.astype(object).where(days.notna().to_numpy(), None)


def _numbers(series: pd.Series) -> pd.Series:
    """The values as numpy float64, NaN where missing."""
    return pd.to_numeric(series, errors="coerce").astype("float64")


def _as_date(value: object, name: str) -> datetime.date:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise InputError(f"{name}={value!r} is not a date")
    return stamp.date()


def _null(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    return frame[name].isna().to_numpy()


def _float_column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A writable float copy of a column, all NaN when the frame lacks it."""
    if name not in frame.columns:
        return np.full(len(frame), np.nan)
    return _numbers(frame[name]).to_numpy(copy=True)


def _object_column(frame: pd.DataFrame, name: str, dates: bool) -> np.ndarray:
    """A writable object copy of a column (dates as `datetime.date`), None where missing."""
    if name not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    series = _dates(frame[name]) if dates else _text(frame[name])
    return series.to_numpy(dtype=object, copy=True)


def _series(values: np.ndarray, index: pd.Index, dtype: pa.DataType, arrow: bool) -> pd.Series:
    """A column for the result: Arrow-backed like an `extract_frame` frame, or plain numpy/object."""
    if arrow:
        array = pa.array(values, type=dtype, from_pandas=True)
        return pd.Series(array, index=index, dtype=pd.ArrowDtype(dtype))
    if pa.types.is_floating(dtype):
        return pd.Series(values, index=index, dtype="float64")
    if pa.types.is_string(dtype):
        return pd.Series(values, index=index)  # pandas' own string dtype when it has one
    return pd.Series(values, index=index, dtype=object)


def _put_columns(frame: pd.DataFrame, columns: dict[str, pd.Series], after: str) -> pd.DataFrame:
    """`frame` with `columns` replaced in place, or inserted in order after `after` (or at the end)."""
    position = frame.columns.get_loc(after) + 1 if after in frame.columns else len(frame.columns)
    for name, series in columns.items():
        if name in frame.columns:
            frame[name] = series
            position = frame.columns.get_loc(name) + 1
        else:
            frame.insert(position, name, series)
            position += 1
    return frame
