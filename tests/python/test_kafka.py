"""The Kafka source against a real Apache Kafka broker (tests/kafka/broker.sh: KRaft, one
node, 127.0.0.1 only), with records produced and checked by an independent client
(confluent-kafka)."""

import json
import os
import subprocess
import tempfile
import time

import pytest

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

from conftest import REPO, Program, example
from spate.errors import PySparkException, StreamingQueryException
from spate.sql import functions as F

BROKER = os.path.join(REPO, "tests", "kafka", "broker.sh")


@pytest.fixture(scope="module")
def bootstrap():
    directory = tempfile.mkdtemp(prefix="spate-kafka-")
    # Owned by this process: a run killed by a timeout leaves no broker behind.
    address = subprocess.run([BROKER, "start", directory, str(os.getpid())], check=True, capture_output=True,
                             text=True, timeout=300).stdout.strip().splitlines()[-1]
    yield address
    subprocess.run([BROKER, "stop", directory], check=False, timeout=60)
    subprocess.run(["rm", "-rf", directory], check=False)


_topics = iter(range(1_000_000))


def new_topic(bootstrap, partitions=1, prefix="t"):
    name = "%s%d-%d" % (prefix, os.getpid(), next(_topics))
    admin = AdminClient({"bootstrap.servers": bootstrap})  # alive until the topic exists
    admin.create_topics([NewTopic(name, partitions, 1)])[name].result(30)
    return name


def produce(bootstrap, topic, values, partition=None, key=None):
    p = Producer({"bootstrap.servers": bootstrap})
    for v in values:
        kwargs = {} if partition is None else {"partition": partition}
        p.produce(topic, value=v.encode(), key=None if key is None else key.encode(), **kwargs)
    assert p.flush(30) == 0


def kafka(spark, bootstrap, **options):
    reader = spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap)
    for k, v in options.items():
        reader = reader.option(k, v)
    return reader.load()


def test_seed_001_kafka_to_console(bootstrap, tmp_path):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic("logs", 1, 1)])["logs"].result(30)
    program = Program(example("kafka_console.py"), tmp_path, [("localhost:9092", bootstrap)])
    try:
        program.wait_for(r"Batch: 0\n")  # startingOffsets latest: what is produced from now on
        produce(bootstrap, "logs", ["GET /index.html 200", "GET /missing 404"])
        out = program.wait_for(r"\| *GET /missing 404\|")
        program.interrupt()
    finally:
        if program.proc.poll() is None:
            program.proc.kill()
    assert "|value" in out and "|GET /index.html 200|" in out


def test_columns_and_every_row(spark, bootstrap):
    topic = new_topic(bootstrap, partitions=2)
    produce(bootstrap, topic, ["a0", "a1", "a2"], partition=0, key="k")
    produce(bootstrap, topic, ["b0", "b1"], partition=1)
    df = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest")
    assert df.columns == ["key", "value", "topic", "partition", "offset", "timestamp", "timestampType"]
    q = df.writeStream.format("memory").queryName("kafka_rows").start()
    q.processAllAvailable()
    q.stop()
    rows = spark.sql("SELECT CAST(key AS STRING), CAST(value AS STRING), topic, partition, offset, timestampType "
                     "FROM kafka_rows ORDER BY partition, offset").collect()
    assert [tuple(r) for r in rows] == [("k", "a0", topic, 0, 0, 0), ("k", "a1", topic, 0, 1, 0),
                                        ("k", "a2", topic, 0, 2, 0), (None, "b0", topic, 1, 0, 0),
                                        (None, "b1", topic, 1, 1, 0)]
    ts = spark.sql("SELECT min(timestamp) FROM kafka_rows").collect()[0][0]
    assert abs(ts.timestamp() - time.time()) < 600  # produce time, in UTC


def test_restart_from_checkpoint_reads_each_record_once(spark, bootstrap, tmp_path):
    topic = new_topic(bootstrap, partitions=2)
    produce(bootstrap, topic, ["%d" % i for i in range(0, 10)])
    chk = str(tmp_path / "chk")
    seen = []

    def run():
        q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest", maxOffsetsPerTrigger=3) \
            .selectExpr("CAST(value AS STRING) AS v").writeStream.option("checkpointLocation", chk) \
            .foreachBatch(lambda df, batch_id: seen.append((batch_id, sorted(r.v for r in df.collect())))).start()
        q.processAllAvailable()
        q.stop()
        return q

    run()
    produce(bootstrap, topic, ["%d" % i for i in range(10, 15)])
    q = run()
    values = [v for _, batch in seen for v in batch]
    assert sorted(values, key=int) == ["%d" % i for i in range(15)]  # every record, once
    assert [b for b, _ in seen] == list(range(len(seen)))
    assert all(len(batch) <= 3 for _, batch in seen)  # maxOffsetsPerTrigger
    source_progress = q.lastProgress["sources"][0]
    assert source_progress["description"] == "KafkaV2[Subscribe[%s]]" % topic
    assert source_progress["metrics"] == {"avgOffsetsBehindLatest": "0.0", "maxOffsetsBehindLatest": "0",
                                          "minOffsetsBehindLatest": "0"}  # caught up
    assert json.loads(open(os.path.join(chk, "sources", "0", "initial-offsets")).read()) == {topic: {"0": 0, "1": 0}}


def test_records_produced_during_the_query_are_read_once_in_offset_order(spark, bootstrap, tmp_path):
    # The consumer stays assigned between batches and fetches ahead of each batch's
    # end: what it read ahead must come in the next batches, once, in order.
    topic = new_topic(bootstrap, partitions=3)
    total = 6000
    rows = []
    q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest", maxOffsetsPerTrigger=700) \
        .selectExpr("partition", "offset", "CAST(value AS STRING) AS v").writeStream \
        .option("checkpointLocation", str(tmp_path / "chk")) \
        .foreachBatch(lambda df, batch_id: rows.extend((r.partition, r.offset, r.v) for r in df.collect())).start()
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1})
    for i in range(total):
        p.produce(topic, b"%d" % i, partition=i % 3)
        if i % 500 == 0:
            p.flush(30)
            time.sleep(0.02)
    p.flush(30)
    q.processAllAvailable()
    q.stop()
    assert sorted(int(v) for _, _, v in rows) == list(range(total))
    for part in range(3):
        offsets = [o for p_, o, _ in rows if p_ == part]
        assert offsets == list(range(total // 3))


def test_starting_offsets_json_and_assign(spark, bootstrap):
    topic = new_topic(bootstrap, partitions=2)
    produce(bootstrap, topic, ["x0", "x1", "x2"], partition=0)
    produce(bootstrap, topic, ["y0"], partition=1)
    df = kafka(spark, bootstrap, assign=json.dumps({topic: [0]}), startingOffsets=json.dumps({topic: {"0": 1}}))
    q = df.selectExpr("CAST(value AS STRING) v").writeStream.format("memory").queryName("assigned").start()
    q.processAllAvailable()
    q.stop()
    assert sorted(r.v for r in spark.sql("SELECT v FROM assigned").collect()) == ["x1", "x2"]


def test_subscribe_pattern_picks_up_new_topics(spark, bootstrap):
    first = new_topic(bootstrap, prefix="pattern")
    produce(bootstrap, first, ["one"])
    df = kafka(spark, bootstrap, subscribePattern="pattern%d-.*" % os.getpid(), startingOffsets="earliest")
    q = df.selectExpr("CAST(value AS STRING) v").writeStream.format("memory").queryName("patterned").start()
    q.processAllAvailable()
    second = new_topic(bootstrap, prefix="pattern")
    produce(bootstrap, second, ["two"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and spark.sql("SELECT count(*) FROM patterned").collect()[0][0] < 2:
        time.sleep(0.1)
    q.stop()
    got = sorted(r.v for r in spark.sql("SELECT v FROM patterned").collect())
    assert got == ["one", "two"]  # a topic created after start is read from its beginning


def test_kafka_to_a_windowed_count(spark, bootstrap):
    topic = new_topic(bootstrap)
    events = [{"product_id": p, "ts": "2024-01-01 10:0%d:00" % m} for p, m in
              [("a", 1), ("b", 2), ("a", 3), ("a", 7)]]
    produce(bootstrap, topic, [json.dumps(e) for e in events])
    clicks = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest") \
        .select(F.from_json(F.col("value").cast("string"), "product_id STRING, ts TIMESTAMP").alias("e")) \
        .select("e.product_id", "e.ts")
    counts = clicks.groupBy(F.window("ts", "5 minutes"), "product_id").count()
    q = counts.writeStream.outputMode("complete").format("memory").queryName("clicks").start()
    q.processAllAvailable()
    q.stop()
    got = sorted((r.window.start.minute, r.product_id, r["count"]) for r in spark.sql("SELECT * FROM clicks").collect())
    assert got == [(0, "a", 2), (0, "b", 1), (5, "a", 1)]


def test_deleted_topic_fails_or_goes_on_per_fail_on_data_loss(spark, bootstrap):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for fail in (True, False):
        topic = new_topic(bootstrap)
        produce(bootstrap, topic, ["before"])
        q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest", failOnDataLoss=fail) \
            .writeStream.format("noop").start()
        q.processAllAvailable()
        admin.delete_topics([topic])[topic].result(30)
        if fail:
            with pytest.raises(StreamingQueryException, match="failOnDataLoss"):
                q.awaitTermination(60)
        else:
            assert q.awaitTermination(3) is False  # still running
            assert q.isActive
            q.stop()


@pytest.mark.parametrize("options,message", [
    ({"subscribe": "t"}, "kafka.bootstrap.servers"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1"}, "One of the following options"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribe": "t", "assign": "{}"}, "Only one of the following"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribe": "t", "startingOffsets": "{bad"}, "startingOffsets"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribe": "t", "kafka.auto.offset.reset": "earliest"},
     "auto.offset.reset"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribe": "t", "maxOffsetsPerTrigger": "-5"},
     "maxOffsetsPerTrigger"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribe": "t", "failOnDataLoss": "maybe"}, "failOnDataLoss"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "assign": "[1, 2]"}, "assign"),
    ({"kafka.bootstrap.servers": "127.0.0.1:1", "subscribePattern": "(unclosed"}, "subscribePattern"),
])
def test_malformed_options_name_the_option(spark, options, message):
    reader = spark.readStream.format("kafka")
    for k, v in options.items():
        reader = reader.option(k, v)
    with pytest.raises(PySparkException, match=message):
        reader.load()


def test_bad_librdkafka_setting_names_the_option(spark, bootstrap):
    df = kafka(spark, bootstrap, subscribe="t", **{"kafka.no.such.setting": "1"})
    q = df.writeStream.format("noop").start()
    with pytest.raises(StreamingQueryException, match="kafka.no.such.setting"):
        q.awaitTermination(60)


def consume(bootstrap, topic, count, timeout=30):
    """(key, value, partition) of the first `count` records of topic, read by an independent client."""
    from confluent_kafka import Consumer
    import uuid
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "check-%s" % uuid.uuid4(), "auto.offset.reset": "earliest",
                  "isolation.level": "read_committed"})
    c.subscribe([topic])
    out = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < count and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is None or m.error():
                continue
            out.append((None if m.key() is None else m.key().decode(), m.value().decode(), m.partition()))
    finally:
        c.close()
    return out


def test_batch_write_to_kafka(spark, bootstrap):
    topic = new_topic(bootstrap, partitions=2)
    df = spark.createDataFrame([("k1", "v1", 0), ("k2", "v2", 1), (None, "v3", 1)], "key STRING, value STRING, partition INT")
    df.write.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", topic).save()
    assert sorted(consume(bootstrap, topic, 3), key=lambda r: r[1]) == [("k1", "v1", 0), ("k2", "v2", 1), (None, "v3", 1)]
    with pytest.raises(PySparkException, match="Required attribute 'value' not found"):
        spark.range(1).write.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", topic).save()
    with pytest.raises(PySparkException, match="topic option required"):
        spark.range(1).selectExpr("'x' AS value").write.format("kafka") \
            .option("kafka.bootstrap.servers", bootstrap).save()


def test_kafka_to_windowed_count_to_kafka(spark, bootstrap, tmp_path):
    source, sink = new_topic(bootstrap), new_topic(bootstrap)
    produce(bootstrap, source, [json.dumps({"product_id": p, "ts": "2024-01-01 10:0%d:00" % m})
                                for p, m in [("a", 1), ("b", 2), ("a", 3)]])
    clicks = kafka(spark, bootstrap, subscribe=source, startingOffsets="earliest") \
        .select(F.from_json(F.col("value").cast("string"), "product_id STRING, ts TIMESTAMP").alias("e")) \
        .select("e.product_id", "e.ts")
    counts = clicks.groupBy(F.window("ts", "5 minutes"), "product_id").count() \
        .select(F.col("product_id").alias("key"),
                F.to_json(F.struct(F.col("window.start").cast("string").alias("start"), "count")).alias("value"))
    q = counts.writeStream.outputMode("update").format("kafka").option("kafka.bootstrap.servers", bootstrap) \
        .option("topic", sink).option("checkpointLocation", str(tmp_path / "chk")).start()
    q.processAllAvailable()
    produce(bootstrap, source, [json.dumps({"product_id": "b", "ts": "2024-01-01 10:04:00"})])
    q.processAllAvailable()
    q.stop()
    records = consume(bootstrap, sink, 3)
    assert sorted((k, json.loads(v)["count"]) for k, v, _ in records) == [("a", 2), ("b", 1), ("b", 2)]
    assert q.lastProgress["sink"]["description"] == "KafkaSink[%s]" % sink


def test_sink_without_a_value_column_fails_the_query(spark, bootstrap, tmp_path):
    topic = new_topic(bootstrap)
    produce(bootstrap, topic, ["x"])
    q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest").selectExpr("topic") \
        .writeStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", topic) \
        .option("checkpointLocation", str(tmp_path / "chk")).start()
    with pytest.raises(StreamingQueryException, match="Required attribute 'value' not found"):
        q.awaitTermination(60)


def test_exactly_once_sink_skips_a_batch_kafka_already_has(spark, bootstrap, tmp_path):
    source, sink = new_topic(bootstrap), new_topic(bootstrap)
    produce(bootstrap, source, ["r%d" % i for i in range(6)])
    chk = str(tmp_path / "chk")

    def run():
        q = kafka(spark, bootstrap, subscribe=source, startingOffsets="earliest", maxOffsetsPerTrigger=2) \
            .select("value").writeStream.format("kafka").option("kafka.bootstrap.servers", bootstrap) \
            .option("topic", sink).option("deliveryGuarantee", "exactly-once") \
            .option("checkpointLocation", chk).start()
        q.processAllAvailable()
        q.stop()

    run()
    # As if the process died after Kafka committed batch 2 but before the checkpoint did.
    os.remove(os.path.join(chk, "commits", "2"))
    run()
    assert sorted(v for _, v, _ in consume(bootstrap, sink, 6)) == ["r%d" % i for i in range(6)]
    assert len(consume(bootstrap, sink, 7, timeout=3)) == 6  # and nothing more


def test_exactly_once_options(spark, bootstrap):
    df = spark.range(1).selectExpr("'x' AS value")
    with pytest.raises(PySparkException, match="needs the 'topic' option"):
        df.write.format("kafka").option("kafka.bootstrap.servers", bootstrap) \
            .option("deliveryGuarantee", "exactly-once").save()
    with pytest.raises(PySparkException, match="deliveryGuarantee"):
        df.write.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", "t") \
            .option("deliveryGuarantee", "twice").save()


KILLED_JOB = """
import sys
from spate.sql import SparkSession
bootstrap, source, sink, chk, trigger = sys.argv[1:6]
spark = SparkSession.builder.getOrCreate()
df = spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", source) \\
    .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 50).load()
w = df.selectExpr("CAST(value AS STRING) AS value").writeStream.format("kafka") \\
    .option("kafka.bootstrap.servers", bootstrap).option("topic", sink) \\
    .option("deliveryGuarantee", "exactly-once").option("checkpointLocation", chk)
w = w.trigger(availableNow=True) if trigger == "availableNow" else w.trigger(processingTime="100 milliseconds")
w.start().awaitTermination()
"""


def test_exactly_once_under_sigkill(bootstrap, tmp_path):
    """SIGKILL at random moments, then a run to the end: a read_committed consumer sees
    every input record in the output exactly once."""
    import random
    import signal
    import sys
    source, sink = new_topic(bootstrap, partitions=2), new_topic(bootstrap)
    produce(bootstrap, source, ["m%04d" % i for i in range(1000)])
    job = tmp_path / "job.py"
    job.write_text(KILLED_JOB)
    chk = str(tmp_path / "chk")
    env = dict(os.environ)
    rng = random.Random(7)
    for _ in range(8):
        p = subprocess.Popen([sys.executable, str(job), bootstrap, source, sink, chk, "processingTime"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.5))
        p.send_signal(signal.SIGKILL)
        p.wait(30)
    final = subprocess.run([sys.executable, str(job), bootstrap, source, sink, chk, "availableNow"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stdout + final.stderr
    values = [v for _, v, _ in consume(bootstrap, sink, 1001, timeout=15)]
    assert sorted(values) == ["m%04d" % i for i in range(1000)]


def test_batch_read(spark, bootstrap):
    topic = new_topic(bootstrap, partitions=2)
    produce(bootstrap, topic, ["a0", "a1", "a2"], partition=0)
    produce(bootstrap, topic, ["b0"], partition=1)

    def read(**options):
        reader = spark.read.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic)
        for k, v in options.items():
            reader = reader.option(k, v)
        return sorted(r.v for r in reader.load().selectExpr("CAST(value AS STRING) v").collect())

    assert read() == ["a0", "a1", "a2", "b0"]
    assert read(startingOffsets=json.dumps({topic: {"0": 1, "1": -2}}),
                endingOffsets=json.dumps({topic: {"0": 2, "1": -1}})) == ["a1", "b0"]
    with pytest.raises(PySparkException, match="can't be latest for batch"):
        read(startingOffsets="latest")
    with pytest.raises(PySparkException, match="can't be earliest for batch"):
        read(endingOffsets="earliest")


def test_broker_stopped_and_restarted_under_a_running_query(spark, tmp_path):
    broker = str(tmp_path / "broker")

    def start_broker():
        return subprocess.run([BROKER, "start", broker, str(os.getpid())], check=True, capture_output=True,
                              text=True, timeout=300).stdout.strip().splitlines()[-1]

    def stop_broker():
        subprocess.run([BROKER, "stop", broker], check=True, timeout=60)

    bs = start_broker()
    try:
        topic = new_topic(bs)
        chk = str(tmp_path / "chk")
        seen = []
        produced = ["a%d" % i for i in range(50)]
        produce(bs, topic, produced)

        def start_query(retries):
            options = {"subscribe": topic, "startingOffsets": "earliest", "fetchOffset.numRetries": retries,
                       "fetchOffset.retryIntervalMs": 500}
            return kafka(spark, bs, **options).selectExpr("CAST(value AS STRING) v").writeStream \
                .option("checkpointLocation", chk) \
                .foreachBatch(lambda df, batch_id: seen.extend(r.v for r in df.collect())).start()

        # A short outage is waited for (fetchOffset.numRetries), and the query goes on.
        q = start_query(60)
        q.processAllAvailable()
        stop_broker()
        time.sleep(2)
        start_broker()
        more = ["b%d" % i for i in range(50)]
        produce(bs, topic, more)
        produced += more
        q.processAllAvailable()
        assert q.isActive
        q.stop()

        # Without retries, the outage stops the query with an error naming the broker.
        q = start_query(0)
        q.processAllAvailable()
        stop_broker()
        with pytest.raises(StreamingQueryException, match="Kafka source: cannot .* %s" % bs):
            q.awaitTermination(90)

        # Restarted from its checkpoint once the broker is back: nothing lost, nothing twice.
        start_broker()
        more = ["c%d" % i for i in range(50)]
        produce(bs, topic, more)
        produced += more
        q = start_query(3)
        q.processAllAvailable()
        q.stop()
        assert sorted(seen) == sorted(produced)
    finally:
        subprocess.run([BROKER, "stop", broker], check=False, timeout=60)


def test_headers_read_and_written(spark, bootstrap, tmp_path):
    source, sink = new_topic(bootstrap), new_topic(bootstrap)
    p = Producer({"bootstrap.servers": bootstrap})
    p.produce(source, value=b"with", headers=[("h1", b"x"), ("h2", None)])
    p.produce(source, value=b"without")
    assert p.flush(30) == 0
    df = kafka(spark, bootstrap, subscribe=source, startingOffsets="earliest", includeHeaders="true")
    assert df.schema["headers"].dataType.simpleString() == "array<struct<key:string,value:binary>>"
    q = df.select("value", "headers").writeStream.format("kafka").option("kafka.bootstrap.servers", bootstrap) \
        .option("topic", sink).option("checkpointLocation", str(tmp_path / "chk")).start()
    q.processAllAvailable()
    q.stop()
    from confluent_kafka import Consumer
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "headers", "auto.offset.reset": "earliest"})
    c.subscribe([sink])
    got, deadline = {}, time.monotonic() + 30
    while len(got) < 2 and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            got[m.value()] = m.headers()
    c.close()
    assert got == {b"with": [("h1", b"x"), ("h2", None)], b"without": None}
    rows = spark.read.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", source) \
        .option("includeHeaders", "true").load().orderBy("offset").select("headers").collect()
    assert [r.headers for r in rows][0][0].key == "h1"


def test_offsets_by_timestamp(spark, bootstrap):
    topic = new_topic(bootstrap)
    p = Producer({"bootstrap.servers": bootstrap})
    for i, ts in enumerate([1000, 2000, 3000]):
        p.produce(topic, value=b"v%d" % i, timestamp=ts)
    assert p.flush(30) == 0

    def stream(**options):
        q = kafka(spark, bootstrap, subscribe=topic, **options).selectExpr("CAST(value AS STRING) v") \
            .writeStream.format("memory").queryName("by_time").start()
        q.processAllAvailable()
        q.stop()
        return sorted(r.v for r in spark.sql("SELECT v FROM by_time").collect())

    def batch(**options):
        reader = spark.read.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic)
        for k, v in options.items():
            reader = reader.option(k, v)
        return sorted(r.v for r in reader.load().selectExpr("CAST(value AS STRING) v").collect())

    assert stream(startingTimestamp=2000) == ["v1", "v2"]
    assert stream(startingOffsetsByTimestamp=json.dumps({topic: {"0": 2500}})) == ["v2"]
    assert stream(startingTimestamp=9000, startingOffsetsByTimestampStrategy="latest") == []
    with pytest.raises(StreamingQueryException, match="startingOffsetsByTimestampStrategy"):
        stream(startingTimestamp=9000)
    assert batch(endingTimestamp=2500) == ["v0", "v1"]
    assert batch(startingTimestamp=1500, endingOffsetsByTimestamp=json.dumps({topic: {"0": 3000}})) == ["v1"]


def test_min_offsets_per_trigger_waits_for_enough_or_max_trigger_delay(spark, bootstrap):
    topic = new_topic(bootstrap)
    produce(bootstrap, topic, ["a", "b", "c"])
    batches = []
    q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest", minOffsetsPerTrigger=5,
              maxTriggerDelay="1h").writeStream.foreachBatch(lambda df, batch_id: batches.append(df.count())).start()
    q.processAllAvailable()
    assert batches == []  # 3 < 5
    produce(bootstrap, topic, ["d", "e"])
    q.processAllAvailable()
    q.stop()
    assert batches == [5]  # enough now

    # Too few, but maxTriggerDelay after the query started they run anyway.
    delayed = []
    started = time.monotonic()
    q = kafka(spark, bootstrap, subscribe=topic, startingOffsets="earliest", minOffsetsPerTrigger=100,
              maxTriggerDelay="2s").writeStream \
        .foreachBatch(lambda df, batch_id: delayed.append((time.monotonic() - started, df.count()))).start()
    deadline = time.monotonic() + 30
    while not delayed and time.monotonic() < deadline:
        time.sleep(0.05)
    q.stop()
    assert delayed and delayed[0][1] == 5 and delayed[0][0] >= 2.0
    with pytest.raises(PySparkException, match="higher than the maxOffsetsPerTrigger"):
        kafka(spark, bootstrap, subscribe=topic, minOffsetsPerTrigger=10, maxOffsetsPerTrigger=5)


def test_sql_view_using_kafka(spark, bootstrap):
    topic = new_topic(bootstrap)
    produce(bootstrap, topic, ["x", "y"])
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW kafka_view USING kafka OPTIONS ('kafka.bootstrap.servers' '%s', "
              "subscribe '%s', startingOffsets 'earliest')" % (bootstrap, topic))
    assert spark.sql("SELECT count(*) FROM kafka_view").collect()[0][0] == 2  # a table
    q = spark.sql("SELECT CAST(value AS STRING) v FROM STREAM(kafka_view)").writeStream.format("memory") \
        .queryName("kafka_view_stream").start()  # and a stream
    q.processAllAvailable()
    q.stop()
    assert sorted(r.v for r in spark.sql("SELECT v FROM kafka_view_stream").collect()) == ["x", "y"]
    with pytest.raises(PySparkException, match="kafka.bootstrap.servers"):
        spark.sql("CREATE TEMPORARY VIEW bad_kafka USING kafka OPTIONS (subscribe 't')")
