"""Parquet through the PySpark API, checked against pyarrow and DuckDB (PyPI test
peers): files spate writes read the same in both, files they write read the same in
spate, and the seed 001 streaming file sink."""

import datetime
import decimal
import os

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spate.errors import PySparkException

ROWS = [
    (1, "a", 1.5, True, datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5, 6), decimal.Decimal("1.25"),
     b"\x00\x01"),
    (2, None, None, None, None, None, None, None),
    (3, "ccc", -2.0, False, datetime.date(1969, 12, 31), datetime.datetime(1969, 12, 31, 23, 59, 59),
     decimal.Decimal("-99999.99"), b""),
]
SCHEMA = "id INT, s STRING, x DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, amount DECIMAL(10,2), raw BINARY"


def part_files(path):
    return sorted(f for f in os.listdir(path) if f.endswith(".parquet"))


@pytest.mark.parametrize("codec", ["snappy", "none", "gzip", "zstd", "lz4"])
def test_spate_writes_what_pyarrow_and_duckdb_read(spark, tmp_path, codec):
    out = str(tmp_path / "out")
    spark.createDataFrame(ROWS, SCHEMA).write.option("compression", codec).parquet(out)
    files = part_files(out)
    assert len(files) == 1 and os.path.exists(os.path.join(out, "_SUCCESS"))
    table = pq.read_table(os.path.join(out, files[0]))
    assert str(table.schema.field("ts").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("amount").type) == "decimal128(10, 2)"
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[1] == {k: (2 if k == "id" else None) for k in rows[1]}
    assert rows[2]["s"] == "ccc" and rows[2]["amount"] == decimal.Decimal("-99999.99") and rows[2]["raw"] == b""
    assert rows[0]["ts"].replace(tzinfo=None) == datetime.datetime(2024, 1, 2, 3, 4, 5, 6)
    con = duckdb.connect()
    got = con.execute("SELECT id, s, x, b, day, amount FROM read_parquet(?) ORDER BY id",
                      [os.path.join(out, files[0])]).fetchall()
    assert got == [(1, "a", 1.5, True, datetime.date(2024, 1, 2), decimal.Decimal("1.25")),
                   (2, None, None, None, None, None),
                   (3, "ccc", -2.0, False, datetime.date(1969, 12, 31), decimal.Decimal("-99999.99"))]
    # And spate reads its own file back.
    assert [tuple(r) for r in spark.read.parquet(out).orderBy("id").collect()] == ROWS


@pytest.mark.parametrize("codec", ["snappy", "none", "gzip", "zstd", "lz4"])
def test_spate_reads_what_pyarrow_wrote(spark, tmp_path, codec):
    n = 10000
    table = pa.table({
        "k": pa.array([i % 7 for i in range(n)], pa.int64()),
        "name": pa.array([None if i % 11 == 0 else "n%d" % (i % 13) for i in range(n)], pa.string()),
        "v": pa.array([i * 0.5 for i in range(n)], pa.float32()),
        "small": pa.array([i % 100 for i in range(n)], pa.int16()),
        "big": pa.array([decimal.Decimal(i) * decimal.Decimal("1.000001") for i in range(n)], pa.decimal128(30, 6)),
    })
    path = str(tmp_path / "t.parquet")
    # Many row groups and pages; dictionary strings (pyarrow's default).
    pq.write_table(table, path, row_group_size=3000, data_page_size=4096, compression=codec)
    df = spark.read.parquet(path)
    assert df.schema.simpleString() == "struct<k:bigint,name:string,v:float,small:smallint,big:decimal(30,6)>"
    rows = df.collect()
    assert len(rows) == n
    assert rows[11].name is None and rows[12].name == "n12"
    assert rows[9999].big == decimal.Decimal(9999) * decimal.Decimal("1.000001")
    assert df.groupBy("k").count().orderBy("k").collect()[0]["count"] == len(range(0, n, 7))
    # Only the columns asked for, by name.
    assert [tuple(r) for r in spark.read.parquet(path).select("small", "k").limit(2).collect()] == [(0, 0), (1, 1)]


def test_duckdb_written_file_reads(spark, tmp_path):
    path = str(tmp_path / "d.parquet")
    con = duckdb.connect()
    con.execute("COPY (SELECT range AS id, 'x' || (range % 3) AS s, range::DOUBLE / 4 AS q FROM range(1000)) "
                "TO '" + path + "' (FORMAT PARQUET)")
    rows = spark.read.parquet(path).orderBy("id").collect()
    assert len(rows) == 1000 and tuple(rows[5]) == (5, "x2", 1.25)


def test_seed_001_streaming_parquet_sink(spark, tmp_path):
    # seed 001: df.writeStream.outputMode("append").format("parquet")
    #   .option("checkpointLocation", "chkpt/").option("path", "output/").start()
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.csv").write_text("id,name\n1,ann\n2,bob\n")
    df = spark.readStream.schema("id INT, name STRING").option("header", True).csv(str(src))
    out, chk = str(tmp_path / "output"), str(tmp_path / "chkpt")
    q = df.writeStream.outputMode("append").format("parquet").option("checkpointLocation", chk) \
        .option("path", out).start()
    q.processAllAvailable()
    (src / "b.csv").write_text("id,name\n3,cy\n")
    q.processAllAvailable()
    q.stop()
    assert sorted(pq.read_table(out).to_pylist(), key=lambda r: r["id"]) == [
        {"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}, {"id": 3, "name": "cy"}]
    assert sorted(tuple(r) for r in spark.read.parquet(out).collect()) == [(1, "ann"), (2, "bob"), (3, "cy")]


def test_corrupt_files_name_the_file(spark, tmp_path):
    good = str(tmp_path / "good.parquet")
    pq.write_table(pa.table({"a": [1, 2, 3]}), good)
    data = open(good, "rb").read()
    cases = {
        "truncated.parquet": data[: len(data) // 2],
        "magic.parquet": b"NOPE" + data[4:],
        "footer.parquet": data[:-8] + (len(data) * 2).to_bytes(4, "little") + b"PAR1",
    }
    for name, content in cases.items():
        d = tmp_path / name.replace(".parquet", "")
        d.mkdir()
        (d / name).write_bytes(content)
        with pytest.raises(PySparkException, match=name):
            spark.read.parquet(str(d)).collect()


def test_unknown_codecs_are_refused_with_their_name(spark, tmp_path):
    with pytest.raises(PySparkException, match="Codec \\[brotli\\] is not available"):
        spark.createDataFrame([(1,)], "a INT").write.option("compression", "brotli").parquet(str(tmp_path / "c"))


def write_atomically(table, path):
    """A file appears in a watched folder whole, as a stream's input must (written under
    a hidden name, then renamed)."""
    hidden = path.parent / ("." + path.name)
    pq.write_table(table, str(hidden))
    os.rename(hidden, path)


def test_streaming_parquet_source_reads_new_files(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write_atomically(pa.table({"id": pa.array([1, 2], pa.int32())}), src / "a.parquet")
    seen = []
    q = spark.readStream.schema("id INT").parquet(str(src)).writeStream \
        .foreachBatch(lambda df, _: seen.extend(r.id for r in df.collect())).start()
    q.processAllAvailable()
    write_atomically(pa.table({"id": pa.array([3], pa.int32())}), src / "b.parquet")
    q.processAllAvailable()
    q.stop()
    assert sorted(seen) == [1, 2, 3]
