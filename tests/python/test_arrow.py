"""Results out through Arrow: the PyCapsule stream protocol read by pyarrow, polars and
DuckDB, toArrow/toPandas, and createDataFrame from Arrow."""

import datetime
import decimal

import pytest

pa = pytest.importorskip("pyarrow")

from spate.sql import functions as F  # noqa: E402

QUERY = """
SELECT id, CAST(id AS STRING) s, id % 2 = 0 b, CAST(id AS DOUBLE) / 4 d,
       TIMESTAMP'2024-01-02 03:04:05.5' t, DATE'2024-01-02' dt, CAST(1.25 AS DECIMAL(5,2)) dec,
       array(id, NULL) a, map('k', id) m, named_struct('x', id, 'y', 'z') st,
       CASE WHEN id = 1 THEN NULL ELSE CAST(id AS INT) END n,
       CAST(CASE WHEN id = 1 THEN NULL ELSE 'v' END AS BINARY) bin
FROM range(3)
"""


@pytest.fixture(scope="module")
def df(spark):
    return spark.sql(QUERY)


def test_pyarrow_reads_the_capsule_stream(df):
    t = pa.table(df)
    assert t.schema.field("id").type == pa.int64()
    assert t.schema.field("s").type == pa.string()
    assert t.schema.field("b").type == pa.bool_()
    assert t.schema.field("t").type == pa.timestamp("us", tz="UTC")
    assert t.schema.field("dt").type == pa.date32()
    assert t.schema.field("dec").type == pa.decimal128(5, 2)
    assert t.schema.field("a").type == pa.list_(pa.int64())
    m = t.schema.field("m").type
    assert pa.types.is_map(m) and m.key_type == pa.string() and m.item_type == pa.int64()
    assert t.schema.field("n").type == pa.int32()
    rows = t.to_pylist()
    assert rows[1]["n"] is None and rows[2]["n"] == 2
    assert rows[1]["bin"] is None and rows[0]["bin"] == b"v"
    assert rows[1]["d"] == 0.25 and rows[1]["s"] == "1" and rows[1]["b"] is False
    assert rows[0]["t"] == datetime.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=datetime.timezone.utc)
    assert rows[0]["dec"] == decimal.Decimal("1.25")
    assert rows[2]["a"] == [2, None] and rows[2]["st"] == {"x": 2, "y": "z"}
    assert rows[2]["m"] == [("k", 2)]
    assert t.equals(df.toArrow())


def test_polars_and_duckdb_read_the_same_rows(df):
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    assert pl.from_arrow(pa.table(df))["id"].to_list() == [0, 1, 2]
    arrow_df = df  # noqa: F841  (DuckDB finds it by name in the caller's scope)
    assert duckdb.sql("SELECT sum(id), count(n) FROM arrow_df").fetchall() == [(3, 2)]


def test_many_batches_stream_and_survive_the_data_frame(spark):
    big = spark.range(0, 300000).select((F.col("id") * 2).alias("x"))
    capsule_reader = pa.RecordBatchReader.from_stream(big)
    del big
    total = sum(b.column(0).to_numpy().sum() for b in capsule_reader)
    assert total == 2 * sum(range(300000))


def test_to_pandas(df):
    pdf = df.toPandas()
    assert list(pdf.columns) == df.columns
    assert pdf["t"][0] == datetime.datetime(2024, 1, 2, 3, 4, 5, 500000)  # naive, as PySpark gives
    assert pdf["s"].tolist() == ["0", "1", "2"]


def test_create_data_frame_from_arrow(spark):
    t = pa.table({"a": [1, None], "s": ["x", "y"], "l": [[1, 2], []], "m": [{"k": 1}, None]},
                 schema=pa.schema([("a", pa.int32()), ("s", pa.string()), ("l", pa.list_(pa.int64())),
                                   ("m", pa.map_(pa.string(), pa.int64()))]))
    df = spark.createDataFrame(t)
    assert df.dtypes == [("a", "int"), ("s", "string"), ("l", "array<bigint>"), ("m", "map<string,bigint>")]
    assert [tuple(r) for r in df.collect()] == [(1, "x", [1, 2], {"k": 1}), (None, "y", [], None)]
    assert pa.table(spark.createDataFrame(t)).column("a").to_pylist() == [1, None]
