"""Reading documents (files, directories, globs, JSON Lines, stdin) and writing tables."""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import re

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import econfacts.io as econfacts_io
from econfacts import FACTS_SCHEMA, Fact, InputError, OutputError
from econfacts.io import (
    Columns,
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


DEFAULT_COLUMNS = Columns()


def read_all(*inputs, published=None, stdin=None, columns=DEFAULT_COLUMNS):
    return list(read_documents([str(i) for i in inputs], published,
                               io.BytesIO(stdin) if stdin is not None else None, columns))


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


def test_jsonl_is_streamed_not_read_whole(tmp_path, monkeypatch):
    path = write(tmp_path / "archive.jsonl", jsonl(
        {"doc_id": "a", "text": "Copper output rose 3%."},
        {"doc_id": "b", "text": "The lender cut its forecast to 1.1%."},
    ))

    def no_whole_reads(self):
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(type(path), "read_bytes", no_whole_reads)
    items = read_documents([str(path)])
    first = next(items)
    assert first.doc_id == "a"
    assert [d.doc_id for d in items] == ["b"]


def test_jsonl_last_line_without_newline_is_read(tmp_path):
    path = write(tmp_path / "tail.jsonl",
                 '{"doc_id": "a", "text": "x"}\n{"doc_id": "z", "text": "Freight rates fell 12%."}')
    assert [d.doc_id for d in read_all(path)] == ["a", "z"]


@pytest.mark.parametrize("record, title", [
    pytest.param({"text": "Steel imports doubled.", "title": "Mills ask for quotas"}, "Mills ask for quotas",
                 id="title"),
    pytest.param({"text": "Steel imports doubled."}, None, id="no-title"),
    pytest.param({"text": "Steel imports doubled.", "title": None}, None, id="null-title"),
    pytest.param({"text": "Steel imports doubled.", "title": ""}, None, id="empty-title"),
])
def test_jsonl_title(tmp_path, record, title):
    [doc] = read_all(write(tmp_path / "t.jsonl", jsonl(record)))
    assert doc.title == title


# ---------------------------------------------------------------- stdin


def test_stdin_text_is_one_document():
    items = read_all("-", stdin=b"Inflation eased to 2.4% in March.\n", published=PUBLISHED)
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


# ---------------------------------------------------------------- column names, across formats


def write_records(path, records: list[dict], schema: pa.Schema | None = None):
    """`records` as JSON Lines, CSV or Parquet, by the suffix of `path` (written by Arrow for the last two)."""
    if path.suffix == ".jsonl":
        return write(path, jsonl(*records))
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(records, schema=schema)
    if path.suffix == ".csv":
        pa_csv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    return path


def row_source(path, row: int) -> str:
    return f"{path}:{row}" if path.suffix == ".jsonl" else f"{path} (row {row})"


FORMATS = [pytest.param(".jsonl", id="jsonl"), pytest.param(".csv", id="csv"),
           pytest.param(".parquet", id="parquet")]
TABLE_FORMATS = [pytest.param(".csv", id="csv"), pytest.param(".parquet", id="parquet")]


@pytest.mark.parametrize("suffix", FORMATS)
def test_named_columns(tmp_path, suffix):
    path = write_records(tmp_path / f"feed{suffix}", [
        {"url": "https://news.example/lng", "body": "LNG shipments to Europe rose 18% in January.",
         "pubdate": "2025-02-03", "title": "LNG flows climb", "text": "a teaser, not the article"},
        {"url": "https://news.example/yen", "body": "The yen slid 0.8% against the dollar.",
         "pubdate": None, "title": None, "text": None},
    ])
    items = read_all(path, published=PUBLISHED, columns=Columns(text="body", id="url", date="pubdate"))
    assert items == [
        Document("https://news.example/lng", "LNG shipments to Europe rose 18% in January.",
                 datetime.date(2025, 2, 3), row_source(path, 1), "LNG flows climb"),
        Document("https://news.example/yen", "The yen slid 0.8% against the dollar.",
                 PUBLISHED, row_source(path, 2)),
    ]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("record, doc_id, published", [
    pytest.param({"doc_id": "q1", "id": "other", "text": "Retail sales grew 2.2%.", "published": "2024-12-31",
                  "date": "2020-01-01"}, "q1", datetime.date(2024, 12, 31), id="doc_id-and-published-first"),
    pytest.param({"id": "q1", "text": "Retail sales grew 2.2%.", "date": "2024-12-31"},
                 "q1", datetime.date(2024, 12, 31), id="id-and-date-fallbacks"),
    pytest.param({"text": "Retail sales grew 2.2%."}, "sales:1", PUBLISHED, id="neither"),
])
def test_default_columns(tmp_path, suffix, record, doc_id, published):
    [doc] = read_all(write_records(tmp_path / f"sales{suffix}", [record]), published=PUBLISHED)
    assert (doc.doc_id, doc.text, doc.published) == (doc_id, "Retail sales grew 2.2%.", published)


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
@pytest.mark.parametrize("columns, message", [
    pytest.param(Columns(), 'no "text" column; the columns are: "headline", "body"', id="default-text"),
    pytest.param(Columns(text="article"), 'no "article" column; the columns are: "headline", "body"',
                 id="named-text"),
    pytest.param(Columns(text="body", id="url", date="pubdate"),
                 'no "url", "pubdate" columns; the columns are: "headline", "body"', id="named-id-and-date"),
])
def test_file_without_a_needed_column_is_one_error(tmp_path, suffix, columns, message):
    path = write_records(tmp_path / f"wire{suffix}", [
        {"headline": "Dairy prices", "body": "Butter prices rose 7% at the auction."},
        {"headline": "Wool", "body": "Wool exports fell by a fifth."},
    ])
    good = write(tmp_path / "good.txt", "Output fell 1.2%.")
    items = read_all(path, good, columns=columns)
    [error] = errors(items)
    assert str(error) == f"{path}: {message}"
    assert error.source == str(path)
    assert [d.doc_id for d in documents(items)] == ["good"]


def test_jsonl_record_without_the_named_text_field_is_an_error(tmp_path):
    path = write(tmp_path / "feed.jsonl", jsonl(
        {"url": "u1", "body": "Coffee futures jumped 4%."},
        {"url": "u2", "text": "the text field, but body was asked for"},
    ))
    items = read_all(path, columns=Columns(text="body", id="url"))
    [error] = errors(items)
    assert str(error) == f'{path}:2: no "body" string in this JSON object'
    assert [d.doc_id for d in documents(items)] == ["u1"]


def test_stdin_json_lines_use_the_named_text_column():
    stdin = jsonl({"url": "s1", "body": "Gold rose 1.5%."}).encode()
    [doc] = read_all("-", stdin=stdin, columns=Columns(text="body", id="url"))
    assert (doc.doc_id, doc.text) == ("s1", "Gold rose 1.5%.")


@pytest.mark.parametrize("kwargs", [
    pytest.param({"text": ""}, id="empty-text"),
    pytest.param({"id": " "}, id="blank-id"),
    pytest.param({"date": 3}, id="not-a-string"),
])
def test_bad_column_names_are_refused(kwargs):
    with pytest.raises(InputError, match="column name must be a non-empty string"):
        Columns(**kwargs)


# ---------------------------------------------------------------- CSV and Parquet


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
def test_null_text_costs_only_its_row(tmp_path, suffix):
    path = write_records(tmp_path / f"rows{suffix}", [
        {"doc_id": "a", "text": "Cement sales rose 6%."},
        {"doc_id": "b", "text": None},
        {"doc_id": "c", "text": "Home prices fell 0.4% in March."},
    ])
    items = read_all(path)
    [error] = errors(items)
    assert str(error) == f'{path} (row 2): no text: "text" is empty (null)'
    assert [d.doc_id for d in documents(items)] == ["a", "c"]


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
def test_bad_date_costs_only_its_row(tmp_path, suffix):
    path = write_records(tmp_path / f"rows{suffix}", [
        {"doc_id": "a", "text": "Cement sales rose 6%.", "published": "2025-04-01"},
        {"doc_id": "b", "text": "Rents rose 3%.", "published": "01/04/2025"},
    ])
    items = read_all(path)
    [error] = errors(items)
    assert str(error) == (f"{path} (row 2): document 'b': published '01/04/2025' "
                          "is not an ISO date (YYYY-MM-DD)")
    assert [d.doc_id for d in documents(items)] == ["a"]


def test_csv_quoted_values_keep_newlines_commas_and_quotes(tmp_path):
    path = write(tmp_path / "briefs.csv", (
        'doc_id,title,text,published\n'
        'grain-1,"Grain, oilseeds","The ministry expects wheat exports to fall 8%\n'
        'this season, to 31 million tonnes.\n\nIt called the drop ""temporary"".",\n'
        'fuel-2,Fuel,Diesel prices rose 2.5% in May.,2025-06-02T06:00:00+02:00\n'))
    items = read_all(path)
    assert items == [
        Document("grain-1", "The ministry expects wheat exports to fall 8%\nthis season, to 31 million tonnes."
                 '\n\nIt called the drop "temporary".', None, f"{path} (row 1)", "Grain, oilseeds"),
        Document("fuel-2", "Diesel prices rose 2.5% in May.", datetime.date(2025, 6, 2), f"{path} (row 2)", "Fuel"),
    ]


@pytest.mark.parametrize("cells, text", [
    pytest.param('"",', "", id="quoted-empty-is-empty-text"),
    pytest.param("NA,", "NA", id="NA-is-text"),
    pytest.param("null,", "null", id="null-is-text"),
])
def test_csv_only_an_unquoted_empty_cell_is_null(tmp_path, cells, text):
    [doc] = read_all(write(tmp_path / "c.csv", f"text,doc_id\n{cells}\n"))
    assert (doc.text, doc.doc_id) == (text, "c:1")


def test_csv_bad_bytes_and_malformed_rows_cost_only_those_rows(tmp_path):
    path = write(tmp_path / "mixed.csv", b"\xef\xbb\xbfdoc_id,text\n"
                                         b"a,Tourist arrivals rose 9%.\n"
                                         b"b,Caf\xe9 prices rose 3%.\n"
                                         b"c,Exports fell 2%.,an extra field\n"
                                         b"d,The deficit narrowed to 3.1% of GDP.\n")
    items = read_all(path)
    assert sorted(str(e) for e in errors(items)) == [
        f"{path} (malformed row 1): skipped: 3 fields where the header has 2: 'c,Exports fell 2%.,an extra field'",
        f"{path} (row 2): not valid UTF-8 (byte 0xe9 at offset 3)",
    ]
    assert [d.doc_id for d in documents(items)] == ["a", "d"]


@pytest.mark.parametrize("suffix", TABLE_FORMATS)
def test_rows_are_numbered_across_blocks_and_batches(tmp_path, suffix, monkeypatch):
    monkeypatch.setattr(econfacts_io, "_CSV_BLOCK_BYTES", 64)
    monkeypatch.setattr(econfacts_io, "_PARQUET_BATCH_ROWS", 2)
    texts = [f"Week {n}: rates held at {n}.5%." for n in range(1, 8)]
    path = write_records(tmp_path / f"weekly{suffix}", [{"text": t} for t in texts])
    items = read_all(path)
    assert [(d.doc_id, d.text) for d in items] == [(f"weekly:{n}", t) for n, t in enumerate(texts, start=1)]


@pytest.mark.parametrize("dates", [
    pytest.param(pa.array([datetime.date(2025, 1, 31), None], pa.date32()), id="date32"),
    pytest.param(pa.array([datetime.datetime(2025, 1, 31, 22, 15), None], pa.timestamp("ms")), id="timestamp"),
    pytest.param(pa.array([datetime.datetime(2025, 1, 31, 23, 30), None], pa.timestamp("ns")), id="timestamp-ns"),
    pytest.param(pa.array([datetime.datetime(2025, 1, 30, 16, 0, tzinfo=datetime.UTC), None],
                          pa.timestamp("us", tz="Asia/Tokyo")), id="timestamp-tz-gives-local-date"),
    pytest.param(pa.array(["2025-01-31", None], pa.string()), id="string"),
    pytest.param(pa.array(["2025-01-31T08:00:00+01:00", ""], pa.large_string()), id="large-string-timestamp"),
    pytest.param(pa.array(["2025-01-31", None]).dictionary_encode(), id="dictionary"),
])
def test_parquet_dates(tmp_path, dates):
    texts = pa.array(["Bond yields rose 12 basis points.", "Oil slipped 2%."])
    path = tmp_path / "dated.parquet"
    pq.write_table(pa.table({"text": texts, "published": dates}), path)
    assert [d.published for d in read_all(path, published=PUBLISHED)] == [datetime.date(2025, 1, 31), PUBLISHED]


@pytest.mark.parametrize("table, columns, message", [
    pytest.param(pa.table({"text": [1, 2]}), Columns(), 'column "text" holds int64, not text', id="int-text"),
    pytest.param(pa.table({"text": ["GDP rose 1%."], "when": [20250131]}), Columns(date="when"),
                 'column "when" holds int64, not dates, timestamps or ISO date strings', id="int-date"),
])
def test_parquet_column_of_the_wrong_type_is_one_error(tmp_path, table, columns, message):
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    [error] = read_all(path, columns=columns)
    assert str(error) == f"{path}: {message}"


@pytest.mark.parametrize("name, content, message", [
    pytest.param("fake.parquet", b"this is not a parquet file", "not a readable Parquet file", id="parquet"),
    pytest.param("empty.csv", b"", "not a readable CSV file: Empty CSV file", id="empty-csv"),
])
def test_unreadable_table_file_is_one_error_and_the_others_go_on(tmp_path, name, content, message):
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", "Output fell 1.2%.")
    items = read_all(bad, good)
    [error] = errors(items)
    assert str(error).startswith(f"{bad}: {message}")
    assert [d.doc_id for d in documents(items)] == ["good"]


@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
                      min_size=1, max_size=5))
@example(texts=["\ufeffA text that starts with a byte-order mark.", "CR\rLF\r\n", "", '"', "NA"])
def test_any_text_survives_writing_and_reading(tmp_path, suffix, texts):
    path = write_records(tmp_path / f"any{suffix}", [{"text": t} for t in texts])
    items = read_all(path)
    assert [(d.doc_id, d.text) for d in items] == [(f"any:{n}", t) for n, t in enumerate(texts, start=1)]


# ---------------------------------------------------------------- HTML

NAV = """<header><div class="brand">Northsea Business Journal</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li>
<li><a href="/energy">Energy</a></li><li><a href="/subscribe">Subscribe for $1 a week</a></li></ul></nav></header>"""
FOOTER = """<footer><p>Copyright 2023 Northsea Business Journal. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact us</a></li></ul></footer>"""
ARTICLE = """<article><h1>Shipyard orders lift exports</h1>
<p>Norwegian shipbuilders booked new orders worth 14 billion kroner in the first quarter, twice as much as
a year earlier, as ferry operators replaced diesel vessels with battery-powered ones.</p>
<p>The industry association said exports of ship equipment rose 11% to 9.6 billion kroner, and that
yards expect to hire about 1,500 workers by the end of 2026.</p>
</article>"""


def html_page(head: str = "", body: str = f"{NAV}<main>{ARTICLE}</main>{FOOTER}") -> str:
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">{head}</head>\n<body>{body}</body></html>'


DATED_PAGE = html_page(
    '<title>Shipyard orders lift exports | Northsea Business Journal</title>'
    '<meta property="article:published_time" content="2025-03-14T07:45:00+01:00">')


def test_html_page_gives_article_text_title_and_date(tmp_path):
    path = write(tmp_path / "shipyards.html", DATED_PAGE)
    [doc] = read_all(path, published=PUBLISHED)
    assert (doc.doc_id, doc.source) == ("shipyards", str(path))
    assert doc.title == "Shipyard orders lift exports"
    assert doc.published == datetime.date(2025, 3, 14)
    assert "booked new orders worth 14 billion kroner in the first quarter" in doc.text
    assert "exports of ship equipment rose 11% to 9.6 billion kroner" in doc.text
    for boilerplate in ("Subscribe", "$1 a week", "Markets", "Copyright", "Privacy policy", "Contact us"):
        assert boilerplate not in doc.text


@pytest.mark.parametrize("head", [
    pytest.param("<title>Shipyard orders</title>", id="no-date"),
    pytest.param('<meta name="date" content="1990-01-01">', id="implausibly-old-date"),
])
def test_html_without_a_stated_date_gets_the_default_not_the_copyright_year(tmp_path, head):
    [doc] = read_all(write(tmp_path / "undated.htm", html_page(head)), published=PUBLISHED)
    assert doc.published == PUBLISHED
    assert "14 billion kroner" in doc.text


def test_html_in_a_declared_legacy_charset(tmp_path):
    page = html_page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
                     "<article><p>Die Mieten in M\u00fcnchen stiegen im M\u00e4rz um 3,1 Prozent, "
                     "st\u00e4rker als die L\u00f6hne, teilte das Statistikamt am Freitag mit.</p></article>")
    [doc] = read_all(write(tmp_path / "mieten.html", page.replace('<meta charset="utf-8">', "").encode("latin-1")))
    assert "Die Mieten in M\u00fcnchen stiegen im M\u00e4rz um 3,1 Prozent" in doc.text


@pytest.mark.parametrize("content, message", [
    pytest.param(html_page("<title>Markets</title>", f"{NAV}{FOOTER}"), "no article text found in this HTML",
                 id="navigation-only"),
    pytest.param(html_page("<title>Nothing here</title>", ""), "no article text found in this HTML", id="empty-body"),
    pytest.param(b"", "no article text found in this HTML", id="empty-file"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data", id="binary"),
])
def test_html_without_an_article_is_an_error_and_the_others_go_on(tmp_path, content, message):
    bad = write(tmp_path / "bad.html", content)
    good = write(tmp_path / "good.html", DATED_PAGE)
    items = read_all(bad, good)
    [error] = errors(items)
    assert str(error).startswith(f"{bad}: {message}")
    assert [d.doc_id for d in documents(items)] == ["good"]


def test_html_reading_logs_no_warnings(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    [doc] = read_all(write(tmp_path / "page.html", DATED_PAGE))
    assert isinstance(doc, Document)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


# ---------------------------------------------------------------- directory scans and tables


def test_directory_scan_takes_html_but_not_csv_or_parquet(tmp_path):
    write(tmp_path / "news" / "a.html", DATED_PAGE)
    write(tmp_path / "news" / "b.HTM", DATED_PAGE)
    write(tmp_path / "news" / "c.txt", "Wages rose 4%.")
    write_records(tmp_path / "news" / "facts.csv", [{"text": "an output table"}])
    write_records(tmp_path / "news" / "out" / "facts.parquet", [{"text": "an output table"}])
    assert [p.name for p in expand_inputs([str(tmp_path / "news")])] == ["a.html", "b.HTM", "c.txt"]
    assert [p.name for p in expand_inputs([str(tmp_path / "news" / "**" / "*.parquet")])] == ["facts.parquet"]
    assert [p.name for p in expand_inputs([str(tmp_path / "news" / "facts.csv")])] == ["facts.csv"]


def test_directory_of_only_tables_says_they_must_be_named(tmp_path):
    write_records(tmp_path / "facts.csv", [{"text": "x"}])
    with pytest.raises(InputError, match="CSV and Parquet files are read only when named"):
        expand_inputs([str(tmp_path)])


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
