"""Parquet checked against Apache Spark itself (pyspark from PyPI, local mode): files
Spark writes - in its default and its legacy layouts, with INT96 timestamps - read the
same in spate, and files spate writes read the same in Spark. Slow (a JVM starts), so
outside the default test command: run by scripts/test-slow."""

import datetime
import decimal
import os

import pytest

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession as JvmSparkSession  # noqa: E402

from spate.sql import Row, SparkSession  # noqa: E402

ROWS = [
    (1, "a", 1.5, True, datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
     decimal.Decimal("1.25"), decimal.Decimal("12345678901234567890.12"), bytearray(b"\x00\x01"), 7, 3),
    (2, None, None, None, None, None, None, None, None, None, None),
    (3, "ccc", -2.0, False, datetime.date(1969, 12, 31), datetime.datetime(1969, 12, 31, 23, 59, 59),
     decimal.Decimal("-99999.99"), decimal.Decimal("-1.00"), bytearray(b""), -128, -32768),
]
FLAT = ("id INT, s STRING, x DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, small DECIMAL(10,2), "
        "big DECIMAL(30,2), raw BINARY, tiny TINYINT, short SMALLINT")

NESTED_ROWS = [
    (1, {"x": 1, "tags": ["a", None]}, [[1, 2], [], None], {"k": 1, "j": None}, [{"n": "ann", "v": [1.5]}]),
    (2, None, None, None, None),
    (3, {"x": None, "tags": []}, [], {}, [None, {"n": None, "v": None}]),
]
NESTED = ("id INT, st STRUCT<x: INT, tags: ARRAY<STRING>>, lists ARRAY<ARRAY<BIGINT>>, m MAP<STRING, INT>, "
          "people ARRAY<STRUCT<n: STRING, v: ARRAY<DOUBLE>>>")


@pytest.fixture(scope="module")
def jvm():
    session = (JvmSparkSession.builder.master("local[2]").appName("spate-parquet-check")
               .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark():
    os.environ["TZ"] = "UTC"
    return SparkSession.builder.appName("spate-vs-spark").getOrCreate()


def canon(v):
    """Values of either engine in one form: Rows as dicts, maps as sorted pairs."""
    if isinstance(v, Row) or hasattr(v, "asDict"):
        return {k: canon(x) for k, x in v.asDict().items()}
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if isinstance(v, dict):
        return sorted((canon(k), canon(x)) for k, x in v.items())
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return v


def rows_of(df):
    return sorted((canon(r) for r in df.collect()), key=lambda r: (r["id"],))


@pytest.mark.parametrize("legacy", [False, True])
@pytest.mark.parametrize("timestamps", ["TIMESTAMP_MICROS", "TIMESTAMP_MILLIS", "INT96"])
def test_spate_reads_what_spark_wrote(jvm, spark, tmp_path, legacy, timestamps):
    jvm.conf.set("spark.sql.parquet.writeLegacyFormat", str(legacy).lower())
    jvm.conf.set("spark.sql.parquet.outputTimestampType", timestamps)
    flat, nested = str(tmp_path / "flat"), str(tmp_path / "nested")
    rows = ROWS if timestamps != "TIMESTAMP_MILLIS" else [r[:5] + (r[5] and r[5].replace(microsecond=0),) + r[6:]
                                                          for r in ROWS]
    jvm.createDataFrame(rows, FLAT).coalesce(1).write.parquet(flat)
    jvm.createDataFrame(NESTED_ROWS, NESTED).write.parquet(nested)
    assert rows_of(spark.read.parquet(flat)) == rows_of(jvm.read.parquet(flat))
    assert spark.read.parquet(nested).schema.simpleString() == jvm.read.parquet(nested).schema.simpleString()
    assert rows_of(spark.read.parquet(nested)) == rows_of(jvm.read.parquet(nested))


@pytest.mark.parametrize("codec", ["snappy", "gzip", "zstd", "lz4", "none"])
def test_spark_reads_what_spate_wrote(jvm, spark, tmp_path, codec):
    out = str(tmp_path / "out")
    spark.createDataFrame(ROWS, FLAT).write.option("compression", codec).parquet(out)
    assert jvm.read.parquet(out).schema.simpleString() == spark.read.parquet(out).schema.simpleString()
    assert rows_of(jvm.read.parquet(out)) == rows_of(spark.read.parquet(out))
    assert rows_of(jvm.read.parquet(out)) == rows_of(jvm.createDataFrame(ROWS, FLAT))


def test_spark_reads_nested_columns_spate_wrote(jvm, spark, tmp_path):
    out = str(tmp_path / "nested")
    spark.createDataFrame(NESTED_ROWS, NESTED).write.parquet(out)
    assert jvm.read.parquet(out).schema.simpleString() == spark.read.parquet(out).schema.simpleString()
    assert rows_of(jvm.read.parquet(out)) == rows_of(jvm.createDataFrame(NESTED_ROWS, NESTED))
