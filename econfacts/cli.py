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
import pyarrow.compute as pc
import pyarrow.dataset as ds
import typer
from rich import box
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from econfacts.attribution import load_taxonomy
from econfacts.dataset import Dataset
from econfacts.errors import EconfactsError, InputError, OutputError
from econfacts.facts import Fact
from econfacts.fx import fx_rates
from econfacts.io import (
    Columns,
    Document,
    check_output_path,
    is_facts_input,
    open_facts,
    parse_published,
    read_documents,
    read_sample_documents,
    write_atomically,
    write_table,
)
from econfacts.pipeline import extract as extract_facts
from econfacts.render import FactsView, facts_page, facts_table, rich_text
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


_CHART_SUFFIXES = (".png", ".svg", ".pdf")
_CHARTS = ("by-metric", "timeline", "deadlines")
# --by of each chart: the choices, the first the default.
_CHART_BY = {"by-metric": ("metric", "actor"), "timeline": ("kind", "metric", "actor"), "deadlines": ()}


@app.command()
def plot(
    facts: Annotated[str, typer.Argument(
        metavar="FACTS", show_default=False,
        help="A facts table written by `econfacts extract`: a .parquet, .csv or .jsonl file (-o), "
             "or a --dataset directory.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", show_default=False,
        help="The chart file; the suffix picks the format: .png, .svg or .pdf.")],
    chart: Annotated[str, typer.Option(
        "--chart", metavar="by-metric|timeline|deadlines",
        help="by-metric: money per metric or actor; timeline: figures per publication month; "
             "deadlines: the targets with a deadline.")] = "by-metric",
    kinds: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", show_default=False,
        help="Only facts of this kind: money, percent, multiplier, quantity, date (may be repeated).")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="metric|actor|kind", show_default=False,
        help="by-metric: a bar per metric (stacked by actor) or per actor [default: metric]; "
             "timeline: a colour per kind, metric or actor [default: kind].")] = None,
    top: Annotated[int | None, typer.Option(
        "--top", metavar="N", show_default=False,
        help="Draw the N largest bars (by-metric, default 10), groups (timeline, default 6) or the N "
             "soonest deadlines (default 25); the other bars and groups are summed as one.")] = None,
    value: Annotated[str, typer.Option(
        "--value", metavar="count|total", help="timeline: count the figures, or total their money.")] = "count",
    title: Annotated[str | None, typer.Option(
        "--title", show_default=False, help="The chart's title [default: says what is drawn].")] = None,
) -> None:
    """Draw a chart of a facts table: money by metric, figures over time, or the deadlines ahead."""
    # Imported here: matplotlib costs a quarter second that the other commands need not pay.
    import matplotlib
    import pandas as pd

    from econfacts import plots
    from econfacts.analysis import facts_of_kind
    from econfacts.io import open_facts

    matplotlib.use("Agg")  # files only, never a window
    errors = _stderr()
    try:
        if output.suffix.lower() not in _CHART_SUFFIXES:
            suffix = repr(output.suffix) if output.suffix else "(no suffix)"
            raise OutputError(f"{output}: unknown chart format {suffix}; use one of {', '.join(_CHART_SUFFIXES)}")
        if not output.parent.is_dir():
            raise OutputError(f"{output}: directory {str(output.parent)!r} does not exist")
        if chart not in _CHARTS:
            raise InputError(f"--chart must be one of {', '.join(_CHARTS)}, not {chart!r}")
        if by is not None and by not in _CHART_BY[chart]:
            choices = " or ".join(_CHART_BY[chart]) or "nothing (it takes no --by)"
            raise InputError(f"--by for the {chart} chart must be {choices}, not {by!r}")
        if top is not None and top < 1:
            raise InputError(f"--top must be 1 or more, not {top}")
        if value not in ("count", "total"):
            raise InputError(f"--value must be count or total, not {value!r}")
        frame = open_facts(facts).to_table().to_pandas(types_mapper=pd.ArrowDtype)
        if kinds:
            frame = facts_of_kind(frame, *kinds)
        try:
            sized = {"top": top} if top is not None else {}
            if chart == "by-metric":
                figure = plots.plot_by_metric(frame, by=by or "metric", title=title, **sized)
            elif chart == "timeline":
                figure = plots.plot_timeline(frame, by=by or "kind", value=value, title=title, **sized)
            else:
                figure = plots.plot_deadlines(frame, title=title, **sized)
        except InputError as error:
            after = f" (after --kind {', '.join(kinds)})" if kinds else ""
            raise InputError(f"{error}{after}", source=facts) from None
        _save_chart(figure, output)
    except EconfactsError as error:
        _fail(errors, error)
    errors.print(f"wrote the {chart} chart of {len(frame)} facts to {output}")


def _save_chart(figure, path: Path) -> None:
    """Write `figure` in the format of the suffix of `path`, atomically."""
    write_atomically(path, lambda sink: figure.savefig(sink, format=path.suffix.lower().lstrip("."), dpi=150))


@app.command()
def show(
    source: Annotated[str, typer.Argument(
        metavar="INPUT", show_default=False,
        help="Articles (.txt, .md, .html, .jsonl, a directory, - for stdin), or a facts table written "
             "by `econfacts extract` (.parquet, .csv, .jsonl, or a --dataset directory).")],
    published: Annotated[str | None, typer.Option(
        "--published", metavar="YYYY-MM-DD", show_default=False,
        help="Articles: publication date of documents that carry none.")] = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", show_default=False,
        help="Articles: write a standalone HTML page with the facts marked, instead of printing.")] = None,
    kinds: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", show_default=False, rich_help_panel="Filters",
        help="Only facts of this kind: money, percent, multiplier, quantity, date (may be repeated).")] = None,
    metrics: Annotated[list[str] | None, typer.Option(
        "--metric", metavar="NAME", show_default=False, rich_help_panel="Filters",
        help="Only facts about this metric, e.g. trade_balance (may be repeated).")] = None,
    actors: Annotated[list[str] | None, typer.Option(
        "--actor", metavar="NAME", show_default=False, rich_help_panel="Filters",
        help="Only facts of this actor, e.g. US (may be repeated).")] = None,
    min_usd: Annotated[float | None, typer.Option(
        "--min-usd", metavar="USD", show_default=False, rich_help_panel="Filters",
        help="Facts table: only money worth at least this many US dollars (its value_usd column).")] = None,
    doc_ids: Annotated[list[str] | None, typer.Option(
        "--doc", metavar="DOC_ID", show_default=False, rich_help_panel="Filters",
        help="Only this document (may be repeated).")] = None,
    limit: Annotated[int, typer.Option(
        "--limit", min=0, rich_help_panel="Filters",
        help="Show at most this many facts of a table, or documents of articles (0: all).")] = 50,
) -> None:
    """Show the facts of INPUT: articles with every figure highlighted, or a facts table as a readable table."""
    errors = _stderr()
    filters = _FactFilters(kinds or [], metrics or [], actors or [], doc_ids or [], min_usd)
    try:
        if source != "-" and is_facts_input(source):
            if html is not None or published is not None:
                raise InputError("--html and --published are for articles; "
                                 f"{source} is a facts table")
            _show_facts_table(open_facts(source), source, filters, limit, errors)
            return
        if min_usd is not None:
            raise InputError(f"--min-usd filters a facts table (written by `econfacts extract -o`); "
                             f"{source} is read as articles")
        if html is not None and not html.parent.is_dir():
            raise OutputError(f"{html}: directory {str(html.parent)!r} does not exist")
        documents = read_documents([source], _published_option(published))
        problems = _show_articles(documents, source, filters, limit, html, errors)
    except EconfactsError as error:
        _fail(errors, error)
    if problems:
        errors.print(f"{problems} document(s) could not be read (reported above)")
        raise typer.Exit(code=1)


@dataclass(frozen=True)
class _FactFilters:
    """The filters of `econfacts show`; an empty list lets everything through."""

    kinds: list[str]
    metrics: list[str]
    actors: list[str]
    doc_ids: list[str]
    min_usd: float | None

    def keeps(self, fact: Fact) -> bool:
        """For the facts of an article (there is no value_usd there: --min-usd is refused before)."""
        return ((not self.kinds or fact.kind in self.kinds)
                and (not self.metrics or fact.metric in self.metrics)
                and (not self.actors or fact.actor in self.actors))

    def expression(self, schema: pa.Schema, source: str) -> pc.Expression | None:
        """The same filters over a facts table, and --doc and --min-usd."""
        conditions = [pc.field(column).isin(values) for column, values in
                      (("kind", self.kinds), ("metric", self.metrics), ("actor", self.actors),
                       ("doc_id", self.doc_ids)) if values]
        if self.min_usd is not None:
            if "value_usd" not in schema.names:
                raise InputError(f"--min-usd: {source} has no value_usd column "
                                 "(it was extracted with another --base-currency)")
            conditions.append(pc.field("value_usd") >= self.min_usd)
        for column in ("metric", "actor"):
            if getattr(self, f"{column}s") and column not in schema.names:
                raise InputError(f"--{column}: {source} has no {column} column")
        expression = None
        for condition in conditions:
            expression = condition if expression is None else expression & condition
        return expression


def _show_articles(documents: Iterable[Document | InputError], source: str, filters: _FactFilters,
                   limit: int, html: Path | None, errors: Console) -> int:
    """Print each document with its facts highlighted, or write them all as one HTML page; the unreadable count."""
    console = _stdout()
    views: list[FactsView] = []
    problems = not_shown = 0
    for item in documents:
        if isinstance(item, InputError):
            errors.print(f"error: {item}")
            problems += 1
            continue
        if filters.doc_ids and item.doc_id not in filters.doc_ids:
            continue
        if limit and len(views) >= limit:
            not_shown += 1
            continue
        found = [fact for fact in extract_facts(item.text, item.published) if filters.keeps(fact)]
        heading = f"{item.doc_id} · {item.title}" if item.title else item.doc_id
        view = FactsView(item.text, tuple(found), heading=heading)
        views.append(view)
        if html is None:
            console.print(Text(heading, style="bold"))
            dated = f"published {item.published.isoformat()} · " if item.published else ""
            console.print(Text(dated + view.summary(), style="dim"))
            console.print(rich_text(view.text, view.facts))
            console.print()
    if html is not None:
        try:
            title = f"{source} · {len(views)} document{'' if len(views) == 1 else 's'}"
            page = facts_page(views, title=title).encode("utf-8")
            write_atomically(html, lambda sink: sink.write(page))
        except OSError as error:
            raise OutputError(f"{html}: cannot write: {error.strerror or error}") from None
        errors.print(f"wrote {len(views)} documents ({sum(len(v.facts) for v in views)} facts) to {html}")
    if not views and not problems:
        errors.print("no documents" + (" with this --doc" if filters.doc_ids else ""))
    if not_shown:
        errors.print(f"{not_shown} more documents not shown (--limit {limit}; --limit 0 shows all)")
    return problems


def _show_facts_table(facts: ds.Dataset, source: str, filters: _FactFilters, limit: int,
                      errors: Console) -> None:
    """Print the facts that pass the filters, at most `limit`, and say how many were left out."""
    expression = filters.expression(facts.schema, source)
    try:
        total = facts.count_rows(filter=expression)
        shown = facts.head(limit, filter=expression) if limit else facts.to_table(filter=expression)
    except (pa.ArrowException, OSError) as error:
        raise InputError(f"cannot read the facts: {error}", source=source) from None
    if shown.num_rows:
        _stdout().print(facts_table(shown.to_pylist()))
    if total > shown.num_rows:
        errors.print(f"{shown.num_rows} of {total} facts shown; {total - shown.num_rows} not shown "
                     f"(--limit {limit}; --limit 0 shows all)")
    else:
        errors.print(f"{total} facts" + (" match the filters" if expression is not None else ""))


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


def main() -> None:
    """Entry point of the `econfacts` script and of `python -m econfacts`."""
    app(prog_name="econfacts")
