"""The `econfacts` command line: extract facts from files, print or write them.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 all went well;
1 some documents could not be read (each named on stderr, the others were
extracted and written); 2 a user error stopped the run before anything was
written (missing path, unknown output suffix, bad option value).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Annotated, NoReturn

import pyarrow as pa
import typer
from rich import box
from rich.console import Console
from rich.table import Table

from econfacts import __version__
from econfacts.attribution import load_taxonomy
from econfacts.errors import EconfactsError, InputError
from econfacts.io import (
    Document,
    check_output_path,
    parse_published,
    read_documents,
    read_sample_documents,
    write_table,
)
from econfacts.schema import describe
from econfacts.table import DocumentText, extract_table

app = typer.Typer(
    help="Extract money, percentages, multipliers, quantities and dates from economic news.",
    no_args_is_help=True,
    add_completion=False,
    # A bug's traceback should not dump every local (whole documents).
    pretty_exceptions_show_locals=False,
)

# The columns of the printed table (start and end of a period share one
# column); the files written with -o carry all columns.
_PRINTED_COLUMNS = ("doc_id", "kind", "surface", "value", "unit", "qualifier",
                    "direction", "role", "time", "time_role")
_ALWAYS_PRINTED = ("doc_id", "kind", "surface")
# A number or a date broken over two lines misreads; text columns fold instead.
_UNBROKEN = ("value", "time")


# Consoles are made per call, not at import: each binds to the streams (and
# terminal or not) of the invocation running now, which matters under CliRunner.
def _stdout() -> Console:
    console = Console(markup=False, highlight=False)
    if not console.is_terminal:
        # Piped or redirected there is no width to fit: rich would assume 80
        # columns and fold every cell of the ten-column facts table, where
        # one long line per fact reads (and greps) better.
        console.width = 400
    return console


def _stderr() -> Console:
    # soft_wrap: a diagnostic stays one line, however narrow the terminal.
    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)


def _fail(console: Console, error: Exception) -> NoReturn:
    console.print(f"error: {error}")
    raise typer.Exit(code=2)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"econfacts {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Extract money, percentages, multipliers, quantities and dates from economic news."""


@app.command()
def extract(
    # Plain strings, not `Path(exists=True)`: an input may also be `-` or a
    # glob pattern, and a missing path should get our one-line error.
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="INPUTS", show_default=False,
        help="Files (.txt, .md, .jsonl), directories (searched recursively), "
             "glob patterns, or - for stdin.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", show_default=False,
        help="Write the facts here; the suffix picks the format: .parquet, .csv or .jsonl. "
             "Without it, a table is printed.")] = None,
    sample: Annotated[bool, typer.Option(
        "--sample", help="Extract the sample articles bundled with econfacts.")] = False,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="YYYY-MM-DD", show_default=False,
        help="Publication date of documents that carry none (stdin, .txt and .md files).")] = None,
    metrics: Annotated[list[Path] | None, typer.Option(
        "--metrics", metavar="FILE", show_default=False,
        help="Extra metric terms (TOML, the layout of econfacts/data/metrics.toml); may be repeated.")] = None,
) -> None:
    """Extract the figures of INPUTS into a facts table.

    A document that cannot be read is named on stderr and skipped; the others
    are still extracted and written, and the exit code is 1.
    """
    errors = _stderr()
    try:
        if output is not None:
            check_output_path(output)
        default_published = _published_option(published)
        taxonomy = load_taxonomy(*(metrics or ()))
        sources = []
        if inputs:
            sources.append(read_documents(inputs, default_published))
        if sample:
            sources.append(read_sample_documents())
        if not sources:
            raise InputError("nothing to extract: give INPUTS (or - for stdin) or --sample")
    except EconfactsError as error:
        _fail(errors, error)

    counts = {"documents": 0, "problems": 0}

    def readable_documents() -> Iterator[DocumentText]:
        """The documents to extract; each unreadable one is reported as it comes."""
        for item in chain.from_iterable(sources):
            if isinstance(item, Document):
                counts["documents"] += 1
                yield item.doc_id, item.text, item.published
            else:
                counts["problems"] += 1
                errors.print(f"error: {item}")

    def report_failure(doc_id: str, error: Exception) -> None:
        counts["problems"] += 1
        errors.print(f"error: document {doc_id!r}: extraction failed: {type(error).__name__}: {error}")

    table = extract_table(readable_documents(), on_error=report_failure, taxonomy=taxonomy)
    summary = f"{table.num_rows} facts from {counts['documents']} documents"
    if output is None:
        if table.num_rows:
            _stdout().print(_facts_display(table))
        errors.print(summary)
    else:
        try:
            write_table(table, output)
        except EconfactsError as error:
            _fail(errors, error)
        errors.print(f"wrote {summary} to {output}")
    if counts["problems"]:
        errors.print(f"{counts['problems']} input problem(s) reported above")
        raise typer.Exit(code=1)


@app.command()
def schema() -> None:
    """Print the columns of the facts table: name, type and meaning."""
    display = Table("column", "type", "description")
    for name, dtype, description in describe():
        display.add_row(name, dtype, description)
    _stdout().print(display)


def main() -> None:
    """Entry point of the `econfacts` script and of `python -m econfacts`."""
    app(prog_name="econfacts")


def _published_option(value: str | None) -> datetime.date | None:
    try:
        return parse_published(value)
    except InputError as error:
        raise InputError(f"--published: {error}") from None


def _facts_display(table: pa.Table) -> Table:
    """The printed facts; columns empty on every row are left out, cells fold rather than being cut."""
    columns = {name: table.column(name).to_pylist() for name in _PRINTED_COLUMNS if name != "time"}
    columns["time"] = [_period(start, end) for start, end in
                       zip(table.column("time_start").to_pylist(), table.column("time_end").to_pylist())]
    shown = [name for name in _PRINTED_COLUMNS
             if name in _ALWAYS_PRINTED or any(value is not None for value in columns[name])]
    display = Table(box=box.SIMPLE_HEAD)
    for name in shown:
        display.add_column(name, overflow="fold", no_wrap=name in _UNBROKEN,
                           justify="right" if name == "value" else "left")
    for row in zip(*(columns[name] for name in shown)):
        display.add_row(*(_cell(value) for value in row))
    return display


def _period(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """One cell for a period: a single day, or its first and last day."""
    if start is None or end is None or start == end:
        day = start or end
        return None if day is None else day.isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


def _cell(value: object) -> str:
    """Display text: numbers with thousands separators and no float noise, null as blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ",.15g")
    return str(value)
