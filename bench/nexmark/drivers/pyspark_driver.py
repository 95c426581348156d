#!/usr/bin/env python3
"""Runs one Nexmark query as a PySpark Structured Streaming program, on Spark or on spate:
the same program, only the import differs.

    driver --engine spate|spark --query bench/nexmark/queries/q0.sql --events DIR [--cores 2]

It reads the JSON lines of bench/nexmark/gen.py as a stream (`maxFilesPerTrigger` files a
micro-batch, until none are left: `availableNow`), runs the query, and sinks every batch
into a count and a checksum: the sum of `pmod(xxhash64(<all columns>), 2147483647)` over
the rows (in complete mode, of the last batch: the final result table). It prints START
when the query starts and END when it has finished (the harness samples CPU time there),
then one JSON line with the result.
"""

import argparse
import json
import re
import sys
import tempfile
import time

EVENT_SCHEMA = (
    "event_type INT, "
    "person STRUCT<id: BIGINT, name: STRING, emailAddress: STRING, creditCard: STRING, city: STRING, "
    "state: STRING, dateTime: TIMESTAMP, extra: STRING>, "
    "auction STRUCT<id: BIGINT, itemName: STRING, description: STRING, initialBid: BIGINT, reserve: BIGINT, "
    "dateTime: TIMESTAMP, expires: TIMESTAMP, seller: BIGINT, category: BIGINT, extra: STRING>, "
    "bid STRUCT<auction: BIGINT, bidder: BIGINT, price: BIGINT, channel: STRING, url: STRING, "
    "dateTime: TIMESTAMP, extra: STRING>, "
    "dateTime TIMESTAMP")

# The public Nexmark SQL's views, as Flink's Nexmark defines them: each reads the event's
# own time (the top-level dateTime).
VIEWS = [
    "CREATE OR REPLACE TEMPORARY VIEW person AS SELECT person.id AS id, person.name AS name, "
    "person.emailAddress AS emailAddress, person.creditCard AS creditCard, person.city AS city, "
    "person.state AS state, dateTime, person.extra AS extra FROM nexmark WHERE event_type = 0",
    "CREATE OR REPLACE TEMPORARY VIEW auction AS SELECT auction.id AS id, auction.itemName AS itemName, "
    "auction.description AS description, auction.initialBid AS initialBid, auction.reserve AS reserve, "
    "dateTime, auction.expires AS expires, auction.seller AS seller, auction.category AS category, "
    "auction.extra AS extra FROM nexmark WHERE event_type = 1",
    "CREATE OR REPLACE TEMPORARY VIEW bid AS SELECT bid.auction AS auction, bid.bidder AS bidder, "
    "bid.price AS price, bid.channel AS channel, bid.url AS url, dateTime, bid.extra AS extra "
    "FROM nexmark WHERE event_type = 2",
]


def read_query(path):
    """The query's statements and its output mode (its `-- mode:` line)."""
    text = open(path).read()
    mode = re.search(r"^-- mode: (\w+)", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    statements = [s.strip() for s in body.split(";") if s.strip()]
    return statements, mode.group(1) if mode else "append"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["spate", "spark"], required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--events", required=True, help="directory of JSON lines from gen.py")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--files-per-trigger", type=int, default=1)
    args = parser.parse_args()

    if args.engine == "spark":
        from pyspark.sql import SparkSession
    else:
        from spate.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{args.cores}]").appName("nexmark")
             .config("spark.sql.shuffle.partitions", str(args.cores))
             .config("spark.driver.memory", "8g")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    statements, mode = read_query(args.query)
    events = (spark.readStream.schema(EVENT_SCHEMA)
              .option("maxFilesPerTrigger", args.files_per_trigger).json(args.events))
    events.createOrReplaceTempView("nexmark")
    for statement in VIEWS + statements[:-1]:
        spark.sql(statement)
    result = spark.sql(statements[-1])
    columns = ", ".join(f"`{c}`" for c in result.columns)
    totals = {"rows": 0, "checksum": 0, "batches": 0}

    def count_and_checksum(batch, batch_id):
        n, s = batch.selectExpr(
            "count(*)", f"coalesce(sum(pmod(xxhash64({columns}), 2147483647)), 0)").collect()[0]
        if mode == "complete":
            totals["rows"], totals["checksum"] = n, s
        else:
            totals["rows"] += n
            totals["checksum"] += s
        totals["batches"] += 1

    checkpoint = tempfile.mkdtemp(prefix="nexmark-checkpoint-")
    print("START", flush=True)
    start = time.monotonic()
    try:
        query = (result.writeStream.outputMode(mode).foreachBatch(count_and_checksum)
                 .option("checkpointLocation", checkpoint).trigger(availableNow=True).start())
        query.awaitTermination()
    except Exception as e:  # a query the engine cannot run: the table says why
        message = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print("END", flush=True)
        print(json.dumps({"error": message[:300]}), flush=True)
        spark.stop()
        return
    seconds = time.monotonic() - start
    print("END", flush=True)
    print(json.dumps({"rows": totals["rows"], "checksum": totals["checksum"], "batches": totals["batches"],
                      "seconds": seconds}), flush=True)
    spark.stop()


if __name__ == "__main__":
    sys.exit(main())
