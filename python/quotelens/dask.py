"""Quotelens on Dask: a bag of articles or a DataFrame with a text column, per partition through
the same Arrow path as Spark (:func:`quotelens.arrow.annotate`)."""

from __future__ import annotations

from typing import Iterable, Union

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

from . import arrow as qarrow
from . import check_unit, extract_many

RESULT_COLUMNS = tuple(qarrow.SCHEMA.names)


def _annotate_items(items, unit: str, keep: list, threads: int) -> list:
    items = list(items)
    texts = []
    for i, item in enumerate(items):
        if item is None or isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            texts.append(item.get("text"))
        else:
            raise TypeError(f"item {i} of a partition must be a str, None or a dict with 'text', not "
                            f"{type(item).__name__}")
    results = extract_many(texts, unit=unit, threads=threads)
    out = []
    for item, result in zip(items, results):
        if isinstance(item, dict):
            kept = {k: item[k] for k in keep if k in item}
            out.append({**kept, **result} if result is not None else kept or None)
        else:
            out.append(result)
    return out


def _annotate_frame(pdf: pd.DataFrame, text_col: str, keep: list, unit: str, threads: int) -> pd.DataFrame:
    texts = pa.array(pdf[text_col].astype(object).where(pdf[text_col].notna(), None), type=pa.string())
    table = qarrow.annotate(texts, unit=unit, threads=threads)
    result = table.to_pandas(types_mapper=pd.ArrowDtype)
    result.index = pdf.index
    return pd.concat([pdf[keep], result], axis=1)


def annotate(
    data: Union[db.Bag, dd.DataFrame],
    text_col: str = "text",
    keep: Union[str, Iterable[str], None] = ("id",),
    unit: str = "char",
    threads: int = 1,
):
    """Annotate every article of ``data``, lazily, partition by partition.

    - a ``dask.bag.Bag`` of str (or None, or dicts with ``"text"``): a bag of the dicts
      :func:`quotelens.extract` returns, with a dict item's ``keep`` keys copied in;
    - a ``dask.dataframe.DataFrame``: the ``keep`` columns, then :data:`quotelens.arrow.SCHEMA`'s
      columns as pyarrow-backed pandas dtypes (``to_parquet`` writes them as they are).

    ``threads`` per partition: 1 suits a cluster with one thread per worker core.
    """
    check_unit(unit)
    keep = [] if keep is None else [keep] if isinstance(keep, str) else list(keep)
    if isinstance(data, db.Bag):
        return data.map_partitions(_annotate_items, unit, keep, threads)
    if isinstance(data, dd.DataFrame):
        missing = [c for c in [text_col, *keep] if c not in data.columns]
        if missing:
            raise ValueError(f"no column {', '.join(map(repr, missing))} in the DataFrame (it has {list(data.columns)})")
        clash = [c for c in keep if c in RESULT_COLUMNS]
        if clash:
            raise ValueError(f"cannot keep {clash}: annotate adds columns of those names; rename them first")
        meta = pd.concat(
            [data._meta[keep], qarrow.SCHEMA.empty_table().to_pandas(types_mapper=pd.ArrowDtype)], axis=1
        )
        return data.map_partitions(_annotate_frame, text_col, keep, unit, threads, meta=meta)
    raise TypeError(f"annotate takes a dask Bag or DataFrame, not {type(data).__name__}")
