"""Extraction on Dask, for archives one machine cannot get through in time.

Two ways in:

- `extract(ddf)` maps `extract_frame` over a Dask DataFrame of documents,
  partition by partition, with the facts schema as `meta`: a lazy Dask
  DataFrame of facts, to compute or write with Dask's own writers.
- `run_on_dask(items, settings, scheduler)` is what `econfacts extract
  --engine dask` uses: the batches of a run are extracted on the cluster
  and come back in input order, so the dataset writer (here) gets the very
  rows a local run gives.

Workers load the bundled lexicons themselves; metric files given with
`metrics` must be readable at the same path on every worker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from econfacts.attribution import load_taxonomy
from econfacts.runner import (
    Batch,
    Item,
    RunSettings,
    batches_of,
    extract_batch,
    in_order,
)
from econfacts.schema import DEFAULT_BASE_CURRENCY, facts_schema
from econfacts.table import extract_frame


def extract(ddf: dd.DataFrame, metrics: Sequence[str | os.PathLike] = (),
            base_currency: str = DEFAULT_BASE_CURRENCY) -> dd.DataFrame:
    """The facts of a Dask DataFrame of documents (`doc_id`, `text`, optional `published`)."""
    metric_files = tuple(map(os.fspath, metrics))
    meta = facts_schema(base_currency.upper()).empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    return ddf.map_partitions(_extract_partition, metric_files, base_currency.upper(), meta=meta)


def _extract_partition(documents: pd.DataFrame, metric_files: tuple[str, ...],
                       base_currency: str) -> pd.DataFrame:
    return extract_frame(documents, load_taxonomy(*metric_files), base_currency)


def run_on_dask(items: Iterable[Item], settings: RunSettings, scheduler: str | None = None,
                workers: int = 1) -> Iterator[Batch]:
    """The batches of a run extracted on the cluster at `scheduler`, in input order.

    Without a scheduler address, a local cluster of `workers` processes is
    started for the run and closed after it.
    """
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1,
                                                  processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        yield from in_order(lambda batch: client.submit(extract_batch, batch, settings, pure=False),
                            batches_of(items), window)
    finally:
        # Closing a local cluster races its own connections, and distributed
        # logs the lost race as an error: noise for the user, not a problem.
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL if cluster is not None else level)
        try:
            client.close()
            if cluster is not None:
                cluster.close()
        finally:
            quiet.setLevel(level)
