"""The `econfacts` command line: extract facts from files, print or write them.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 all went well;
1 some documents could not be read (each named on stderr, the others were
extracted and written); 2 a user error stopped the run before anything was
written (missing path, unknown output suffix, bad option value).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Annotated, NoReturn

import pyarrow as pa
import typer
from rich import box
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from econfacts.attribution import load_taxonomy
from econfacts.dataset import Dataset
from econfacts.errors import EconfactsError, InputError
from econfacts.fx import fx_rates
from econfacts.io import (
    Columns,
    Document,
    check_output_path,
    parse_published,
    read_documents,
    read_sample_documents,
    write_table,
)
from econfacts.runner import Batch, Item, RunSettings, Unreadable, item_of, run
from econfacts.schema import describe, documents_schema, facts_schema
from econfacts.version import __version__

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
        help="Files (.txt, .md, .html, .jsonl, .csv, .parquet), directories (searched recursively), "
             "glob patterns, or - for stdin.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", show_default=False,
        help="Write the facts here; the suffix picks the format: .parquet, .csv or .jsonl. "
             "Without it (and without --dataset), a table is printed.")] = None,
    dataset: Annotated[Path | None, typer.Option(
        "--dataset", metavar="DIR", show_default=False, rich_help_panel="Datasets",
        help="Add to a partitioned Parquet dataset (facts/ and documents/) in DIR; "
             "documents already there unchanged are skipped, changed ones replaced.")] = None,
    partition_by: Annotated[str, typer.Option(
        "--partition-by", metavar="month|year", rich_help_panel="Datasets",
        help="Partition the dataset by publication month or year.")] = "month",
    sample: Annotated[bool, typer.Option(
        "--sample", help="Extract the sample articles bundled with econfacts.")] = False,
    published: Annotated[str | None, typer.Option(
        "--published", metavar="YYYY-MM-DD", show_default=False,
        help="Publication date of documents that carry none.")] = None,
    text_col: Annotated[str | None, typer.Option(
        "--text-col", metavar="NAME", show_default=False, rich_help_panel="Columns",
        help="Text column of JSON Lines, CSV and Parquet inputs [default: text].")] = None,
    id_col: Annotated[str | None, typer.Option(
        "--id-col", metavar="NAME", show_default=False, rich_help_panel="Columns",
        help="Document id column [default: doc_id, else id, else file:row].")] = None,
    date_col: Annotated[str | None, typer.Option(
        "--date-col", metavar="NAME", show_default=False, rich_help_panel="Columns",
        help="Publication date column [default: published, else date].")] = None,
    metrics: Annotated[list[Path] | None, typer.Option(
        "--metrics", metavar="FILE", show_default=False,
        help="Extra metric terms (TOML, the layout of econfacts/data/metrics.toml); may be repeated.")] = None,
    base_currency: Annotated[str, typer.Option(
        "--base-currency", metavar="CODE",
        help="Convert money to this currency (value_usd, value_eur…) at ECB reference rates.")] = "USD",
    workers: Annotated[int, typer.Option(
        "--workers", min=1, rich_help_panel="Scale",
        help="Extract in this many processes (same rows as one).")] = 1,
    engine: Annotated[str, typer.Option(
        "--engine", metavar="local|dask", rich_help_panel="Scale",
        help="Run on this machine, or on a Dask cluster (pip install 'econfacts[dask]').")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS", show_default=False, rich_help_panel="Scale",
        help="Dask scheduler address (tcp://host:8786); without it, a local cluster of --workers processes.")] = None,
    fail_fast: Annotated[bool, typer.Option(
        "--fail-fast", help="Stop at the first document that cannot be read or extracted.")] = False,
) -> None:
    """Extract the figures of INPUTS into a facts table or a dataset.

    A document that cannot be read or extracted is named on stderr (and
    recorded in the dataset's documents table); the others are still
    extracted and written, and the exit code is 1.
    """
    errors = _stderr()
    try:
        if output is not None and dataset is not None:
            raise InputError("give -o FILE or --dataset DIR, not both")
        if output is not None:
            check_output_path(output)
        if engine not in ("local", "dask"):
            raise InputError(f"--engine must be local or dask, not {engine!r}")
        if scheduler is not None and engine != "dask":
            raise InputError("--scheduler needs --engine dask")
        default_published = _published_option(published)
        fx_rates(base_currency)
        settings = RunSettings(metric_files=tuple(map(str, metrics or ())), base_currency=base_currency.upper())
        load_taxonomy(*settings.metric_files)
        columns = Columns(text=text_col or "text", id=id_col, date=date_col)
        sources = []
        if inputs:
            sources.append(read_documents(inputs, default_published, columns=columns))
        if sample:
            sources.append(read_sample_documents())
        if not sources:
            raise InputError("nothing to extract: give INPUTS (or - for stdin) or --sample")
        target = Dataset(dataset, partition_by, settings.base_currency) if dataset is not None else None
    except EconfactsError as error:
        _fail(errors, error)

    entries = (_entry(item) for item in chain.from_iterable(sources))
    tally = _Tally()
    facts_parts = []
    try:
        with contextlib.ExitStack() as stack:
            items = map(item_of, entries)
            if target is not None:
                stack.enter_context(target)
                items = _new_or_changed(items, target, tally, errors)
            batches = _batches(items, settings, workers, engine, scheduler)
            progress = stack.enter_context(_progress(errors))
            for batch in batches:
                tally.count(batch)
                progress(tally)
                for message in batch.failures:
                    errors.print(f"error: {message}")
                if fail_fast and batch.failures:
                    errors.print("stopped at the first failure (--fail-fast)")
                    break
                if target is not None:
                    target.add(batch)
                else:
                    facts_parts.append(batch.facts)
    except EconfactsError as error:
        _fail(errors, error)
    summary = f"{tally.facts} facts from {tally.documents} documents"
    if target is not None:
        errors.print(f"{summary} added to {dataset} "
                     f"({tally.unchanged} unchanged documents skipped, {tally.changed} replaced)")
    else:
        table = (pa.concat_tables(facts_parts) if facts_parts
                 else facts_schema(settings.base_currency).empty_table())
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
    if tally.problems:
        errors.print(f"{tally.problems} document(s) could not be read or extracted (reported above)")
        raise typer.Exit(code=1)


@app.command()
def schema(
    base_currency: Annotated[str, typer.Option(
        "--base-currency", metavar="CODE", help="Name the conversion columns for this currency.")] = "USD",
) -> None:
    """Print the facts and documents tables: column, type, unit and meaning."""
    console = _stdout()
    for table_schema in (facts_schema(base_currency.upper()), documents_schema(base_currency.upper())):
        metadata = table_schema.metadata
        title = (f"{metadata[b'econfacts.table'].decode()} "
                 f"(schema version {metadata[b'econfacts.schema_version'].decode()}, "
                 f"econfacts {metadata[b'econfacts.version'].decode()})")
        display = Table("column", "type", "unit", "description", title=title, title_justify="left")
        for name, dtype, description, unit in describe(table_schema):
            display.add_row(name, dtype, unit, description)
        console.print(display)


@dataclass
class _Tally:
    """What a run has done so far, for the progress line and the summary."""

    documents: int = 0
    facts: int = 0
    chars: int = 0
    problems: int = 0
    unchanged: int = 0
    changed: int = 0
    started: float = dataclasses.field(default_factory=time.monotonic)

    def count(self, batch: Batch) -> None:
        self.documents += batch.documents.num_rows - len(batch.failures)
        self.facts += batch.facts.num_rows
        self.chars += batch.n_chars
        self.problems += len(batch.failures)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return (f"{self.documents:,} documents ({self.documents / elapsed:,.0f}/s), "
                f"{self.chars / 1e6 / elapsed:.2f} MB/s, {self.facts:,} facts")


@contextlib.contextmanager
def _progress(console: Console) -> Iterator[Callable[[_Tally], None]]:
    """A live progress line on a terminal (nothing when stderr is a file or a pipe)."""
    if not console.is_terminal:
        yield lambda tally: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("starting")
        yield lambda tally: progress.update(task, description=tally.line())


def _entry(item: Document | InputError) -> Document | Unreadable:
    """A read problem becomes a record of its own, so a run can log it with the documents."""
    if isinstance(item, Document):
        return item
    where = item.source or "input"
    if item.line is not None:
        where = f"{where}:{item.line}"
    return Unreadable(where, where, str(item))


def _new_or_changed(items: Iterable[Item], dataset: Dataset, tally: _Tally,
                    errors: Console) -> Iterator[Item]:
    """The items the dataset needs: new and changed documents; the rest are counted or reported."""
    for item in items:
        entry, digest = item
        status = dataset.status(entry.doc_id, digest)
        if status == "unchanged":
            tally.unchanged += 1
        elif status == "repeated":
            tally.problems += 1
            errors.print(f"error: document {entry.doc_id!r}: a second document with this id and "
                         "another text in this run; the first is kept")
        else:
            tally.changed += status == "changed"
            yield item


def _batches(items: Iterable[Item], settings: RunSettings, workers: int, engine: str,
             scheduler: str | None) -> Iterator[Batch]:
    if engine == "dask":
        try:
            from econfacts.dask import run_on_dask
        except ImportError as error:  # an optional dependency
            raise InputError(f"--engine dask needs Dask ({error}): pip install 'econfacts[dask]'") from None
        return run_on_dask(items, settings, scheduler=scheduler, workers=workers)
    return run(items, settings, workers)


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
