"""The schemas are a contract: pinned to SCHEMA_VERSION, self-describing, named for the base currency."""

from __future__ import annotations

import pyarrow as pa
import pytest

from econfacts import __version__
from econfacts.schema import (
    COLUMN_NAMES,
    SCHEMA_VERSION,
    conversion_columns,
    describe,
    documents_schema,
    facts_schema,
)

# If this fails, the schema changed: if that is deliberate, bump
# SCHEMA_VERSION and update the pin (readers of old datasets depend on it).
PINNED_VERSION = "2"
DICTIONARY = pa.dictionary(pa.int8(), pa.string())
PINNED_FACTS = [
    ("doc_id", pa.string(), False), ("fact_id", pa.string(), False), ("kind", DICTIONARY, False),
    ("surface", pa.string(), False), ("start", pa.int32(), False), ("end", pa.int32(), False),
    ("sentence", pa.string(), True), ("value", pa.float64(), True), ("value_low", pa.float64(), True),
    ("value_high", pa.float64(), True), ("unit", pa.string(), True), ("qualifier", pa.string(), True),
    ("direction", pa.string(), True), ("role", pa.string(), True), ("time_start", pa.date32(), True),
    ("time_end", pa.date32(), True), ("time_role", pa.string(), True), ("metric", DICTIONARY, True),
    ("metric_text", pa.string(), True), ("actor", pa.string(), True), ("counterpart", pa.string(), True),
    ("deadline", pa.date32(), True), ("period_start", pa.date32(), True), ("period_end", pa.date32(), True),
    ("published", pa.date32(), True), ("value_usd", pa.float64(), True), ("value_usd_low", pa.float64(), True),
    ("value_usd_high", pa.float64(), True), ("fx_rate", pa.float64(), True), ("fx_date", pa.date32(), True),
    ("fx_note", pa.string(), True),
]
PINNED_DOCUMENTS = [
    ("doc_id", pa.string(), False), ("content_hash", pa.string(), True), ("source", pa.string(), True),
    ("title", pa.string(), True), ("published", pa.date32(), True), ("n_chars", pa.int64(), False),
    ("n_facts", pa.int32(), False), ("extracted_at", pa.timestamp("us", tz="UTC"), False),
    ("extractor_version", pa.string(), False), ("error", pa.string(), True),
]


@pytest.mark.parametrize(("schema", "pinned"), [(facts_schema(), PINNED_FACTS),
                                                 (documents_schema(), PINNED_DOCUMENTS)])
def test_schema_is_pinned_to_its_version(schema, pinned):
    assert SCHEMA_VERSION == PINNED_VERSION
    assert [(f.name, f.type, f.nullable) for f in schema] == pinned


@pytest.mark.parametrize("schema", [facts_schema(), documents_schema(), facts_schema("EUR")])
def test_schema_describes_itself(schema):
    metadata = schema.metadata
    assert metadata[b"econfacts.schema_version"] == SCHEMA_VERSION.encode()
    assert metadata[b"econfacts.version"] == __version__.encode()
    for field in schema:
        assert field.metadata[b"description"], field.name


def test_conversion_columns_are_named_and_described_for_the_base_currency():
    schema = facts_schema("EUR")
    assert conversion_columns("EUR") == ("value_eur", "value_eur_low", "value_eur_high")
    assert schema.names[-6:] == ["value_eur", "value_eur_low", "value_eur_high", "fx_rate", "fx_date", "fx_note"]
    assert schema.field("value_eur").metadata[b"unit"] == b"EUR"
    assert b"EUR" in schema.field("fx_rate").metadata[b"description"]
    assert schema.metadata[b"econfacts.base_currency"] == b"EUR"


def test_schema_is_the_same_object_run_after_run():
    assert facts_schema() is facts_schema("USD") is facts_schema("usd")
    assert documents_schema("eur") is documents_schema("EUR")


def test_describe_lists_every_column_with_its_unit():
    described = describe()
    assert [name for name, *_ in described] == list(COLUMN_NAMES)
    units = {name: unit for name, _, _, unit in described}
    assert units["value_usd"] == "USD" and units["start"] == "characters" and units["surface"] == ""
