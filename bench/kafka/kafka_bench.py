#!/usr/bin/env python3
"""Kafka (8 partitions) -> JSON parse -> 10-second window count by key -> Kafka, on a
real broker started on this machine (tests/kafka/broker.sh).

1. Produces N JSON events {"key": "k<i % 1000>", "ts": <ms>} to an 8-partition topic
   (event time advancing 1 ms per event).
2. Runs the query as a SQL job in its own spate process (`build/spate run`) with
   TRIGGER AVAILABLE NOW, so its CPU time is the query's alone: events/s (wall),
   events/s per core (events / CPU seconds of that process) and peak RSS; into the
   noop sink (consume + parse + aggregate) and into a Kafka topic; as one batch of all
   N events, and as a sustained stream is run, in micro-batches of 250K events
   (maxOffsetsPerTrigger); `runs` times each (the median run is reported: the broker
   shares the machine, and single runs vary by 20%).
3. Latency: the same query with the default trigger while events are produced at half
   the measured rate, each event's time being its produce time; each output record's
   arrival (read back by a consumer) minus the newest event time its count includes
   gives p50 and p99.

Run (after scripts/build): python3 bench/kafka/kafka_bench.py [events] [runs]
"""

import json
import os
import signal
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

SPATE = os.path.join(REPO, "build", "spate")

# The query as a SQL job file run by `spate run`: the process measured is spate's own.
JOB = """
CREATE TEMPORARY VIEW events USING kafka
OPTIONS ('kafka.bootstrap.servers' '{bootstrap}', subscribe '{source}', startingOffsets 'earliest'{limit});

CREATE TEMPORARY VIEW parsed AS
SELECT e.key AS key, e.ts AS ts_ms, timestamp_millis(e.ts) AS ts
FROM (SELECT from_json(CAST(value AS STRING), 'key STRING, ts BIGINT') AS e FROM STREAM(events));

START STREAMING QUERY kafka_bench
USING {sink}
OUTPUT MODE update
{trigger}
CHECKPOINT LOCATION '{chk}'
AS SELECT key, to_json(named_struct('start', CAST(window.start AS STRING), 'count', count, 'newest', newest)) AS value
   FROM (SELECT window, key, count(*) AS count, max(ts_ms) AS newest
         FROM parsed WATERMARK ts DELAY OF INTERVAL 10 SECONDS
         GROUP BY window(ts, '10 seconds'), key);
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


def run_query(bootstrap, source, sink, trigger, seconds=0, per_batch="all"):
    """Runs the job in a spate process; with the default trigger, stops it (SIGINT)
    after `seconds`. Its wall and CPU time, peak RSS, and the records its checkpoint
    says it read."""
    chk = tempfile.mkdtemp(prefix="spate-kafka-bench-chk-")
    sink_clause = "noop" if sink == "noop" else \
        "kafka OPTIONS ('kafka.bootstrap.servers' '%s', topic '%s')" % (bootstrap, sink)
    job = os.path.join(chk, "job.sql")
    with open(job, "w") as f:
        f.write(JOB.format(bootstrap=bootstrap, source=source, sink=sink_clause, chk=os.path.join(chk, "state"),
                           limit="" if per_batch == "all" else ", maxOffsetsPerTrigger '%s'" % per_batch,
                           trigger="TRIGGER AVAILABLE NOW" if trigger == "availableNow" else ""))
    t0 = time.time()
    proc = subprocess.Popen([SPATE, "run", job], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if trigger != "availableNow":
        time.sleep(seconds)
        proc.send_signal(signal.SIGINT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.time() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 130):
        raise RuntimeError("spate run failed (%d): %s" % (code, proc.stderr.read().decode()))
    offsets = os.path.join(chk, "state", "offsets")
    last = max((f for f in os.listdir(offsets) if f.isdigit()), key=int)
    with open(os.path.join(offsets, last)) as f:
        read = sum(json.loads(f.read().strip().splitlines()[-1])[source].values())
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "rows": read}


def throughput(bootstrap, source, n, sink_kind, runs, per_batch):
    """The median run (by CPU time) of `runs` queries, each reading all n events, in
    batches of per_batch events ("all": one batch)."""
    results = []
    for _ in range(runs):
        sink = "noop"
        if sink_kind == "kafka":
            sink = "bench-out-%s" % uuid.uuid4().hex[:8]
            create_topic(bootstrap, sink, 8)
        r = run_query(bootstrap, source, sink, "availableNow", per_batch=per_batch)
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
    bootstrap = subprocess.run([BROKER, "start", broker_dir, str(os.getpid())], check=True, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
    try:
        source = "bench-src-%s" % uuid.uuid4().hex[:8]
        create_topic(bootstrap, source, 8)
        produce(bootstrap, source, n, start_ms=1_700_000_000_000)
        for sink_kind, per_batch in (("noop", "all"), ("noop", 250_000), ("kafka", "all"), ("kafka", 250_000)):
            r, cpus = throughput(bootstrap, source, n, sink_kind, runs, per_batch)
            print(json.dumps({"bench": "kafka_json_window_count_to_" + sink_kind, "events": n,
                              "events_per_batch": per_batch,
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
