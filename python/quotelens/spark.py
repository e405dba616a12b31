"""Quotelens on Apache Spark (PySpark 4.1 or later), over Arrow.

- :func:`annotate`: one row per article, the kept columns then :data:`quotelens.arrow.SCHEMA`
  (``mapInArrow``: batches of articles go to the Rust core, no row-by-row Python);
- :func:`quotes`: one row per quote or claim with its speaker, the table to count who is quoted;
- :func:`udf`: the same annotation as an Arrow UDF returning one struct, for Spark SQL;
- :data:`PARQUET_OPTIONS`: writer options for writing :func:`annotate`'s output to Parquet.

Offsets default to ``unit="char"``, the unit Python and Spark's ``substring`` (1-based) count in.
Executors need the ``quotelens`` wheel installed; see docs/spark.md.
"""

from __future__ import annotations

from typing import Iterable, Union

import pyarrow as pa
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema
from pyspark.sql.types import StringType, StructType

from . import arrow as qarrow
from . import check_unit

#: The columns :func:`annotate` adds after the kept ones.
RESULT_COLUMNS = tuple(qarrow.SCHEMA.names)

#: :data:`quotelens.arrow.SCHEMA` as a Spark schema.
SCHEMA = from_arrow_schema(qarrow.SCHEMA)

# Strings of :data:`SCHEMA` that are mostly different from one article to the next.
_VARIED_TEXTS = frozenset(
    ("annotations.text", "annotations.source.text", "annotations.speaker.name", "speakers.name", "blocks.text",
     "stories.dateline.text")
)


def _leaves(typ: pa.DataType, path: str, parquet: str):
    """(path in SCHEMA, column path in Spark's Parquet files, type) of every leaf under ``path``."""
    if pa.types.is_struct(typ):
        for f in typ:
            yield from _leaves(f.type, f"{path}.{f.name}", f"{parquet}.{f.name}")
    elif pa.types.is_list(typ):
        yield from _leaves(typ.value_type, path, f"{parquet}.list.element")  # Spark's 3-level lists
    else:
        yield path, parquet, typ


# Every leaf of SCHEMA; a name in _VARIED_TEXTS that is none of them is a SCHEMA change the
# list missed, which would drop its option without a word.
_LEAVES = [leaf for field in qarrow.SCHEMA for leaf in _leaves(field.type, field.name, field.name)]
_MISSING = _VARIED_TEXTS - {path for path, _, _ in _LEAVES}
if _MISSING:
    raise RuntimeError(f"_VARIED_TEXTS names no field of SCHEMA: {sorted(_MISSING)}")

#: Parquet writer options for :func:`annotate`'s output:
#: ``annotate(df).write.options(**PARQUET_OPTIONS).parquet(path)``. They turn dictionary
#: encoding off for the strings whose values hardly repeat across articles (quoted words,
#: names) and for the integers (mostly offsets and ids), and keep it for the few-valued strings
#: (kind, form, rule, gender). On distinct articles a dictionary of such values fills up, and
#: Parquet falls back to plain encoding after hashing every value: 30 MB of PolNeAR's articles
#: took 7–14% less CPU and wall time with these, in files 3% larger. See docs/spark.md.
PARQUET_OPTIONS = {
    f"parquet.enable.dictionary#{column}": "false"
    for path, column, typ in _LEAVES
    if pa.types.is_integer(typ) or path in _VARIED_TEXTS
}


def _names(keep: Union[str, Iterable[str], None]) -> list:
    if keep is None:
        return []
    return [keep] if isinstance(keep, str) else list(keep)


def _threads(df: DataFrame) -> int:
    # Spark runs one Python worker per task slot: each takes the cores of one task, no more.
    return int(df.sparkSession.conf.get("spark.task.cpus", "1"))


def annotate(
    df: DataFrame, text_col: str = "text", keep: Union[str, Iterable[str], None] = ("id",), unit: str = "char"
) -> DataFrame:
    """One row per row of ``df``: the ``keep`` columns, then ``offset_unit``, ``annotations``,
    ``stories``, ``blocks``, ``speakers`` (:data:`SCHEMA`) of the article in ``text_col``.

    A null text gives nulls. Equal, article by article, to ``quotelens batch --unit UNIT --keep-newlines``.
    """
    keep = _names(keep)
    check_unit(unit)
    missing = [c for c in [text_col, *keep] if c not in df.columns]
    if missing:
        raise ValueError(f"no column {', '.join(map(repr, missing))} in the DataFrame (it has {df.columns})")
    clash = [c for c in keep if c in RESULT_COLUMNS]
    if clash:
        raise ValueError(f"cannot keep {clash}: annotate adds columns of those names; rename them first")
    if not isinstance(df.schema[text_col].dataType, StringType):
        raise TypeError(f"column {text_col!r} must be a string, not {df.schema[text_col].dataType.simpleString()}")
    out_schema = StructType([df.schema[c] for c in keep] + list(SCHEMA.fields))
    threads, names = _threads(df), keep + list(RESULT_COLUMNS)

    def run(batches):
        from quotelens import arrow as qa

        for batch in batches:
            table = qa.annotate(batch.column(text_col), unit=unit, threads=threads)
            arrays = [batch.column(c) for c in keep] + [col.combine_chunks() for col in table.columns]
            yield pa.RecordBatch.from_arrays(arrays, names=names)

    return df.select(*dict.fromkeys([*keep, text_col])).mapInArrow(run, out_schema)


def quotes(
    df: DataFrame, text_col: str = "text", keep: Union[str, Iterable[str], None] = ("id",), unit: str = "char"
) -> DataFrame:
    """One row per quote or claim (terms, scare quotes and titles, are left out), with its speaker.

    ``df`` is either :func:`annotate`'s output (its non-result columns are kept) or articles,
    which are annotated first with ``text_col``, ``keep`` and ``unit``. Columns: the kept ones,
    then ``annotation`` (its id in the article), ``kind``, ``form``, ``start``, ``end``,
    ``content`` (the quoted words or the claim), ``story``, ``speaker_id``, ``speaker``,
    ``speaker_kind``, ``speaker_gender`` (all null when nobody is named), ``source`` and ``cue``
    (the words naming the source and the cue verb), ``evidence``, ``rule``.
    """
    if "annotations" not in df.columns:
        df = annotate(df, text_col=text_col, keep=keep, unit=unit)
    base = [c for c in df.columns if c not in RESULT_COLUMNS]
    rows = df.select(*base, "speakers", F.explode("annotations").alias("a")).where(F.col("a.kind") != "term")
    # F.get: null, not an error under ANSI mode, when nobody is named (no speaker matches)
    speaker: Column = F.get(F.filter("speakers", lambda s: s["id"] == F.col("a.speaker.id")), 0)
    return rows.select(
        *base,
        F.col("a.id").alias("annotation"),
        F.col("a.kind").alias("kind"),
        F.col("a.form").alias("form"),
        F.col("a.start").alias("start"),
        F.col("a.end").alias("end"),
        F.col("a.text").alias("content"),
        F.col("a.story").alias("story"),
        F.col("a.speaker.id").alias("speaker_id"),
        F.col("a.speaker.name").alias("speaker"),
        F.col("a.speaker.kind").alias("speaker_kind"),
        speaker["gender"].alias("speaker_gender"),
        F.col("a.source.text").alias("source"),
        F.col("a.cue.text").alias("cue"),
        F.col("a.evidence").alias("evidence"),
        F.col("a.rule").alias("rule"),
    )


def udf(unit: str = "char"):
    """An Arrow UDF: article text in, one struct of :data:`SCHEMA`'s fields out (null for a null
    text). ``spark.udf.register("quotelens", quotelens.spark.udf())`` makes it callable from SQL:
    ``SELECT id, quotelens(text).annotations FROM articles``."""
    check_unit(unit)
    from pyspark.sql.functions import arrow_udf

    def quotelens_annotate(texts: pa.Array) -> pa.Array:
        from quotelens import arrow as qa

        table = qa.annotate(texts, unit=unit, threads=1)
        nulls = texts.is_null()
        return pa.StructArray.from_arrays(
            [col.combine_chunks() for col in table.columns],
            fields=list(qa.SCHEMA),
            mask=nulls.combine_chunks() if isinstance(nulls, pa.ChunkedArray) else nulls,
        )

    return arrow_udf(quotelens_annotate, StructType(list(SCHEMA.fields)))
