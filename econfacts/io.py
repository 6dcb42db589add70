"""Reading documents and writing facts tables.

Documents come from plain text (.txt, .md), JSON Lines (.jsonl, .ndjson),
CSV, Parquet and HTML pages (.html, .htm), or from stdin. Large inputs are
streamed: JSON Lines line by line, CSV block by block and Parquet batch by
batch, so a multi-gigabyte archive is read in bounded memory.

Two kinds of problems, two channels. A problem that makes the whole run
pointless (a missing input path, an unknown output suffix) is *raised* before
any extraction starts. A problem with one document (undecodable bytes, a
malformed JSON line, a CSV row without text, a bad date) is *yielded* as an
`InputError` in place of the document, so a batch run still extracts every
good document and the caller decides how to report the bad ones. A CSV or
Parquet file that lacks a needed column is one such error for the whole file.

Outputs are written atomically: to a temporary file beside the target, then
`os.replace`d over it, so a failed write never leaves a partial file.
"""

from __future__ import annotations

import datetime
import glob
import importlib.resources
import itertools
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.dataset as ds
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from econfacts.errors import InputError, OutputError
from econfacts.pipeline import parse_published
from econfacts.schema import facts_schema

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet",)
# What a directory scan picks up. CSV and Parquet are read only when named or
# matched by a glob: they are also the formats of our own output, and a facts
# table written under a scanned directory (articles/facts.parquet) must not be
# ingested as documents by the next run.
SCANNED_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES

DEFAULT_ID_COLUMNS = ("doc_id", "id")
DEFAULT_DATE_COLUMNS = ("published", "date")
TITLE_COLUMN = "title"

_STDIN_SOURCE = "<stdin>"
_SAMPLE = ("data", "samples", "articles.jsonl")
_PARQUET_BATCH_ROWS = 1024
# A CSV row must fit in one block; 4 MiB holds any news article with room to spare.
_CSV_BLOCK_BYTES = 4 << 20


@dataclass(frozen=True, slots=True)
class Document:
    """One text to extract, with where it came from.

    `source` is what an error message should point at: the file, the file
    and line for a JSON line (`news.jsonl:3`), the file and row for a CSV or
    Parquet row (`news.csv (row 3)`), or `<stdin>`. `title` is the headline
    when the input carries one (a "title" field or column, an HTML page).
    """

    doc_id: str
    text: str
    published: datetime.date | None
    source: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Columns:
    """Which field of a JSON record, CSV row or Parquet row holds what.

    `text` is required in every record. `id` and `date` name the id and the
    publication-date field; left as None they mean the first of "doc_id",
    "id" and of "published", "date" that is present. A title is read from a
    "title" field when there is one. A CSV or Parquet file that lacks a
    column named here is an error for the file; in a JSON record (which has
    no fixed columns) a missing id or date counts as null.
    """

    text: str = "text"
    id: str | None = None
    date: str | None = None

    def __post_init__(self) -> None:
        for role in ("text", "id", "date"):
            name = getattr(self, role)
            if name is None and role != "text":
                continue
            if not isinstance(name, str) or not name.strip():
                raise InputError(f"the {role} column name must be a non-empty string, not {name!r}")

    @property
    def id_names(self) -> tuple[str, ...]:
        return DEFAULT_ID_COLUMNS if self.id is None else (self.id,)

    @property
    def date_names(self) -> tuple[str, ...]:
        return DEFAULT_DATE_COLUMNS if self.date is None else (self.date,)

    @property
    def required(self) -> tuple[str, ...]:
        """The columns a CSV or Parquet file must have: text, and id and date when named."""
        return tuple(name for name in (self.text, self.id, self.date) if name is not None)


# ---------------------------------------------------------------- reading


def expand_inputs(inputs: Iterable[str]) -> list[Path | str]:
    """The files behind `inputs`, in a deterministic order; `-` stays `-`.

    Directories are searched recursively for .txt, .md, .jsonl, .ndjson,
    .html and .htm files (hidden ones skipped), sorted by path; CSV and
    Parquet files are taken only when named or matched by a glob. An input
    that is neither an existing path nor a glob pattern matching something
    raises `InputError`.
    """
    sources: list[Path | str] = []
    for item in inputs:
        if item == STDIN:
            sources.append(STDIN)
            continue
        path = Path(item)
        if path.exists():
            sources.extend(_files_under(path) if path.is_dir() else [path])
        elif _is_glob(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError("no file matches this pattern", source=item)
            for match in map(Path, matches):
                sources.extend(_files_under(match) if match.is_dir() else [match])
        else:
            raise InputError("no such file or directory", source=item)
    return sources


def read_documents(inputs: Iterable[str], published: datetime.date | None = None,
                   stdin: BinaryIO | None = None,
                   columns: Columns = Columns()) -> Iterator[Document | InputError]:
    """Documents from files, directories, globs and `-` (stdin), one at a time.

    Paths are checked now (a missing one raises `InputError`); the files are
    read lazily as the iterator is consumed. `published` is the date given to
    documents that carry none. `columns` names the fields of JSON Lines, CSV
    and Parquet records. Per-document problems come out as `InputError`
    items in place of the document.
    """
    sources = expand_inputs(inputs)
    return _read_sources(sources, published, stdin, columns)


def read_sample_documents() -> Iterator[Document | InputError]:
    """The sample articles bundled with the package (works from any directory)."""
    resource = importlib.resources.files("econfacts").joinpath(*_SAMPLE)
    try:
        data = resource.read_bytes()
    except OSError as error:
        raise InputError(f"the bundled sample articles cannot be read: {error}",
                         source="/".join(_SAMPLE)) from None
    return _jsonl_documents(data.split(b"\n"), "samples/articles.jsonl", "articles", None, Columns())


def _read_sources(sources: list[Path | str], published: datetime.date | None,
                  stdin: BinaryIO | None, columns: Columns) -> Iterator[Document | InputError]:
    for source in sources:
        if source == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stdin(stream, published, columns)
        else:
            reader = _READERS.get(source.suffix.lower(), _read_text)
            yield from reader(source, published, columns)


def _read_text(path: Path, published: datetime.date | None,
               columns: Columns) -> Iterator[Document | InputError]:
    """A whole file as one document named by its stem (also for suffixes we do not know)."""
    try:
        text = _decode(path.read_bytes(), str(path))
    except OSError as error:
        yield InputError(f"cannot read: {error.strerror or error}", source=str(path))
        return
    except InputError as error:
        yield error
        return
    yield Document(path.stem, text, published, str(path))


def _read_stdin(stream: BinaryIO, published: datetime.date | None,
                columns: Columns) -> Iterator[Document | InputError]:
    """Stdin is one text document, unless every non-empty line is a JSON object with text."""
    try:
        text = _decode(stream.read(), _STDIN_SOURCE)
    except InputError as error:
        yield error
        return
    records = _jsonl_records(text, columns.text)
    if records is None:
        yield Document("stdin", text, published, _STDIN_SOURCE)
        return
    for number, record in records:
        yield _json_document(record, _STDIN_SOURCE, number, "stdin", published, columns)


def _jsonl_records(text: str, text_field: str) -> list[tuple[int, dict]] | None:
    """(line number, object) for every non-empty line, or None if any line is not a JSON object with text."""
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        if not line.startswith("{"):
            return None
        try:
            record = json.loads(line)
        except ValueError:
            return None
        if not isinstance(record, dict) or text_field not in record:
            return None
        records.append((number, record))
    return records or None


# ---------------------------------------------------------------- JSON Lines


def _read_jsonl(path: Path, published: datetime.date | None,
                columns: Columns) -> Iterator[Document | InputError]:
    """A JSON Lines file, read line by line from an open file: memory stays that of one line."""
    try:
        with open(path, "rb") as stream:
            yield from _jsonl_documents(stream, str(path), path.stem, published, columns)
    except OSError as error:  # on opening, or part way (the lines before were yielded)
        yield InputError(f"cannot read: {error.strerror or error}", source=str(path))


def _jsonl_documents(lines: Iterable[bytes], source: str, stem: str,
                     published: datetime.date | None, columns: Columns) -> Iterator[Document | InputError]:
    """One document per JSON line; a bad line is an error naming file and line, the rest go on.

    Lines are decoded one by one so that a single bad byte costs one line,
    not the whole file.
    """
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(_decode(raw, source, number))
        except InputError as error:
            yield error
            continue
        except json.JSONDecodeError as error:
            yield InputError(f"not valid JSON: {error.msg} (column {error.colno})", source, number)
            continue
        yield _json_document(record, source, number, stem, published, columns)


def _json_document(record: object, source: str, line: int, stem: str,
                   published: datetime.date | None, columns: Columns) -> Document | InputError:
    """A document from one JSON record: text, and optional id, date and title."""
    if not isinstance(record, dict):
        return InputError(f"expected a JSON object with \"{columns.text}\"", source, line)
    text = record.get(columns.text)
    if not isinstance(text, str):
        return InputError(f"no \"{columns.text}\" string in this JSON object", source, line)
    try:
        return _document(text, _first_present(record, columns.id_names),
                         _first_present(record, columns.date_names), record.get(TITLE_COLUMN),
                         f"{stem}:{line}", published, f"{source}:{line}")
    except InputError as error:
        return InputError(str(error), source, line)


def _first_present(record: dict, names: tuple[str, ...]) -> object:
    """The value of the first of `names` that is a key of `record` (None if none is)."""
    for name in names:
        if name in record:
            return record[name]
    return None


def _document(text: str, doc_id: object, date: object, title: object, default_id: str,
              published: datetime.date | None, source: str) -> Document:
    """The document of one record; raises `InputError` (without a location) for a bad date."""
    doc_id = default_id if doc_id is None else str(doc_id)
    try:
        own_date = parse_published(date)
    except InputError as error:
        raise InputError(f"document {doc_id!r}: {error}") from None
    title = None if title is None or title == "" else str(title)
    return Document(doc_id, text, own_date or published, source, title)


# ---------------------------------------------------------------- CSV and Parquet


def _read_csv(path: Path, published: datetime.date | None,
              columns: Columns) -> Iterator[Document | InputError]:
    """A CSV file with a header row, streamed block by block.

    The needed columns are read as bytes and decoded cell by cell, so a bad
    byte costs one row, and a date is parsed per row by `parse_published`
    (ISO dates and timestamps), so a bad date costs one row too; letting
    Arrow convert them would fail a whole block. Quoted values may span
    lines. An unquoted empty cell is null; "NA" and "null" are text. A row
    with the wrong number of fields is reported with its text and skipped;
    it takes no row number, since Arrow does not say where in its block it
    was.
    """
    source = str(path)
    malformed: list[tuple[int, pa_csv.InvalidRow]] = []
    count = itertools.count(1)

    def skip_malformed(row: pa_csv.InvalidRow) -> str:
        malformed.append((next(count), row))
        return "skip"

    read_options = pa_csv.ReadOptions(block_size=_CSV_BLOCK_BYTES)
    try:
        fields = _pick_fields(_csv_header(path, read_options), columns)
        reader = pa_csv.open_csv(
            path, read_options=read_options,
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip_malformed),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(dict.fromkeys(fields.values())),
                column_types={name: pa.binary() for name in fields.values()},
                strings_can_be_null=True, quoted_strings_can_be_null=False, null_values=[""]))
    except InputError as error:
        yield InputError(str(error), source)
        return
    except (pa.ArrowException, OSError) as error:
        yield InputError(f"not a readable CSV file: {error}", source)
        return
    with reader:
        yield from _table_documents(reader, fields, path, published, lambda: _malformed_rows(malformed, source))


def _csv_header(path: Path, read_options: pa_csv.ReadOptions) -> list[str]:
    """The column names of a CSV file (Arrow parses its first block to find them)."""
    parse_options = pa_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=lambda row: "skip")
    with pa_csv.open_csv(path, read_options=read_options, parse_options=parse_options) as reader:
        return reader.schema.names


def _malformed_rows(rows: list[tuple[int, pa_csv.InvalidRow]], source: str) -> Iterator[InputError]:
    """An error for each malformed CSV row reported by Arrow so far (the list is emptied).

    Arrow does not say which row it was, so each is named by its ordinal
    among the file's malformed rows, which the same file always gives again.
    """
    while rows:
        ordinal, row = rows.pop(0)
        excerpt = row.text if len(row.text) <= 60 else row.text[:57] + "..."
        yield InputError(f"skipped: {row.actual_columns} fields where the header has "
                         f"{row.expected_columns}: {excerpt!r}", f"{source} (malformed row {ordinal})")


def _read_parquet(path: Path, published: datetime.date | None,
                  columns: Columns) -> Iterator[Document | InputError]:
    """A Parquet file, streamed in batches of the needed columns only.

    The text column must hold strings; the date column strings, dates or
    timestamps (a timestamp with a time zone gives the date in that zone).
    """
    source = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        yield InputError(f"not a readable Parquet file: {error}", source)
        return
    with parquet:
        schema = parquet.schema_arrow
        try:
            fields = _pick_fields(schema.names, columns)
            _check_parquet_types(schema, fields)
        except InputError as error:
            yield InputError(str(error), source)
            return
        batches = parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS,
                                       columns=list(dict.fromkeys(fields.values())))
        yield from _table_documents(batches, fields, path, published)


def _pick_fields(names: list[str], columns: Columns) -> dict[str, str]:
    """Role ("text", "id", "date", "title") → column name, for the roles this file has columns for.

    Raises `InputError` (without a location) naming the columns the file has
    when one that `columns` requires is missing.
    """
    present = set(names)
    missing = [name for name in columns.required if name not in present]
    if missing:
        listed = ", ".join(f'"{name}"' for name in missing)
        have = ", ".join(f'"{name}"' for name in names) or "none"
        raise InputError(f"no {listed} column{'s' if len(missing) > 1 else ''}; the columns are: {have}")
    fields = {"text": columns.text}
    for role, candidates in (("id", columns.id_names), ("date", columns.date_names),
                             ("title", (TITLE_COLUMN,))):
        name = next((name for name in candidates if name in present), None)
        if name is not None:
            fields[role] = name
    return fields


def _check_parquet_types(schema: pa.Schema, fields: dict[str, str]) -> None:
    """Raise `InputError` if the text column holds no strings or the date column no dates."""
    def holds(name: str, *kinds: Callable[[pa.DataType], bool]) -> bool:
        type_ = schema.field(name).type
        if pa.types.is_dictionary(type_):
            type_ = type_.value_type
        return any(kind(type_) for kind in kinds)

    strings = (pa.types.is_string, pa.types.is_large_string, pa.types.is_null,
               getattr(pa.types, "is_string_view", lambda type_: False))  # pyarrow >= 16
    if not holds(fields["text"], *strings):
        raise InputError(f'column "{fields["text"]}" holds {schema.field(fields["text"]).type}, not text')
    if "date" in fields and not holds(fields["date"], *strings, pa.types.is_date, pa.types.is_timestamp):
        raise InputError(f'column "{fields["date"]}" holds {schema.field(fields["date"]).type}, '
                         "not dates, timestamps or ISO date strings")


def _table_documents(
        batches: Iterable[pa.RecordBatch], fields: dict[str, str], path: Path, published: datetime.date | None,
        pending_errors: Callable[[], Iterable[InputError]] = lambda: (),
) -> Iterator[Document | InputError]:
    """One document per row of the batches; rows are numbered from 1 across batches.

    `pending_errors` gives the problems the reader found while producing
    the latest batch (malformed CSV rows). A read error that stops the file
    is one last error naming the rows read before it.
    """
    source = str(path)
    row = 0
    try:
        for batch in batches:
            yield from pending_errors()
            values = {role: batch.column(name).to_pylist() for role, name in fields.items()}
            for index in range(batch.num_rows):
                row += 1
                cells = {role: column[index] for role, column in values.items()}
                yield _row_document(cells, fields, row, path, published)
    except (pa.ArrowException, OSError) as error:
        yield InputError(f"cannot read past row {row}: {error}", source)
    yield from pending_errors()


def _row_document(cells: dict[str, Any], fields: dict[str, str], row: int, path: Path,
                  published: datetime.date | None) -> Document | InputError:
    """A document from one CSV or Parquet row; CSV cells arrive as bytes and are decoded here."""
    try:
        # "utf-8": a byte-order mark starts the file (Arrow drops it), not a cell
        cells = {role: _utf8(value, "utf-8") if isinstance(value, bytes) else value
                 for role, value in cells.items()}
        if cells["text"] is None:
            raise InputError(f'no text: "{fields["text"]}" is empty (null)')
        return _document(cells["text"], cells.get("id"), cells.get("date"), cells.get("title"),
                         f"{path.stem}:{row}", published, f"{path} (row {row})")
    except InputError as error:
        # The row in `source`, as for a document: it also names the record
        # that a dataset keeps for this error.
        return InputError(str(error), f"{path} (row {row})")


# ---------------------------------------------------------------- HTML


def _read_html(path: Path, published: datetime.date | None,
               columns: Columns) -> Iterator[Document | InputError]:
    """An HTML page: its main article text, title and (when the page states one) publication date.

    The page's own date wins over `published`, as a JSON record's does; a
    date the page does not state, or states wrongly, leaves `published`.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputError(f"cannot read: {error.strerror or error}", source=source)
        return
    if b"\x00" in data:
        yield InputError("binary data (contains NUL bytes), not HTML", source)
        return
    # A third-party parser on arbitrary bytes: a crash on one page must not stop the run.
    try:
        text, title, date = _html_article(data)
    except Exception as error:  # noqa: BLE001
        yield InputError(f"HTML extraction failed: {type(error).__name__}: {error}", source)
        return
    if not text.strip():
        yield InputError("no article text found in this HTML", source)
        return
    try:
        own_date = parse_published(date)
    except InputError:
        own_date = None
    yield Document(path.stem, text, own_date or published, source, title or None)


def _html_article(data: bytes) -> tuple[str, str | None, str | None]:
    """(text, title, date) of the main article of an HTML page, by trafilatura; "" when it finds none.

    The bytes go to trafilatura as they are, so it decodes them by the
    page's declared or detected charset; nothing is fetched. Settings:
    - `favor_precision`: leave out menus, teasers and link lists, whose
      figures ("Subscribe for $1 a week") are not the article's;
    - no comments; tables kept, as they often hold the figures;
    - the date only from the page's metadata and markup (meta tags, JSON-LD,
      <time>), not htmldate's extensive search of the text, which would
      take a "Copyright 2023" footer for the publication date.
    trafilatura logs through a NullHandler, so it prints nothing unless the
    application configures logging.
    """
    import trafilatura  # here, not at the top: it loads lxml, justext and htmldate (~0.1 s)

    result = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True})
    if result is None:
        return "", None, None
    return result.text or "", result.title, result.date


# ---------------------------------------------------------------- helpers


_READERS: dict[str, Callable[[Path, datetime.date | None, Columns], Iterator[Document | InputError]]] = {
    **dict.fromkeys(JSONL_SUFFIXES, _read_jsonl),
    **dict.fromkeys(CSV_SUFFIXES, _read_csv),
    **dict.fromkeys(PARQUET_SUFFIXES, _read_parquet),
    **dict.fromkeys(HTML_SUFFIXES, _read_html),
}


def _utf8(data: bytes, encoding: str = "utf-8-sig") -> str:
    """UTF-8 text, or `InputError` (without a location) for binary or non-UTF-8 bytes.

    The default "utf-8-sig" drops a leading byte-order mark; "utf-8" keeps it.
    """
    if b"\x00" in data:
        raise InputError("binary data (contains NUL bytes), not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from None


def _decode(data: bytes, source: str, line: int | None = None) -> str:
    """`_utf8`, with errors naming `source` (and `line`)."""
    try:
        return _utf8(data)
    except InputError as error:
        raise InputError(str(error), source, line) from None


def _files_under(root: Path) -> list[Path]:
    files = [path for path in root.rglob("*")
             if path.suffix.lower() in SCANNED_SUFFIXES and path.is_file()
             and not any(part.startswith(".") for part in path.relative_to(root).parts)]
    if not files:
        raise InputError(f"no {', '.join(SCANNED_SUFFIXES)} files in this directory "
                         "(CSV and Parquet files are read only when named)", source=str(root))
    return sorted(files)


def _is_glob(text: str) -> bool:
    return any(char in text for char in "*?[")


# ---------------------------------------------------------------- reading facts tables back

# The two tables of a dataset (`econfacts.dataset` writes them, this module
# reads them back; the names live here, in the lower layer).
DATASET_FACTS_DIR = "facts"
DATASET_DOCUMENTS_DIR = "documents"
# Without these columns a table is not a facts table.
_FACTS_KEY_COLUMNS = ("doc_id", "kind", "surface", "start", "end")


def is_facts_input(path: str | os.PathLike) -> bool:
    """Whether `path` holds facts (written by `write_table` or a dataset) rather than documents.

    A .parquet or .csv file and a directory with a `facts/` folder are facts
    tables; a JSON Lines file is one when its first record has "fact_id" and
    "kind". Anything else, a missing path included, is for reading as documents.
    """
    path = Path(path)
    if path.is_dir():
        return (path / DATASET_FACTS_DIR).is_dir()
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES + CSV_SUFFIXES:
        return path.is_file()
    if suffix in JSONL_SUFFIXES and path.is_file():
        record = _first_json_record(path)
        return isinstance(record, dict) and "fact_id" in record and "kind" in record
    return False


def open_facts(path: str | os.PathLike) -> ds.Dataset:
    """A facts table as a pyarrow dataset, to scan with filters: a .parquet, .csv or .jsonl file
    written by `write_table`, or a dataset directory (its `facts/` folder, hive-partitioned).

    CSV and JSON Lines columns get the facts schema's types back (dates as
    dates, numbers as doubles, `kind` and `metric` as strings). Raises
    `InputError` for a path that cannot be read or is not a facts table.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if path.is_dir():
            facts = ds.dataset(path / DATASET_FACTS_DIR, format="parquet", partitioning="hive")
            if not facts.files:
                raise InputError("the dataset has no facts files", source=source)
        elif suffix in PARQUET_SUFFIXES:
            facts = ds.dataset(path, format="parquet")
        elif suffix in CSV_SUFFIXES:
            options = pa_csv.ConvertOptions(strings_can_be_null=True)
            facts = ds.dataset(_typed_facts(pa_csv.read_csv(path, convert_options=options)))
        elif suffix in JSONL_SUFFIXES:
            facts = ds.dataset(_typed_facts(pa_json.read_json(path)))
        else:
            raise InputError("not a facts table: give a .parquet, .csv or .jsonl file or a dataset directory",
                             source=source)
    except FileNotFoundError:
        raise InputError("no such file or directory", source=source) from None
    except (pa.ArrowException, OSError) as error:
        raise InputError(f"not a readable facts table: {error}", source=source) from None
    missing = [name for name in _FACTS_KEY_COLUMNS if name not in facts.schema.names]
    if missing:
        raise InputError(f"not a facts table (no {', '.join(missing)} column); "
                         "a table of documents is read by `econfacts extract`", source=source)
    return facts


def _first_json_record(path: Path) -> object:
    """The first non-blank line of a JSON Lines file, parsed; None when there is none or it is not JSON."""
    try:
        with open(path, "rb") as stream:
            for line in stream:
                if line.strip():
                    return json.loads(line)
    except (OSError, ValueError):
        return None
    return None


def _typed_facts(table: pa.Table) -> pa.Table:
    """The columns of a facts CSV or JSON Lines file cast to the facts schema (text for dictionary columns)."""
    names = table.column_names
    base = next((name.removeprefix("value_") for name in names
                 if name.startswith("value_") and f"{name}_low" in names), "usd")
    schema = facts_schema(base)
    for index, name in enumerate(names):
        if name in schema.names:
            dtype = schema.field(name).type
            if pa.types.is_dictionary(dtype):
                dtype = dtype.value_type
            table = table.set_column(index, name, pc.cast(table.column(index), dtype))
    return table


# ---------------------------------------------------------------- writing


def _write_parquet(table: pa.Table, sink: BinaryIO) -> None:
    pq.write_table(table, sink)


def _write_csv(table: pa.Table, sink: BinaryIO) -> None:
    pa_csv.write_csv(table, sink)


def _write_jsonl(table: pa.Table, sink: BinaryIO) -> None:
    """One JSON object per fact; dates as ISO strings (cast by Arrow, column-wise), nulls as null."""
    for index, field in enumerate(table.schema):
        if pa.types.is_date(field.type):
            table = table.set_column(index, field.name, pc.cast(table.column(index), pa.string()))
    for batch in table.to_batches(max_chunksize=10_000):
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch.to_pylist())
        sink.write(lines.encode())


_WRITERS: dict[str, Callable[[pa.Table, BinaryIO], None]] = {
    ".parquet": _write_parquet,
    ".csv": _write_csv,
    ".jsonl": _write_jsonl,
    ".ndjson": _write_jsonl,
}
OUTPUT_SUFFIXES = tuple(_WRITERS)


def check_output_path(path: str | os.PathLike) -> None:
    """Raise `OutputError` now if `path` cannot be an output, before any extraction is spent on it."""
    _writer_for(Path(path))


def write_table(table: pa.Table, path: str | os.PathLike) -> None:
    """Write `table` in the format named by the suffix of `path`, atomically.

    Parquet keeps the Arrow schema unchanged (field descriptions included);
    CSV and JSON Lines write dates as ISO strings. On any failure the
    temporary file is removed and an existing file at `path` is untouched.
    """
    path = Path(path)
    writer = _writer_for(path)
    write_atomically(path, lambda sink: writer(table, sink))


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call `write` on a temporary file beside `path`, then rename it over `path`.

    A failed write removes the temporary file and leaves an existing file at
    `path` untouched, so no reader ever sees half an output; the data is
    synced to disk before the rename, so a machine crash cannot leave half of
    it either. An `OSError` becomes an `OutputError` naming the path.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as sink:
            write(sink)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from error
        raise


def _writer_for(path: Path) -> Callable[[pa.Table, BinaryIO], None]:
    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        suffix = repr(path.suffix) if path.suffix else "(no suffix)"
        raise OutputError(f"{path}: unknown output format {suffix}; "
                          f"use one of {', '.join(OUTPUT_SUFFIXES)}")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: directory {str(path.parent)!r} does not exist")
    return writer
