"""A BI feed: a Parquet dataset that a scheduled run keeps up to date.

    python examples/bi_feed.py [DIR]        # default: a new temporary directory

It writes a few articles to an inbox, extracts them into a dataset, runs
again (nothing is added), edits one article and runs again (its rows are
replaced), then reads the dataset the way a BI engine does.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.dataset as pads

ARTICLES = [
    {"doc_id": "lima-copper", "published": "2025-02-14",
     "text": "Peru's copper exports climbed 12% to $2.1 billion in January, the central bank said."},
    {"doc_id": "berlin-budget", "published": "2025-03-04",
     "text": "Germany plans to raise defence spending to 3.5% of GDP by 2029, about 80 billion euros a year."},
    {"doc_id": "tokyo-rates", "published": "2025-03-19",
     "text": "The Bank of Japan kept its policy rate at 0.5% and said exports to China fell 4.2% in February."},
]


def extract(inbox: Path, feed: Path) -> str:
    """One scheduled run: `econfacts extract INBOX --dataset FEED`; its summary line."""
    done = subprocess.run([sys.executable, "-m", "econfacts", "extract", str(inbox), "--dataset", str(feed)],
                          capture_output=True, text=True, check=True)
    return done.stderr.strip().splitlines()[-1]


def write_inbox(inbox: Path, articles: list[dict]) -> None:
    (inbox / "news.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))


def main(root: Path) -> None:
    inbox, feed = root / "inbox", root / "feed"
    inbox.mkdir(parents=True, exist_ok=True)
    write_inbox(inbox, ARTICLES)
    print("first run: ", extract(inbox, feed))
    print("second run:", extract(inbox, feed))
    edited = [dict(a) for a in ARTICLES]
    edited[0]["text"] = "Peru's copper exports climbed 14% to $2.3 billion in January, revised data showed."
    write_inbox(inbox, edited)
    print("after edit:", extract(inbox, feed))

    # What a BI engine sees: hive-partitioned Parquet, types as written.
    facts = pads.dataset(feed / "facts", format="parquet", partitioning="hive").to_table().to_pandas()
    documents = pads.dataset(feed / "documents", format="parquet", partitioning="hive").to_table().to_pandas()
    print(f"\n{len(facts)} facts, {len(documents)} documents in {feed}")
    print(sorted(p.name for p in (feed / "facts").iterdir()))
    money = facts[facts["kind"] == "money"]
    print(money.groupby(["published_month", "metric", "actor"], observed=True)["value_usd"].sum().div(1e9).round(2)
          .rename("usd_bn").to_string())
    print("\ncopper now reads:", sorted(facts.loc[facts["doc_id"] == "lima-copper", "surface"]))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="econfacts-bi-")))
