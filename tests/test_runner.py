"""Extraction runs: deterministic batches, failures recorded, workers give the same rows."""

from __future__ import annotations

import datetime

import pyarrow as pa
import pytest

from econfacts.io import Document, read_sample_documents
from econfacts.runner import (
    RunSettings,
    Unreadable,
    batches_of,
    extract_batch,
    in_order,
    item_of,
    run,
)
from econfacts.table import content_hash

SETTINGS = RunSettings(extracted_at=datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC))


def article(number: int) -> Document:
    return Document(f"brief-{number}", f"Exports rose {number % 9 + 1}% to ${number + 2} billion in May.",
                    datetime.date(2025, 6, 1 + number % 28), f"briefs.jsonl:{number + 1}")


def samples() -> list[Document]:
    """The bundled articles, many times over under new ids: enough for several batches."""
    originals = [d for d in read_sample_documents() if isinstance(d, Document)]
    return [Document(f"{d.doc_id}-{copy}", d.text, d.published, d.source, d.title)
            for copy in range(60) for d in originals]


def test_batches_are_cut_by_count_and_by_size():
    items = [item_of(article(n)) for n in range(10)]
    assert [len(b) for b in batches_of(items, max_documents=4)] == [4, 4, 2]
    long_text = Document("long", "x" * 500, None, "long.txt")
    cut = list(batches_of([item_of(long_text)] * 3 + items[:1], max_documents=100, max_chars=1000))
    assert [len(b) for b in cut] == [2, 2]


def test_item_identifies_a_document_by_its_text_and_an_unreadable_record_by_its_error():
    document = article(1)
    assert item_of(document)[1] == content_hash(document.text)
    first = item_of(Unreadable("news.jsonl:3", "news.jsonl:3", "not valid JSON"))[1]
    assert first == item_of(Unreadable("news.jsonl:3", "news.jsonl:3", "not valid JSON"))[1]
    assert first != item_of(Unreadable("news.jsonl:3", "news.jsonl:3", "no \"text\" string"))[1]


def test_a_batch_holds_facts_and_one_documents_row_per_input():
    batch = extract_batch([item_of(article(1)), item_of(Unreadable("x.jsonl:2", "x.jsonl:2", "bad line"))],
                          SETTINGS)
    documents = batch.documents.to_pylist()
    assert [d["doc_id"] for d in documents] == ["brief-1", "x.jsonl:2"]
    assert documents[0]["n_facts"] == batch.facts.num_rows == 3
    assert documents[0]["error"] is None and documents[1]["error"] == "bad line"
    assert documents[0]["extracted_at"] == SETTINGS.extracted_at
    assert batch.failures == ("bad line",)
    assert set(batch.facts.column("surface").to_pylist()) == {"2%", "$3 billion", "in May"}


def test_an_extraction_failure_is_recorded_and_the_batch_goes_on(monkeypatch):
    real = extract_batch.__globals__["extract"]

    def extract(text, published=None, taxonomy=None):
        if "$4 billion" in text:
            raise ValueError("cannot parse")
        return real(text, published, taxonomy=taxonomy)

    monkeypatch.setattr("econfacts.runner.extract", extract)
    batch = extract_batch([item_of(article(n)) for n in range(4)], SETTINGS)
    errors = dict(zip(batch.documents.column("doc_id").to_pylist(), batch.documents.column("error").to_pylist()))
    assert errors == {"brief-0": None, "brief-1": None, "brief-2": "extraction failed: ValueError: cannot parse",
                      "brief-3": None}
    assert "brief-2" not in batch.facts.column("doc_id").to_pylist()


def test_in_order_keeps_submission_order_with_a_bounded_window():
    class Done:
        def __init__(self, value):
            self.value = value

        def result(self):
            return self.value

    in_flight = []

    def submit(batch):
        in_flight.append(batch)
        return Done(batch)

    results = in_order(submit, iter(range(7)), window=3)
    assert next(results) == 0
    assert len(in_flight) == 3  # nothing submitted beyond the window
    assert list(results) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("workers", [2])
def test_workers_give_the_same_rows_as_one_process(workers):
    items = [item_of(document) for document in samples()]
    one = list(run(items, SETTINGS, workers=1))
    many = list(run(items, SETTINGS, workers=workers))
    assert len(one) == len(many) > 1
    assert pa.concat_tables(b.facts for b in one).equals(pa.concat_tables(b.facts for b in many))
    assert pa.concat_tables(b.documents for b in one).equals(pa.concat_tables(b.documents for b in many))


def test_settings_travel_to_workers_as_metric_file_paths(tmp_path):
    metrics = tmp_path / "metrics.toml"
    metrics.write_text('[gizmo_trade]\nterms = ["gizmo shipments"]\n')
    settings = RunSettings(extracted_at=SETTINGS.extracted_at, metric_files=(str(metrics),))
    document = Document("g", "Gizmo shipments rose 4%.", datetime.date(2025, 6, 3), "g.txt")
    facts = [b.facts for b in run([item_of(document)], settings, workers=2)]
    assert pa.concat_tables(facts).column("metric").to_pylist() == ["gizmo_trade"]
