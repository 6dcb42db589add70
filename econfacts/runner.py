"""Extraction runs over many documents: batches, worker processes, Dask.

A run turns a stream of documents into a stream of `Batch`es, each holding the
facts table and the documents table of a few hundred documents. Batches are
cut in the calling process, in input order, and their results are yielded in
the same order whatever executes them (this process, `workers` processes, or
a Dask cluster), so every engine gives the same rows. At most a small window
of batches is in flight, so memory stays bounded however long the input is.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa

from econfacts.attribution import load_taxonomy
from econfacts.io import Document
from econfacts.pipeline import extract
from econfacts.schema import DEFAULT_BASE_CURRENCY
from econfacts.table import DocumentRecord, content_hash, documents_table, facts_table

# A batch is cut at whichever comes first; a few hundred news articles
# amortize the cost of shipping a batch to a worker without holding much text.
BATCH_DOCUMENTS = 256
BATCH_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input record that could not be read, carried through the run so it is recorded, not lost."""

    doc_id: str
    source: str
    message: str


@dataclass(frozen=True, slots=True)
class RunSettings:
    """What every batch of a run shares; small and picklable, so it travels to workers.

    The taxonomy travels as the paths of the user's metric files (each
    worker loads them once), not as compiled patterns.
    """

    extracted_at: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(datetime.UTC).replace(microsecond=0))
    metric_files: tuple[str, ...] = ()
    base_currency: str = DEFAULT_BASE_CURRENCY


@dataclass(frozen=True, slots=True)
class Batch:
    """The extraction of a few documents: their facts, their documents rows, and who failed."""

    facts: pa.Table
    documents: pa.Table
    # One message per document that could not be read or extracted, naming it.
    failures: tuple[str, ...]
    n_chars: int


# (document or unreadable record, content hash of its text) as a run receives it.
Item = tuple[Document | Unreadable, str]


def item_of(entry: Document | Unreadable) -> Item:
    """The entry with its content hash (an unreadable record is identified by its error)."""
    if isinstance(entry, Document):
        return entry, content_hash(entry.text)
    return entry, content_hash(f"{entry.source}\x1f{entry.message}")


def extract_batch(items: list[Item], settings: RunSettings) -> Batch:
    """Extract one batch; a document that fails is recorded with its error, the others go on."""
    taxonomy = load_taxonomy(*settings.metric_files)
    extracted = []
    records = []
    failures = []
    n_chars = 0
    for entry, digest in items:
        if isinstance(entry, Unreadable):
            records.append(DocumentRecord(entry.doc_id, digest, entry.source, None, None, 0, 0,
                                          entry.message))
            failures.append(entry.message)
            continue
        n_chars += len(entry.text)
        try:
            facts = extract(entry.text, entry.published, taxonomy=taxonomy)
        except Exception as error:  # noqa: BLE001 (a bug or a pathological text: record it, go on)
            message = f"extraction failed: {type(error).__name__}: {error}"
            records.append(DocumentRecord(entry.doc_id, digest, entry.source, entry.title,
                                          entry.published, len(entry.text), 0, message))
            failures.append(f"document {entry.doc_id!r}: {message}")
            continue
        extracted.append((entry.doc_id, facts, entry.published))
        records.append(DocumentRecord(entry.doc_id, digest, entry.source, entry.title,
                                      entry.published, len(entry.text), len(facts)))
    return Batch(facts_table(extracted, settings.base_currency),
                 documents_table(records, settings.extracted_at, settings.base_currency),
                 tuple(failures), n_chars)


def batches_of(items: Iterable[Item], max_documents: int | None = None,
               max_chars: int | None = None) -> Iterator[list[Item]]:
    """Cut `items` into batches, deterministically: the same input gives the same batches."""
    max_documents = max_documents or BATCH_DOCUMENTS
    max_chars = max_chars or BATCH_CHARS
    batch: list[Item] = []
    chars = 0
    for item in items:
        batch.append(item)
        entry = item[0]
        chars += len(entry.text) if isinstance(entry, Document) else 0
        if len(batch) >= max_documents or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def run(items: Iterable[Item], settings: RunSettings, workers: int = 1) -> Iterator[Batch]:
    """The batches of a run, in input order; `workers` > 1 extracts in that many processes.

    With workers, the processes are started by this call, not by the first
    `next()`: forking must happen before the caller starts any thread (a
    progress bar), and after the lexicons are loaded here, so the workers
    share them instead of each loading its own. Closing the iterator early
    cancels the batches not yet started.
    """
    batches = batches_of(items)
    if workers <= 1:
        return (extract_batch(batch, settings) for batch in batches)
    warm_up(settings)
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()
    return _pooled(pool, batches, settings, window=2 * workers)


def _pooled(pool: concurrent.futures.ProcessPoolExecutor, batches: Iterable[list[Item]],
            settings: RunSettings, window: int) -> Iterator[Batch]:
    try:
        yield from in_order(lambda batch: pool.submit(extract_batch, batch, settings), batches, window)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(submit: Callable[[list[Item]], concurrent.futures.Future], batches: Iterable[list[Item]],
             window: int) -> Iterator[Batch]:
    """Results of `submit` over `batches`, in submission order, with at most `window` in flight.

    Works with any future that has `.result()` (concurrent.futures, Dask).
    """
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def warm_up(settings: RunSettings) -> None:
    """Load every lexicon, the user's metric files and the rate table now, once."""
    extract_batch([item_of(Document("warm-up", "Exports rose 3% to $5 billion by 2027.",
                                    datetime.date(2024, 1, 10), "warm-up"))], settings)
