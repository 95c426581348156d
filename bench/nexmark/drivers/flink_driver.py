#!/usr/bin/env python3
"""Runs one Nexmark query on Flink (PyFlink's local mini-cluster, streaming mode) over the
JSON lines of bench/nexmark/gen.py.

    driver --query bench/nexmark/queries/flink/q0.sql --events DIR --jar spark-xxhash64.jar [--cores 2]

The events are a `filesystem` table with a 4 s watermark on the event time, as in Flink's
Nexmark; the views and session settings are Flink Nexmark's (mini-batch of 2 s or 50000
rows, split distinct aggregates). The query's result feeds `count(*)` and the sum of
`pmod(spark_xxhash64(<all columns>), 2147483647)`: Spark's xxhash64 in Java
(flink/SparkXxHash64.java), so that the checksum is comparable with Spark's and spate's.
For an updating result Flink's aggregate takes the retractions, so the figures are those
of the final result table. Prints START, END, then one JSON line with the result.
"""

import argparse
import json
import sys
import time

EVENTS_DDL = """
CREATE TABLE nexmark (
  event_type INT,
  person ROW<id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING,
             state STRING, `dateTime` TIMESTAMP_LTZ(3), extra STRING>,
  auction ROW<id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT,
              `dateTime` TIMESTAMP_LTZ(3), expires TIMESTAMP_LTZ(3), seller BIGINT, category BIGINT,
              extra STRING>,
  bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,
          `dateTime` TIMESTAMP_LTZ(3), extra STRING>,
  `dateTime` TIMESTAMP_LTZ(3),
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '{path}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.fail-on-missing-field' = 'false'
)"""

VIEWS = [
    "CREATE VIEW person AS SELECT person.id AS id, person.name AS name, person.emailAddress AS emailAddress, "
    "person.creditCard AS creditCard, person.city AS city, person.state AS state, `dateTime`, "
    "person.extra AS extra FROM nexmark WHERE event_type = 0",
    "CREATE VIEW auction AS SELECT auction.id AS id, auction.itemName AS itemName, "
    "auction.description AS description, auction.initialBid AS initialBid, auction.reserve AS reserve, "
    "`dateTime`, auction.expires AS expires, auction.seller AS seller, auction.category AS category, "
    "auction.extra AS extra FROM nexmark WHERE event_type = 1",
    "CREATE VIEW bid AS SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS price, "
    "bid.channel AS channel, bid.url AS url, `dateTime`, bid.extra AS extra FROM nexmark WHERE event_type = 2",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--query", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--jar", required=True, help="the jar of spate.bench.SparkXxHash64")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()

    from pyflink.table import EnvironmentSettings, TableEnvironment

    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    config = env.get_config()
    for key, value in {
        "parallelism.default": str(args.cores),
        "table.local-time-zone": "UTC",
        "pipeline.jars": f"file://{args.jar}",
        "table.exec.mini-batch.enabled": "true",
        "table.exec.mini-batch.allow-latency": "2 s",
        "table.exec.mini-batch.size": "50000",
        "table.optimizer.distinct-agg.split.enabled": "true",
    }.items():
        config.set(key, value)
    env.execute_sql(EVENTS_DDL.format(path=args.events))
    env.execute_sql("CREATE TEMPORARY FUNCTION spark_xxhash64 AS 'spate.bench.SparkXxHash64' LANGUAGE JAVA")
    for view in VIEWS:
        env.execute_sql(view)
    text = "\n".join(line for line in open(args.query).read().splitlines() if not line.startswith("--"))
    statements = [s.strip() for s in text.split(";") if s.strip()]
    for statement in statements[:-1]:
        env.execute_sql(statement)
    result = env.sql_query(statements[-1])
    env.create_temporary_view("query_result", result)
    columns = ", ".join(f"`{c}`" for c in result.get_schema().get_field_names())
    p = "CAST(2147483647 AS BIGINT)"  # Spark's pmod(h, 2147483647), in BIGINT arithmetic
    checksum = env.sql_query(f"SELECT count(*) AS n, COALESCE(SUM(MOD(MOD(spark_xxhash64({columns}), {p}) + {p}, {p})), 0) "
                             "AS s FROM query_result")

    print("START", flush=True)
    start = time.monotonic()
    rows, total = 0, 0
    try:
        with checksum.execute().collect() as results:
            for row in results:
                rows, total = row[0], row[1]
    except Exception as e:  # a query Flink cannot run: the table says why
        message = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print("END", flush=True)
        print(json.dumps({"error": message[:300]}), flush=True)
        return
    seconds = time.monotonic() - start
    print("END", flush=True)
    print(json.dumps({"rows": rows, "checksum": total, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
