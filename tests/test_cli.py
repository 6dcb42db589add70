"""The command line, through typer's CliRunner: every input form, every output format, every user error."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from econfacts import DOCUMENTS_SCHEMA, FACTS_SCHEMA, Fact, __version__
from econfacts.cli import app

runner = CliRunner()

TRADE = "Exports rose to $12 billion in 2024, the ministry said."
BUDGET = "The budget adds $3 billion for ports and $2 billion for rail."


def plain_money_extractor(text: str, published=None) -> list[Fact]:
    """A stand-in extractor: every "$N billion" is a money fact.

    The plumbing tests count rows exactly, so they must not move when the
    real extractor learns more; `test_real_extractor_*` use the real one.
    """
    return [Fact("money", m.group(), m.start(), m.end(), value=float(m.group(1)) * 1e9, unit="USD")
            for m in re.finditer(r"\$(\d+) billion", text)]


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """Install the stand-in extractor; the list collects every text it was given."""
    seen: list[str] = []

    def extract(text, published=None, taxonomy=None):
        seen.append(text)
        return plain_money_extractor(text, published)

    monkeypatch.setattr("econfacts.runner.extract", extract)
    return seen


def run(*args: str, stdin: str | bytes | None = None):
    result = runner.invoke(app, [str(a) for a in args], input=stdin)
    assert "Traceback" not in result.output
    return result


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# ---------------------------------------------------------------- input forms


def txt_input(tmp_path):
    (tmp_path / "trade.txt").write_text(TRADE)
    return [tmp_path / "trade.txt"], None, ["trade"]


def md_input(tmp_path):
    (tmp_path / "budget.md").write_text(f"# Budget\n\n{BUDGET}\n")
    return [tmp_path / "budget.md"], None, ["budget", "budget"]


def directory_input(tmp_path):
    (tmp_path / "news" / "2024").mkdir(parents=True)
    (tmp_path / "news" / "trade.txt").write_text(TRADE)
    (tmp_path / "news" / "2024" / "budget.md").write_text(BUDGET)
    (tmp_path / "news" / "wire.jsonl").write_text(jsonl({"doc_id": "w1", "text": "A $7 billion bond."}))
    return [tmp_path / "news"], None, ["budget", "budget", "trade", "w1"]


def glob_input(tmp_path):
    (tmp_path / "q1.txt").write_text(TRADE)
    (tmp_path / "q2.txt").write_text(BUDGET)
    (tmp_path / "other.txt").write_text("A $9 billion deal.")
    return [tmp_path / "q*.txt"], None, ["q1", "q2", "q2"]


def jsonl_input(tmp_path):
    (tmp_path / "news.jsonl").write_text(jsonl(
        {"doc_id": "a", "text": TRADE, "published": "2025-01-15"},
        {"id": "b", "text": BUDGET},
    ))
    return [tmp_path / "news.jsonl"], None, ["a", "b", "b"]


def stdin_text_input(tmp_path):
    return ["-"], BUDGET, ["stdin", "stdin"]


def stdin_jsonl_input(tmp_path):
    return ["-"], jsonl({"doc_id": "s1", "text": TRADE}, {"doc_id": "s2", "text": BUDGET}), ["s1", "s2", "s2"]


INPUT_FORMS = [
    pytest.param(txt_input, id="txt"),
    pytest.param(md_input, id="md"),
    pytest.param(directory_input, id="directory"),
    pytest.param(glob_input, id="glob"),
    pytest.param(jsonl_input, id="jsonl"),
    pytest.param(stdin_text_input, id="stdin-text"),
    pytest.param(stdin_jsonl_input, id="stdin-jsonl"),
]


@pytest.mark.parametrize("make_input", INPUT_FORMS)
def test_every_input_form(tmp_path, extracted, make_input):
    inputs, stdin, expected_doc_ids = make_input(tmp_path)
    out = tmp_path / "out" / "facts.jsonl"
    out.parent.mkdir()
    result = run("extract", *inputs, "-o", out, stdin=stdin)
    assert result.exit_code == 0, result.output
    rows = read_jsonl(out)
    assert [row["doc_id"] for row in rows] == expected_doc_ids
    assert all(row["kind"] == "money" and row["surface"].endswith("billion") for row in rows)
    assert f"wrote {len(rows)} facts" in result.stderr


def test_published_option_dates_documents_without_a_date(tmp_path, extracted):
    (tmp_path / "news.jsonl").write_text(jsonl({"doc_id": "dated", "text": TRADE, "published": "2024-12-31"}))
    (tmp_path / "undated.txt").write_text(TRADE)
    out = tmp_path / "facts.jsonl"
    result = run("extract", tmp_path / "news.jsonl", tmp_path / "undated.txt", "-",
                 "--published", "2025-02-08", "-o", out, stdin=BUDGET)
    assert result.exit_code == 0, result.output
    published = {row["doc_id"]: row["published"] for row in read_jsonl(out)}
    assert published == {"dated": "2024-12-31", "undated": "2025-02-08", "stdin": "2025-02-08"}


# ---------------------------------------------------------------- output formats


@pytest.fixture
def news(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl(
        {"doc_id": "a", "text": TRADE, "published": "2025-01-15"},
        {"doc_id": "b", "text": BUDGET},
        {"doc_id": "c", "text": "No figures in this one."},
    ))
    return path


def test_parquet_output_carries_the_schema_exactly(tmp_path, extracted, news):
    out = tmp_path / "facts.parquet"
    result = run("extract", news, "-o", out)
    assert result.exit_code == 0, result.output
    assert pq.read_schema(out).equals(FACTS_SCHEMA, check_metadata=True)
    table = pq.read_table(out)
    assert table.column("doc_id").to_pylist() == ["a", "b", "b"]
    assert table.column("published").to_pylist() == [datetime.date(2025, 1, 15), None, None]
    assert result.stdout == ""


def test_parquet_output_reads_in_duckdb(tmp_path, extracted, news):
    out = tmp_path / "facts.parquet"
    assert run("extract", news, "-o", out).exit_code == 0
    with duckdb.connect() as con:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()
        types = {row[0]: row[1] for row in described}
        count, total = con.execute(f"SELECT count(*), sum(value) FROM read_parquet('{out}') WHERE kind = 'money'").fetchone()
    assert list(types) == FACTS_SCHEMA.names
    assert (types["start"], types["value"], types["published"], types["doc_id"]) == ("INTEGER", "DOUBLE", "DATE", "VARCHAR")
    assert (count, total) == (3, 17e9)


def test_parquet_output_reads_in_polars(tmp_path, extracted, news):
    out = tmp_path / "facts.parquet"
    assert run("extract", news, "-o", out).exit_code == 0
    frame = pl.read_parquet(out)
    assert frame.columns == FACTS_SCHEMA.names
    assert frame.height == 3
    assert (frame.schema["start"], frame.schema["value"], frame.schema["published"]) == (pl.Int32, pl.Float64, pl.Date)
    assert frame.schema["kind"] == pl.Categorical  # the Arrow dictionary column
    assert frame["kind"].cast(pl.String).to_list() == ["money"] * 3


def test_csv_output(tmp_path, extracted, news):
    out = tmp_path / "facts.csv"
    assert run("extract", news, "-o", out).exit_code == 0
    frame = pl.read_csv(out)
    assert frame.columns == FACTS_SCHEMA.names
    assert frame["surface"].to_list() == ["$12 billion", "$3 billion", "$2 billion"]
    assert frame["published"].to_list() == ["2025-01-15", None, None]


def test_jsonl_output(tmp_path, extracted, news):
    out = tmp_path / "facts.jsonl"
    assert run("extract", news, "-o", out).exit_code == 0
    rows = read_jsonl(out)
    assert [(r["doc_id"], r["value"], r["published"]) for r in rows] == [
        ("a", 12e9, "2025-01-15"), ("b", 3e9, None), ("b", 2e9, None)]


def test_without_output_a_table_is_printed(extracted, news):
    result = run("extract", news)
    assert result.exit_code == 0, result.output
    [header] = [line for line in result.stdout.splitlines() if "doc_id" in line]
    assert header.split() == ["doc_id", "kind", "surface", "value", "unit"]  # all-null columns left out
    assert "$12 billion" in result.stdout
    assert "12,000,000,000" in result.stdout
    assert "3 facts from 3 documents" in result.stderr
    assert "facts from" not in result.stdout


def test_printed_period_is_one_column(monkeypatch):
    deadline = Fact("date", "by 2027", 20, 27, time_start=datetime.date(2027, 1, 1),
                    time_end=datetime.date(2027, 12, 31), time_role="deadline")
    monkeypatch.setattr("econfacts.runner.extract", lambda text, published=None, taxonomy=None: [deadline])
    result = run("extract", "-", stdin="Spending will double by 2027.")
    assert result.exit_code == 0
    [row] = [line for line in result.stdout.splitlines() if "by 2027" in line]
    assert row.split() == ["stdin", "date", "by", "2027", "2027-01-01..2027-12-31", "deadline"]


def test_printed_table_keeps_brackets_in_text_literal(extracted):
    result = run("extract", "-", stdin="[bold]Aid[/bold] of $4 billion.")
    assert result.exit_code == 0
    assert "$4 billion" in result.stdout


def test_nothing_found_prints_no_table(extracted):
    result = run("extract", "-", stdin="The minister spoke briefly.")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 facts from 1 documents" in result.stderr


# ---------------------------------------------------------------- --sample, schema, --version


def test_sample_works_from_any_directory(tmp_path, monkeypatch, extracted):
    monkeypatch.chdir(tmp_path)
    result = run("extract", "--sample", "-o", "sample.parquet")
    assert result.exit_code == 0, result.output
    assert pq.read_schema(tmp_path / "sample.parquet").equals(FACTS_SCHEMA, check_metadata=True)
    assert len(extracted) >= 3
    assert re.search(rf"from {len(extracted)} documents", result.stderr)


def test_schema_command_lists_every_column_of_both_tables():
    result = run("schema")
    assert result.exit_code == 0
    for field in (*FACTS_SCHEMA, *DOCUMENTS_SCHEMA):
        assert re.search(rf"\b{field.name}\b", result.stdout)
    assert "character offset" in result.stdout
    assert f"facts (schema version 2, econfacts {__version__})" in result.stdout
    assert f"documents (schema version 2, econfacts {__version__})" in result.stdout


def test_schema_command_names_the_conversion_columns_for_the_base_currency():
    result = run("schema", "--base-currency", "eur")
    assert result.exit_code == 0
    assert "value_eur" in result.stdout and "value_usd" not in result.stdout


def test_base_currency_converts_money_into_it(tmp_path):
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl({"doc_id": "a", "published": "2024-05-15",
                           "text": "Exports to Japan rose to $12 billion last year."}))
    out = tmp_path / "facts.parquet"
    result = run("extract", news, "--base-currency", "EUR", "-o", out)
    assert result.exit_code == 0, result.output
    [money] = [row for row in pq.read_table(out).to_pylist() if row["kind"] == "money"]
    assert money["value_eur"] == pytest.approx(12e9 * money["fx_rate"])
    assert 0.8 < money["fx_rate"] < 1.0 and money["fx_date"] == datetime.date(2024, 5, 15)


@pytest.mark.parametrize(("args", "message"), [
    (["--base-currency", "XYZ"], "no ECB reference rates for base currency 'XYZ'"),
    (["--engine", "spark"], "--engine must be local or dask"),
    (["--workers", "0"], "--workers"),
])
def test_bad_run_options_are_user_errors(args, message):
    result = run("extract", "--sample", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"econfacts {__version__}"


# ---------------------------------------------------------------- bad input


def test_non_utf8_file_is_named_and_the_others_are_written(tmp_path, extracted):
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Exports to M\xfcnchen rose $4 billion.".encode("latin-1"))
    (tmp_path / "good.txt").write_text(TRADE)
    out = tmp_path / "facts.jsonl"
    result = run("extract", bad, tmp_path / "good.txt", "-o", out)
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith(f"error: {bad}: not valid UTF-8")
    assert [row["doc_id"] for row in read_jsonl(out)] == ["good"]


def test_binary_file_is_named_and_the_others_are_written(tmp_path, extracted):
    (tmp_path / "docs").mkdir()
    bad = tmp_path / "docs" / "scan.txt"
    bad.write_bytes(b"%PDF-1.7\x00\x00\x01 $5 billion")
    (tmp_path / "docs" / "trade.txt").write_text(TRADE)
    out = tmp_path / "facts.parquet"
    result = run("extract", tmp_path / "docs", "-o", out)
    assert result.exit_code == 1
    assert f"error: {bad}: binary data" in result.stderr
    assert pq.read_table(out).column("doc_id").to_pylist() == ["trade"]


def test_empty_file_is_no_error(tmp_path, extracted):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "facts.csv"
    result = run("extract", tmp_path / "empty.txt", "-o", out)
    assert result.exit_code == 0, result.output
    assert "error:" not in result.stderr
    assert "0 facts from 1 documents" in result.stderr
    assert out.read_text().splitlines()[0].replace('"', "").split(",") == FACTS_SCHEMA.names


def test_malformed_json_line_names_file_and_line_and_the_others_are_written(tmp_path, extracted):
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl({"doc_id": "a", "text": TRADE},
                          '{"doc_id": "b", "text": "A $1 billion',
                          {"doc_id": "c", "text": BUDGET}))
    out = tmp_path / "facts.parquet"
    result = run("extract", news, "-o", out)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {news}:2: not valid JSON")
    assert pq.read_table(out).column("doc_id").to_pylist() == ["a", "c", "c"]


def test_bad_published_in_a_json_line_names_document_and_line(tmp_path, extracted):
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl({"doc_id": "a", "text": TRADE, "published": "last Tuesday"}, {"doc_id": "b", "text": BUDGET}))
    out = tmp_path / "facts.jsonl"
    result = run("extract", news, "-o", out)
    assert result.exit_code == 1
    assert f"error: {news}:1: document 'a': published 'last Tuesday' is not an ISO date" in result.stderr
    assert {row["doc_id"] for row in read_jsonl(out)} == {"b"}


def test_unknown_output_suffix_fails_before_extraction(tmp_path, extracted, news):
    out = tmp_path / "facts.xlsx"
    result = run("extract", news, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {out}: unknown output format '.xlsx'; "
                                     "use one of .parquet, .csv, .jsonl, .ndjson")
    assert not out.exists()
    assert extracted == []


@pytest.mark.parametrize("missing", ["missing.txt", "nowhere/*.jsonl"])
def test_missing_input_path_is_one_line_and_exit_2(tmp_path, extracted, missing):
    (tmp_path / "good.txt").write_text(TRADE)
    out = tmp_path / "facts.parquet"
    result = run("extract", tmp_path / "good.txt", tmp_path / missing, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: {tmp_path / missing}: ")
    assert not out.exists()
    assert extracted == []


@pytest.mark.parametrize("args", [
    pytest.param(["-", "--published", "2025-02-30"], id="bad-published-option"),
    pytest.param([], id="no-inputs"),
])
def test_usage_problems_are_one_line_and_exit_2(extracted, args):
    result = run("extract", *args, stdin="GDP rose 2%.")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_failed_write_leaves_no_partial_output(tmp_path, extracted, news, monkeypatch):
    def write_some_then_fail(table, sink, **kwargs):
        sink.write(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", write_some_then_fail)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "facts.parquet"
    result = run("extract", news, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {out}: cannot write: No space left on device"
    assert os.listdir(tmp_path / "out") == []


# ---------------------------------------------------------------- as installed, with the real extractor


def test_real_extractor_python_m_econfacts_writes_parquet(tmp_path):
    """The exact call of the evaluation script: `econfacts extract X.jsonl -o Y.parquet`."""
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl({"doc_id": "a", "text": "The fund will invest $5 billion.", "published": "2025-02-08"},
                          {"doc_id": "b", "text": "Inflation eased to 3.5% in March."}))
    out = tmp_path / "facts.parquet"
    done = subprocess.run([sys.executable, "-m", "econfacts", "extract", str(news), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert pq.read_schema(out).equals(FACTS_SCHEMA, check_metadata=True)
    rows = pq.read_table(out).to_pylist()
    assert ("a", "money", "$5 billion", 5e9) in [(r["doc_id"], r["kind"], r["surface"], r["value"]) for r in rows]
    assert ("b", "percent", 3.5) in [(r["doc_id"], r["kind"], r["value"]) for r in rows]


def test_real_extractor_prints_a_table_for_stdin():
    result = run("extract", "-", stdin="Exports rose 3.5% to $5 billion.")
    assert result.exit_code == 0
    assert "$5 billion" in result.stdout and "3.5%" in result.stdout


def test_progress_line_shows_documents_per_second_on_a_terminal():
    import io

    from rich.console import Console

    from econfacts.cli import _progress, _Tally

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    tally = _Tally(documents=1200, facts=9000, chars=3_000_000)
    with _progress(console) as update:
        update(tally)
        console.file.flush()
    assert re.search(r"1,200 documents \([\d,]+/s\)", tally.line())
    assert "9,000 facts" in tally.line()
    assert "documents" in screen.getvalue()


def test_no_progress_line_when_stderr_is_not_a_terminal(tmp_path, extracted, news):
    result = run("extract", news, "-o", tmp_path / "facts.parquet")
    assert "/s)" not in result.stderr
