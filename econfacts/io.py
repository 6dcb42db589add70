"""Reading documents and writing facts tables.

Two kinds of problems, two channels. A problem that makes the whole run
pointless (a missing input path, an unknown output suffix) is *raised* before
any extraction starts. A problem with one document (undecodable bytes, a
malformed JSON line, a bad date) is *yielded* as an `InputError` in place of
the document, so a batch run still extracts every good document and the
caller decides how to report the bad ones.

Outputs are written atomically: to a temporary file beside the target, then
`os.replace`d over it, so a failed write never leaves a partial file.
"""

from __future__ import annotations

import datetime
import glob
import importlib.resources
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from econfacts.errors import InputError, OutputError
from econfacts.pipeline import parse_published

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_STDIN_SOURCE = "<stdin>"
_SAMPLE = ("data", "samples", "articles.jsonl")


@dataclass(frozen=True, slots=True)
class Document:
    """One text to extract, with where it came from.

    `source` is what an error message should point at: the file, the file
    and line for a JSON line (`news.jsonl:3`), or `<stdin>`.
    """

    doc_id: str
    text: str
    published: datetime.date | None
    source: str


# ---------------------------------------------------------------- reading


def expand_inputs(inputs: Iterable[str]) -> list[Path | str]:
    """The files behind `inputs`, in a deterministic order; `-` stays `-`.

    Directories are searched recursively for .txt, .md and .jsonl files
    (hidden ones skipped), sorted by path. An input that is neither an
    existing path nor a glob pattern matching something raises `InputError`.
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
                   stdin: BinaryIO | None = None) -> Iterator[Document | InputError]:
    """Documents from files, directories, globs and `-` (stdin), one at a time.

    Paths are checked now (a missing one raises `InputError`); the files are
    read lazily as the iterator is consumed. `published` is the date given to
    documents that carry none. Per-document problems come out as
    `InputError` items in place of the document.
    """
    sources = expand_inputs(inputs)
    return _read_sources(sources, published, stdin)


def read_sample_documents() -> Iterator[Document | InputError]:
    """The sample articles bundled with the package (works from any directory)."""
    resource = importlib.resources.files("econfacts").joinpath(*_SAMPLE)
    try:
        data = resource.read_bytes()
    except OSError as error:
        raise InputError(f"the bundled sample articles cannot be read: {error}",
                         source="/".join(_SAMPLE)) from None
    return _parse_jsonl(data, "samples/articles.jsonl", "articles", None)


def _read_sources(sources: list[Path | str], published: datetime.date | None,
                  stdin: BinaryIO | None) -> Iterator[Document | InputError]:
    for source in sources:
        if source == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, published)
        else:
            yield from _read_file(source, published)


def _read_file(path: Path, published: datetime.date | None) -> Iterator[Document | InputError]:
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputError(f"cannot read: {error.strerror or error}", source=str(path))
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _parse_jsonl(data, str(path), path.stem, published)
        return
    try:
        text = _decode(data, str(path))
    except InputError as error:
        yield error
        return
    yield Document(path.stem, text, published, str(path))


def _read_stdin(stream: BinaryIO, published: datetime.date | None) -> Iterator[Document | InputError]:
    """Stdin is one text document, unless every non-empty line is a JSON object with "text"."""
    try:
        text = _decode(stream.read(), _STDIN_SOURCE)
    except InputError as error:
        yield error
        return
    records = _jsonl_records(text)
    if records is None:
        yield Document("stdin", text, published, _STDIN_SOURCE)
        return
    for number, record in records:
        yield _json_document(record, _STDIN_SOURCE, number, "stdin", published)


def _jsonl_records(text: str) -> list[tuple[int, dict]] | None:
    """(line number, object) for every non-empty line, or None if any line is not a JSON object with "text"."""
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
        if not isinstance(record, dict) or "text" not in record:
            return None
        records.append((number, record))
    return records or None


def _parse_jsonl(data: bytes, source: str, stem: str,
                 published: datetime.date | None) -> Iterator[Document | InputError]:
    """One document per JSON line; a bad line is an error naming file and line, the rest go on.

    Lines are decoded one by one so that a single bad byte costs one line,
    not the whole file.
    """
    for number, raw in enumerate(data.split(b"\n"), start=1):
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
        yield _json_document(record, source, number, stem, published)


def _json_document(record: object, source: str, line: int, stem: str,
                   published: datetime.date | None) -> Document | InputError:
    """A document from one JSON record: doc_id (or id), text, optional published."""
    if not isinstance(record, dict):
        return InputError("expected a JSON object with \"text\"", source, line)
    text = record.get("text")
    if not isinstance(text, str):
        return InputError("no \"text\" string in this JSON object", source, line)
    doc_id = record.get("doc_id", record.get("id"))
    doc_id = f"{stem}:{line}" if doc_id is None else str(doc_id)
    try:
        doc_published = parse_published(record.get("published"))
    except InputError as error:
        return InputError(f"document {doc_id!r}: {error}", source, line)
    return Document(doc_id, text, doc_published or published, f"{source}:{line}")


def _decode(data: bytes, source: str, line: int | None = None) -> str:
    """UTF-8 text (a leading BOM dropped), or InputError for binary or non-UTF-8 bytes."""
    if b"\x00" in data:
        raise InputError("binary data (contains NUL bytes), not text", source, line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                         source, line) from None


def _files_under(root: Path) -> list[Path]:
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    files = [path for path in root.rglob("*")
             if path.suffix.lower() in suffixes and path.is_file()
             and not any(part.startswith(".") for part in path.relative_to(root).parts)]
    if not files:
        raise InputError(f"no {', '.join(suffixes)} files in this directory", source=str(root))
    return sorted(files)


def _is_glob(text: str) -> bool:
    return any(char in text for char in "*?[")


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
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as sink:
            writer(table, sink)
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
