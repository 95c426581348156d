#!/usr/bin/env python3
"""Writes Nexmark events to files so that Spark, Flink and spate read the same events.

    PYTHONPATH=build/python bench/nexmark/gen.py --events 10000000 --format json --out /tmp/nexmark-json
    PYTHONPATH=build/python bench/nexmark/gen.py --events 10000000 --format csv --out /tmp/nexmark-csv

The column layout is in docs/nexmark.md ("Events as files").
"""

import argparse
import sys
import time

from spate.nexmark import write_events
from spate.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("--out", required=True, help="output directory (replaced)")
    parser.add_argument("--rate", type=int, default=None, help="events per second of event time (default 10000)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--events-per-file", type=int, default=None,
                        help="start a new file after this many events (default: one file)")
    args = parser.parse_args()
    options = {k: v for k, v in (("rate", args.rate), ("seed", args.seed)) if v is not None}
    spark = SparkSession.builder.getOrCreate()
    start = time.monotonic()
    write_events(spark, args.out, args.events, args.format, events_per_file=args.events_per_file, **options)
    seconds = time.monotonic() - start
    print(f"{args.events} events as {args.format} in {args.out}: {seconds:.1f} s, "
          f"{args.events / seconds / 1e6:.2f} M events/s", file=sys.stderr)


if __name__ == "__main__":
    main()
