"""Facts -> the Arrow facts table (and the pandas frame built on it).

The table is built column-wise: one Python list per column, converted once by
`pa.array`. Going row by row through pandas would cost more than extraction
itself on large inputs, and the columns and types come straight from
`FACTS_SCHEMA`, so no writer can disagree with it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter

import pandas as pd
import pyarrow as pa

from econfacts.attribution import Taxonomy
from econfacts.errors import InputError
from econfacts.facts import Fact
from econfacts.pipeline import extract, parse_published
from econfacts.schema import FACTS_SCHEMA

# The columns that belong to the document rather than to the Fact itself;
# every other column of the schema is read from the Fact field of that name.
_DOCUMENT_COLUMNS = ("doc_id", "fact_id", "published")

# One (name, getter) per Fact column, derived from the schema so a new
# column needs only a schema entry and a Fact field.
_FACT_GETTERS = tuple((name, attrgetter(name)) for name in FACTS_SCHEMA.names
                      if name not in _DOCUMENT_COLUMNS)

# (doc_id, facts, published) for one document.
DocumentFacts = tuple[str, Sequence[Fact], datetime.date | None]
# (doc_id, text, published) for one document to extract.
DocumentText = tuple[str, str, datetime.date | None]


def fact_id(doc_id: str, kind: str, start: int, end: int) -> str:
    """A stable id for a fact: the same document span always gets the same id.

    Hashing (rather than numbering) keeps ids unchanged when other facts are
    added or removed, so tables from two runs can be joined on `fact_id`.
    """
    key = f"{doc_id}\x1f{kind}\x1f{start}\x1f{end}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16]


def facts_table(documents: Iterable[DocumentFacts]) -> pa.Table:
    """One table, exactly `FACTS_SCHEMA`, for the facts of many documents."""
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
    arrays = [pa.array(columns[field.name], type=field.type) for field in FACTS_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=FACTS_SCHEMA)


def facts_to_table(doc_id: str, facts: Sequence[Fact],
                   published: datetime.date | None = None) -> pa.Table:
    """The facts table of a single document."""
    return facts_table([(doc_id, facts, published)])


def extract_table(documents: Iterable[DocumentText],
                  on_error: Callable[[str, Exception], None] | None = None,
                  taxonomy: Taxonomy | None = None) -> pa.Table:
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

    return facts_table(extracted())


def extract_frame(docs: pd.DataFrame, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Facts of the documents in `docs` as a DataFrame with Arrow-backed dtypes.

    `docs` has columns `doc_id` and `text`, and optionally `published` (ISO
    string, date, Timestamp or missing). The result has the columns and types
    of `FACTS_SCHEMA` (zero rows when nothing is found), so
    `pa.Table.from_pandas(frame, schema=FACTS_SCHEMA, preserve_index=False)`
    gives the same table back.
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
    return extract_table(documents, taxonomy=taxonomy).to_pandas(types_mapper=pd.ArrowDtype)


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
