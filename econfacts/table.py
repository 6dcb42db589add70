"""Facts -> the Arrow tables (and the pandas frame built on them).

Tables are built column-wise: one Python list per column, converted once by
`pa.array`. Going row by row through pandas would cost more than extraction
itself on large inputs, and the columns and types come straight from the
schemas in `econfacts.schema`, so no writer can disagree with them.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter

import pandas as pd
import pyarrow as pa

from econfacts.attribution import Taxonomy
from econfacts.errors import InputError
from econfacts.facts import Fact
from econfacts.fx import fx_rates
from econfacts.pipeline import extract, parse_published
from econfacts.schema import (
    DEFAULT_BASE_CURRENCY,
    conversion_columns,
    documents_schema,
    facts_schema,
)
from econfacts.version import __version__

# One (name, getter) per column read straight from a Fact field; the others
# (doc_id, fact_id, published and the currency conversion) are computed here.
_FACT_GETTERS = tuple((name, attrgetter(name)) for name in facts_schema().names
                      if name in Fact.__dataclass_fields__)

# (doc_id, facts, published) for one document.
DocumentFacts = tuple[str, Sequence[Fact], datetime.date | None]
# (doc_id, text, published) for one document to extract.
DocumentText = tuple[str, str, datetime.date | None]


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One row of the documents table, less what the whole run shares."""

    doc_id: str
    content_hash: str | None
    source: str | None
    title: str | None
    published: datetime.date | None
    n_chars: int
    n_facts: int
    error: str | None = None


def content_hash(text: str) -> str:
    """The identity of a document's text: a changed text is a changed document."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def fact_id(doc_id: str, kind: str, start: int, end: int) -> str:
    """A stable id for a fact: the same document span always gets the same id.

    Hashing (rather than numbering) keeps ids unchanged when other facts are
    added or removed, so tables from two runs can be joined on `fact_id`.
    """
    key = f"{doc_id}\x1f{kind}\x1f{start}\x1f{end}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16]


def facts_table(documents: Iterable[DocumentFacts],
                base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Table:
    """One table, exactly `facts_schema(base_currency)`, for the facts of many documents."""
    facts: list[Fact] = []
    doc_ids: list[str] = []
    published: list[datetime.date | None] = []
    for doc_id, doc_facts, doc_published in documents:
        facts.extend(doc_facts)
        doc_ids.extend([doc_id] * len(doc_facts))
        published.extend([doc_published] * len(doc_facts))
    columns: dict[str, list] = {
        "doc_id": doc_ids,
        "fact_id": [fact_id(d, f.kind, f.start, f.end) for d, f in zip(doc_ids, facts)],
        "published": published,
    }
    for name, get in _FACT_GETTERS:
        columns[name] = [get(f) for f in facts]
    columns.update(_converted(facts, published, base_currency))
    schema = facts_schema(base_currency)
    arrays = [pa.array(columns[field.name], type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _converted(facts: Sequence[Fact], published: Sequence[datetime.date | None],
               base_currency: str) -> dict[str, list]:
    """The currency conversion columns: money at the ECB rate of its publication date.

    Other kinds get nulls throughout; a money figure that cannot be
    converted gets nulls and the reason in `fx_note`.
    """
    rates = fx_rates(base_currency)
    value_name, low_name, high_name = conversion_columns(base_currency)
    columns: dict[str, list] = {name: [] for name in
                                (value_name, low_name, high_name, "fx_rate", "fx_date", "fx_note")}
    for fact, day in zip(facts, published):
        quote = rates.quote(fact.unit, day) if fact.kind == "money" else None
        rate = quote.rate if quote is not None else None
        columns[value_name].append(_times(fact.value, rate))
        columns[low_name].append(_times(fact.value_low, rate))
        columns[high_name].append(_times(fact.value_high, rate))
        columns["fx_rate"].append(rate)
        columns["fx_date"].append(quote.rate_date if quote is not None else None)
        columns["fx_note"].append(quote.note if quote is not None else None)
    return columns


def _times(value: float | None, rate: float | None) -> float | None:
    return None if value is None or rate is None else value * rate


def documents_table(records: Sequence[DocumentRecord], extracted_at: datetime.datetime,
                    base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Table:
    """The documents table of one extraction run (`extracted_at` is the run's start, in UTC)."""
    schema = documents_schema(base_currency)
    columns: dict[str, list] = {name: [getattr(r, name) for r in records]
                                for name in DocumentRecord.__dataclass_fields__}
    columns["extracted_at"] = [extracted_at] * len(records)
    columns["extractor_version"] = [__version__] * len(records)
    arrays = [pa.array(columns[field.name], type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def facts_to_table(doc_id: str, facts: Sequence[Fact], published: datetime.date | None = None,
                   base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Table:
    """The facts table of a single document."""
    return facts_table([(doc_id, facts, published)], base_currency)


def extract_table(documents: Iterable[DocumentText],
                  on_error: Callable[[str, Exception], None] | None = None,
                  taxonomy: Taxonomy | None = None,
                  base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Table:
    """Extract every document and return all facts as one table.

    `documents` may be a lazy iterator: each text is released once its facts
    are out, so memory follows the facts rather than the input. With
    `on_error`, a document whose extraction fails is reported to it and
    skipped, so one bad document never loses the others; without it the
    error propagates.
    """
    def extracted() -> Iterator[DocumentFacts]:
        for doc_id, text, published in documents:
            try:
                facts = extract(text, published, taxonomy=taxonomy)
            except Exception as error:  # a bug or a pathological text: report, go on
                if on_error is None:
                    raise
                on_error(doc_id, error)
                continue
            yield doc_id, facts, published

    return facts_table(extracted(), base_currency)


def extract_frame(docs: pd.DataFrame, taxonomy: Taxonomy | None = None,
                  base_currency: str = DEFAULT_BASE_CURRENCY) -> pd.DataFrame:
    """Facts of the documents in `docs` as a DataFrame with Arrow-backed dtypes.

    `docs` has columns `doc_id` and `text`, and optionally `published` (ISO
    string, date, Timestamp or missing). The result has the columns and types
    of `facts_schema(base_currency)` (zero rows when nothing is found), so
    `pa.Table.from_pandas(frame, schema=facts_schema(base_currency), preserve_index=False)`
    gives the same table back. Being a pandas -> pandas function with a fixed
    schema, it is what Dask's `map_partitions` and Spark's `mapInPandas` run.
    """
    missing = [name for name in ("doc_id", "text") if name not in docs.columns]
    if missing:
        raise InputError(f"docs has no column {', '.join(map(repr, missing))}", source="docs")
    doc_ids = [str(doc_id) for doc_id in docs["doc_id"].tolist()]
    texts = docs["text"].tolist()
    published_values = (docs["published"].tolist() if "published" in docs.columns
                        else [None] * len(doc_ids))
    documents = []
    for doc_id, text, value in zip(doc_ids, texts, published_values):
        documents.append((doc_id, _text_of(doc_id, text), _published_of(doc_id, value)))
    table = extract_table(documents, taxonomy=taxonomy, base_currency=base_currency)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _text_of(doc_id: str, text: object) -> str:
    """The text of a frame row; a missing text (None/NaN) is an empty document."""
    if isinstance(text, str):
        return text
    if pd.api.types.is_scalar(text) and pd.isna(text):
        return ""
    raise InputError(f"document {doc_id!r}: text is {type(text).__name__}, not str", source="docs")


def _published_of(doc_id: str, value: object) -> datetime.date | None:
    """The publication date of a frame row; None, NaN, NA and NaT mean unknown."""
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    try:
        return parse_published(value)
    except InputError as error:
        raise InputError(f"document {doc_id!r}: {error}", source="docs") from None
