"""Money, end to end through `econfacts.extract`.

Each row is a sentence written for these tests and the money facts it must
yield, in order: every money fact of the sentence is listed, so a spurious
extra figure fails the row too. Only the fields a row gives are checked.
"""

from __future__ import annotations

import pytest

import econfacts


def money(surface: str, value: float, unit: str, **fields) -> dict:
    """An expected money fact."""
    return {"surface": surface, "value": value, "unit": unit, **fields}


def row(sentence: str, *expected: dict, id: str, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(sentence, list(expected), id=id, marks=marks)


def check_money(sentence: str, expected: list[dict]) -> None:
    found = [f for f in econfacts.extract(sentence) if f.kind == "money"]
    assert [f.surface for f in found] == [e["surface"] for e in expected]
    for fact, wanted in zip(found, expected):
        for name, value in wanted.items():
            got = getattr(fact, name)
            if isinstance(value, float | int) and not isinstance(value, bool):
                assert got == pytest.approx(value), f"{fact.surface}: {name}"
            else:
                assert got == value, f"{fact.surface}: {name}"


# --- Symbols and codes -------------------------------------------------------------------

SYMBOLS = [
    row("The trade deficit widened to $68.9 billion in March.",
        money("$68.9 billion", 68.9e9, "USD"), id="dollar-billion"),
    row("Shipments to Vietnam were worth US$12.4 billion last year.",
        money("US$12.4 billion", 12.4e9, "USD"), id="us-dollar"),
    row("The miner posted an underlying profit of A$3.2 billion.",
        money("A$3.2 billion", 3.2e9, "AUD"), id="australian-dollar"),
    row("Ottawa will spend C$1.1 billion on new ferries.",
        money("C$1.1 billion", 1.1e9, "CAD"), id="canadian-dollar"),
    row("The developer booked HK$7.8 billion of contracted sales.",
        money("HK$7.8 billion", 7.8e9, "HKD"), id="hong-kong-dollar"),
    row("Singapore's wealth fund put S$900 million into the project.",
        money("S$900 million", 900e6, "SGD"), id="singapore-dollar"),
    row("The chipmaker plans a NT$300 billion expansion in Kaohsiung.",
        money("NT$300 billion", 300e9, "TWD"), id="taiwan-dollar"),
    row("Brussels approved a €4.5 billion state aid package.",
        money("€4.5 billion", 4.5e9, "EUR"), id="euro-sign"),
    row("The retailer reported weekly sales of £2.7m.",
        money("£2.7m", 2.7e6, "GBP"), id="pound-sign-attached-m"),
    row("The robotics startup closed a $13.6M Series B round.",
        money("$13.6M", 13.6e6, "USD"), id="attached-capital-M"),
    row("Toyota set aside ¥500 billion for battery plants.",
        money("¥500 billion", 500e9, "JPY"), id="bare-yen-sign-is-jpy"),
    row("Seoul earmarked ₩26 trillion to support chipmakers.",
        money("₩26 trillion", 26e12, "KRW"), id="won-sign"),
    row("The rail upgrade will cost ₹8,000 crore.",
        money("₹8,000 crore", 8e10, "INR"), id="rupee-sign-crore"),
    row("The port project will cost Rs 500 crore.",
        money("Rs 500 crore", 5e9, "INR"), id="rs-crore"),
    row("Petrobras expects R$ 70 billion in capital spending.",
        money("R$ 70 billion", 70e9, "BRL"), id="brazilian-real"),
    row("The lender must hold USD 5bn in reserves.",
        money("USD 5bn", 5e9, "USD"), id="code-before"),
    row("Pension funds poured 5bn EUR into green bonds.",
        money("5bn EUR", 5e9, "EUR"), id="code-after"),
    row("The fund manages $3.5 tn in assets.",
        money("$3.5 tn", 3.5e12, "USD"), id="tn"),
    row("Each school gets a grant of $40k.",
        money("$40k", 40e3, "USD"), id="attached-k"),
    row("The buyout values the insurer at $2.5b.",
        money("$2.5b", 2.5e9, "USD"), id="attached-b"),
    row("The levy brought in £250mn last year.",
        money("£250mn", 250e6, "GBP"), id="mn"),
    row("Gold climbed to a record $2,450 an ounce.",
        money("$2,450", 2450, "USD"), id="grouped-digits-no-scale"),
]

# --- Currency names and number words ---------------------------------------------------

NAMES = [
    row("The carmaker booked a charge of 90 billion yen.",
        money("90 billion yen", 90e9, "JPY"), id="yen"),
    row("Exports to Korea reached 12 trillion won.",
        money("12 trillion won", 12e12, "KRW"), id="won"),
    row("Beijing unveiled a 500 billion yuan infrastructure fund.",
        money("500 billion yuan", 500e9, "CNY"), id="yuan"),
    row("The central bank injected 300 billion renminbi into markets.",
        money("300 billion renminbi", 300e9, "CNY"), id="renminbi"),
    row("The scheme pays 35 lakh rupees per household.",
        money("35 lakh rupees", 3.5e6, "INR"), id="lakh-rupees"),
    row("The fund has 2 billion pounds sterling under management.",
        money("2 billion pounds sterling", 2e9, "GBP"), id="pounds-sterling"),
    row("Shareholders will get 3 billion euros in dividends.",
        money("3 billion euros", 3e9, "EUR"), id="euros"),
    row("The food group earned 11 billion Swiss francs.",
        money("11 billion Swiss francs", 11e9, "CHF"), id="swiss-francs"),
    row("The club paid 5 million pounds for the striker.",
        money("5 million pounds", 5e6, "GBP"), id="pounds-after-scale-are-sterling"),
    row("The estate sold for 5,000 pounds in London.",
        money("5,000 pounds", 5000, "GBP"), id="pounds-in-british-context"),
    row("Congress approved two billion dollars in disaster aid.",
        money("two billion dollars", 2e9, "USD"), id="number-words"),
    row("The plan would cost a trillion dollars over a decade.",
        money("a trillion dollars", 1e12, "USD"), id="a-trillion"),
    row("The agency has half a billion dollars left to spend.",
        money("half a billion dollars", 5e8, "USD"), id="half-a-billion"),
    row("Retail sales at the mall hit 450 thousand dollars.",
        money("450 thousand dollars", 450e3, "USD"), id="thousand"),
    row("The parking fine came to thirteen dollars and forty-five cents.",
        money("thirteen dollars and forty-five cents", 13.45, "USD"), id="dollars-and-cents-in-words"),
    row("The tariff adds 50 cents to the price of each gallon.",
        money("50 cents", 0.5, "USD"), id="cents"),
    row("Shares in the grocer closed at 164p.",
        money("164p", 1.64, "GBP"), id="pence"),
    row("Turnover rose to 1,25,000 rupees.",
        money("1,25,000 rupees", 125_000, "INR"), id="indian-grouping"),
]

# --- Qualified figures, ranges and conversions ---------------------------------------------

SHAPES = [
    row("The group's buyback programme has reached $1.2 trillion-plus.",
        money("$1.2 trillion-plus", 1.2e12, "USD", qualifier="more_than"), id="trillion-plus"),
    row("Analysts expect a $4-5 billion writedown.",
        money("$4-5 billion", 4e9, "USD", value_low=4e9, value_high=5e9), id="range-shared-scale"),
    row("Brent traded between $62 and $68 a barrel.",
        money("$62 and $68", 62, "USD", value_low=62, value_high=68), id="range-between-and"),
    row("The bailout could cost $10 to $15 billion.",
        money("$10 to $15 billion", 10e9, "USD", value_low=10e9, value_high=15e9), id="range-scale-on-high-end"),
    row("The deal is valued at 10.5 million Australian dollars ($7.5 million).",
        money("10.5 million Australian dollars", 10.5e6, "AUD"),
        money("$7.5 million", 7.5e6, "USD"), id="both-sided-conversion"),
    row("Siemens agreed a €2.3bn ($2.5bn) takeover.",
        money("€2.3bn", 2.3e9, "EUR"), money("$2.5bn", 2.5e9, "USD"), id="both-sided-symbols"),
    row("Losses at the unit widened to $-50.8bn.",
        money("$-50.8bn", -50.8e9, "USD"), id="negative-after-symbol"),
]

# --- The yen sign: JPY unless the sentence speaks of China ---------------------------------

YEN_SIGN = [
    row("Shanghai lenders extended ¥2 trillion in new yuan loans.",
        money("¥2 trillion", 2e12, "CNY"), id="yen-sign-in-chinese-context-is-cny"),
    row("China's exports grew to ¥3.4 trillion in the quarter.",
        money("¥3.4 trillion", 3.4e12, "CNY"), id="yen-sign-with-china-is-cny"),
    row("Both China and Japan pledged ¥1 trillion each.",
        money("¥1 trillion", 1e12, "JPY"), id="yen-sign-with-china-and-japan-stays-jpy"),
    row("Exports to Japan were worth Y=100 billion.",
        money("Y=100 billion", 100e9, "JPY"), id="unidecode-yen"),
    row("The club's debt stands at PS 5 million.",
        money("PS 5 million", 5e6, "GBP"), id="unidecode-pound"),
]

# --- Not money ------------------------------------------------------------------------

NOT_MONEY = [
    row("The heavyweight weighed in at 208 pounds on Friday.", id="pounds-as-weight"),
    row("Farmers shipped 3 million pounds of beef to Japan.", id="pounds-of-beef"),
    row("Nearly 2 million pounds of pork were recalled.", id="pounds-of-pork"),
    row("The trade talks resume at 5 p.m. in Geneva.", id="five-pm-is-not-pence"),
    row("Sony has sold 50 million PS5 consoles.", id="ps5-is-a-console"),
    row("The R2 crossover goes on sale in spring.", id="r2-is-a-model"),
    row("The rupee slid to 83.5 per dollar.", id="exchange-rate-per-dollar"),
    row("Alphabet shares were flat in New York.", id="no-figure"),
]

# --- Bugs caught (kept as regressions) ------------------------------------------------

BUGS_CAUGHT = [
    row("The semiconductor plant will cost USD115 million.",
        money("USD115 million", 115e6, "USD"), id="code-glued-to-digits"),
    row("A subsidy of Rs. 45,000 per tractor was announced.",
        money("Rs. 45,000", 45_000, "INR"), id="rs-dot"),
]

# --- Bugs caught (were strict xfails until fixed) ------------------------------------

BUGS_FIXED = [
    row("Shares closed down 12 p at 1112 p.", money("12 p", 0.12, "GBP"), money("1112 p", 11.12, "GBP"),
        id="pence-divide-exactly"),
    row("Seoul earmarked 2.5 trln won for chip plants.", money("2.5 trln won", 2.5e12, "KRW"), id="trln"),
    row("Imports cost £ 4,000.00 £ 5,250.50 in the two months.",
        money("£ 4,000.00", 4000, "GBP"), money("£ 5,250.50", 5250.5, "GBP"), id="sign-before-the-next-figure"),
    row("A 20 euro note and 20 euro in coins.",
        money("20 euro", 20, "EUR"), money("20 euro", 20, "EUR"), id="word-currency-is-not-a-prefix-of-the-next"),
    row("The levy adds tens of thousands of dollars to the price of a house.",
        money("tens of thousands of dollars", 1e4, "USD", value_low=1e4, value_high=1e5), id="tens-of-thousands"),
    row("Investors lost hundreds of millions of euros in the collapse.",
        money("hundreds of millions of euros", 1e8, "EUR", value_low=1e8, value_high=1e9), id="hundreds-of-millions"),
    row("Bidders offered about 7 or $8 a share.",
        money("7", 7, "USD"), money("$8", 8, "USD"), id="unit-written-on-the-next-figure"),
    row("The fund has raised 300 million of the 2 billion euros it is seeking.",
        money("300 million", 3e8, "EUR"), money("2 billion euros", 2e9, "EUR"), id="share-of-a-named-total"),
    row("Three of the $50 million loans were repaid early.",
        money("$50 million", 5e7, "USD"), id="count-of-things-is-not-money"),
    row("Brent traded between $70/bbl and $85/bbl over the quarter.",
        money("$70/bbl and $85", 70, "USD", value_low=70, value_high=85), id="range-with-per-unit-suffix"),
    row("The state will invest ₹1.97 lakh crore in production incentives.",
        money("₹1.97 lakh crore", 1.97e12, "INR"), id="lakh-crore"),
    row("The acquisition is worth €4.5bn-€5bn, people familiar said.",
        money("€4.5bn-€5bn", 4.5e9, "EUR", value_low=4.5e9, value_high=5e9), id="range-both-ends-with-symbol"),
]


@pytest.mark.parametrize(("sentence", "expected"), SYMBOLS + NAMES + SHAPES + YEN_SIGN + NOT_MONEY + BUGS_CAUGHT
                         + BUGS_FIXED)
def test_money(sentence, expected):
    check_money(sentence, expected)


def test_pounds_of_beef_yields_no_money_but_sterling_elsewhere_does():
    """The weight rule is local to the figure: one sentence, one weight, one price."""
    text = "Exporters sold 3 million pounds of beef for £12 million."
    check_money(text, [money("£12 million", 12e6, "GBP")])


def test_minor_units_are_divided_exactly():
    """1112 pence is 11.12 pounds to the last bit, not 11.120000000000001."""
    assert [f.value for f in econfacts.extract("The shares closed at 1112 p.")] == [11.12]
