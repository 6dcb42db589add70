"""The facts table: exact schema, stable ids, per-document columns, the pandas frame."""

from __future__ import annotations

import datetime
import re

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from econfacts import FACTS_SCHEMA, Fact, InputError, extract_frame
from econfacts.table import extract_table, fact_id, facts_table, facts_to_table

PUBLISHED = datetime.date(2025, 2, 8)

FIVE_BILLION = Fact("money", "$5 billion", 24, 34, value=5e9, unit="USD", role="level",
                    sentence="The fund will invest $5 billion.")
DEADLINE = Fact("date", "by 2027", 40, 47, time_start=datetime.date(2027, 1, 1),
                time_end=datetime.date(2027, 12, 31), time_role="deadline")


def plain_money_extractor(text: str, published=None, taxonomy=None) -> list[Fact]:
    """A stand-in extractor: every "$N billion" is a money fact.

    It keeps the tests of this layer independent of what the real extractor
    finds today; the tests marked "real extractor" below use the real one.
    """
    return [Fact("money", m.group(), m.start(), m.end(), value=float(m.group(1)) * 1e9, unit="USD")
            for m in re.finditer(r"\$(\d+) billion", text)]


@pytest.fixture
def fake_extract(monkeypatch):
    monkeypatch.setattr("econfacts.table.extract", plain_money_extractor)


# ---------------------------------------------------------------- fact_id


def test_fact_id_is_16_hex_chars_and_stable():
    first = fact_id("doc-1", "money", 24, 34)
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert fact_id("doc-1", "money", 24, 34) == first


@pytest.mark.parametrize("other", [
    pytest.param(("doc-2", "money", 24, 34), id="doc_id"),
    pytest.param(("doc-1", "percent", 24, 34), id="kind"),
    pytest.param(("doc-1", "money", 25, 34), id="start"),
    pytest.param(("doc-1", "money", 24, 35), id="end"),
    pytest.param(("doc-12", "money", 4, 34), id="no-ambiguous-concatenation"),
])
def test_fact_id_changes_with_each_part(other):
    assert fact_id(*other) != fact_id("doc-1", "money", 24, 34)


# ---------------------------------------------------------------- facts_to_table


def test_table_has_exactly_the_schema_including_metadata():
    table = facts_to_table("doc-1", [FIVE_BILLION, DEADLINE], PUBLISHED)
    assert table.schema.equals(FACTS_SCHEMA, check_metadata=True)
    assert table.num_rows == 2


def test_table_rows_carry_the_fact_fields_and_document_columns():
    row, date_row = facts_to_table("doc-1", [FIVE_BILLION, DEADLINE], PUBLISHED).to_pylist()
    assert row["doc_id"] == "doc-1"
    assert row["fact_id"] == fact_id("doc-1", "money", 24, 34)
    assert (row["kind"], row["surface"], row["start"], row["end"]) == ("money", "$5 billion", 24, 34)
    assert (row["value"], row["unit"], row["role"]) == (5e9, "USD", "level")
    assert row["sentence"] == "The fund will invest $5 billion."
    assert row["published"] == PUBLISHED and date_row["published"] == PUBLISHED
    assert date_row["value"] is None
    assert (date_row["time_start"], date_row["time_end"], date_row["time_role"]) == (
        datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), "deadline")


def test_unknown_published_is_null_on_every_row():
    table = facts_to_table("doc-1", [FIVE_BILLION, DEADLINE], None)
    assert table.column("published").null_count == 2


def test_no_facts_gives_zero_rows_with_the_schema():
    table = facts_to_table("doc-1", [], PUBLISHED)
    assert table.num_rows == 0
    assert table.schema.equals(FACTS_SCHEMA, check_metadata=True)


def test_many_documents_in_order_and_documents_without_facts_add_no_rows():
    table = facts_table([
        ("a", [FIVE_BILLION], datetime.date(2024, 1, 2)),
        ("empty", [], PUBLISHED),
        ("b", [FIVE_BILLION, DEADLINE], None),
    ])
    assert table.column("doc_id").to_pylist() == ["a", "b", "b"]
    assert table.column("published").to_pylist() == [datetime.date(2024, 1, 2), None, None]
    # The same span in two documents gets two different ids.
    assert len(set(table.column("fact_id").to_pylist())) == 3


facts_strategy = st.builds(
    Fact,
    kind=st.sampled_from(["money", "percent", "multiplier", "quantity", "date"]),
    surface=st.text(min_size=1, max_size=12),
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
    value=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    unit=st.none() | st.sampled_from(["USD", "EUR", "%", "pp"]),
    time_start=st.none() | st.dates(),
    deadline=st.none() | st.dates(),
    metric=st.none() | st.sampled_from(["exports", "policy_rate"]),
    sentence=st.text(max_size=20),
)


@given(st.lists(facts_strategy, max_size=8), st.none() | st.dates())
def test_every_fact_field_lands_in_its_column(facts, published):
    rows = facts_to_table("doc", facts, published).to_pylist()
    assert len(rows) == len(facts)
    for fact, row in zip(facts, rows):
        assert {name: row[name] for name in fact.as_dict()} == fact.as_dict()
        assert row["published"] == published


# ---------------------------------------------------------------- extract_table / extract_frame


def expected_dtypes() -> pd.Series:
    return pd.Series({field.name: pd.ArrowDtype(field.type) for field in FACTS_SCHEMA})


def test_extract_table_runs_the_extractor_per_document(fake_extract):
    table = extract_table([("a", "Investment of $5 billion and $7 billion.", PUBLISHED),
                           ("b", "Nothing to see.", None)])
    assert table.column("doc_id").to_pylist() == ["a", "a"]
    assert table.column("value").to_pylist() == [5e9, 7e9]


def test_extract_frame_with_nothing_found_has_zero_rows_and_the_schema_dtypes():
    frame = extract_frame(pd.DataFrame({"doc_id": ["a"], "text": ["The minister spoke briefly."]}))
    assert len(frame) == 0
    assert list(frame.columns) == FACTS_SCHEMA.names
    pd.testing.assert_series_equal(frame.dtypes, expected_dtypes())


def test_extract_frame_of_an_empty_frame():
    frame = extract_frame(pd.DataFrame({"doc_id": [], "text": []}))
    assert len(frame) == 0
    pd.testing.assert_series_equal(frame.dtypes, expected_dtypes())


def test_extract_frame_round_trips_through_arrow(fake_extract):
    frame = extract_frame(pd.DataFrame({"doc_id": ["a", "b"],
                                        "text": ["A $5 billion fund.", "A $3 billion loan."],
                                        "published": ["2025-02-08", None]}))
    pd.testing.assert_series_equal(frame.dtypes, expected_dtypes())
    table = pa.Table.from_pandas(frame, schema=FACTS_SCHEMA, preserve_index=False)
    assert table.schema.equals(FACTS_SCHEMA)
    assert table.column("doc_id").to_pylist() == ["a", "b"]
    assert table.column("published").to_pylist() == [PUBLISHED, None]


@pytest.mark.parametrize("published, expected", [
    pytest.param("2025-02-08", PUBLISHED, id="iso-string"),
    pytest.param(PUBLISHED, PUBLISHED, id="date"),
    pytest.param(pd.Timestamp("2025-02-08 16:30"), PUBLISHED, id="timestamp"),
    pytest.param(None, None, id="none"),
    pytest.param(float("nan"), None, id="nan"),
    pytest.param(pd.NaT, None, id="nat"),
])
def test_extract_frame_published_forms(fake_extract, published, expected):
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["A $5 billion fund."],
                         "published": pd.Series([published], dtype=object)})
    frame = extract_frame(docs)
    assert len(frame) == 1
    got = frame["published"].iloc[0]
    assert (None if pd.isna(got) else got) == expected


def test_extract_frame_datetime_column(fake_extract):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["A $5 billion fund.", "A $2 billion fund."],
                         "published": pd.to_datetime(["2025-02-08", None])})
    frame = extract_frame(docs)
    assert frame["published"].tolist()[0] == PUBLISHED
    assert frame["published"].isna().tolist() == [False, True]


def test_extract_frame_without_published_column_and_missing_text(fake_extract):
    frame = extract_frame(pd.DataFrame({"doc_id": [1, 2], "text": ["A $5 billion fund.", None]}))
    assert frame["doc_id"].tolist() == ["1"]
    assert frame["published"].isna().all()


def test_extract_frame_bad_published_names_the_document():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "y"], "published": ["2025-02-08", "soon"]})
    with pytest.raises(InputError, match=r"document 'b'.*'soon'"):
        extract_frame(docs)


def test_extract_frame_requires_doc_id_and_text():
    with pytest.raises(InputError, match="'text'"):
        extract_frame(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


# ---------------------------------------------------------------- with the real extractor


def test_real_extractor_money_lands_in_the_frame():
    frame = extract_frame(pd.DataFrame({"doc_id": ["a"], "text": ["The fund will invest $5 billion."],
                                        "published": ["2025-02-08"]}))
    money = frame[frame["kind"] == "money"]
    assert money["surface"].tolist() == ["$5 billion"]
    assert money["value"].tolist() == [5e9]
    assert money["published"].tolist() == [PUBLISHED]


def test_real_extractor_offsets_point_into_the_text():
    text = "Exports rose 3.5% while a $5 billion package was agreed."
    table = extract_table([("a", text, None)])
    assert table.num_rows >= 2
    for row in table.to_pylist():
        assert text[row["start"]:row["end"]] == row["surface"]
