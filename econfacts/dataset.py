"""A Parquet dataset of facts and documents that grows run by run.

Layout (hive partitioning, read as-is by DuckDB, Polars, Spark and pyarrow):

    ROOT/facts/published_month=2025-02/part-<run>-<n>.parquet
    ROOT/documents/published_month=2025-02/part-<run>-<n>.parquet
    ROOT/facts/published_month=undated/...        documents with no date
    ROOT/_econfacts.json                           partitioning, base currency, schema version

How it stays correct:

- **Twins.** A document's facts are in the facts file with the same partition
  and name as the documents file holding its row. Replacing a document (its
  text changed) rewrites that pair of files without it; nothing else moves.
- **Incremental.** A document is known by its id and content hash: a known
  pair is skipped, a known id with a new hash replaces the old rows.
- **Journal.** Every change of the visible files goes through `_journal.json`:
  new files are written under hidden temporary names (`.part-….tmp`, which no
  `*.parquet` glob matches), then the journal listing the renames and
  deletions is written atomically (the commit point), then applied. A run
  killed before the commit leaves only temporary files, which the next run
  deletes; one killed after it leaves the journal, which the next run
  finishes. A reader never sees a half-written file.
- **Sizes for BI engines.** Rows are buffered and written as one file per
  partition when the buffer is full or the run ends, not one per document;
  at the end of a run, a partition that has gathered many small files from
  earlier runs has them merged.
- **One writer at a time**: an advisory lock on `ROOT/_econfacts.lock`.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import itertools
import json
import os
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal, Self

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from econfacts.errors import OutputError
from econfacts.io import DATASET_DOCUMENTS_DIR, DATASET_FACTS_DIR, write_atomically
from econfacts.runner import Batch
from econfacts.schema import SCHEMA_VERSION
from econfacts.version import __version__

PARTITIONS = ("month", "year")
UNDATED = "undated"
FACTS, DOCUMENTS = DATASET_FACTS_DIR, DATASET_DOCUMENTS_DIR
_SETTINGS = "_econfacts.json"
_JOURNAL = "_journal.json"
_LOCK = "_econfacts.lock"
# Buffered rows are written out when their Arrow size passes this: small
# enough for a bounded footprint with workers, large enough for few files.
FLUSH_BYTES = 32 * 1024 * 1024
ROW_GROUP_ROWS = 250_000
# A partition with this many small files (documents + facts twin under
# SMALL_FILE_BYTES) has them merged into one.
MERGE_FILES = 8
SMALL_FILE_BYTES = 8 * 1024 * 1024

Status = Literal["new", "unchanged", "changed", "repeated"]


def _key(doc_id: str) -> int:
    """A 64-bit key for a document id.

    Two ids sharing a key (about one chance in a million for a dataset of
    ten million documents) cost at worst needless re-extractions, or the
    second being reported as a repeated id in a run that has both; rows are
    never lost, since old rows are dropped by their real id, not by key.
    """
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _digest(content_hash: str | None) -> int:
    """The first 64 bits of a document's SHA-1 (hex), enough to tell a changed text."""
    return int(content_hash[:16], 16) if content_hash else 0


class _Index:
    """What the dataset holds about each document, in about 22 bytes a document.

    Sorted numpy arrays, not a dict of strings (about 300 bytes a document):
    the index of an archive of millions of documents stays in memory. Per
    document: the key of its id, the start of its content hash, its
    documents file (a number into `file_names`), whether a newer econfacts
    should try it again (it failed under an older one), and whether this
    run has seen it.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, np.uint64)
        self.digests = np.empty(0, np.uint64)
        self.files = np.empty(0, np.int32)
        self.retry = np.empty(0, bool)
        self.seen = np.empty(0, bool)
        self.file_names: list[str] = []
        self._file_numbers: dict[str, int] = {}

    def file_number(self, name: str) -> int:
        if name not in self._file_numbers:
            self._file_numbers[name] = len(self.file_names)
            self.file_names.append(name)
        return self._file_numbers[name]

    def find(self, key: int) -> int | None:
        """The position of `key`, or None."""
        position = int(np.searchsorted(self.keys, np.uint64(key)))
        return position if position < len(self.keys) and self.keys[position] == key else None

    def put(self, keys: np.ndarray, digests: np.ndarray, files: np.ndarray, retry: np.ndarray,
            seen: bool) -> None:
        """Insert or overwrite documents (for a key given twice, the last wins)."""
        _, last = np.unique(keys[::-1], return_index=True)
        chosen = len(keys) - 1 - last  # sorted by key
        keys, digests, files, retry = keys[chosen], digests[chosen], files[chosen], retry[chosen]
        positions = np.searchsorted(self.keys, keys)
        exists = positions < len(self.keys)
        exists[exists] = self.keys[positions[exists]] == keys[exists]
        at = positions[exists]
        self.digests[at], self.files[at], self.retry[at], self.seen[at] = (
            digests[exists], files[exists], retry[exists], seen)
        new, at = ~exists, positions[~exists]
        self.keys = np.insert(self.keys, at, keys[new])
        self.digests = np.insert(self.digests, at, digests[new])
        self.files = np.insert(self.files, at, files[new])
        self.retry = np.insert(self.retry, at, retry[new])
        self.seen = np.insert(self.seen, at, seen)

    def move(self, old_names: Iterable[str], new_name: str) -> None:
        """Documents of the files `old_names` are now in `new_name`."""
        old = [self._file_numbers[name] for name in old_names if name in self._file_numbers]
        self.files[np.isin(self.files, old)] = self.file_number(new_name)


class Dataset:
    """An open dataset: check documents against it, add batches, close to write the rest.

    Use as a context manager; leaving it normally writes what is buffered and
    merges small files, leaving it by an exception writes what is buffered
    (those documents are complete) and nothing else.
    """

    def __init__(self, root: str | os.PathLike, partition_by: str = "month",
                 base_currency: str = "USD"):
        if partition_by not in PARTITIONS:
            raise OutputError(f"--partition-by must be one of {', '.join(PARTITIONS)}, not {partition_by!r}")
        self.root = Path(root)
        self.partition_by = partition_by
        self.base_currency = base_currency.upper()
        self.partition_column = f"published_{partition_by}"
        self._lock_file = None
        self._index = _Index()
        # key -> content digest of the documents `status` let through and not yet written
        self._this_run: dict[int, int] = {}
        self._documents_buffer: list[pa.Table] = []
        self._facts_buffer: list[pa.Table] = []
        self._buffered_bytes = 0
        # doc_id -> the documents file of the old rows of a changed document
        self._replaced: dict[str, str] = {}
        # (old file, new file) for the documents kept in a rewritten file
        self._moved: list[tuple[str, str]] = []
        self._touched: set[str] = set()
        self._run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        self._sequence = 0

    # ------------------------------------------------------------ opening

    def __enter__(self) -> Self:
        self._open()
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        try:
            self._flush()
            if error_type is None:
                self._merge_small_files()
        finally:
            self._release()

    def _open(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise OutputError(f"{self.root}: exists and is not a directory")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock_file = open(self.root / _LOCK, "a")  # noqa: SIM115 (held until _release)
        except OSError as error:
            raise OutputError(f"{self.root}: cannot write: {error.strerror or error}") from None
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._release()
            raise OutputError(f"{self.root}: another econfacts run is writing this dataset") from None
        try:
            self._check_settings()
            self._recover()
            self._load_index()
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()  # closing releases the lock
            self._lock_file = None

    def _check_settings(self) -> None:
        """A dataset keeps one partitioning, base currency and schema version for life."""
        wanted = {"partition_by": self.partition_by, "base_currency": self.base_currency,
                  "schema_version": SCHEMA_VERSION}
        path = self.root / _SETTINGS
        if not path.exists():
            if any((self.root / table).exists() for table in (FACTS, DOCUMENTS)):
                raise OutputError(f"{self.root}: has facts/ or documents/ but no {_SETTINGS}; "
                                  "not an econfacts dataset")
            settings = json.dumps(wanted, indent=2).encode()
            write_atomically(path, lambda sink: sink.write(settings))
            return
        try:
            found = json.loads(path.read_text())
        except ValueError:
            raise OutputError(f"{path}: unreadable dataset settings") from None
        options = {"partition_by": "--partition-by", "base_currency": "--base-currency",
                   "schema_version": "econfacts schema version"}
        for key, option in options.items():
            if found.get(key) != wanted[key]:
                raise OutputError(f"{self.root}: this dataset was written with {option} "
                                  f"{found.get(key)}, not {wanted[key]}; use a new dataset directory")

    # ------------------------------------------------------------ checking and adding

    def status(self, doc_id: str, content_hash: str) -> Status:
        """What to do with a document: extract it (new, changed) or not (unchanged, repeated).

        Call it once per document, in input order: it also remembers the
        document for the rest of the run. `repeated` is a second document
        with the same id in one run but another text: the first is kept and
        the caller reports the second. A document whose extraction failed is
        tried again by a newer econfacts.
        """
        key, digest = _key(doc_id), _digest(content_hash)
        pending = self._this_run.get(key)
        if pending is not None:
            return "unchanged" if pending == digest else "repeated"
        index = self._index
        position = index.find(key)
        if position is not None and index.seen[position]:
            return "unchanged" if index.digests[position] == digest else "repeated"
        if position is None:
            status: Status = "new"
        elif index.digests[position] == digest and not index.retry[position]:
            index.seen[position] = True
            return "unchanged"
        else:
            status = "changed"
        self._this_run[key] = digest
        return status

    def add(self, batch: Batch) -> None:
        """Buffer a batch's rows (changed documents lose their old rows at the next write).

        Batches are kept whole and split by partition only when written:
        slicing each batch into dozens of tiny per-partition tables would
        cost several times their size in Arrow buffers.
        """
        documents = batch.documents
        index = self._index
        for doc_id in documents.column("doc_id").to_pylist():
            position = index.find(_key(doc_id))
            if position is not None:
                self._replaced[doc_id] = index.file_names[index.files[position]]
        self._documents_buffer.append(documents)
        if batch.facts.num_rows:
            self._facts_buffer.append(batch.facts)
        self._buffered_bytes += batch.facts.nbytes + documents.nbytes
        if self._buffered_bytes >= FLUSH_BYTES:
            self._flush()

    def _partition_keys(self, table: pa.Table) -> pa.Array:
        """The partition key of each row of `table` ("2025-02", "undated")."""
        form = "%Y-%m" if self.partition_by == "month" else "%Y"
        published = pc.cast(table.column("published"), pa.timestamp("s"))
        return pc.fill_null(pc.strftime(published, format=form), UNDATED)

    # ------------------------------------------------------------ writing

    def _flush(self) -> None:
        """Write the buffered rows, one file per partition and table, and drop the old rows
        of changed documents, in one commit.

        Each partition is cut from the buffer just before it is written and
        released after, so a write needs little more memory than the buffer.
        """
        if not self._documents_buffer:
            return
        documents = pa.concat_tables(self._documents_buffer)
        facts = pa.concat_tables(self._facts_buffer) if self._facts_buffer else None
        document_keys = self._partition_keys(documents)
        fact_keys = self._partition_keys(facts) if facts is not None else None
        located = np.empty(documents.num_rows, np.int32)  # the file of each document written

        def partitions() -> Iterator[tuple[pa.Table, str]]:
            for key in sorted(pc.unique(document_keys).to_pylist()):
                name = self._new_name(key)
                in_partition = pc.equal(document_keys, key)
                rows = documents.filter(in_partition)
                located[np.asarray(in_partition)] = self._index.file_number(name)
                self._touched.add(key)
                yield rows, f"{DOCUMENTS}/{name}"
                if facts is not None:
                    rows = facts.filter(pc.equal(fact_keys, key))
                    if rows.num_rows:
                        yield rows, f"{FACTS}/{name}"

        removes, rewritten = self._without(self._replaced)
        self._commit(itertools.chain(partitions(), rewritten), removes)
        for old_name, new_name in self._moved:
            self._index.move([old_name], new_name)
        self._moved.clear()
        keys = np.fromiter(map(_key, documents.column("doc_id").to_pylist()), np.uint64, documents.num_rows)
        digests = np.fromiter(map(_digest, documents.column("content_hash").to_pylist()), np.uint64,
                              documents.num_rows)
        # Written by this econfacts: nothing to try again, failed or not.
        self._index.put(keys, digests, located, np.zeros(len(keys), bool), seen=True)
        for key in keys.tolist():
            self._this_run.pop(key, None)
        self._documents_buffer.clear()
        self._facts_buffer.clear()
        self._buffered_bytes = 0
        self._replaced.clear()
        pa.default_memory_pool().release_unused()  # give the written buffers back to the system

    def _without(self, replaced: dict[str, str]) -> tuple[list[str], list[tuple[pa.Table, str]]]:
        """The file pairs holding old rows of changed documents, and their rewrites without those rows."""
        dropped_by_file: dict[str, set[str]] = defaultdict(set)
        for doc_id, name in replaced.items():
            dropped_by_file[name].add(doc_id)
        removes: list[str] = []
        adds: list[tuple[pa.Table, str]] = []
        for name, dropped in sorted(dropped_by_file.items()):
            new_name = self._new_name(_partition_key(name))
            for table_name in (DOCUMENTS, FACTS):
                path = self.root / table_name / name
                if not path.exists():  # documents that gave no facts have no facts file
                    continue
                table = _read(path)
                table = table.filter(pc.invert(pc.is_in(table.column("doc_id"), pa.array(sorted(dropped)))))
                removes.append(f"{table_name}/{name}")
                if table.num_rows:
                    adds.append((table, f"{table_name}/{new_name}"))
                if table_name == DOCUMENTS:
                    self._moved.append((name, new_name))
        return removes, adds

    def _new_name(self, key: str) -> str:
        self._sequence += 1
        return f"{self.partition_column}={key}/part-{self._run_id}-{self._sequence:05d}.parquet"

    def _commit(self, adds: Iterable[tuple[pa.Table, str]], removes: list[str]) -> None:
        """Write `adds` (each table as it comes), delete `removes`, as one journalled change
        (see the module docstring)."""
        renames = []
        try:
            for table, name in adds:
                final = self.root / name
                temporary = final.with_name(f".{final.name}.tmp")
                final.parent.mkdir(parents=True, exist_ok=True)
                _write_parquet(table, temporary)
                renames.append((str(temporary.relative_to(self.root)), name))
            journal = json.dumps({"renames": renames, "removes": removes}).encode()
            write_atomically(self.root / _JOURNAL, lambda sink: sink.write(journal))
            self._apply_journal()
        except OSError as error:
            raise OutputError(f"{self.root}: cannot write the dataset: {error.strerror or error}; "
                              "the next run will tidy up and write it") from error

    def _apply_journal(self) -> None:
        path = self.root / _JOURNAL
        journal = json.loads(path.read_text())
        for temporary, final in journal["renames"]:
            if (self.root / temporary).exists():
                _rename(self.root / temporary, self.root / final)
        for name in journal["removes"]:
            (self.root / name).unlink(missing_ok=True)
        path.unlink()

    def _recover(self) -> None:
        """Finish a committed change a killed run left behind; drop what it had not committed."""
        if (self.root / _JOURNAL).exists():
            try:
                self._apply_journal()
            except (ValueError, KeyError):
                raise OutputError(f"{self.root / _JOURNAL}: unreadable journal; "
                                  "move it away to use the dataset as it is") from None
        for pattern in (".*.tmp", f"{FACTS}/*/.*.tmp", f"{DOCUMENTS}/*/.*.tmp"):
            for temporary in self.root.glob(pattern):
                temporary.unlink()

    # ------------------------------------------------------------ the index

    def _load_index(self) -> None:
        """Read what every documents file holds: id, content hash, failed or not, version.

        Should an id be in two files (the dataset was changed by something
        else), the later file wins.
        """
        parts = []
        for name in self._files(DOCUMENTS):
            table = _read(self.root / DOCUMENTS / name,
                          columns=["doc_id", "content_hash", "error", "extractor_version"])
            rows = table.num_rows
            failed = np.asarray(table.column("error").is_valid())
            older = np.asarray(pc.not_equal(table.column("extractor_version"), __version__).fill_null(True))
            parts.append((np.fromiter(map(_key, table.column("doc_id").to_pylist()), np.uint64, rows),
                          np.fromiter(map(_digest, table.column("content_hash").to_pylist()), np.uint64, rows),
                          np.full(rows, self._index.file_number(name), np.int32),
                          failed & older))
        if parts:
            self._index.put(*(np.concatenate(column) for column in zip(*parts)), seen=False)

    def _files(self, table_name: str) -> Iterator[str]:
        """The visible Parquet files of one table, relative to its directory, sorted."""
        base = self.root / table_name
        return (str(path.relative_to(base)) for path in sorted(base.glob("*/*.parquet")))

    # ------------------------------------------------------------ merging

    def _merge_small_files(self) -> None:
        """Merge the small files of each partition this run touched, once there are many.

        Hourly runs each add a small file per partition; left alone, a year
        of them would slow every query. Large files are left as they are.
        """
        for key in sorted(self._touched):
            directory = self.root / DOCUMENTS / f"{self.partition_column}={key}"
            small = [name for name in sorted(str(p.relative_to(self.root / DOCUMENTS))
                                             for p in directory.glob("*.parquet"))
                     if self._pair_size(name) < SMALL_FILE_BYTES]
            if len(small) < MERGE_FILES:
                continue
            new_name = self._new_name(key)
            adds: list[tuple[pa.Table, str]] = []
            removes: list[str] = []
            for table_name in (DOCUMENTS, FACTS):
                paths = {name: self.root / table_name / name for name in small}
                present = [name for name, path in paths.items() if path.exists()]
                removes.extend(f"{table_name}/{name}" for name in present)
                if present:
                    adds.append((pa.concat_tables([_read(paths[name]) for name in present]),
                                 f"{table_name}/{new_name}"))
            self._commit(adds, removes)
            self._index.move(small, new_name)

    def _pair_size(self, name: str) -> int:
        """Bytes of a documents file and its facts twin."""
        paths = (self.root / DOCUMENTS / name, self.root / FACTS / name)
        return sum(path.stat().st_size for path in paths if path.exists())


def _partition_key(name: str) -> str:
    """`published_month=2025-02/part-….parquet` -> `2025-02`."""
    return name.split("/", 1)[0].split("=", 1)[1]


def _read(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One file as written: no partition columns guessed from its path."""
    return pq.ParquetFile(path).read(columns=columns)


def _write_parquet(table: pa.Table, path: Path) -> None:
    """Write and fsync, so a committed file survives a crash of the machine too."""
    with open(path, "xb") as sink:
        pq.write_table(table, sink, row_group_size=ROW_GROUP_ROWS)
        sink.flush()
        os.fsync(sink.fileno())


def _rename(source: Path, target: Path) -> None:
    """The one place files become visible (tests interrupt runs here)."""
    os.replace(source, target)
