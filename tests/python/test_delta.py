"""Delta Lake: tables spate writes are read by the deltalake package (delta-rs) and by
DuckDB; tables deltalake writes are read by spate; the streaming sink is exactly-once
across restarts and crashes; the streaming source reads new commits.

DuckDB's delta extension cannot be downloaded here (no network but package registries),
so DuckDB reads the data files deltalake lists for the table with read_parquet."""

import datetime
import decimal
import glob
import json
import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow as pa
import pytest
from deltalake import DeltaTable, write_deltalake

import spate
from conftest import Program, example, write_json
from spate.sql.functions import col, window


def sorted_rows(rows):
    return sorted(tuple(r) for r in rows)


def delta_rows(path, version=None):
    table = DeltaTable(path, version=version) if version is not None else DeltaTable(path)
    return sorted(tuple(r.values()) for r in table.to_pyarrow_table().to_pylist())


def duckdb_rows(path):
    files = DeltaTable(path).file_uris()
    if not files:
        return []
    listed = ", ".join("'%s'" % f.replace("file://", "") for f in files)
    return sorted(duckdb.sql("SELECT * FROM read_parquet([%s])" % listed).fetchall())


# ---- spate writes, deltalake and DuckDB read ---------------------------------------------

def test_batch_writes_are_read_by_deltalake_and_duckdb(spark, tmp_path):
    path = str(tmp_path / "t")
    first = spark.createDataFrame([(1, "a", 1.5), (2, None, 2.5)], "id BIGINT, name STRING, score DOUBLE")
    first.write.format("delta").save(path)
    spark.createDataFrame([(3, "c", None)], "id BIGINT, name STRING, score DOUBLE") \
        .write.format("delta").mode("append").save(path)

    table = DeltaTable(path)
    assert table.version() == 1
    assert delta_rows(path) == [(1, "a", 1.5), (2, None, 2.5), (3, "c", None)]
    assert duckdb_rows(path) == [(1, "a", 1.5), (2, None, 2.5), (3, "c", None)]
    schema = table.schema().to_arrow() if hasattr(table.schema(), "to_arrow") else None
    if schema is not None:
        assert [f.name for f in schema] == ["id", "name", "score"]

    spark.createDataFrame([(9, "z", 0.0)], "id BIGINT, name STRING, score DOUBLE") \
        .write.format("delta").mode("overwrite").save(path)
    assert delta_rows(path) == [(9, "z", 0.0)]
    assert duckdb_rows(path) == [(9, "z", 0.0)]
    assert delta_rows(path, version=1) == [(1, "a", 1.5), (2, None, 2.5), (3, "c", None)]
    history = DeltaTable(path).history()
    assert [h["operation"] for h in history] == ["WRITE", "WRITE", "WRITE"]
    assert history[0]["operationParameters"]["mode"] == "Overwrite"

    # The stats spate writes are what delta-rs uses to skip files.
    add = [json.loads(line)["add"] for line in open(os.path.join(path, "_delta_log", "%020d.json" % 2))
           if '"add"' in line][0]
    stats = json.loads(add["stats"])
    assert stats["numRecords"] == 1 and stats["minValues"]["id"] == 9 and stats["nullCount"]["name"] == 0


def test_more_than_ten_commits(spark, tmp_path):
    """Version 10 gets a Parquet checkpoint; with the commits before it gone, deltalake
    and spate read the table from the checkpoint."""
    path = str(tmp_path / "t")
    for i in range(12):
        spark.createDataFrame([(i, "v%d" % i)], "id BIGINT, v STRING").write.format("delta").mode("append").save(path)
    expected = [(i, "v%d" % i) for i in range(12)]
    assert delta_rows(path) == expected
    assert delta_rows(path, version=10) == expected[:11]
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == expected
    checkpoint = os.path.join(path, "_delta_log", "%020d.checkpoint.parquet" % 10)
    assert os.path.exists(checkpoint) and os.path.exists(os.path.join(path, "_delta_log", "_last_checkpoint"))
    for version in range(10):
        os.remove(os.path.join(path, "_delta_log", "%020d.json" % version))
    assert delta_rows(path) == expected
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == expected


def test_save_modes(spark, tmp_path):
    path = str(tmp_path / "t")
    df = spark.createDataFrame([(1,)], "id INT")
    df.write.format("delta").save(path)
    with pytest.raises(Exception, match="DELTA_PATH_EXISTS"):
        df.write.format("delta").save(path)
    df.write.format("delta").mode("ignore").save(path)
    assert DeltaTable(path).version() == 0
    with pytest.raises(Exception, match="schema mismatch"):
        spark.createDataFrame([("x",)], "id STRING").write.format("delta").mode("append").save(path)
    spark.createDataFrame([("x",)], "id STRING").write.format("delta").mode("overwrite") \
        .option("overwriteSchema", "true").save(path)
    assert delta_rows(path) == [("x",)]


def test_idempotent_writes_from_foreach_batch(spark, tmp_path):
    src, out = str(tmp_path / "in"), str(tmp_path / "out")
    write_json(src, "a.json", [{"id": 1}, {"id": 2}])

    def write_batch(batch, batch_id):
        for _ in range(2):  # a retried write of the same batch lands once
            batch.write.format("delta").mode("append").option("txnAppId", "my-app") \
                .option("txnVersion", batch_id).save(out)

    q = spark.readStream.schema("id BIGINT").json(src).writeStream.foreachBatch(write_batch) \
        .option("checkpointLocation", str(tmp_path / "ck")).trigger(availableNow=True).start()
    q.awaitTermination(30)
    assert delta_rows(out) == [(1,), (2,)]
    with pytest.raises(Exception, match="go together"):
        spark.createDataFrame([(1,)], "id BIGINT").write.format("delta").mode("append") \
            .option("txnAppId", "x").save(out)


def test_types_round_trip_through_deltalake(spark, tmp_path):
    path = str(tmp_path / "t")
    df = spark.sql("SELECT CAST(1 AS TINYINT) b, CAST(2 AS SMALLINT) s, 3 i, CAST(4 AS BIGINT) l, "
                   "CAST(1.25 AS FLOAT) f, 2.5D d, CAST('12.34' AS DECIMAL(10,2)) dec, 'x' str, "
                   "DATE'2024-02-29' day, TIMESTAMP'2024-02-29 10:11:12.123456' ts, true flag, X'0102' bin")
    df.write.format("delta").save(path)
    arrow = DeltaTable(path).to_pyarrow_table()
    row = arrow.to_pylist()[0]
    assert row["i"] == 3 and row["l"] == 4 and row["str"] == "x" and row["flag"] is True
    assert str(row["dec"]) == "12.34" and row["bin"] == b"\x01\x02"
    assert str(row["day"]) == "2024-02-29"
    assert row["ts"].isoformat().startswith("2024-02-29T10:11:12.123456")
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == sorted_rows(df.collect())


# ---- deltalake writes, spate reads ---------------------------------------------------------

def test_reads_tables_deltalake_writes_with_time_travel_and_checkpoint(spark, tmp_path):
    path = str(tmp_path / "dl")
    write_deltalake(path, pa.table({"id": pa.array([1, 2], pa.int64()), "v": ["a", "b"]}))
    write_deltalake(path, pa.table({"id": pa.array([3], pa.int64()), "v": ["c"]}), mode="append")
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == [(1, "a"), (2, "b"), (3, "c")]
    assert sorted_rows(spark.read.format("delta").option("versionAsOf", 0).load(path).collect()) == \
        [(1, "a"), (2, "b")]

    write_deltalake(path, pa.table({"id": pa.array([7], pa.int64()), "v": ["x"]}), mode="overwrite")
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == [(7, "x")]
    for i in range(10):
        write_deltalake(path, pa.table({"id": pa.array([100 + i], pa.int64()), "v": ["n"]}), mode="append")
    DeltaTable(path).create_checkpoint()
    assert glob.glob(os.path.join(path, "_delta_log", "*.checkpoint.parquet"))
    write_deltalake(path, pa.table({"id": pa.array([200], pa.int64()), "v": ["after"]}), mode="append")
    rows = sorted_rows(spark.read.format("delta").load(path).collect())
    assert rows == delta_rows(path)
    assert len(rows) == 12
    # deltalake's checkpoint (version 12) is what spate reads once the commits before it are gone.
    hidden = str(tmp_path / "hidden")
    os.mkdir(hidden)
    for version in range(12):
        os.rename(os.path.join(path, "_delta_log", "%020d.json" % version), os.path.join(hidden, "%d.json" % version))
    assert sorted_rows(spark.read.format("delta").load(path).collect()) == rows
    for version in range(12):
        os.rename(os.path.join(hidden, "%d.json" % version), os.path.join(path, "_delta_log", "%020d.json" % version))
    assert sorted_rows(spark.read.format("delta").option("versionAsOf", 2).load(path).collect()) == [(7, "x")]

    spark.sql("CREATE OR REPLACE TEMPORARY VIEW dl_view USING delta OPTIONS (path '%s')" % path)
    assert spark.sql("SELECT count(*) FROM dl_view").collect()[0][0] == 12
    # The view reads the latest version each time it is queried.
    write_deltalake(path, pa.table({"id": pa.array([201], pa.int64()), "v": ["later"]}), mode="append")
    assert spark.sql("SELECT count(*) FROM dl_view").collect()[0][0] == 13


def test_reads_reader_version_3_tables_with_timestamp_ntz(spark, tmp_path):
    path = str(tmp_path / "ntz")
    when = datetime.datetime(2024, 1, 2, 3, 4, 5)
    write_deltalake(path, pa.table({"t": pa.array([when], pa.timestamp("us")), "i8": pa.array([1], pa.int8()),
                                    "dec": pa.array([decimal.Decimal("1.50")], pa.decimal128(5, 2))}))
    assert DeltaTable(path).protocol().min_reader_version == 3
    df = spark.read.format("delta").load(path)
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["timestamp", "tinyint", "decimal(5,2)"]
    row = df.collect()[0]
    assert row[0].replace(tzinfo=None) == when and row[1] == 1 and row[2] == decimal.Decimal("1.50")


def test_timestamp_as_of(spark, tmp_path):
    path = str(tmp_path / "t")
    spark.createDataFrame([(1,)], "id INT").write.format("delta").save(path)
    time.sleep(0.05)
    spark.createDataFrame([(2,)], "id INT").write.format("delta").mode("append").save(path)
    t0, t1 = [h["timestamp"] for h in reversed(DeltaTable(path).history())]
    as_of = lambda ms: datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S.%f")
    assert sorted_rows(spark.read.format("delta").option("timestampAsOf", as_of(t0)).load(path).collect()) == [(1,)]
    assert sorted_rows(spark.read.format("delta").option("timestampAsOf", as_of(t1)).load(path).collect()) == \
        [(1,), (2,)]
    with pytest.raises(Exception, match="before the earliest version"):
        spark.read.format("delta").option("timestampAsOf", "2000-01-01 00:00:00").load(path)


def test_read_errors_name_the_problem(spark, tmp_path):
    with pytest.raises(Exception, match="is not a Delta table"):
        spark.read.format("delta").load(str(tmp_path / "nothing"))
    path = str(tmp_path / "t")
    spark.createDataFrame([(1,)], "id INT").write.format("delta").save(path)
    with pytest.raises(Exception, match=r"available versions are \[0, 0\]"):
        spark.read.format("delta").option("versionAsOf", 5).load(path)


def test_reads_partitioned_tables_deltalake_writes(spark, tmp_path):
    part = str(tmp_path / "p")
    write_deltalake(part, pa.table({"id": pa.array([1, 2, 3], pa.int64()), "p": ["x", "y", None],
                                    "day": pa.array([datetime.date(2024, 1, 2)] * 3)}), partition_by=["p", "day"])
    df = spark.read.format("delta").load(part)
    assert df.columns == ["id", "p", "day"]
    assert sorted_rows(df.collect()) == sorted_rows([(1, "x", datetime.date(2024, 1, 2)),
                                                     (2, "y", datetime.date(2024, 1, 2)),
                                                     (3, None, datetime.date(2024, 1, 2))])
    assert spark.read.format("delta").load(part).where("p = 'y'").collect()[0][0] == 2


def test_sql_views_streams_and_paths(spark, tmp_path):
    src, out = str(tmp_path / "src"), str(tmp_path / "out")
    spark.createDataFrame([(1, "a"), (2, "b")], "id BIGINT, v STRING").write.format("delta").save(src)
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW src_view USING delta OPTIONS (path '%s')" % src)
    spark.sql("START STREAMING QUERY copy_query USING delta OPTIONS (path '%s') CHECKPOINT LOCATION '%s' "
              "TRIGGER AVAILABLE NOW AS SELECT id * 10 AS id, v FROM STREAM(src_view)" % (out, tmp_path / "ck"))
    for q in spark.streams.active:
        q.awaitTermination(30)
    assert sorted_rows(spark.sql("SELECT * FROM delta.`%s`" % out).collect()) == [(10, "a"), (20, "b")]
    assert delta_rows(out) == [(10, "a"), (20, "b")]


# ---- managed tables ------------------------------------------------------------------------

def test_save_as_table_and_read_by_name(spark, tmp_path):
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
    spark.createDataFrame([(1, "a")], "id INT, v STRING").write.format("delta").saveAsTable("people")
    assert sorted_rows(spark.table("people").collect()) == [(1, "a")]
    assert sorted_rows(spark.read.table("people").collect()) == [(1, "a")]
    assert spark.sql("SELECT v FROM people WHERE id = 1").collect()[0][0] == "a"
    assert ("default", "people", False) in [tuple(r) for r in spark.sql("SHOW TABLES").collect()]
    with pytest.raises(Exception, match="TABLE_OR_VIEW_ALREADY_EXISTS"):
        spark.createDataFrame([(2, "b")], "id INT, v STRING").write.format("delta").saveAsTable("people")
    spark.createDataFrame([(2, "b")], "id INT, v STRING").write.format("delta").mode("append").saveAsTable("people")
    assert delta_rows(str(tmp_path / "warehouse" / "people")) == [(1, "a"), (2, "b")]


# ---- the streaming sink --------------------------------------------------------------------

def test_streaming_append_restarts_without_duplicates(spark, tmp_path):
    src, out, ckpt = str(tmp_path / "in"), str(tmp_path / "out"), str(tmp_path / "ckpt")
    write_json(src, "a.json", [{"id": i} for i in range(5)])

    def run():
        q = (spark.readStream.schema("id BIGINT").json(src).writeStream.format("delta")
             .option("checkpointLocation", ckpt).trigger(availableNow=True).start(out))
        q.awaitTermination()

    run()
    write_json(src, "b.json", [{"id": i} for i in range(5, 8)])
    run()
    assert delta_rows(out) == [(i,) for i in range(8)]
    txns = [json.loads(line)["txn"] for f in sorted(glob.glob(os.path.join(out, "_delta_log", "*.json")))
            for line in open(f) if '"txn"' in line]
    assert [t["version"] for t in txns] == [0, 1]
    assert len({t["appId"] for t in txns}) == 1

    # A crash after the table commit but before the query's own commit: the batch runs
    # again on restart, and the txn action makes the sink skip it.
    write_json(src, "c.json", [{"id": 8}])
    run()
    os.remove(os.path.join(ckpt, "commits", "2"))
    version = DeltaTable(out).version()
    run()
    assert DeltaTable(out).version() == version
    assert delta_rows(out) == [(i,) for i in range(9)]


def test_streaming_sink_modes(spark, tmp_path):
    src, ckpt = str(tmp_path / "in"), str(tmp_path / "ckpt")
    write_json(src, "a.json", [{"k": "x"}, {"k": "y"}, {"k": "x"}])
    counts = spark.readStream.schema("k STRING").json(src).groupBy("k").count()
    with pytest.raises(Exception, match="does not support Update output mode"):
        counts.writeStream.format("delta").outputMode("update").option("checkpointLocation", ckpt) \
            .start(str(tmp_path / "u"))
    with pytest.raises(Exception, match="checkpointLocation"):
        counts.writeStream.format("delta").outputMode("complete").start(str(tmp_path / "c"))


def write_events(directory, name, events):
    write_json(directory, name, [{"time": t, "action": a} for t, a in events])


def run_counts(spark, tmp_path, flatten):
    """Seed 002's pipeline in this process: JSON events, one file per trigger, counted per
    action and 1-hour window, complete mode into the managed table delta_lake_table."""
    schema = "time TIMESTAMP, action STRING"
    streamingInputDF = spark.readStream.format("json").schema(schema).option("maxFilesPerTrigger", 1) \
        .load(str(tmp_path / "events"))
    streamingCountsDF = streamingInputDF.groupBy(streamingInputDF.action,
                                                 window(streamingInputDF.time, "1 hour")).count()
    if flatten:
        streamingCountsDF = streamingCountsDF.select("action", col("window.start").alias("start"), "count")
    query = (streamingCountsDF.writeStream.format("delta").queryName("streaming_query").outputMode("complete")
             .option("checkpointLocation", str(tmp_path / "tmp" / "checkpoints")).trigger(availableNow=True)
             .table("delta_lake_table"))
    query.awaitTermination()


def test_seed_002_pipeline_complete_mode_restarted(spark, tmp_path):
    # With the window's start as a plain column, so deltalake's rows compare simply (the
    # seed's own program, window struct and all, is test_seed_002_program_as_written).
    spark.conf.set("spark.sql.warehouse.dir", str(tmp_path / "spark-warehouse"))
    write_events(tmp_path / "events", "file-0.json",
                 [("2016-07-26 00:05:00", "Open"), ("2016-07-26 00:15:00", "Open"), ("2016-07-26 00:45:00", "Close")])
    write_events(tmp_path / "events", "file-1.json", [("2016-07-26 01:10:00", "Open")])
    run_counts(spark, tmp_path, flatten=True)
    table = str(tmp_path / "spark-warehouse" / "delta_lake_table")
    assert DeltaTable(table).version() == 1  # one commit per file (maxFilesPerTrigger 1)
    write_events(tmp_path / "events", "file-2.json",
                 [("2016-07-26 00:50:00", "Close"), ("2016-07-26 01:20:00", "Close")])
    run_counts(spark, tmp_path, flatten=True)
    expected = [("Close", "2016-07-26 00:00:00", 2), ("Close", "2016-07-26 01:00:00", 1),
                ("Open", "2016-07-26 00:00:00", 2), ("Open", "2016-07-26 01:00:00", 1)]
    got = sorted((r[0], str(r[1]), r[2]) for r in spark.table("delta_lake_table").collect())
    assert got == expected
    # Complete mode: each commit replaces the table, so deltalake sees just the last result.
    assert sorted((r[0], str(r[1]).replace("+00:00", ""), r[2]) for r in delta_rows(table)) == expected
    assert [h["operation"] for h in DeltaTable(table).history()][:1] == ["STREAMING UPDATE"]


def test_seed_002_program_as_written(spark, tmp_path):
    """examples/python/delta_event_windows.py: the seed's program, run twice (a restart
    from its checkpoint with one more event file) in its own process."""
    write_events(tmp_path / "events", "file-0.json",
                 [("2016-07-26 00:05:00", "Open"), ("2016-07-26 00:15:00", "Open"), ("2016-07-26 00:45:00", "Close")])
    Program(example("delta_event_windows.py"), tmp_path).finish()
    write_events(tmp_path / "events", "file-1.json", [("2016-07-26 01:10:00", "Open")])
    out = Program(example("delta_event_windows.py"), tmp_path).finish()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("|")]
    assert rows == [["action", "start", "count"],
                    ["Close", "2016-07-26 00:00:00", "1"],
                    ["Open", "2016-07-26 00:00:00", "2"],
                    ["Open", "2016-07-26 01:00:00", "1"]]
    table = str(tmp_path / "spark-warehouse" / "delta_lake_table")
    assert sorted((r["action"], r["count"]) for r in DeltaTable(table).to_pyarrow_table().to_pylist()) == \
        [("Close", 1), ("Open", 1), ("Open", 2)]


CRASH_PROGRAM = """
import sys
from spate.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
src, out, ckpt, trigger = sys.argv[1:5]
df = spark.readStream.schema("id BIGINT").option("maxFilesPerTrigger", 1).json(src)
w = df.writeStream.format("delta").option("checkpointLocation", ckpt)
w = w.trigger(availableNow=True) if trigger == "availableNow" else w.trigger(processingTime="0 seconds")
w.start(out).awaitTermination()
"""


def test_streaming_append_killed_and_restarted_writes_every_row_once(tmp_path):
    """SIGKILL at random moments (while batches write data files, commit, or record their
    own commit), ten times over; then a run to the end: every row is in the table once."""
    src, out, ckpt = str(tmp_path / "in"), str(tmp_path / "out"), str(tmp_path / "ckpt")
    files = 40
    for f in range(files):
        write_json(src, "f%03d.json" % f, [{"id": f * 10 + i} for i in range(10)])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(spate.__file__)),
                                                       os.environ.get("PYTHONPATH", "")]))
    log_dir = os.path.join(out, "_delta_log")
    rng = random.Random(6)
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", CRASH_PROGRAM, src, out, ckpt, "processingTime"], env=env)
        # Once the query has made progress (a new commit), kill it a few milliseconds later.
        before = len(glob.glob(os.path.join(log_dir, "*.json")))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(glob.glob(os.path.join(log_dir, "*.json"))) <= before:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    subprocess.run([sys.executable, "-c", CRASH_PROGRAM, src, out, ckpt, "availableNow"], env=env, check=True,
                   timeout=120)
    ids = [r["id"] for r in DeltaTable(out).to_pyarrow_table().to_pylist()]
    assert sorted(ids) == list(range(files * 10))
    versions = [json.loads(line)["txn"]["version"] for f in sorted(glob.glob(os.path.join(log_dir, "*.json")))
                for line in open(f) if '"txn"' in line]
    assert versions == sorted(set(versions))  # no batch committed twice


# ---- the streaming source ------------------------------------------------------------------

def test_streaming_source_reads_new_commits(spark, tmp_path):
    path = str(tmp_path / "t")
    write_deltalake(path, pa.table({"id": pa.array([1, 2], pa.int64())}))
    write_deltalake(path, pa.table({"id": pa.array([3], pa.int64())}), mode="append")
    stream = spark.readStream.format("delta").option("maxFilesPerTrigger", 1).load(path)
    q = stream.writeStream.format("memory").queryName("delta_stream") \
        .option("checkpointLocation", str(tmp_path / "ck")).start()
    q.processAllAvailable()
    assert sorted_rows(spark.table("delta_stream").collect()) == [(1,), (2,), (3,)]
    write_deltalake(path, pa.table({"id": pa.array([4, 5], pa.int64())}), mode="append")
    q.processAllAvailable()
    assert sorted_rows(spark.table("delta_stream").collect()) == [(1,), (2,), (3,), (4,), (5,)]
    assert q.lastProgress["sources"][0]["endOffset"]["reservoirVersion"] == 2
    q.stop()
    # Restarted from its checkpoint, the query goes on after what it read.
    write_deltalake(path, pa.table({"id": pa.array([6], pa.int64())}), mode="append")
    q = stream.writeStream.format("memory").queryName("delta_stream") \
        .option("checkpointLocation", str(tmp_path / "ck")).start()
    q.processAllAvailable()
    assert sorted_rows(spark.table("delta_stream").collect()) == [(6,)]
    q.stop()

    # An overwrite is not a stream's: it stops the query unless skipChangeCommits.
    write_deltalake(path, pa.table({"id": pa.array([9], pa.int64())}), mode="overwrite")
    skip = spark.readStream.format("delta").option("startingVersion", 4).option("skipChangeCommits", "true") \
        .load(path).writeStream.format("memory").queryName("delta_skip") \
        .option("checkpointLocation", str(tmp_path / "ck2")).start()
    skip.processAllAvailable()
    assert spark.table("delta_skip").collect() == []
    skip.stop()
    with pytest.raises(Exception, match="startingVersion"):
        spark.readStream.format("delta").option("startingVersion", "first").load(path)
    latest = spark.readStream.format("delta").option("startingVersion", "latest").load(path).writeStream \
        .format("memory").queryName("delta_latest").option("checkpointLocation", str(tmp_path / "ck4")).start()
    latest.processAllAvailable()
    write_deltalake(path, pa.table({"id": pa.array([11], pa.int64())}), mode="append")
    latest.processAllAvailable()
    assert sorted_rows(spark.table("delta_latest").collect()) == [(11,)]
    latest.stop()
    fail = spark.readStream.format("delta").option("startingVersion", 0).load(path).writeStream \
        .format("memory").queryName("delta_fail").option("checkpointLocation", str(tmp_path / "ck3")).start()
    with pytest.raises(Exception, match="skipChangeCommits"):
        fail.awaitTermination(30)


def test_streaming_source_limits_and_starting_timestamp(spark, tmp_path):
    path = str(tmp_path / "t")
    for i in range(4):
        write_deltalake(path, pa.table({"id": pa.array([i], pa.int64())}), mode="append")
        time.sleep(0.02)
    # maxBytesPerTrigger is a soft limit: one byte still takes a file per batch.
    q = spark.readStream.format("delta").option("maxBytesPerTrigger", 1).load(path).writeStream \
        .format("memory").queryName("by_bytes").option("checkpointLocation", str(tmp_path / "ck1")) \
        .trigger(availableNow=True).start()
    q.awaitTermination(30)
    assert sorted_rows(spark.table("by_bytes").collect()) == [(0,), (1,), (2,), (3,)]
    assert len([p for p in q.recentProgress if p["numInputRows"] > 0]) == 4
    with pytest.raises(Exception, match="maxFilesPerTrigger"):
        spark.readStream.format("delta").option("maxFilesPerTrigger", 0).load(path)

    t2 = DeltaTable(path).history()[-3]["timestamp"]  # version 2's commit time
    as_text = datetime.datetime.fromtimestamp(t2 / 1000, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    q = spark.readStream.format("delta").option("startingTimestamp", as_text).load(path).writeStream \
        .format("memory").queryName("by_time").option("checkpointLocation", str(tmp_path / "ck2")) \
        .trigger(availableNow=True).start()
    q.awaitTermination(30)
    assert sorted_rows(spark.table("by_time").collect()) == [(2,), (3,)]
    with pytest.raises(Exception, match="either provide"):
        spark.readStream.format("delta").option("startingTimestamp", as_text).option("startingVersion", 1).load(path)


def test_stream_from_spate_table_to_spate_table(spark, tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    spark.createDataFrame([(1,), (2,)], "id BIGINT").write.format("delta").save(a)
    q = spark.readStream.format("delta").load(a).writeStream.format("delta") \
        .option("checkpointLocation", str(tmp_path / "ck")).trigger(availableNow=True).start(b)
    q.awaitTermination()
    spark.createDataFrame([(3,)], "id BIGINT").write.format("delta").mode("append").save(a)
    q = spark.readStream.format("delta").load(a).writeStream.format("delta") \
        .option("checkpointLocation", str(tmp_path / "ck")).trigger(availableNow=True).start(b)
    q.awaitTermination()
    assert delta_rows(b) == [(1,), (2,), (3,)]


def test_table_scans_read_only_the_columns_and_row_groups_a_query_needs(spark, tmp_path):
    import pyarrow.parquet as pq
    path = str(tmp_path / "t")
    spark.range(0, 30000).selectExpr("id", "concat('n', id) AS name").write.format("delta") \
        .option("parquet.block.size", 40000).save(path)
    [data] = glob.glob(os.path.join(path, "*.parquet"))
    meta = pq.ParquetFile(data).metadata
    assert meta.num_row_groups >= 3
    last = meta.num_row_groups - 1
    low = meta.row_group(last).column(0).statistics.min
    # Spoil every chunk but the last row group's ids: what a query may skip shows by succeeding.
    raw = bytearray(open(data, "rb").read())
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            chunk = meta.row_group(g).column(c)
            if g == last and c == 0:
                continue
            start = chunk.dictionary_page_offset or chunk.data_page_offset
            raw[start:start + chunk.total_compressed_size] = b"\xff" * chunk.total_compressed_size
    open(data, "wb").write(bytes(raw))
    df = spark.read.format("delta").load(path)
    assert df.select("id").filter("id >= %d" % low).count() == 30000 - low
    with pytest.raises(Exception, match="parquet"):
        df.filter("id >= %d" % low).select("name").collect()
