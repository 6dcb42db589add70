"""Parquet datasets: layout, incremental runs, replaced documents, interrupted runs, BI readers."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from econfacts import __version__
from econfacts.cli import app
from econfacts.dataset import MERGE_FILES, Dataset, _Index
from econfacts.errors import OutputError
from econfacts.schema import documents_schema, facts_schema

runner = CliRunner()

ARTICLES = [
    {"doc_id": "ottawa-lumber", "published": "2025-02-11",
     "text": "Canada's softwood lumber exports to the United States fell 8% to C$9.4 billion "
             "last year, Statistics Canada said on Tuesday."},
    {"doc_id": "seoul-chips", "published": "2025-02-26",
     "text": "South Korea will spend 33 trillion won on chip plants by 2030, up from "
             "26 trillion won pledged last year, the industry ministry said."},
    {"doc_id": "berlin-budget", "published": "2025-03-04",
     "text": "Germany plans to raise defence spending to 3.5% of GDP by 2029, "
             "a jump of about 80 billion euros a year."},
    {"doc_id": "wire-undated",
     "text": "The bank cut its benchmark rate by 25 basis points to 4.5% and sold 2 billion euros of bonds."},
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def extract(*args) -> object:
    result = runner.invoke(app, ["extract", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


def facts_of(root: Path) -> pa.Table:
    return pads.dataset(root / "facts", format="parquet", partitioning="hive").to_table()


def documents_of(root: Path) -> pa.Table:
    return pads.dataset(root / "documents", format="parquet", partitioning="hive").to_table()


def parquet_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*.parquet"))


def rows(table: pa.Table, *columns: str) -> list[tuple]:
    """The table's rows as sorted tuples, for comparing runs regardless of file order."""
    return sorted(zip(*(table.column(name).to_pylist() for name in columns)))


@pytest.fixture
def news(tmp_path) -> Path:
    return write_jsonl(tmp_path / "news.jsonl", ARTICLES)


def test_dataset_layout_partitions_by_month_with_an_undated_partition(tmp_path, news):
    result = extract(news, "--dataset", tmp_path / "feed")
    assert result.exit_code == 0, result.output
    files = parquet_files(tmp_path / "feed")
    partitions = {Path(name).parent.as_posix() for name in files}
    assert partitions == {
        "facts/published_month=2025-02", "facts/published_month=2025-03", "facts/published_month=undated",
        "documents/published_month=2025-02", "documents/published_month=2025-03",
        "documents/published_month=undated",
    }
    # One file per partition and table, not one per document.
    assert len(files) == 6
    documents = documents_of(tmp_path / "feed")
    assert sorted(documents.column("doc_id").to_pylist()) == sorted(a["doc_id"] for a in ARTICLES)
    assert set(documents.column("extractor_version").to_pylist()) == {__version__}
    facts = facts_of(tmp_path / "feed")
    counted = dict(rows(documents, "doc_id", "n_facts"))
    for doc_id, n_facts in counted.items():
        assert facts.column("doc_id").to_pylist().count(doc_id) == n_facts
    settings = json.loads((tmp_path / "feed" / "_econfacts.json").read_text())
    assert settings == {"partition_by": "month", "base_currency": "USD", "schema_version": "2"}


def test_two_workers_write_the_rows_of_one(tmp_path, monkeypatch):
    monkeypatch.setattr("econfacts.runner.BATCH_DOCUMENTS", 3)  # several batches in flight
    records = [dict(article, doc_id=f"{article['doc_id']}-{copy}") for copy in range(5) for article in ARTICLES]
    news = write_jsonl(tmp_path / "news.jsonl", records)
    assert extract(news, "--dataset", tmp_path / "one", "--workers", "1").exit_code == 0
    assert extract(news, "--dataset", tmp_path / "two", "--workers", "2").exit_code == 0
    for table in (facts_of, documents_of):
        one, two = table(tmp_path / "one"), table(tmp_path / "two")
        if "extracted_at" in one.column_names:
            one, two = one.drop_columns(["extracted_at"]), two.drop_columns(["extracted_at"])
        assert len(one) > len(records) - 1
        assert two.equals(one)


def test_html_and_csv_inputs_carry_title_and_named_columns(tmp_path):
    page = tmp_path / "pages" / "steel.html"
    page.parent.mkdir()
    page.write_text("<html><head><title>Mills cut output</title>"
                    '<meta property="article:published_time" content="2025-05-06"></head><body>'
                    "<nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav><article>"
                    "<p>Steel output in the region fell 6% in April as mills idled furnaces, "
                    "the industry association said on Tuesday, blaming weak demand from builders.</p>"
                    "<p>Exports of flat steel dropped to 1.2 million tonnes, the lowest level in four years, "
                    "and prices slipped for a third straight month.</p></article></body></html>")
    table = tmp_path / "export.csv"
    table.write_text("url,body,pubdate\nhttps://example.org/a,\"Imports rose 4% to $7 billion.\",2025-05-07\n")
    result = extract(page, table, "--text-col", "body", "--id-col", "url", "--date-col", "pubdate",
                     "--dataset", tmp_path / "feed")
    assert result.exit_code == 0, result.output
    documents = {row["doc_id"]: row for row in documents_of(tmp_path / "feed").to_pylist()}
    assert documents["steel"]["title"] == "Mills cut output"
    assert documents["steel"]["published"] == datetime.date(2025, 5, 6)
    assert documents["https://example.org/a"]["published"] == datetime.date(2025, 5, 7)
    surfaces = facts_of(tmp_path / "feed").column("surface").to_pylist()
    assert "6%" in surfaces and "$7 billion" in surfaces and "Home" not in " ".join(surfaces)


def test_partition_by_year(tmp_path, news):
    assert extract(news, "--dataset", tmp_path / "feed", "--partition-by", "year").exit_code == 0
    assert {p.name for p in (tmp_path / "feed" / "facts").iterdir()} == {
        "published_year=2025", "published_year=undated"}


def test_files_carry_the_schemas_unchanged(tmp_path, news):
    extract(news, "--dataset", tmp_path / "feed")
    for path in (tmp_path / "feed" / "facts").rglob("*.parquet"):
        assert pq.read_schema(path).equals(facts_schema(), check_metadata=True)
    for path in (tmp_path / "feed" / "documents").rglob("*.parquet"):
        assert pq.read_schema(path).equals(documents_schema(), check_metadata=True)


def test_rerun_over_the_same_input_adds_nothing(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    files, facts, documents = parquet_files(feed), facts_of(feed), documents_of(feed)
    result = extract(news, "--dataset", feed)
    assert result.exit_code == 0, result.output
    assert "0 facts from 0 documents" in result.output
    assert "4 unchanged documents skipped" in result.output
    assert parquet_files(feed) == files
    assert facts_of(feed).equals(facts)
    assert documents_of(feed).equals(documents)


def test_changed_document_replaces_its_rows_and_only_its_rows(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    before = facts_of(feed)
    changed = [dict(a) for a in ARTICLES]
    changed[0]["text"] = "Canada's lumber exports to the United States rose 2% to C$10.1 billion last year."
    result = extract(write_jsonl(tmp_path / "news.jsonl", changed), "--dataset", feed)
    assert result.exit_code == 0, result.output
    assert "1 replaced" in result.output
    after = facts_of(feed)
    lumber = [s for d, s in rows(after, "doc_id", "surface") if d == "ottawa-lumber"]
    assert "C$10.1 billion" in lumber and "C$9.4 billion" not in lumber
    others = [r for r in rows(before, "doc_id", "fact_id") if r[0] != "ottawa-lumber"]
    assert [r for r in rows(after, "doc_id", "fact_id") if r[0] != "ottawa-lumber"] == others
    documents = documents_of(feed)
    assert sorted(documents.column("doc_id").to_pylist()) == sorted(a["doc_id"] for a in ARTICLES)


def test_changed_date_moves_the_document_to_its_new_partition(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    moved = [dict(a) for a in ARTICLES]
    moved[3]["published"] = "2025-03-20"
    moved[3]["text"] += " Markets had expected the cut."
    extract(write_jsonl(tmp_path / "news.jsonl", moved), "--dataset", feed)
    documents = documents_of(feed)
    partition = dict(rows(documents, "doc_id", "published_month"))
    assert partition["wire-undated"] == "2025-03"
    assert not (feed / "documents" / "published_month=undated").exists() or not list(
        (feed / "documents" / "published_month=undated").glob("*.parquet"))
    assert documents.num_rows == len(ARTICLES)


def test_new_documents_are_added_next_to_the_old(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    extra = {"doc_id": "lima-copper", "published": "2025-02-14",
             "text": "Peru's copper exports climbed 12% to $2.1 billion in January."}
    result = extract(write_jsonl(tmp_path / "more.jsonl", [extra]), "--dataset", feed)
    assert result.exit_code == 0, result.output
    assert len(documents_of(feed)) == len(ARTICLES) + 1
    assert "lima-copper" in facts_of(feed).column("doc_id").to_pylist()


def test_small_files_of_a_partition_are_merged(tmp_path):
    feed = tmp_path / "feed"
    for number in range(MERGE_FILES):
        record = {"doc_id": f"brief-{number}", "published": "2025-07-0" + str(number + 1),
                  "text": f"Exports rose {number + 2}% to ${number + 3} billion in June."}
        assert extract(write_jsonl(tmp_path / "one.jsonl", [record]), "--dataset", feed).exit_code == 0
    assert len(list((feed / "documents" / "published_month=2025-07").glob("*.parquet"))) == 1
    assert len(list((feed / "facts" / "published_month=2025-07").glob("*.parquet"))) == 1
    assert len(documents_of(feed)) == MERGE_FILES
    assert len(facts_of(feed)) == sum(documents_of(feed).column("n_facts").to_pylist()) == 3 * MERGE_FILES


def test_large_files_are_not_merged(tmp_path, monkeypatch):
    monkeypatch.setattr("econfacts.dataset.SMALL_FILE_BYTES", 1)  # every file counts as large
    feed = tmp_path / "feed"
    for number in range(MERGE_FILES):
        record = {"doc_id": f"brief-{number}", "published": "2025-07-01", "text": f"Exports rose {number + 2}%."}
        extract(write_jsonl(tmp_path / "one.jsonl", [record]), "--dataset", feed)
    assert len(list((feed / "documents" / "published_month=2025-07").glob("*.parquet"))) == MERGE_FILES


def test_index_inserts_overwrites_and_moves():
    index = _Index()
    first, second = index.file_number("p=1/a.parquet"), index.file_number("p=1/b.parquet")
    keys = np.array([30, 10, 20], np.uint64)
    index.put(keys, np.array([3, 1, 2], np.uint64), np.full(3, first, np.int32), np.zeros(3, bool), seen=False)
    assert index.keys.tolist() == [10, 20, 30] and index.digests.tolist() == [1, 2, 3]
    index.put(np.array([20, 5, 20], np.uint64), np.array([7, 8, 9], np.uint64),
              np.full(3, second, np.int32), np.zeros(3, bool), seen=True)
    assert index.keys.tolist() == [5, 10, 20, 30]
    assert index.digests.tolist() == [8, 1, 9, 3]  # a key given twice: the last wins
    assert index.seen.tolist() == [True, False, True, False]
    assert index.find(20) == 2 and index.find(21) is None
    index.move(["p=1/a.parquet"], "p=1/c.parquet")
    assert [index.file_names[n] for n in index.files] == ["p=1/b.parquet", "p=1/c.parquet", "p=1/b.parquet",
                                                          "p=1/c.parquet"]


def test_ids_sharing_a_key_never_lose_rows(tmp_path, monkeypatch):
    monkeypatch.setattr("econfacts.dataset._key", lambda doc_id: 42)  # every id collides
    feed = tmp_path / "feed"
    extract(write_jsonl(tmp_path / "a.jsonl", [ARTICLES[0]]), "--dataset", feed)
    extract(write_jsonl(tmp_path / "b.jsonl", [ARTICLES[1]]), "--dataset", feed)
    assert sorted(documents_of(feed).column("doc_id").to_pylist()) == ["ottawa-lumber", "seoul-chips"]
    assert {"ottawa-lumber", "seoul-chips"} <= set(facts_of(feed).column("doc_id").to_pylist())


def test_unreadable_and_failing_documents_are_recorded_with_their_error(tmp_path, monkeypatch):
    def extract_or_fail(text, published=None, taxonomy=None):
        if "CRASH" in text:
            raise RuntimeError("simulated extractor bug")
        return []

    monkeypatch.setattr("econfacts.runner.extract", extract_or_fail)
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"doc_id": "ok", "text": "Fine."}) + "\n{not json\n"
                    + json.dumps({"doc_id": "bad", "text": "CRASH"}) + "\n")
    result = extract(news, "--dataset", tmp_path / "feed")
    assert result.exit_code == 1
    assert "simulated extractor bug" in result.output
    errors = dict(rows(documents_of(tmp_path / "feed"), "doc_id", "error"))
    assert errors["ok"] is None
    assert "RuntimeError: simulated extractor bug" in errors["bad"]
    assert "not valid JSON" in errors[f"{news}:2"]
    # The same input again: the failures are known, nothing is added twice.
    again = extract(news, "--dataset", tmp_path / "feed")
    assert "3 unchanged documents skipped" in again.output
    assert len(documents_of(tmp_path / "feed")) == 3


def test_each_bad_csv_row_is_recorded_once(tmp_path):
    table = tmp_path / "export.csv"
    table.write_text('doc_id,text\na,"Imports rose 4%."\nb,\nc,"Exports fell 2%.",extra\nd,\n')
    feed = tmp_path / "feed"
    assert extract(table, "--dataset", feed).exit_code == 1
    errors = dict(rows(documents_of(feed), "doc_id", "error"))
    assert sorted(errors) == [f"{table} (malformed row 1)", f"{table} (row 2)", f"{table} (row 3)", "a"]
    assert extract(table, "--dataset", feed).exit_code == 0  # known problems are not news
    assert len(documents_of(feed)) == 4


def test_fail_fast_stops_at_the_first_failure(tmp_path, monkeypatch):
    seen = []

    def extract_or_fail(text, published=None, taxonomy=None):
        seen.append(text)
        if "CRASH" in text:
            raise RuntimeError("simulated extractor bug")
        return []

    monkeypatch.setattr("econfacts.runner.extract", extract_or_fail)
    monkeypatch.setattr("econfacts.runner.BATCH_DOCUMENTS", 1)
    records = [{"doc_id": "a", "text": "Fine."}, {"doc_id": "b", "text": "CRASH"},
               {"doc_id": "c", "text": "Also fine."}]
    result = extract(write_jsonl(tmp_path / "news.jsonl", records), "--dataset", tmp_path / "feed",
                     "--fail-fast")
    assert result.exit_code == 1
    assert "--fail-fast" in result.output
    assert "Also fine." not in seen
    assert documents_of(tmp_path / "feed").column("doc_id").to_pylist() == ["a"]


def test_a_second_document_with_the_same_id_in_one_run_is_reported(tmp_path):
    records = [{"doc_id": "x", "text": "Exports rose 3%."}, {"doc_id": "x", "text": "Imports fell 2%."}]
    result = extract(write_jsonl(tmp_path / "news.jsonl", records), "--dataset", tmp_path / "feed")
    assert result.exit_code == 1
    assert "a second document with this id" in result.output
    assert facts_of(tmp_path / "feed").column("surface").to_pylist() == ["3%"]


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--partition-by", "year", "--partition-by month"),
    ("--base-currency", "EUR", "--base-currency USD"),
])
def test_a_dataset_keeps_its_settings(tmp_path, news, option, value, message):
    extract(news, "--dataset", tmp_path / "feed")
    result = extract(news, "--dataset", tmp_path / "feed", option, value)
    assert result.exit_code == 2
    assert message in result.output


def test_one_writer_at_a_time(tmp_path):
    with Dataset(tmp_path / "feed"), pytest.raises(OutputError, match="another econfacts run"):
        Dataset(tmp_path / "feed").__enter__()


def test_dataset_and_output_file_are_exclusive(tmp_path, news):
    result = extract(news, "--dataset", tmp_path / "feed", "-o", tmp_path / "facts.parquet")
    assert result.exit_code == 2
    assert "not both" in result.output


# ---------------------------------------------------------------- interrupted runs

# A run killed hard (no cleanup, as by SIGKILL or a power cut) at the N-th
# file rename or while writing a Parquet file.
KILLED_RUN = textwrap.dedent("""
    import os, sys
    import econfacts.dataset as dataset
    crash_at = int(sys.argv[1])
    calls = {"rename": 0}
    real_rename, real_write = dataset._rename, dataset._write_parquet

    def rename(source, target):
        calls["rename"] += 1
        if calls["rename"] == crash_at:
            os._exit(9)
        real_rename(source, target)

    def write_half(table, path):
        with open(path, "wb") as sink:
            sink.write(b"PAR1 half a file")
        os._exit(9)

    dataset._rename = rename
    if crash_at == 0:
        dataset._write_parquet = write_half
    from econfacts.cli import main
    sys.argv = ["econfacts", "extract", *sys.argv[2:]]
    main()
""")


@pytest.mark.parametrize("crash_at", [0, 1, 2, 3, 5])
def test_a_killed_run_leaves_a_readable_dataset_and_the_next_run_finishes(tmp_path, news, crash_at):
    clean = tmp_path / "clean"
    extract(news, "--dataset", clean)
    feed = tmp_path / "feed"
    # A first run lands a dataset; a second, with one changed and one new
    # document, is killed part-way through its commit.
    extract(write_jsonl(tmp_path / "first.jsonl", ARTICLES[:3]), "--dataset", feed)
    changed = [dict(a) for a in ARTICLES]
    changed[1]["text"] = "South Korea will spend 35 trillion won on chip plants by 2030."
    second = write_jsonl(tmp_path / "second.jsonl", changed)
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, str(crash_at), str(second), "--dataset", str(feed)],
                            capture_output=True, text=True, check=False)
    assert killed.returncode == 9, killed.stderr
    # Readable by a BI engine as it is: no partial file is visible.
    connection = duckdb.connect()
    connection.execute(f"select count(*) from read_parquet('{feed}/facts/**/*.parquet', hive_partitioning=true)")
    connection.execute(f"select count(*) from read_parquet('{feed}/documents/**/*.parquet', hive_partitioning=true)")
    # The next run finishes the work: the result equals a clean run over the same input.
    finished = extract(second, "--dataset", feed)
    assert finished.exit_code == 0, finished.output
    expected = extract(second, "--dataset", clean)
    assert expected.exit_code == 0
    assert rows(facts_of(feed), "doc_id", "fact_id", "value") == rows(facts_of(clean), "doc_id", "fact_id", "value")
    assert rows(documents_of(feed), "doc_id", "content_hash") == rows(documents_of(clean), "doc_id", "content_hash")
    assert not list(feed.rglob("*.tmp")) and not (feed / "_journal.json").exists()


# ---------------------------------------------------------------- BI engines read it as-is


def test_duckdb_reads_the_dataset_with_its_types(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    connection = duckdb.connect()
    facts = connection.execute(
        f"select * from read_parquet('{feed}/facts/**/*.parquet', hive_partitioning=true) limit 0")
    types = {column[0]: str(column[1]) for column in facts.description}
    assert types["published"] == "DATE" and types["deadline"] == "DATE" and types["fx_date"] == "DATE"
    assert types["value"] == "DOUBLE" and types["value_usd"] == "DOUBLE"
    assert types["kind"] == "VARCHAR" and types["published_month"] == "VARCHAR"
    assert types["start"] == "INTEGER"
    total, = connection.execute(
        f"select count(*) from read_parquet('{feed}/facts/**/*.parquet', hive_partitioning=true)").fetchone()
    assert total == len(facts_of(feed))
    by_month = dict(connection.execute(
        f"select published_month, sum(n_facts) from read_parquet('{feed}/documents/**/*.parquet', "
        "hive_partitioning=true) group by 1").fetchall())
    assert set(by_month) == {"2025-02", "2025-03", "undated"}
    assert sum(by_month.values()) == total
    documents = connection.execute(
        f"select * from read_parquet('{feed}/documents/**/*.parquet', hive_partitioning=true) limit 0")
    types = {column[0]: str(column[1]) for column in documents.description}
    assert types["extracted_at"] == "TIMESTAMP WITH TIME ZONE" and types["n_chars"] == "BIGINT"


def test_polars_reads_the_dataset_with_its_types(tmp_path, news):
    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    facts = pl.read_parquet(f"{feed}/facts/**/*.parquet", hive_partitioning=True)
    assert facts.schema["published"] == pl.Date
    assert facts.schema["value"] == pl.Float64 and facts.schema["value_usd"] == pl.Float64
    assert facts.schema["kind"] in (pl.Categorical, pl.String)
    assert facts.height == len(facts_of(feed))
    documents = pl.read_parquet(f"{feed}/documents/**/*.parquet", hive_partitioning=True)
    assert documents.schema["extracted_at"] == pl.Datetime("us", "UTC")
    assert documents.height == len(ARTICLES)


def test_money_is_converted_at_the_rate_of_the_publication_date(tmp_path, news):
    from currency_converter import CurrencyConverter

    feed = tmp_path / "feed"
    extract(news, "--dataset", feed)
    facts = facts_of(feed).to_pylist()
    won = next(f for f in facts if f["surface"] == "33 trillion won")
    rate = CurrencyConverter().convert(1, "KRW", "USD", date=datetime.date(2025, 2, 26))
    assert won["fx_date"] == datetime.date(2025, 2, 26)
    assert won["fx_rate"] == pytest.approx(rate)
    assert won["value_usd"] == pytest.approx(33e12 * rate)
    bonds = next(f for f in facts if f["surface"] == "2 billion euros")
    assert bonds["value_usd"] is None and bonds["fx_note"] == "no publication date"
