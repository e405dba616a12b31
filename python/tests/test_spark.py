"""Spark local[2]: JSON Lines -> 4 partitions -> quotelens.spark.annotate -> Parquet -> pyarrow,
equal to `quotelens batch` article by article, run by at least two Python worker processes."""

import os

import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import quotelens.spark as qs
from conftest import as_cli_json, assert_same_as_batch


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotelens-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def articles_df(spark, jsonl):
    df = spark.read.json(str(jsonl)).repartition(4)
    assert df.rdd.getNumPartitions() == 4
    return df


def test_annotate_to_parquet_equals_batch(spark, articles_df, batch_char, tmp_path):
    # Each row records the process that ran Python on its partition.
    pid = F.udf(lambda _: os.getpid(), "long")
    df = articles_df.withColumn("pid", pid("id"))
    out = tmp_path / "annotated.parquet"
    qs.annotate(df, keep=("id", "pid")).write.parquet(str(out))

    rows = pq.read_table(out).to_pylist()
    assert_same_as_batch(rows, batch_char)
    pids = {r["pid"] for r in rows}
    assert len(pids) >= 2, f"one Python worker did all the work: {pids}"
    assert os.getpid() not in pids


def test_parquet_options_name_real_columns_and_keep_the_data(articles_df, batch_char, tmp_path):
    out = tmp_path / "tuned.parquet"
    qs.annotate(articles_df).write.options(**qs.PARQUET_OPTIONS).parquet(str(out))
    assert_same_as_batch(pq.read_table(out).to_pylist(), batch_char)

    meta = next(m for m in (pq.ParquetFile(f).metadata for f in sorted(out.glob("*.parquet"))) if m.num_rows)
    encodings = {meta.row_group(0).column(i).path_in_schema: meta.row_group(0).column(i).encodings
                 for i in range(meta.num_columns)}
    tuned = {k.split("#", 1)[1] for k in qs.PARQUET_OPTIONS}
    # an option naming a column Spark does not write would do nothing, silently
    assert tuned <= set(encodings), sorted(tuned - set(encodings))
    dictionary = lambda column: any("DICTIONARY" in e for e in encodings[column])  # noqa: E731
    assert not any(dictionary(c) for c in tuned), [c for c in tuned if dictionary(c)]
    assert dictionary("annotations.list.element.kind") and dictionary("annotations.list.element.rule")


def test_quotes_table_is_every_quote_and_claim_with_its_speaker(articles_df, batch_char):
    got = sorted(
        (r.id, r.annotation, r.kind, r.content, r.speaker, r.speaker_gender, r.cue)
        for r in qs.quotes(articles_df).collect()
    )
    want = []
    for id_, result in batch_char.items():
        gender = {s["id"]: s["gender"] for s in result["speakers"]}
        for a in result["annotations"]:
            if a["kind"] == "term":
                continue
            sp = a["speaker"]
            want.append((id_, a["id"], a["kind"], a["text"], sp and sp["name"],
                         sp and gender[sp["id"]], a.get("cue", {}).get("text")))
    assert got == sorted(want)
    assert {g for *_, g, _ in got} >= {"male", "female", None}


def test_udf_from_spark_sql_equals_batch(spark, articles_df, batch_char):
    spark.udf.register("quotelens", qs.udf())
    articles_df.createOrReplaceTempView("articles")
    rows = spark.sql("SELECT id, quotelens(text) AS r FROM articles").collect()
    assert_same_as_batch([{"id": r.id, **r.r.asDict(recursive=True)} for r in rows], batch_char)
    none = spark.sql("SELECT quotelens(CAST(NULL AS STRING)) AS r").collect()
    assert none[0].r is None


def test_null_text_and_bad_arguments(spark):
    df = spark.createDataFrame([(1, None), (2, "“It works,” she said.")], "id long, text string")
    rows = {r.id: r for r in qs.annotate(df).collect()}
    assert rows[1].annotations is None and rows[1].offset_unit is None
    assert as_cli_json(rows[2].asDict(recursive=True))["annotations"][0]["text"] == "It works,"
    with pytest.raises(ValueError, match="no column 'body'"):
        qs.annotate(df, text_col="body")
    with pytest.raises(TypeError, match="must be a string, not bigint"):
        qs.annotate(df, text_col="id", keep=())
    with pytest.raises(ValueError, match="unknown unit"):
        qs.annotate(df, unit="words")
    with pytest.raises(ValueError, match="cannot keep"):
        qs.annotate(df.withColumnRenamed("id", "speakers"), keep=("speakers",))


def test_sessions_with_large_arrow_types(spark):
    # With useLargeVarTypes on, Spark sends large strings to Python; the rows must not change.
    df = spark.createDataFrame([(1, "“It works,” she said. Officials said the plan would fail.")],
                               "id long, text string")
    plain = [r.asDict(recursive=True) for r in qs.annotate(df).collect()]
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        large = [r.asDict(recursive=True) for r in qs.annotate(df).collect()]
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    assert large == plain and len(plain[0]["annotations"]) == 2
