"""Dask LocalCluster(n_workers=2): the same articles, as a DataFrame to Parquet and as a bag,
equal to `quotelens batch`, run by two worker processes."""

import json
import os

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

import quotelens.dask as qd
from conftest import assert_same_as_batch


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def with_pid(pdf: pd.DataFrame) -> pd.DataFrame:
    return pdf.assign(pid=os.getpid())


def test_dataframe_to_parquet_equals_batch(client, jsonl, batch_char, tmp_path):
    # Read in blocks, so that the reading tasks (and the partitions' data) spread over both
    # workers: Dask runs a task where its input already is.
    blocks = jsonl.stat().st_size // 4 + 1
    df = dd.read_json(str(jsonl), lines=True, blocksize=blocks).repartition(npartitions=4)
    assert df.npartitions == 4
    meta = df._meta.assign(pid=pd.Series([], dtype="int64"))
    df = df.map_partitions(with_pid, meta=meta)
    out = tmp_path / "annotated.parquet"
    qd.annotate(df, keep=("id", "pid")).to_parquet(str(out), write_index=False)

    rows = pq.read_table(out).to_pylist()
    assert_same_as_batch(rows, batch_char)
    pids = {r["pid"] for r in rows}
    assert len(pids) >= 2, f"one worker did all the work: {pids}"
    assert os.getpid() not in pids


def test_bag_gives_the_batch_lines(client, jsonl, batch_char):
    bag = db.read_text(str(jsonl)).map(json.loads).repartition(4)
    got = qd.annotate(bag).compute()
    assert sorted(got, key=lambda r: r["id"]) == sorted(batch_char.values(), key=lambda r: r["id"])
    texts = db.from_sequence(["“Fine,” he said.", None], npartitions=1)
    fine, none = qd.annotate(texts).compute()
    assert none is None and fine["annotations"][0]["text"] == "Fine,"


def test_bad_arguments(client):
    df = dd.from_pandas(pd.DataFrame({"id": [1], "body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="no column 'text'"):
        qd.annotate(df)
    with pytest.raises(TypeError, match="Bag or DataFrame, not list"):
        qd.annotate(["text"])
    with pytest.raises(TypeError, match="must be a str, None or a dict"):
        qd.annotate(db.from_sequence([1], npartitions=1)).compute()
