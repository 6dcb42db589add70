"""The README's Spark recipe: `extract_frame` under `mapInPandas` gives the rows of a local run.

Runs when pyspark is installed (the `spark` extra, part of `test`) and a Java
runtime is on PATH; otherwise it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import sys

import pandas as pd
import pyarrow as pa
import pytest

import econfacts
from econfacts.io import Document, read_sample_documents

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'econfacts[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH: Spark needs one", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Spark's Python workers must run the interpreter that has econfacts installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("econfacts-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


# pyspark's own warnings about pandas 3.
@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore:The copy keyword is deprecated")
def test_map_in_pandas_recipe_gives_the_local_rows(spark):
    from pyspark.sql.pandas.types import from_arrow_schema

    documents = [d for d in read_sample_documents() if isinstance(d, Document)]
    docs = pd.DataFrame({"doc_id": [d.doc_id for d in documents], "text": [d.text for d in documents],
                         "published": [d.published.isoformat() for d in documents]})
    docs_sdf = spark.createDataFrame(docs).repartition(2)

    schema = from_arrow_schema(pa.schema([f.with_type(pa.string()) if pa.types.is_dictionary(f.type) else f
                                          for f in econfacts.FACTS_SCHEMA]))
    facts = docs_sdf.mapInPandas(lambda frames: (econfacts.extract_frame(f) for f in frames), schema)

    assert facts.columns == econfacts.FACTS_SCHEMA.names
    got = facts.select("fact_id", "kind", "value", "unit", "metric", "published").toPandas()
    expected = econfacts.extract_frame(docs)
    assert len(got) == len(expected) > 0
    key = ["fact_id"]
    got = got.sort_values(key).reset_index(drop=True)
    expected = expected[got.columns].sort_values(key).reset_index(drop=True)
    assert got["fact_id"].tolist() == expected["fact_id"].tolist()
    assert got["kind"].tolist() == expected["kind"].astype(str).tolist()
    assert got["value"].fillna(-1).tolist() == expected["value"].astype(float).fillna(-1).tolist()
    assert got["published"].tolist() == expected["published"].tolist()
