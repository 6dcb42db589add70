"""Quickstart: the figures of one article, then a facts table for many.

    python examples/quickstart.py
"""

import pandas as pd

import econfacts

ARTICLE = """SEOUL, June 4 - South Korea's exports rose 5.1% in May from a year earlier to $58.2 billion,
led by chips, the trade ministry said on Wednesday. The country's trade surplus with the United States
narrowed to $4.3 billion, and the government pledged to double its support for small exporters by 2027."""

# 1. One text -> a list of facts, each with its exact span.
for fact in econfacts.extract(ARTICLE, published="2025-06-04"):
    if fact.kind != "date":
        print(f"{fact.surface:>14}  {fact.kind:<10} value={fact.value:<12g} unit={fact.unit or '':<4} "
              f"metric={fact.metric}  actor={fact.actor}  counterpart={fact.counterpart}  deadline={fact.deadline}")

# 2. Many documents -> one pandas table (Arrow-backed dtypes), money also in US dollars.
docs = pd.DataFrame({
    "doc_id": ["seoul-exports", "ottawa-lumber"],
    "text": [ARTICLE, "Canada's lumber exports to the United States fell 8% to C$9.4 billion last year."],
    "published": ["2025-06-04", "2025-02-11"],
})
facts = econfacts.extract_frame(docs)
money = facts.econfacts.money()
print()
print(money[["doc_id", "surface", "value", "unit", "value_usd", "fx_date", "metric", "actor"]].to_string(index=False))
print()
print(facts.econfacts.by_metric().to_string())
