"""Delta Lake: spate beside the deltalake package (delta-rs) in the same run.

  PYTHONPATH=build/python python3 bench/python/delta_bench.py [rows] [runs]

- batch write and read of `rows` rows x 5 columns (bigint, double, string, int, date),
  snappy, one data file: spate's df.write.format("delta") and spark.read.format("delta")
  (a scan that sums a double and takes the max of a string), and deltalake's
  write_deltalake and DeltaTable.to_pyarrow_table() on the same rows;
- the streaming sink: one-row micro-batches committed to a table (each a commit with a
  txn action, data file and commit fsynced), per-batch addBatch time early and late in a
  1,000-batch stream (the sink reads only the commits since its last);
- reading a table of 200 one-file commits (a log replay without checkpoints).
Medians of `runs` (default 3) runs; seconds and rows/s."""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from deltalake import DeltaTable, write_deltalake

from spate.sql import SparkSession


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    spark = SparkSession.builder.appName("delta-bench").getOrCreate()
    root = tempfile.mkdtemp(prefix="delta_bench_")
    df = spark.sql(f"SELECT id, id * 0.5 AS d, concat('name-', id % 1000) AS s, CAST(id % 100000 AS INT) AS i, "
                   f"date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS day FROM range({rows})")
    out = os.path.join(root, "spate")

    def spate_write():
        shutil.rmtree(out, ignore_errors=True)
        df.write.format("delta").save(out)

    w = median_time(spate_write, runs)
    r = median_time(lambda: spark.read.format("delta").load(out).selectExpr("sum(d)", "max(s)").collect(), runs)
    arrow = DeltaTable(out).to_pyarrow_table()
    dl = os.path.join(root, "deltalake")

    def deltalake_write():
        shutil.rmtree(dl, ignore_errors=True)
        write_deltalake(dl, arrow)

    dw = median_time(deltalake_write, runs)
    dr = median_time(lambda: DeltaTable(dl).to_pyarrow_table(), runs)
    print(f"| batch write, {rows:,} rows | spate {w:.2f} s ({rows / w / 1e6:.2f} M rows/s) | "
          f"deltalake {dw:.2f} s ({rows / dw / 1e6:.2f} M rows/s) |")
    print(f"| batch read, {rows:,} rows | spate {r:.2f} s scan+aggregate ({rows / r / 1e6:.2f} M rows/s) | "
          f"deltalake {dr:.2f} s to Arrow ({rows / dr / 1e6:.2f} M rows/s) |")

    src = os.path.join(root, "in")
    os.makedirs(src)
    batches = 1000
    for f in range(batches):
        with open(os.path.join(src, f"f{f:04d}.json"), "w") as fh:
            fh.write(json.dumps({"id": f}) + "\n")
    q = (spark.readStream.schema("id BIGINT").option("maxFilesPerTrigger", 1).json(src).writeStream.format("delta")
         .option("checkpointLocation", os.path.join(root, "ck")).trigger(availableNow=True)
         .start(os.path.join(root, "stream")))
    t = time.perf_counter()
    q.awaitTermination()
    total = time.perf_counter() - t
    progress = q.recentProgress  # the last 100 batches
    late = statistics.median(p["durationMs"].get("addBatch", 0) for p in progress)
    print(f"| streaming sink, {batches} one-row batches | {total / batches * 1000:.1f} ms per batch in all; "
          f"addBatch median {late:.1f} ms over the last 100 | |")

    many = os.path.join(root, "many")
    one = spark.createDataFrame([(1,)], "x INT")
    for _ in range(200):
        one.write.format("delta").mode("append").save(many)
    rr = median_time(lambda: spark.read.format("delta").load(many).count(), runs)
    ddr = median_time(lambda: DeltaTable(many).to_pyarrow_table(), runs)
    print(f"| read a table of 200 commits | spate {rr * 1000:.0f} ms | deltalake {ddr * 1000:.0f} ms |")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
