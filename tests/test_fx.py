"""Tests of econfacts.fx: quotes at the ECB rate of the publication date.

The expected rates come from `currencyconverter` itself, asked for the exact
date the quote should use. This makes each test check only which day and
which pair `FxRates` chose. Dates near the end of the bundled data are worked
out from the data, so an update of the package does not break the tests.
"""

from __future__ import annotations

import datetime as dt
import socket

import currency_converter.currency_converter as cc_module
import pytest
from currency_converter import CurrencyConverter
from hypothesis import given, settings
from hypothesis import strategies as st

from econfacts.errors import EconfactsError
from econfacts.fx import FxQuote, FxRates, _converter, fx_rates

D = dt.date
WED = D(2024, 5, 15)
SAT, SUN = D(2024, 5, 18), D(2024, 5, 19)
FRI = D(2024, 5, 17)
EASTER_MONDAY = D(2024, 4, 1)  # Good Friday and Easter Monday are TARGET holidays
MAUNDY_THURSDAY = D(2024, 3, 28)


@pytest.fixture(scope="module")
def oracle() -> CurrencyConverter:
    """An independent converter, loaded apart from econfacts' shared one."""
    return CurrencyConverter()


# --- A rate found: (currency, base, day, the ECB date it must come from) -------------------

FOUND = [
    pytest.param("JPY", "USD", WED, WED, id="weekday-same-day"),
    pytest.param("JPY", "USD", SAT, FRI, id="saturday-takes-friday"),
    pytest.param("JPY", "USD", SUN, FRI, id="sunday-takes-friday"),
    pytest.param("GBP", "USD", EASTER_MONDAY, MAUNDY_THURSDAY, id="easter-takes-thursday"),
    pytest.param("EUR", "USD", WED, WED, id="euro-into-dollars"),
    pytest.param("USD", "EUR", WED, WED, id="dollars-into-euro"),
    pytest.param("GBP", "EUR", SAT, FRI, id="euro-base-saturday"),
    pytest.param("CNY", "JPY", WED, WED, id="cross-rate"),
    pytest.param("JPY", "eur", WED, WED, id="lower-case-base"),
]


@pytest.mark.parametrize("currency, base, day, rate_date", FOUND)
def test_quote_uses_the_nearest_earlier_ecb_day(oracle, currency, base, day, rate_date):
    quote = FxRates(base).quote(currency, day)
    expected = oracle.convert(1, currency, base.upper(), date=rate_date)
    assert quote == FxQuote(expected, rate_date, None)


@pytest.mark.parametrize("day", [WED, None], ids=["dated", "undated"])
def test_base_itself_is_one_without_a_rate(day):
    assert fx_rates("JPY").quote("JPY", day) == FxQuote(1.0, None, None)


def test_a_timestamp_counts_as_its_date(oracle):
    quote = fx_rates().quote("JPY", dt.datetime(2024, 5, 18, 23, 30))
    assert quote == FxQuote(oracle.convert(1, "JPY", "USD", date=FRI), FRI, None)


# --- No rate: (currency, base, max_gap_days, day, note) ------------------------------------

NO_RATE = [
    pytest.param("JPY", "USD", 7, None, "no publication date", id="no-date"),
    pytest.param(None, "USD", 7, WED, "no currency", id="no-currency"),
    pytest.param("KPW", "USD", 7, WED, "no ECB rate for KPW", id="north-korean-won"),
    pytest.param("VND", "USD", 7, WED, "no ECB rate for VND", id="dong"),
    pytest.param("XAU", "USD", 7, WED, "no ECB rate for XAU", id="gold"),
    pytest.param("JPY", "USD", 7, D(1990, 6, 1),
                 "no ECB rate for JPY on or within 7 days before 1990-06-01 "
                 "(bundled rates for JPY: 1999-01-04 to {JPY_LAST})", id="before-the-euro"),
    pytest.param("CNY", "USD", 7, D(2004, 6, 2),
                 "no ECB rate for CNY on or within 7 days before 2004-06-02 "
                 "(bundled rates for CNY: 2005-04-01 to {CNY_LAST})", id="before-ecb-quoted-yuan"),
    pytest.param("RUB", "USD", 7, D(2024, 5, 15),
                 "no ECB rate for RUB on or within 7 days before 2024-05-15 "
                 "(bundled rates for RUB: 2005-04-01 to 2022-03-01)", id="rouble-suspended-2022"),
    pytest.param("JPY", "USD", 1, SUN,
                 "no ECB rate for JPY on or within 1 days before 2024-05-19 "
                 "(bundled rates for JPY: 1999-01-04 to {JPY_LAST})", id="weekend-longer-than-gap"),
    pytest.param("JPY", "ISK", 7, D(2012, 5, 2),
                 "no ECB rate for ISK on or within 7 days before 2012-05-02 "
                 "(bundled rates for ISK: 1999-01-04 to {ISK_LAST})", id="base-is-the-missing-side"),
]


@pytest.mark.parametrize("currency, base, max_gap_days, day, note", NO_RATE)
def test_no_rate_says_why(oracle, currency, base, max_gap_days, day, note):
    lasts = {f"{code}_LAST": oracle.bounds[code].last_date for code in ("JPY", "CNY", "ISK")}
    quote = FxRates(base, max_gap_days).quote(currency, day)
    assert quote == FxQuote(None, None, note.format(**lasts))


@pytest.mark.parametrize("currency", ["JPY", "EUR"])
def test_no_rate_more_than_the_gap_after_the_bundled_data(oracle, currency):
    last = oracle.bounds["USD"].last_date
    day = last + dt.timedelta(days=8)
    missing = "JPY" if currency == "JPY" else "USD"  # the euro itself always has a rate
    assert fx_rates().quote(currency, day).note == (
        f"no ECB rate for {missing} on or within 7 days before {day} "
        f"(bundled rates for {missing}: {oracle.bounds[missing].first_date} to {last})"
    )


def test_the_last_bundled_rate_still_serves_the_week_after(oracle):
    last = oracle.bounds["JPY"].last_date
    assert fx_rates().quote("JPY", last + dt.timedelta(days=7)).rate_date == last


# --- Construction and sharing --------------------------------------------------------------


@pytest.mark.parametrize("base", ["XYZ", "KPW", "", "us dollar"])
def test_unknown_base_is_a_user_error_listing_the_choices(base):
    with pytest.raises(ValueError, match=r"use one of AUD, .*EUR, .*USD") as raised:
        FxRates(base)
    assert isinstance(raised.value, EconfactsError)
    assert raised.value.currency == base


def test_negative_gap_is_refused():
    with pytest.raises(ValueError, match="max_gap_days"):
        FxRates("USD", max_gap_days=-1)


def test_shared_rates_one_per_base_in_any_case():
    assert fx_rates("usd") is fx_rates("USD") is fx_rates()
    assert fx_rates("EUR") is not fx_rates("USD")
    assert fx_rates("EUR").base == "EUR"


def test_quotes_are_cached():
    rates = FxRates("USD")
    assert rates.quote("JPY", SAT) is rates.quote("JPY", SAT)


def test_bundled_rates_load_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(cc_module, "urlopen", refuse)
    converter = _converter.__wrapped__()
    assert {"USD", "EUR", "JPY"} <= converter.currencies


# --- Properties -----------------------------------------------------------------------------

CURRENCIES = ["USD", "EUR", "JPY", "GBP", "CNY", "INR", "BRL", "RUB", "BGN", "ISK", "KPW"]


@settings(max_examples=300, deadline=None)
@given(
    currency=st.sampled_from(CURRENCIES),
    base=st.sampled_from(["USD", "EUR", "ISK"]),
    day=st.dates(D(2000, 1, 1), D(2025, 12, 31)),
)
def test_a_quote_is_a_recent_positive_rate_or_says_why(oracle, currency, base, day):
    quote = fx_rates(base).quote(currency, day)
    if quote.rate is None:
        assert quote.rate_date is None and quote.note
    elif currency == base:
        assert quote == FxQuote(1.0, None, None)
    else:
        assert isinstance(quote.rate, float) and quote.rate > 0 and quote.note is None
        assert dt.timedelta(0) <= day - quote.rate_date <= dt.timedelta(days=7)
        assert quote.rate == oracle.convert(1, currency, base, date=quote.rate_date)
