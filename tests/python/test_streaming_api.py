"""Structured Streaming from Python: sinks that call Python, listeners, progress,
triggers, errors, and the seeds' event-time snippets (001, 004)."""

import datetime
import os
import threading
import time

import pytest

from spate.errors import StreamingQueryException, UnsupportedOperationException
from spate.sql import Row
from spate.sql import functions as F
from spate.sql.functions import session_window, sum, window
from spate.sql.streaming import StreamingQueryListener

from conftest import write_json


@pytest.fixture
def events(tmp_path):
    """A directory of JSON event files, one micro-batch each."""
    d = tmp_path / "events"
    write_json(d, "1.json", [{"k": "a", "v": 1, "ts": "2024-01-01 10:00:00"},
                             {"k": "b", "v": 2, "ts": "2024-01-01 10:02:00"}])
    write_json(d, "2.json", [{"k": "a", "v": 3, "ts": "2024-01-01 10:04:00"}])
    return str(d)


def stream(spark, path):
    return spark.readStream.schema("k STRING, v INT, ts TIMESTAMP").option("maxFilesPerTrigger", 1).json(path)


def test_foreach_batch_gets_data_frames_and_batch_ids(spark, events):
    seen = []

    def each(df, batch_id):
        seen.append((batch_id, sorted(tuple(r) for r in df.select("k", "v").collect())))

    q = stream(spark, events).writeStream.foreachBatch(each).start()
    q.processAllAvailable()
    q.stop()
    assert seen == [(0, [("a", 1), ("b", 2)]), (1, [("a", 3)])]


def test_foreach_with_a_function_and_with_a_writer(spark, events):
    rows = []
    q = stream(spark, events).writeStream.foreach(lambda row: rows.append(row.v)).start()
    q.processAllAvailable()
    q.stop()
    assert sorted(rows) == [1, 2, 3]

    class Writer:
        calls = []

        def open(self, partition_id, epoch_id):
            self.calls.append(("open", epoch_id))
            return True

        def process(self, row):
            self.calls.append(("process", row.k))

        def close(self, error):
            self.calls.append(("close", error))

    q = stream(spark, events).writeStream.foreach(Writer()).start()
    q.processAllAvailable()
    q.stop()
    assert Writer.calls[0] == ("open", 0) and ("close", None) in Writer.calls
    assert sorted(c[1] for c in Writer.calls if c[0] == "process") == ["a", "a", "b"]


def test_listener_events_and_progress(spark, events):
    got = []
    done = threading.Event()

    class Listener(StreamingQueryListener):
        def onQueryStarted(self, event):
            got.append(("started", event.id, event.name))

        def onQueryProgress(self, event):
            got.append(("progress", event.progress.batchId, event.progress.numInputRows))

        def onQueryTerminated(self, event):
            got.append(("terminated", event.id, event.exception))
            done.set()

    listener = Listener()
    spark.streams.addListener(listener)
    try:
        q = stream(spark, events).writeStream.format("noop").queryName("listened").start()
        q.processAllAvailable()
        q.stop()
        assert done.wait(10)
    finally:
        spark.streams.removeListener(listener)
    assert got[0] == ("started", q.id, "listened")
    assert ("progress", 0, 2) in got and ("progress", 1, 1) in got
    assert got[-1] == ("terminated", q.id, None)


def test_last_progress_and_status_are_dicts_with_sparks_keys(spark, events):
    q = stream(spark, events).groupBy("k").count().writeStream.outputMode("complete").format("memory") \
        .queryName("progress_counts").start()
    q.processAllAvailable()
    p = q.lastProgress
    # (Rates over no time are left out, as Spark leaves out NaN.)
    for key in ("id", "runId", "name", "timestamp", "batchId", "batchDuration", "numInputRows", "durationMs",
                "stateOperators", "sources", "sink"):
        assert key in p, key
    assert p["name"] == "progress_counts" and p["batchId"] == 1
    assert p["stateOperators"][0]["numRowsTotal"] == 2
    assert [r["batchId"] for r in q.recentProgress] == [0, 1]
    assert set(q.status) == {"message", "isDataAvailable", "isTriggerActive"}
    assert q.name == "progress_counts" and q.isActive
    assert spark.streams.get(q.id).id == q.id
    assert q.id in [a.id for a in spark.streams.active]
    assert sorted(tuple(r) for r in spark.sql("SELECT * FROM progress_counts").collect()) == [("a", 2), ("b", 1)]
    q.stop()
    assert not q.isActive


def test_triggers(spark, events):
    for kwargs in ({"once": True}, {"availableNow": True}):
        q = stream(spark, events).writeStream.format("noop").trigger(**kwargs).start()
        assert q.awaitTermination(30) is True
    q = stream(spark, events).writeStream.format("noop").trigger(processingTime="100 milliseconds").start()
    assert q.awaitTermination(0.3) is False
    q.stop()
    assert q.awaitTermination() is None
    with pytest.raises(UnsupportedOperationException):
        stream(spark, events).writeStream.trigger(continuous="1 second")
    with pytest.raises(ValueError):
        stream(spark, events).writeStream.trigger(once=True, processingTime="1 second")
    with pytest.raises(ValueError):
        stream(spark, events).writeStream.trigger(processingTime="")
    with pytest.raises(ValueError):
        q.awaitTermination(-1)


def test_an_error_in_foreach_batch_stops_the_query(spark, events):
    def fail(df, batch_id):
        raise ValueError("boom in batch %d" % batch_id)

    q = stream(spark, events).writeStream.foreachBatch(fail).start()
    with pytest.raises(StreamingQueryException, match="boom in batch 0"):
        q.awaitTermination()
    assert "ValueError" in str(q.exception())
    assert not q.isActive


def test_await_any_termination(spark, events):
    spark.streams.resetTerminated()
    q = stream(spark, events).writeStream.format("noop").trigger(availableNow=True).start()
    assert spark.streams.awaitAnyTermination(30) is True
    assert not q.isActive


def test_seed_001_watermark_window(spark, tmp_path):
    d = tmp_path / "clicks"
    write_json(d, "1.json", [{"event_time": "2024-01-01 10:01:00"}, {"event_time": "2024-01-01 10:03:00"}])
    write_json(d, "2.json", [{"event_time": "2024-01-01 10:20:00"}])  # moves the watermark to 10:10
    df = spark.readStream.schema("event_time TIMESTAMP").option("maxFilesPerTrigger", 1).json(str(d))

    # Add watermark
    df = df.withWatermark("event_time", "10 minutes")

    # Group by window
    counts = df.groupBy(
        window(df.event_time, "5 minutes")
    ).count()

    q = counts.writeStream.outputMode("append").format("memory").queryName("clicks_per_window").start()
    q.processAllAvailable()
    q.stop()
    got = [tuple(r) for r in spark.sql("SELECT window.start, count FROM clicks_per_window").collect()]
    assert got == [(datetime.datetime(2024, 1, 1, 10, 0), 2)]  # 10:20's window is still open


def test_seed_004_windows_on_a_stream(spark, tmp_path):
    d = tmp_path / "readings"
    write_json(d, "1.json", [{"column": "x", "value": 1, "timestamp": "2024-01-01 10:01:00"},
                             {"column": "x", "value": 2, "timestamp": "2024-01-01 10:04:00"},
                             {"column": "x", "value": 4, "timestamp": "2024-01-01 10:12:00"},
                             {"column": "y", "value": 8, "timestamp": "2024-01-01 10:06:00"}])
    df = spark.readStream.schema("column STRING, value INT, timestamp TIMESTAMP").json(str(d))

    windowed_data = df.groupBy("column", window("timestamp", "10 minutes")).agg(sum("value"))
    sliding = df.groupBy("column", window("timestamp", "10 minutes", "5 minutes")).agg(sum("value"))
    session_data = df.groupBy("column", session_window("timestamp", "5 minutes")).agg(sum("value"))

    def result(frame, name):
        q = frame.writeStream.outputMode("complete").format("memory").queryName(name).start()
        q.processAllAvailable()
        q.stop()
        return sorted((r[0], r[1].start.strftime("%H:%M"), r[1].end.strftime("%H:%M"), r[2])
                      for r in spark.sql("SELECT * FROM " + name).collect())

    assert result(windowed_data, "tumbling") == [("x", "10:00", "10:10", 3), ("x", "10:10", "10:20", 4),
                                                 ("y", "10:00", "10:10", 8)]
    assert result(sliding, "sliding") == [("x", "09:55", "10:05", 3), ("x", "10:00", "10:10", 3),
                                          ("x", "10:05", "10:15", 4), ("x", "10:10", "10:20", 4),
                                          ("y", "10:00", "10:10", 8), ("y", "10:05", "10:15", 8)]
    assert result(session_data, "sessions") == [("x", "10:01", "10:09", 3), ("x", "10:12", "10:17", 4),
                                                ("y", "10:06", "10:11", 8)]


def test_seed_004_checkpoint_and_restart(spark, tmp_path, events):
    chk = str(tmp_path / "checkpoint")
    out = []

    def run():
        q = stream(spark, events).groupBy("k").agg(F.sum("v").alias("total")).writeStream \
            .outputMode("update").option("checkpointLocation", chk) \
            .foreachBatch(lambda df, bid: out.append((bid, sorted(tuple(r) for r in df.collect())))).start()
        q.processAllAvailable()
        q.stop()

    run()
    write_json(events, "3.json", [{"k": "b", "v": 10, "ts": "2024-01-01 10:05:00"}])
    run()
    assert out == [(0, [("a", 1), ("b", 2)]), (1, [("a", 4)]), (2, [("b", 12)])]
    assert os.path.isdir(os.path.join(chk, "state"))


def test_seed_004_stream_static_join(spark, events):
    staticDF = spark.createDataFrame([("a", "Alpha")], "key STRING, label STRING")
    streamDF = stream(spark, events).withColumnRenamed("k", "key")
    enriched = streamDF.join(staticDF, "key", "left")
    q = enriched.writeStream.format("memory").queryName("enriched").start()
    q.processAllAvailable()
    q.stop()
    got = sorted(tuple(r) for r in spark.sql("SELECT key, v, label FROM enriched").collect())
    assert got == [("a", 1, "Alpha"), ("a", 3, "Alpha"), ("b", 2, None)]


def test_a_stream_leaves_out_records_whose_first_key_fails_its_filter(spark, tmp_path):
    # As Spark's JSON filter pushdown: the view's filter on the first key decides before
    # the rest of the record is parsed, so the malformed second record is never read.
    d = tmp_path / "typed"
    d.mkdir()
    (d / "1.json").write_text('{"type":2,"v":1}\n{"type":1,"v":oops}\n{"type":2,"v":3}\n')
    df = spark.readStream.schema("type INT, v INT").option("mode", "FAILFAST").json(str(d))
    df.createOrReplaceTempView("typed_events")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW type2 AS SELECT v FROM typed_events WHERE type = 2")
    seen = []
    q = (spark.sql("SELECT v * 10 AS v10 FROM type2").writeStream
         .foreachBatch(lambda batch, _: seen.extend(r.v10 for r in batch.collect()))
         .trigger(availableNow=True).start())
    q.awaitTermination()
    assert sorted(seen) == [10, 30]


def test_late_rows_go_to_a_python_function(spark, tmp_path):
    d = tmp_path / "late"
    write_json(d, "1.json", [{"k": "a", "v": 1, "ts": "2024-01-01 10:30:00"}])
    write_json(d, "2.json", [{"k": "a", "v": 3, "ts": "2024-01-01 10:31:00"}])
    # Behind the watermark (10:25) this batch runs under: as in Spark 3.5, rows are late
    # against the previous batch's watermark, so the third batch is the first to drop.
    write_json(d, "3.json", [{"k": "a", "v": 2, "ts": "2024-01-01 10:01:00"}])
    late = []
    counts = stream(spark, str(d)).withWatermark("ts", "5 minutes").groupBy(window("ts", "10 minutes")).count()
    q = counts.writeStream.outputMode("append").format("noop") \
        .lateRows(foreachBatch=lambda df, bid: late.extend(r.v for r in df.collect())).start()
    q.processAllAvailable()
    q.stop()
    assert late == [2]
    assert q.lastProgress["stateOperators"][0]["numRowsDroppedByWatermark"] == 1


def test_streaming_data_frame_refuses_batch_actions(spark, events):
    df = stream(spark, events)
    assert df.isStreaming
    with pytest.raises(Exception, match="(?i)writeStream|streaming"):
        df.collect()


def test_rate_source_and_row_values(spark):
    q = spark.readStream.format("rate").option("rowsPerSecond", 100).load() \
        .writeStream.format("memory").queryName("rate_rows").start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and spark.sql("SELECT count(*) FROM rate_rows").collect()[0][0] == 0:
        time.sleep(0.05)
    q.stop()
    r = spark.sql("SELECT * FROM rate_rows ORDER BY value LIMIT 1").collect()[0]
    assert isinstance(r.timestamp, datetime.datetime) and r.value == 0
    assert isinstance(r, Row)


def test_a_query_stopped_from_its_own_foreach_batch_ends(spark):
    handle, ready = {}, threading.Event()

    def stop_self(df, batch_id):
        ready.wait(10)
        handle["q"].stop()

    q = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load() \
        .writeStream.foreachBatch(stop_self).start()
    handle["q"] = q
    ready.set()
    assert q.awaitTermination(10) is True
    assert q.exception() is None


def test_a_stream_reads_only_the_json_fields_its_query_uses(spark, tmp_path):
    # As Spark's JSON parser prunes: "v" is not a number in the second record, but the
    # query never reads v (not even through the view's projection), so FAILFAST has
    # nothing to fail on; the query that does read v fails naming the record.
    d = tmp_path / "pruned"
    write_json(d, "1.json", [{"k": "a", "v": 1, "ts": "2024-01-01 10:00:00"},
                             {"k": "b", "v": "oops", "ts": "2024-01-01 10:01:00"}])
    df = (spark.readStream.schema("k STRING, v INT, ts TIMESTAMP").option("mode", "FAILFAST")
          .json(str(d)))
    df.createOrReplaceTempView("pruned_events")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW pruned_view AS SELECT k, v + 1 AS w, ts FROM pruned_events")
    seen = []
    q = (spark.sql("SELECT k FROM pruned_view").writeStream
         .foreachBatch(lambda batch, _: seen.extend(r.k for r in batch.collect()))
         .trigger(availableNow=True).start())
    q.awaitTermination()
    assert sorted(seen) == ["a", "b"]
    q = (spark.sql("SELECT k, w FROM pruned_view").writeStream.foreachBatch(lambda batch, _: batch.collect())
         .trigger(availableNow=True).start())
    with pytest.raises(StreamingQueryException, match="Malformed JSON record"):
        q.awaitTermination()


def test_a_stream_reads_only_the_struct_fields_its_query_uses(spark, tmp_path):
    # Nested pruning: the query reads e.a and whether e is null, never e.b, whose second
    # value is not a number; the struct's own nulls survive the pruning.
    d = tmp_path / "nested"
    write_json(d, "1.json", [{"e": {"a": 1, "b": 2}}, {"e": {"a": 3, "b": "oops"}}, {"e": None}, {}])
    df = spark.readStream.schema("e STRUCT<a: INT, b: INT>").option("mode", "FAILFAST").json(str(d))
    df.createOrReplaceTempView("nested_events")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW nested_view AS SELECT e.a AS a, e.b AS b, e FROM nested_events")
    seen = []
    q = (spark.sql("SELECT a, e.a IS NULL AS missing FROM nested_view").writeStream
         .foreachBatch(lambda batch, _: seen.extend((r.a, r.missing) for r in batch.collect()))
         .trigger(availableNow=True).start())
    q.awaitTermination()
    assert sorted(seen, key=str) == sorted([(1, False), (3, False), (None, True), (None, True)], key=str)
    # A streaming aggregation reads only what its keys and arguments use.
    totals = []
    q = (spark.sql("SELECT a IS NULL AS missing, count(*) AS n FROM nested_view GROUP BY a IS NULL")
         .writeStream.outputMode("complete")
         .foreachBatch(lambda batch, _: totals.extend((r.missing, r.n) for r in batch.collect()))
         .trigger(availableNow=True).start())
    q.awaitTermination()
    assert sorted(totals) == [(False, 2), (True, 2)]
    for query in ["SELECT b FROM nested_view", "SELECT to_json(e) FROM nested_view",
                  "SELECT b, count(*) FROM nested_view GROUP BY b"]:
        q = (spark.sql(query).writeStream.outputMode("update").foreachBatch(lambda batch, _: batch.collect())
             .trigger(availableNow=True).start())
        with pytest.raises(StreamingQueryException, match="Malformed JSON record"):
            q.awaitTermination()
