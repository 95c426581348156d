#!/usr/bin/env python3
"""Kafka (8 partitions) -> JSON parse -> 10-second window count by key -> Kafka, on a
real broker started on this machine (tests/kafka/broker.sh).

1. Produces N JSON events {"key": "k<i % 1000>", "ts": <ms>} to an 8-partition topic
   (event time advancing 1 ms per event).
2. Runs the query in a separate spate process with Trigger.AvailableNow, so its CPU
   time is the query's alone: events/s (wall) and events/s per core (events / CPU
   seconds of that process), peak RSS; into the noop sink (consume + parse +
   aggregate) and into a Kafka topic, `runs` times each (the median run is reported:
   the broker shares the machine, and single runs vary by 20%).
3. Latency: the same query with the default trigger while events are produced at half
   the measured rate, each event's time being its produce time; each output record's
   arrival (read back by a consumer) minus the newest event time its count includes
   gives p50 and p99.

Run: PYTHONPATH=build/python python3 bench/kafka/kafka_bench.py [events] [runs]
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BROKER = os.path.join(REPO, "tests", "kafka", "broker.sh")

QUERY = r"""
import json, resource, sys, time
from spate.sql import SparkSession
from spate.sql import functions as F
bootstrap, source, sink, chk, trigger, seconds = sys.argv[1:7]
spark = SparkSession.builder.appName("kafka_bench").getOrCreate()
events = spark.readStream.format("kafka").option("kafka.bootstrap.servers", bootstrap) \
    .option("subscribe", source).option("startingOffsets", "earliest").load() \
    .select(F.from_json(F.col("value").cast("string"), "key STRING, ts BIGINT").alias("e")) \
    .select(F.col("e.key").alias("key"), F.col("e.ts").alias("ts_ms"), F.timestamp_millis(F.col("e.ts")).alias("ts"))
counts = events.withWatermark("ts", "10 seconds").groupBy(F.window("ts", "10 seconds"), "key") \
    .agg(F.count("*").alias("count"), F.max("ts_ms").alias("newest")) \
    .select(F.col("key"), F.to_json(F.struct(F.col("window.start").cast("string").alias("start"), "count",
                                             "newest")).alias("value"))
if sink == "noop":
    w = counts.writeStream.outputMode("update").format("noop")
else:
    w = counts.writeStream.outputMode("update").format("kafka").option("kafka.bootstrap.servers", bootstrap) \
        .option("topic", sink)
w = w.option("checkpointLocation", chk)
w = w.trigger(availableNow=True) if trigger == "availableNow" else w
t0 = time.time()
q = w.start()
if trigger == "availableNow":
    q.awaitTermination()
else:
    q.awaitTermination(float(seconds))
    q.stop()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.time() - t0, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024,
                  "rows": sum(p["numInputRows"] for p in q.recentProgress)}))
"""


def create_topic(bootstrap, name, partitions):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(name, partitions, 1)])[name].result(30)


def produce(bootstrap, topic, n, start_ms=None, rate=None):
    """n events; with start_ms, event time start_ms + i, else the produce time (latency
    runs, at `rate` events/s)."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "batch.num.messages": 10000,
                  "queue.buffering.max.messages": 1000000})
    t0 = time.time()
    ts = start_ms
    for i in range(n):
        if start_ms is not None:
            ts = start_ms + i
        elif i % 100 == 0:  # the clock read once per 100 events: the producer stays light
            ts = int(time.time() * 1000)
        p.produce(topic, b'{"key": "k%d", "ts": %d}' % (i % 1000, ts))
        if i % 1000 == 0:
            p.poll(0)
            if rate:
                ahead = i / rate - (time.time() - t0)
                if ahead > 0:
                    time.sleep(ahead)
    p.flush(120)
    return n / (time.time() - t0)


def run_query(bootstrap, source, sink, trigger, seconds=0):
    chk = tempfile.mkdtemp(prefix="spate-kafka-bench-chk-")
    args = [sys.executable, "-c", QUERY, bootstrap, source, sink, chk, trigger, str(seconds)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(out.stdout + out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def throughput(bootstrap, source, n, sink_kind, runs):
    """The median run (by CPU time) of `runs` queries, each reading all n events."""
    results = []
    for _ in range(runs):
        sink = "noop"
        if sink_kind == "kafka":
            sink = "bench-out-%s" % uuid.uuid4().hex[:8]
            create_topic(bootstrap, sink, 8)
        r = run_query(bootstrap, source, sink, "availableNow")
        assert r["rows"] == n, r
        results.append(r)
    results.sort(key=lambda r: r["cpu"])
    return results[len(results) // 2], [round(r["cpu"], 2) for r in results]


def latency(bootstrap, rate, seconds):
    """Events produced at `rate` with their produce time as event time; each result's
    arrival (read back by a consumer) minus the newest event time it counts."""
    source, sink = "lat-src-%s" % uuid.uuid4().hex[:8], "lat-out-%s" % uuid.uuid4().hex[:8]
    create_topic(bootstrap, source, 8)
    create_topic(bootstrap, sink, 8)
    delays_ms = []
    stop = threading.Event()

    def read_results():
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": uuid.uuid4().hex, "auto.offset.reset": "earliest",
                      "fetch.wait.max.ms": 5})
        c.subscribe([sink])
        while not stop.is_set():
            batch = c.consume(10000, 0.002)  # returns at the count or the timeout: keep it short
            now_ms = time.time() * 1000
            delays_ms.extend(now_ms - json.loads(m.value())["newest"] for m in batch if not m.error())
        c.close()

    reader = threading.Thread(target=read_results)
    reader.start()
    query = threading.Thread(target=run_query, args=(bootstrap, source, sink, "default", seconds + 8))
    query.start()
    time.sleep(4)  # the query is up and waiting
    achieved = produce(bootstrap, source, int(rate * seconds), rate=rate)
    query.join()
    stop.set()
    reader.join()
    delays_ms.sort()
    pick = lambda q: round(delays_ms[min(len(delays_ms) - 1, int(q * len(delays_ms)))], 1)
    return {"rate": round(achieved), "results": len(delays_ms), "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    broker_dir = tempfile.mkdtemp(prefix="spate-kafka-bench-")
    bootstrap = subprocess.run([BROKER, "start", broker_dir], check=True, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
    try:
        source = "bench-src-%s" % uuid.uuid4().hex[:8]
        create_topic(bootstrap, source, 8)
        produce(bootstrap, source, n, start_ms=1_700_000_000_000)
        for sink_kind in ("noop", "kafka"):
            r, cpus = throughput(bootstrap, source, n, sink_kind, runs)
            print(json.dumps({"bench": "kafka_json_window_count_to_" + sink_kind, "events": n,
                              "seconds": round(r["wall"], 2), "cpu_seconds": round(r["cpu"], 2),
                              "events_per_sec": round(n / r["wall"]), "events_per_cpu_sec": round(n / r["cpu"]),
                              "peak_rss_mb": round(r["rss_mb"], 1), "cpu_seconds_of_each_run": cpus}), flush=True)
        rate = n / r["wall"] / 2
        print(json.dumps({"bench": "kafka_window_count_latency_at_half_rate", "target_rate": round(rate),
                          **latency(bootstrap, rate, 20)}), flush=True)
    finally:
        subprocess.run([BROKER, "stop", broker_dir], check=False)
        subprocess.run(["rm", "-rf", broker_dir], check=False)


if __name__ == "__main__":
    main()
