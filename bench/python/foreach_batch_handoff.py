#!/usr/bin/env python3
"""What foreachBatch's hand-off of a 1M-row micro-batch to Arrow and to pandas costs.

A rate-micro-batch stream of 1M rows per batch (value, timestamp, a string and a
double column) runs foreachBatch; inside, each batch is turned into a pyarrow.Table
(pa.table(df): the Arrow PyCapsule stream, no copy) and into a pandas DataFrame
(df.toPandas()). Prints one JSON line per measurement: median and max milliseconds over
the batches after the first (warm-up).

Run: PYTHONPATH=build/python python3 bench/python/foreach_batch_handoff.py [batches]
"""

import json
import statistics
import sys
import time

import pyarrow as pa

from spate.sql import SparkSession

ROWS_PER_BATCH = 1_000_000


def main():
    batches = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    spark = SparkSession.builder.appName("foreach_batch_handoff").getOrCreate()
    spark.conf.set("spark.sql.shuffle.partitions", "1")
    df = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", ROWS_PER_BATCH).load() \
        .selectExpr("value", "timestamp", "CAST(value % 1000 AS STRING) AS s", "CAST(value AS DOUBLE) / 3 AS d")
    arrow_ms, pandas_ms, rows = [], [], []

    def handoff(batch_df, batch_id):
        t0 = time.perf_counter()
        table = pa.table(batch_df)
        t1 = time.perf_counter()
        pdf = batch_df.toPandas()
        t2 = time.perf_counter()
        rows.append((table.num_rows, len(pdf)))
        arrow_ms.append((t1 - t0) * 1000)
        pandas_ms.append((t2 - t1) * 1000)

    q = df.writeStream.foreachBatch(handoff).start()
    while len(rows) < batches and q.isActive:
        time.sleep(0.01)
    q.stop()
    assert all(r == (ROWS_PER_BATCH, ROWS_PER_BATCH) for r in rows), rows
    for name, ms in (("foreach_batch_1m_rows_to_arrow", arrow_ms), ("foreach_batch_1m_rows_to_pandas", pandas_ms)):
        warm = ms[1:] or ms
        print(json.dumps({"bench": name, "rows": ROWS_PER_BATCH, "batches": len(warm),
                          "median_ms": round(statistics.median(warm), 2), "max_ms": round(max(warm), 2)}))


if __name__ == "__main__":
    main()
