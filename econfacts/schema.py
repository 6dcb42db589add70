"""The facts table: one Arrow schema, the single source of truth.

Every writer (Parquet, CSV, JSON Lines, the pandas frame) derives its columns
and types from `FACTS_SCHEMA`; each field carries its description in the
field metadata so the Parquet file documents itself.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_KIND_TYPE = pa.dictionary(pa.int8(), pa.string())

# (name, type, description): the order here is the column order everywhere.
_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    ("doc_id", pa.string(), "document id"),
    ("fact_id", pa.string(), "stable id: hash of doc_id, kind, start, end"),
    ("kind", _KIND_TYPE, "money, percent, multiplier, quantity or date"),
    ("surface", pa.string(), "the exact text span"),
    ("start", pa.int32(), "character offset of the span in the document"),
    ("end", pa.int32(), "character offset just after the span (exclusive)"),
    ("sentence", pa.string(), "the sentence the figure stands in"),
    ("value", pa.float64(),
     "normalized value: money in currency units, percent in percent (pp for points), "
     "multiplier as a factor; null for dates"),
    ("value_low", pa.float64(), "low end of a range"),
    ("value_high", pa.float64(), "high end of a range"),
    ("unit", pa.string(), "ISO 4217 code for money, % or pp for percent, pint unit for quantities"),
    ("qualifier", pa.string(), "exact, approximately, more_than, at_least, less_than, at_most"),
    ("direction", pa.string(), "increase or decrease when the figure is the size of a move"),
    ("role", pa.string(), "level, change or target"),
    ("time_start", pa.date32(), "date facts: first day of the period meant"),
    ("time_end", pa.date32(), "date facts: last day of the period meant (inclusive)"),
    ("time_role", pa.string(), "date facts: deadline, effective or period"),
    ("metric", _KIND_TYPE, "what the figure measures (attribution; null until linked)"),
    ("metric_text", pa.string(), "the words the metric was read from"),
    ("actor", pa.string(), "whose figure: ISO 3166-1 alpha-2, EU, or an organization"),
    ("counterpart", pa.string(), "the other side of a bilateral figure"),
    ("deadline", pa.date32(), "for targets: the last day by which it is due"),
    ("period_start", pa.date32(), "first day of the period the figure refers to"),
    ("period_end", pa.date32(), "last day of the period the figure refers to"),
    ("published", pa.date32(), "the document's publication date, when known"),
)

FACTS_SCHEMA = pa.schema(
    [pa.field(name, dtype, nullable=name not in ("doc_id", "fact_id", "kind", "surface", "start", "end"),
              metadata={"description": text})
     for name, dtype, text in _COLUMNS],
    metadata={"econfacts.schema_version": SCHEMA_VERSION},
)

COLUMN_NAMES: tuple[str, ...] = tuple(FACTS_SCHEMA.names)
DATE_COLUMNS: tuple[str, ...] = tuple(f.name for f in FACTS_SCHEMA if pa.types.is_date(f.type))


def describe() -> list[tuple[str, str, str]]:
    """(name, type, description) for every column, for help texts and docs."""
    return [(f.name, str(f.type), f.metadata[b"description"].decode()) for f in FACTS_SCHEMA]
