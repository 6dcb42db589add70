"""The two tables econfacts writes, as Arrow schemas: the single source of truth.

`facts` has one row per figure; `documents` one row per document extracted
(whether it gave facts, none, or failed). Every writer (Parquet file or
dataset, CSV, JSON Lines, the pandas frame) derives its columns and types from
these schemas. Each field carries its description, and its unit where it has
one, in the field metadata; the schema metadata carries the schema version and
the extractor version, so a Parquet file documents itself in any BI tool.

`SCHEMA_VERSION` changes with any deliberate change of names, types or
meaning; a test pins the schemas to it.
"""

from __future__ import annotations

import functools

import pyarrow as pa

from econfacts.version import __version__

SCHEMA_VERSION = "2"
DEFAULT_BASE_CURRENCY = "USD"

_DICTIONARY = pa.dictionary(pa.int8(), pa.string())
# Facts columns that are never null.
_REQUIRED_FACTS = ("doc_id", "fact_id", "kind", "surface", "start", "end")
_REQUIRED_DOCUMENTS = ("doc_id", "n_chars", "n_facts", "extracted_at", "extractor_version")

# (name, type, description, unit or None): the order here is the column order
# everywhere. `{base}` is the base currency of the conversion columns.
_FACT_COLUMNS: tuple[tuple[str, pa.DataType, str, str | None], ...] = (
    ("doc_id", pa.string(), "document id", None),
    ("fact_id", pa.string(), "stable id: hash of doc_id, kind, start, end", None),
    ("kind", _DICTIONARY, "money, percent, multiplier, quantity or date", None),
    ("surface", pa.string(), "the exact text span", None),
    ("start", pa.int32(), "character offset of the span in the document", "characters"),
    ("end", pa.int32(), "character offset just after the span (exclusive)", "characters"),
    ("sentence", pa.string(), "the sentence the figure stands in", None),
    ("value", pa.float64(),
     ("normalized value: money in currency units, percent in percent (pp for points), "
      "multiplier as a factor; null for dates"), "the unit column"),
    ("value_low", pa.float64(), "low end of a range", "the unit column"),
    ("value_high", pa.float64(), "high end of a range", "the unit column"),
    ("unit", pa.string(), "ISO 4217 code for money, % or pp for percent, pint unit for quantities", None),
    ("qualifier", pa.string(), "exact, approximately, more_than, at_least, less_than, at_most", None),
    ("direction", pa.string(), "increase or decrease when the figure is the size of a move", None),
    ("role", pa.string(), "level, change or target", None),
    ("time_start", pa.date32(), "date facts: first day of the period meant", None),
    ("time_end", pa.date32(), "date facts: last day of the period meant (inclusive)", None),
    ("time_role", pa.string(), "date facts: deadline, effective or period", None),
    ("metric", _DICTIONARY, "what the figure measures (attribution; null until linked)", None),
    ("metric_text", pa.string(), "the words the metric was read from", None),
    ("actor", pa.string(), "whose figure: ISO 3166-1 alpha-2, EU, or an organization", None),
    ("counterpart", pa.string(), "the other side of a bilateral figure", None),
    ("deadline", pa.date32(), "for targets: the last day by which it is due", None),
    ("period_start", pa.date32(), "first day of the period the figure refers to", None),
    ("period_end", pa.date32(), "last day of the period the figure refers to", None),
    ("published", pa.date32(), "the document's publication date, when known", None),
    ("value_{base}", pa.float64(),
     "money: value converted to {BASE} at the ECB reference rate of the publication date", "{BASE}"),
    ("value_{base}_low", pa.float64(), "money: value_low converted to {BASE}", "{BASE}"),
    ("value_{base}_high", pa.float64(), "money: value_high converted to {BASE}", "{BASE}"),
    ("fx_rate", pa.float64(), "money: {BASE} per one unit of the unit column", "{BASE} per unit"),
    ("fx_date", pa.date32(),
     "money: the ECB reference date of fx_rate (publication date or the nearest earlier business day)",
     None),
    ("fx_note", pa.string(), "money: why the {BASE} columns are null (no date, no ECB rate)", None),
)

_DOCUMENT_COLUMNS: tuple[tuple[str, pa.DataType, str, str | None], ...] = (
    ("doc_id", pa.string(), "document id", None),
    ("content_hash", pa.string(), "SHA-1 of the document text: a changed text gets new rows", None),
    ("source", pa.string(), "the file (and line or row) the document was read from", None),
    ("title", pa.string(), "the document title, when the input carries one", None),
    ("published", pa.date32(), "the document's publication date, when known", None),
    ("n_chars", pa.int64(), "length of the text", "characters"),
    ("n_facts", pa.int32(), "number of facts extracted from it", None),
    ("extracted_at", pa.timestamp("us", tz="UTC"), "when the extraction run started", None),
    ("extractor_version", pa.string(), "econfacts version that extracted it", None),
    ("error", pa.string(), "why the document could not be read or extracted; null when it was", None),
)


def _field(name: str, dtype: pa.DataType, description: str, unit: str | None,
           required: tuple[str, ...]) -> pa.Field:
    metadata = {"description": description}
    if unit is not None:
        metadata["unit"] = unit
    return pa.field(name, dtype, nullable=name not in required, metadata=metadata)


def _metadata(table: str, base: str) -> dict[str, str]:
    return {"econfacts.table": table, "econfacts.schema_version": SCHEMA_VERSION,
            "econfacts.version": __version__, "econfacts.base_currency": base}


def facts_schema(base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Schema:
    """The facts schema with the conversion columns named for `base_currency` (`value_usd`, `value_eur`)."""
    return _facts_schema(base_currency.upper())


def documents_schema(base_currency: str = DEFAULT_BASE_CURRENCY) -> pa.Schema:
    """The documents schema (the base currency is recorded so a dataset keeps one)."""
    return _documents_schema(base_currency.upper())


@functools.cache
def _facts_schema(base: str) -> pa.Schema:
    fields = []
    for name, dtype, description, unit in _FACT_COLUMNS:
        fields.append(_field(name.format(base=base.lower()), dtype, description.format(BASE=base),
                             unit and unit.format(BASE=base), _REQUIRED_FACTS))
    return pa.schema(fields, metadata=_metadata("facts", base))


@functools.cache
def _documents_schema(base: str) -> pa.Schema:
    fields = [_field(*column, _REQUIRED_DOCUMENTS) for column in _DOCUMENT_COLUMNS]
    return pa.schema(fields, metadata=_metadata("documents", base))


FACTS_SCHEMA = facts_schema()
DOCUMENTS_SCHEMA = documents_schema()
COLUMN_NAMES: tuple[str, ...] = tuple(FACTS_SCHEMA.names)
DATE_COLUMNS: tuple[str, ...] = tuple(f.name for f in FACTS_SCHEMA if pa.types.is_date(f.type))


def conversion_columns(base_currency: str = DEFAULT_BASE_CURRENCY) -> tuple[str, str, str]:
    """Names of the converted value, low and high columns for `base_currency`."""
    base = base_currency.lower()
    return f"value_{base}", f"value_{base}_low", f"value_{base}_high"


def describe(schema: pa.Schema = FACTS_SCHEMA) -> list[tuple[str, str, str, str]]:
    """(name, type, description, unit) for every column, for help texts and docs."""
    return [(f.name, str(f.type), f.metadata[b"description"].decode(),
             f.metadata.get(b"unit", b"").decode()) for f in schema]
