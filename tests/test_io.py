"""Reading documents (files, directories, globs, JSON Lines, stdin) and writing tables."""

from __future__ import annotations

import datetime
import io
import json
import os
import re

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from econfacts import FACTS_SCHEMA, Fact, InputError, OutputError
from econfacts.io import (
    Document,
    check_output_path,
    expand_inputs,
    parse_published,
    read_documents,
    read_sample_documents,
    write_table,
)
from econfacts.table import facts_table

PUBLISHED = datetime.date(2025, 2, 8)


def write(path, content: str | bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def read_all(*inputs, published=None, stdin=None):
    return list(read_documents([str(i) for i in inputs], published,
                               io.BytesIO(stdin) if stdin is not None else None))


def documents(items):
    return [item for item in items if isinstance(item, Document)]


def errors(items):
    return [item for item in items if isinstance(item, InputError)]


# ---------------------------------------------------------------- parse_published


@pytest.mark.parametrize("value, expected", [
    pytest.param("2025-02-08", PUBLISHED, id="iso-date"),
    pytest.param(" 2025-02-08\n", PUBLISHED, id="padded"),
    pytest.param("2025-02-08T23:30:00Z", PUBLISHED, id="timestamp-utc"),
    pytest.param("2025-02-08 09:15:00+05:30", PUBLISHED, id="timestamp-offset"),
    pytest.param(PUBLISHED, PUBLISHED, id="date"),
    pytest.param(datetime.datetime(2025, 2, 8, 18, 0), PUBLISHED, id="datetime"),
    pytest.param(pd.Timestamp("2025-02-08"), PUBLISHED, id="pandas-timestamp"),
    pytest.param(None, None, id="none"),
    pytest.param("", None, id="empty"),
])
def test_parse_published(value, expected):
    result = parse_published(value)
    assert result == expected
    assert result is None or type(result) is datetime.date


@pytest.mark.parametrize("value", [
    pytest.param("2025-13-01", id="month-13"),
    pytest.param("8 February 2025", id="prose"),
    pytest.param("yesterday", id="word"),
    pytest.param(20250208, id="int"),
    pytest.param(True, id="bool"),
])
def test_parse_published_rejects(value):
    with pytest.raises(InputError, match="not an ISO date") as caught:
        parse_published(value)
    assert repr(value) in str(caught.value)
    assert isinstance(caught.value, ValueError)


# ---------------------------------------------------------------- expanding inputs


def test_directory_is_searched_recursively_sorted_and_filtered(tmp_path):
    write(tmp_path / "news" / "b.txt", "b")
    write(tmp_path / "news" / "a.md", "a")
    write(tmp_path / "news" / "2024" / "c.jsonl", "")
    write(tmp_path / "news" / "notes.pdf", "ignored: not a text suffix")
    write(tmp_path / "news" / ".cache" / "d.txt", "ignored: hidden")
    write(tmp_path / "news" / "E.TXT", "upper-case suffix")
    found = expand_inputs([str(tmp_path / "news")])
    assert [p.relative_to(tmp_path / "news").as_posix() for p in found] == [
        "2024/c.jsonl", "E.TXT", "a.md", "b.txt"]


def test_glob_patterns_expand_sorted(tmp_path):
    write(tmp_path / "q2.txt", "")
    write(tmp_path / "q1.txt", "")
    write(tmp_path / "q1.md", "")
    write(tmp_path / "deep" / "q3.txt", "")
    assert [p.name for p in expand_inputs([str(tmp_path / "q*.txt")])] == ["q1.txt", "q2.txt"]
    assert [p.name for p in expand_inputs([str(tmp_path / "**" / "q*.txt")])] == [
        "q3.txt", "q1.txt", "q2.txt"]


def test_stdin_marker_is_kept(tmp_path):
    write(tmp_path / "a.txt", "")
    assert expand_inputs(["-", str(tmp_path / "a.txt")]) == ["-", tmp_path / "a.txt"]


@pytest.mark.parametrize("name, message", [
    pytest.param("missing.txt", "no such file or directory", id="missing-file"),
    pytest.param("missing/*.txt", "no file matches", id="glob-without-match"),
])
def test_missing_inputs_raise_naming_the_path(tmp_path, name, message):
    with pytest.raises(InputError, match=message) as caught:
        expand_inputs([str(tmp_path / name)])
    assert caught.value.source == str(tmp_path / name)


def test_directory_without_documents_is_an_error(tmp_path):
    write(tmp_path / "only.pdf", "")
    with pytest.raises(InputError, match="no .txt, .md"):
        expand_inputs([str(tmp_path)])


def test_missing_path_raises_before_any_file_is_read(tmp_path):
    write(tmp_path / "a.txt", "ok")
    with pytest.raises(InputError, match="nope.txt"):
        read_documents([str(tmp_path / "a.txt"), str(tmp_path / "nope.txt")])


# ---------------------------------------------------------------- text files


def test_text_files_become_documents_named_by_stem(tmp_path):
    a = write(tmp_path / "trade-2024.txt", "Exports rose 4.5% to $12 billion in 2024.")
    b = write(tmp_path / "budget.md", "# Budget\n\nSpending grows by $3 billion.")
    items = read_all(a, b, published=PUBLISHED)
    assert items == [
        Document("trade-2024", "Exports rose 4.5% to $12 billion in 2024.", PUBLISHED, str(a)),
        Document("budget", "# Budget\n\nSpending grows by $3 billion.", PUBLISHED, str(b)),
    ]


def test_empty_file_is_a_document_without_text(tmp_path):
    assert read_all(write(tmp_path / "empty.txt", b"")) == [
        Document("empty", "", None, str(tmp_path / "empty.txt"))]


def test_byte_order_mark_is_dropped(tmp_path):
    [doc] = read_all(write(tmp_path / "bom.txt", "\ufeffGDP grew 2%.".encode()))
    assert doc.text == "GDP grew 2%."


@pytest.mark.parametrize("content, message", [
    pytest.param("Prices rose 3% in M\xfcnchen.".encode("latin-1"), r"not valid UTF-8 \(byte 0xfc", id="latin-1"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data", id="binary"),
])
def test_undecodable_file_is_an_error_item_and_the_others_go_on(tmp_path, content, message):
    bad = write(tmp_path / "bad.txt", content)
    good = write(tmp_path / "good.txt", "Output fell 1.2%.")
    items = read_all(bad, good)
    [error] = errors(items)
    assert error.source == str(bad)
    assert str(error).startswith(f"{bad}: ")
    assert re.search(message, str(error))
    assert [d.doc_id for d in documents(items)] == ["good"]


# ---------------------------------------------------------------- JSON Lines


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_records_become_documents(tmp_path):
    path = write(tmp_path / "news.jsonl", jsonl(
        {"doc_id": "a1", "text": "Exports rose 4.5%.", "published": "2024-11-30"},
        {"id": 17, "text": "Imports fell $2 billion."},
        {"text": "No id here."},
    ))
    items = read_all(path, published=PUBLISHED)
    assert items == [
        Document("a1", "Exports rose 4.5%.", datetime.date(2024, 11, 30), f"{path}:1"),
        Document("17", "Imports fell $2 billion.", PUBLISHED, f"{path}:2"),
        Document("news:3", "No id here.", PUBLISHED, f"{path}:3"),
    ]


def test_ndjson_suffix_is_json_lines(tmp_path):
    path = write(tmp_path / "feed.ndjson", jsonl({"doc_id": "x", "text": "Debt hit 120% of GDP."}))
    assert [d.doc_id for d in read_all(path)] == ["x"]


@pytest.mark.parametrize("line, message", [
    pytest.param('{"doc_id": "b", "text": "unterminated', r"not valid JSON: .*\(column \d+\)", id="truncated"),
    pytest.param("not json at all", "not valid JSON", id="prose"),
    pytest.param('["a list", "of strings"]', "expected a JSON object", id="array"),
    pytest.param('{"doc_id": "b", "body": "no text key"}', 'no "text" string', id="no-text"),
    pytest.param('{"doc_id": "b", "text": 42}', 'no "text" string', id="text-not-string"),
    pytest.param('{"doc_id": "b", "text": "x", "published": "31/12/2024"}',
                 r"document 'b': published '31/12/2024' is not an ISO date", id="bad-published"),
])
def test_bad_json_line_names_file_and_line_and_the_other_lines_go_on(tmp_path, line, message):
    path = write(tmp_path / "news.jsonl", jsonl(
        {"doc_id": "a", "text": "Exports rose 4.5%."},
        "",  # blank lines are skipped but still counted
        line,
        {"doc_id": "c", "text": "Tariffs of 25% apply."},
    ))
    items = read_all(path)
    [error] = errors(items)
    assert (error.source, error.line) == (str(path), 3)
    assert str(error).startswith(f"{path}:3: ")
    assert re.search(message, str(error))
    assert [d.doc_id for d in documents(items)] == ["a", "c"]


def test_bad_bytes_on_one_json_line_cost_only_that_line(tmp_path):
    path = write(tmp_path / "news.jsonl",
                 b'{"doc_id": "a", "text": "ok"}\n{"doc_id": "b", "text": "caf\xe9"}\n{"doc_id": "c", "text": "ok"}\n')
    items = read_all(path)
    [error] = errors(items)
    assert str(error).startswith(f"{path}:2: not valid UTF-8")
    assert [d.doc_id for d in documents(items)] == ["a", "c"]


def test_jsonl_with_crlf_line_ends(tmp_path):
    path = write(tmp_path / "win.jsonl", b'{"doc_id": "w", "text": "Line one.\\nGDP rose 2%."}\r\n')
    [doc] = read_all(path)
    assert doc.text == "Line one.\nGDP rose 2%."


# ---------------------------------------------------------------- stdin


def test_stdin_text_is_one_document():
    items = read_all("-", stdin="Inflation eased to 2.4% in March.\n".encode(), published=PUBLISHED)
    assert items == [Document("stdin", "Inflation eased to 2.4% in March.\n", PUBLISHED, "<stdin>")]


def test_stdin_json_lines_are_read_as_json_lines():
    stdin = jsonl({"doc_id": "s1", "text": "A $4 billion loan.", "published": "2024-05-01"},
                  {"text": "Rates cut to 3.5%."}).encode()
    items = read_all("-", stdin=stdin)
    assert [(d.doc_id, d.published) for d in items] == [("s1", datetime.date(2024, 5, 1)), ("stdin:2", None)]


@pytest.mark.parametrize("stdin", [
    pytest.param('{"doc_id": "s1", "text": "ok"}\nThen a line of prose.\n', id="mixed"),
    pytest.param('{"doc_id": "s1", "body": "no text"}\n', id="object-without-text"),
    pytest.param("", id="empty"),
])
def test_stdin_that_is_not_all_json_lines_is_text(stdin):
    assert read_all("-", stdin=stdin.encode()) == [Document("stdin", stdin, None, "<stdin>")]


def test_binary_stdin_is_an_error_item():
    [error] = read_all("-", stdin=b"\x00\x01\x02")
    assert isinstance(error, InputError)
    assert str(error).startswith("<stdin>: binary data")


# ---------------------------------------------------------------- samples


def test_sample_articles_are_readable_documents_with_dates():
    items = list(read_sample_documents())
    assert items and not errors(items)
    assert all(isinstance(d.published, datetime.date) and d.text for d in items)
    assert len({d.doc_id for d in items}) == len(items)


# ---------------------------------------------------------------- writing


@pytest.fixture
def table() -> pa.Table:
    money = Fact("money", "$5 billion", 10, 20, value=5e9, unit="USD", sentence='He said "$5 billion", twice.')
    deadline = Fact("date", "by 2027", 30, 37, time_start=datetime.date(2027, 1, 1),
                    time_end=datetime.date(2027, 12, 31), time_role="deadline")
    return facts_table([("a", [money, deadline], PUBLISHED), ("b", [money], None)])


def test_parquet_keeps_the_schema_exactly(tmp_path, table):
    path = tmp_path / "facts.parquet"
    write_table(table, path)
    assert pq.read_schema(path).equals(FACTS_SCHEMA, check_metadata=True)
    assert pq.read_table(path).equals(table)


def test_csv_has_the_schema_columns_and_iso_dates(tmp_path, table):
    path = tmp_path / "facts.csv"
    write_table(table, path)
    lines = path.read_text().splitlines()
    assert lines[0].replace('"', "").split(",") == FACTS_SCHEMA.names
    back = pa_csv.read_csv(path)
    assert back.num_rows == 3
    assert back.column("published").to_pylist() == [PUBLISHED, PUBLISHED, None]
    assert back.column("sentence").to_pylist()[0] == 'He said "$5 billion", twice.'


def test_jsonl_has_iso_dates_and_nulls(tmp_path, table):
    path = tmp_path / "facts.jsonl"
    write_table(table, path)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(rows) == 3
    assert list(rows[0]) == FACTS_SCHEMA.names
    assert rows[1]["time_start"] == "2027-01-01" and rows[1]["time_end"] == "2027-12-31"
    assert rows[0]["published"] == "2025-02-08" and rows[2]["published"] is None
    assert rows[0]["value"] == 5e9 and rows[1]["value"] is None


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_empty_table_writes_a_valid_file(tmp_path, suffix):
    path = tmp_path / f"none{suffix}"
    write_table(facts_table([]), path)
    assert path.exists()
    if suffix == ".parquet":
        assert pq.read_table(path).num_rows == 0


@pytest.mark.parametrize("name, message", [
    pytest.param("facts.xlsx", "unknown output format '.xlsx'", id="unknown-suffix"),
    pytest.param("facts", r"unknown output format \(no suffix\)", id="no-suffix"),
    pytest.param("no/such/dir/facts.csv", "does not exist", id="missing-directory"),
])
def test_bad_output_path_is_refused_before_writing(tmp_path, table, name, message):
    path = tmp_path / name
    with pytest.raises(OutputError, match=message):
        check_output_path(path)
    with pytest.raises(OutputError, match=message):
        write_table(table, path)
    assert not path.exists()
    assert os.listdir(tmp_path) == []


def failing_parquet_writer(error: BaseException):
    def write_some_then_fail(table, sink, **kwargs):
        sink.write(b"PAR1 partial bytes")
        raise error
    return write_some_then_fail


@pytest.mark.parametrize("error, raised", [
    pytest.param(OSError(28, "No space left on device"), OutputError, id="disk-full"),
    pytest.param(RuntimeError("bug in a writer"), RuntimeError, id="unexpected"),
])
def test_failed_write_leaves_no_partial_file(tmp_path, table, monkeypatch, error, raised):
    monkeypatch.setattr(pq, "write_table", failing_parquet_writer(error))
    with pytest.raises(raised):
        write_table(table, tmp_path / "facts.parquet")
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_the_previous_file(tmp_path, table, monkeypatch):
    path = write(tmp_path / "facts.parquet", b"previous run")
    monkeypatch.setattr(pq, "write_table", failing_parquet_writer(OSError(28, "No space left on device")))
    with pytest.raises(OutputError, match="No space left on device"):
        write_table(table, path)
    assert path.read_bytes() == b"previous run"
    assert os.listdir(tmp_path) == ["facts.parquet"]


def test_write_replaces_an_existing_file(tmp_path, table):
    path = write(tmp_path / "facts.jsonl", b"old\n")
    write_table(table, path)
    assert len(path.read_text().splitlines()) == 3
