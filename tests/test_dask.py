"""Dask: the same rows on a 2-worker LocalCluster as in this process, by the API and by the CLI."""

from __future__ import annotations

import json

import dask.dataframe as dd
import pandas as pd
import pyarrow.dataset as pads
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

import econfacts.dask
from econfacts import extract_frame
from econfacts.cli import app
from econfacts.io import Document, read_sample_documents


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def sample_frame() -> pd.DataFrame:
    documents = [d for d in read_sample_documents() if isinstance(d, Document)]
    return pd.DataFrame({"doc_id": [d.doc_id for d in documents], "text": [d.text for d in documents],
                         "published": [d.published.isoformat() for d in documents]})


def test_extract_maps_the_extractor_over_partitions_with_the_schema_as_meta(cluster):
    docs = sample_frame()
    ddf = dd.from_pandas(docs, npartitions=3)
    lazy = econfacts.dask.extract(ddf)
    assert list(lazy.columns) == list(extract_frame(docs.head(0)).columns)
    with Client(cluster):
        facts = lazy.compute()
    expected = extract_frame(docs)
    assert len(facts) == len(expected) > 0
    pd.testing.assert_frame_equal(facts.reset_index(drop=True), expected.reset_index(drop=True))


def test_cli_engine_dask_writes_the_rows_of_a_local_run(cluster, tmp_path):
    docs = sample_frame()
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(record) + "\n" for record in docs.to_dict("records")))
    runner = CliRunner()
    local = runner.invoke(app, ["extract", str(news), "--dataset", str(tmp_path / "local")])
    assert local.exit_code == 0, local.output
    remote = runner.invoke(app, ["extract", str(news), "--dataset", str(tmp_path / "remote"),
                                 "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert remote.exit_code == 0, remote.output
    for table in ("facts", "documents"):
        local_rows = pads.dataset(tmp_path / "local" / table, partitioning="hive").to_table()
        remote_rows = pads.dataset(tmp_path / "remote" / table, partitioning="hive").to_table()
        if table == "documents":
            local_rows, remote_rows = (t.drop_columns(["extracted_at"]) for t in (local_rows, remote_rows))
        assert remote_rows.sort_by("doc_id").equals(local_rows.sort_by("doc_id"))


def test_scheduler_needs_the_dask_engine(tmp_path):
    result = CliRunner().invoke(app, ["extract", "--sample", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.output
