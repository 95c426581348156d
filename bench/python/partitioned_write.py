#!/usr/bin/env python3
"""What partitionBy costs when writing, and what partition pruning saves when reading.

N rows (default 10M) of id BIGINT, p BIGINT (id % 100), key BIGINT (id % 10000),
v DOUBLE and s STRING are written by spate to Parquet without partitioning, with
partitionBy("p") (100 folders) and with partitionBy("key") (10K folders, 1K rows
each), and to CSV with partitionBy("p"); pyarrow writes the same rows (an Arrow table
built beforehand, one thread) with ds.write_dataset(partitioning=["p"]). Then spate
reads the 100-folder table whole and with a filter p = 7. Prints a Markdown table:
seconds, rows/s, and rows per CPU-second of this process (CPU time counts every
thread, so it is per core).

Run: PYTHONPATH=build/python python3 bench/python/partitioned_write.py [rows]
"""

import resource
import shutil
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from spate.sql import SparkSession


def measure(label, rows, fn, out):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out.append(f"| {label} | {wall:.2f} | {rows / wall / 1e6:.2f} | {rows / max(cpu, 1e-9) / 1e6:.2f} |")
    return result


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    spark = SparkSession.builder.appName("partitioned_write").getOrCreate()
    root = tempfile.mkdtemp(prefix="spate-partition-bench-")
    df = spark.range(n).selectExpr("id", "id % 100 AS p", "id % 10000 AS key", "CAST(id AS DOUBLE) * 0.5 AS v",
                                   "concat('s', CAST(id % 1000 AS STRING)) AS s")
    lines = ["| run | seconds | M rows/s | M rows per CPU-second |", "|---|---|---|---|"]
    measure("spate parquet, not partitioned", n, lambda: df.write.parquet(root + "/flat"), lines)
    measure("spate parquet, partitionBy(p): 100 folders", n, lambda: df.write.partitionBy("p").parquet(root + "/p"),
            lines)
    measure("spate parquet, partitionBy(key): 10K folders", n,
            lambda: df.write.partitionBy("key").parquet(root + "/key"), lines)
    measure("spate csv, partitionBy(p)", n, lambda: df.write.partitionBy("p").csv(root + "/csv"), lines)

    ids = pa.array(range(n), pa.int64())
    table = pa.table({"id": ids, "p": pc.remainder(ids, 100), "key": pc.remainder(ids, 10000),
                      "v": pc.multiply(pc.cast(ids, pa.float64()), 0.5),
                      "s": pc.binary_join_element_wise("s", pc.cast(pc.remainder(ids, 1000), pa.string()), "")})
    measure("pyarrow write_dataset parquet, partitioning=[p]", n,
            lambda: ds.write_dataset(table, root + "/pa", format="parquet", partitioning=["p"],
                                     partitioning_flavor="hive", use_threads=False), lines)

    total = measure("spate read parquet, 100 folders, count()", n, lambda: spark.read.parquet(root + "/p").count(),
                    lines)
    pruned = measure("spate read parquet, 100 folders, filter p = 7 (99 folders skipped)", n,
                     lambda: spark.read.parquet(root + "/p").filter("p = 7").count(), lines)
    assert total == n and pruned == n // 100 + (1 if n % 100 > 7 else 0), (total, pruned)
    shutil.rmtree(root)
    lines.append("")
    lines.append(f"{n:,} rows; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB. "
                 "The filtered read's rows/s count the table's rows.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
