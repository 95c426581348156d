"""partitionBy and partition discovery through the PySpark API, checked against pyarrow
and DuckDB (hive partitioning): folders spate writes read the same in both, folders they
write read the same in spate, and the streaming file sink's partitioned output stays
exactly-once across restarts."""

import datetime
import os

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from spate.errors import AnalysisException

ROWS = [
    (1, "x", 2023, "Paris", 1.5),
    (2, "y", 2023, "New York", 2.5),
    (3, None, 2024, "Paris", None),
    (4, "w", 2024, None, 4.0),
    (5, "v", 2024, "", 5.0),
    (6, "u", 2025, "a/b=c", 6.5),
]
SCHEMA = "id INT, name STRING, year INT, city STRING, score DOUBLE"
# What any hive reader gives back: the default partition (null and "") reads as null.
EXPECTED = sorted((i, n, y, c if c else None, s) for i, n, y, c, s in ROWS)


def data_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(("_", "."))]
        out += [os.path.relpath(os.path.join(d, f), root) for f in files if not f.startswith(("_", "."))]
    return sorted(out)


def spate_rows(df):
    return sorted(tuple(r) for r in df.select("id", "name", "year", "city", "score").collect())


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_spate_writes_what_pyarrow_and_duckdb_read(spark, tmp_path, fmt):
    out = str(tmp_path / fmt)
    spark.createDataFrame(ROWS, SCHEMA).write.partitionBy("year", "city").format(fmt) \
        .option("header", True).save(out)
    files = data_files(out)
    dirs = sorted({os.path.dirname(f) for f in files})
    assert dirs == ["year=2023/city=New York", "year=2023/city=Paris", "year=2024/city=Paris",
                    "year=2024/city=__HIVE_DEFAULT_PARTITION__", "year=2025/city=a%2Fb%3Dc"]
    # The partition columns are in the folder names only.
    first = os.path.join(out, files[0])
    if fmt == "parquet":
        assert pq.read_schema(first).names == ["id", "name", "score"]
    elif fmt == "csv":
        assert open(first).readline().strip() == "id,name,score"
    else:
        assert "year" not in open(first).read() and "city" not in open(first).read()

    # pyarrow: hive partitioning, values unescaped; the default partition is null.
    part = ds.partitioning(pa.schema([("year", pa.int32()), ("city", pa.string())]), flavor="hive")
    ds_format = fmt
    if fmt == "csv":
        ds_format = ds.CsvFileFormat(convert_options=pa_csv.ConvertOptions(strings_can_be_null=True))
    schema = pa.schema([("id", pa.int64()), ("name", pa.string()), ("score", pa.float64()), ("year", pa.int32()),
                        ("city", pa.string())])
    table = ds.dataset(out, format=ds_format, partitioning=part, schema=schema).to_table()
    got = sorted((r["id"], r["name"], r["year"], r["city"], r["score"]) for r in table.to_pylist())
    assert got == EXPECTED

    # DuckDB with hive_partitioning.
    reader = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json"}[fmt]
    con = duckdb.connect()
    got = con.execute(
        f"SELECT id, name, year, city, score FROM {reader}(?, hive_partitioning = true, union_by_name = true) "
        "ORDER BY id", [out + "/*/*/*"]).fetchall()
    # Whether DuckDB maps the default partition's folder to null and undoes %-escapes
    # depends on its version: both readings are the same rows.
    def city(c):
        return None if c in (None, "__HIVE_DEFAULT_PARTITION__") else c.replace("%2F", "/").replace("%3D", "=")
    fixed = sorted((i, n, int(y), city(c), s) for i, n, y, c, s in got)
    assert fixed == EXPECTED

    # And spate reads its own folders back, partition columns last.
    df = spark.read.format(fmt).option("header", True).option("inferSchema", True).load(out)
    assert df.columns[-2:] == ["year", "city"]
    assert dict(df.dtypes)["year"] == "int"
    assert spate_rows(df) == EXPECTED


def test_max_records_per_file_applies_in_each_folder(spark, tmp_path):
    out = str(tmp_path / "out")
    rows = [(i, i % 2) for i in range(10)]
    spark.createDataFrame(rows, "v INT, p INT").write.option("maxRecordsPerFile", 2).partitionBy("p").parquet(out)
    files = data_files(out)
    assert len([f for f in files if f.startswith("p=0/")]) == 3
    assert len([f for f in files if f.startswith("p=1/")]) == 3
    assert sorted(tuple(r) for r in spark.read.parquet(out).collect()) == sorted(rows)


def test_partition_column_errors_are_sparks(spark, tmp_path):
    df = spark.createDataFrame([(1, "a")], "id INT, k STRING")
    with pytest.raises(AnalysisException, match="Partition column `nope` not found in schema struct<id:int,k:string>"):
        df.write.partitionBy("nope").parquet(str(tmp_path / "a"))
    with pytest.raises(AnalysisException, match="Cannot use all columns for partition columns"):
        df.write.partitionBy("id", "k").parquet(str(tmp_path / "b"))
    assert not os.path.exists(str(tmp_path / "a"))
    # An overwrite with a bad partitionBy leaves what was there.
    df.write.parquet(str(tmp_path / "c"))
    with pytest.raises(AnalysisException, match="Partition column `K2` not found"):
        df.write.mode("overwrite").partitionBy("K2").parquet(str(tmp_path / "c"))
    assert [tuple(r) for r in spark.read.parquet(str(tmp_path / "c")).collect()] == [(1, "a")]
    with pytest.raises(AnalysisException, match="COLUMN_ALREADY_EXISTS"):
        df.write.partitionBy("k", "K").parquet(str(tmp_path / "d"))


def test_spate_reads_what_pyarrow_wrote(spark, tmp_path):
    out = str(tmp_path / "pa")
    table = pa.table({
        "id": pa.array(range(8), pa.int64()),
        "k": pa.array(["a b", "a b", "c/d", "c/d", "e", "e", None, None]),
        "day": pa.array([datetime.date(2024, 1, 1 + i % 2) for i in range(8)]),
        "v": pa.array([i * 1.5 for i in range(8)]),
    })
    ds.write_dataset(table, out, format="parquet", partitioning=["k", "day"], partitioning_flavor="hive")
    df = spark.read.parquet(out)
    assert df.columns == ["id", "v", "k", "day"]
    assert dict(df.dtypes)["day"] == "date"
    got = sorted(tuple(r) for r in df.collect())
    want = sorted((r["id"], r["v"], r["k"], r["day"]) for r in table.to_pylist())
    assert got == want


def test_spate_reads_what_duckdb_wrote(spark, tmp_path):
    out = str(tmp_path / "duck")
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT i AS id, i % 3 AS bucket, 'n' || (i % 2) AS name, (i * 0.5)::DOUBLE AS v "
                "FROM range(30) r(i)")
    con.execute(f"COPY t TO '{out}' (FORMAT PARQUET, PARTITION_BY (bucket, name))")
    df = spark.read.parquet(out)
    assert df.columns[-2:] == ["bucket", "name"]
    assert dict(df.dtypes)["bucket"] == "int"
    got = sorted((r["id"], r["bucket"], r["name"], r["v"]) for r in df.collect())
    want = sorted(con.execute("SELECT id, bucket, name, v FROM t").fetchall())
    assert want == got
    # A filter on partition columns gives the same rows as one on the table.
    assert df.filter("bucket = 1 AND name = 'n0'").count() == 5


def test_streaming_sink_partitioned_restarts_without_duplicates(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.csv").write_text("id,k\n1,x\n2,y\n3,x\n")
    out, chk = str(tmp_path / "out"), str(tmp_path / "chk")

    def run():
        df = spark.readStream.schema("id INT, k STRING").option("header", True).csv(str(src))
        q = df.writeStream.format("parquet").partitionBy("k").option("checkpointLocation", chk) \
            .trigger(availableNow=True).start(out)
        q.awaitTermination()

    run()
    (src / "b.csv").write_text("id,k\n4,y\n5,z\n")
    run()
    # Lose the last commit: the restarted query runs that batch again, which the sink's
    # manifest already has, so nothing is written twice.
    commits = sorted((f for f in os.listdir(os.path.join(chk, "commits")) if f.isdigit()), key=int)
    os.remove(os.path.join(chk, "commits", commits[-1]))
    run()
    want = [(1, "x"), (2, "y"), (3, "x"), (4, "y"), (5, "z")]
    assert sorted(tuple(r) for r in spark.read.parquet(out).collect()) == want
    assert sorted({os.path.dirname(f) for f in data_files(out)}) == ["k=x", "k=y", "k=z"]
    # The manifest names the files in their folders; pyarrow sees the same rows.
    manifest = open(os.path.join(out, "_spate_metadata", "0")).read()
    assert "/k=x/part-" in manifest
    got = pq.read_table(out, partitioning="hive").to_pylist()
    assert sorted((r["id"], r["k"]) for r in got) == want
    # A partition folder read alone holds its committed rows.
    assert sorted(r["id"] for r in spark.read.parquet(out + "/k=y").collect()) == [2, 4]


def test_streaming_source_reads_partition_columns(spark, tmp_path):
    src = tmp_path / "in"
    (src / "k=1").mkdir(parents=True)
    (src / "k=1" / "a.json").write_text('{"v": "a"}\n')
    df = spark.readStream.schema("v STRING, k INT").json(str(src))
    assert df.columns == ["v", "k"]
    q = df.writeStream.format("memory").queryName("partitioned_in").start()
    q.processAllAvailable()
    # Moved in complete, so that no listing sees the file half written.
    (tmp_path / "b.json").write_text('{"v": "b"}\n')
    (src / "k=2").mkdir()
    os.rename(tmp_path / "b.json", src / "k=2" / "b.json")
    q.processAllAvailable()
    q.stop()
    assert sorted(tuple(r) for r in spark.sql("SELECT * FROM partitioned_in").collect()) == [("a", 1), ("b", 2)]


def test_sql_job_partitioned_by(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.csv").write_text("id,k\n1,x\n2,y\n")
    out, chk = str(tmp_path / "out"), str(tmp_path / "chk")
    spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW part_src (id INT, k STRING) USING csv "
              f"OPTIONS (path '{src}', header 'true')")
    spark.sql(f"START STREAMING QUERY USING json OPTIONS (path '{out}') PARTITIONED BY (k) "
              f"TRIGGER AVAILABLE NOW CHECKPOINT LOCATION '{chk}' AS SELECT * FROM STREAM(part_src)")
    for q in spark.streams.active:
        q.awaitTermination()
    assert sorted({os.path.dirname(f) for f in data_files(out)}) == ["k=x", "k=y"]
    assert sorted(tuple(r) for r in spark.read.json(out).collect()) == [(1, "x"), (2, "y")]


def test_text_partitioned_by_the_other_column(spark, tmp_path):
    out = str(tmp_path / "text")
    spark.createDataFrame([("x", "a"), ("y", "b"), ("z", "a")], "value STRING, k STRING") \
        .write.partitionBy("k").text(out)
    assert sorted({os.path.dirname(f) for f in data_files(out)}) == ["k=a", "k=b"]
    df = spark.read.text(out)
    assert df.columns == ["value", "k"]
    assert sorted(tuple(r) for r in df.collect()) == [("x", "a"), ("y", "b"), ("z", "a")]
