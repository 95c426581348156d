#!/usr/bin/env python3
"""Parquet write and read, spate beside pyarrow in the same run.

10M rows x 10 mixed columns (bigint ids, int quantities, double prices, a double with
10% nulls, a string of 5,000 repeating names, a string of 50 cities with 5% nulls, UTC
timestamps, decimal(12,2) amounts, booleans with nulls, dates), generated once with
numpy/pyarrow and kept as an uncompressed Parquet file that each writer loads into
memory before the clock starts (pyarrow with read_table; spate through a memory sink,
whose table scans hand out the batches without copying). Each step runs in a process
of its own so its peak RSS is its own:

- write: spate `df.write.parquet(dir)` (snappy, dictionary, statistics: the defaults)
  of the in-memory table, and pyarrow `pq.write_table` with its defaults (snappy,
  dictionary, statistics);
- read: spate `spark.read.parquet(dir)` materialized as an Arrow table through the
  PyCapsule stream (every column decoded), and pyarrow `pq.read_table(use_threads=False)`.

Per-core figures divide by the CPU seconds of the process during the step (both
writers encode on one thread; spate's read may use more). MB is the Arrow table's
in-memory size, the same for every row of the table. Peak RSS is the process's, with
the loaded input counted in (the line "input" says how much a writer holds before it
writes).

Each step runs `runs` times (default 3); the run of median CPU time is reported.

Run (after scripts/build):
  PYTHONPATH=build/python python3 bench/parquet/parquet_bench.py [rows] [--runs N] [--out FILE]
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_table(rows):
    rng = np.random.default_rng(42)
    names = pa.array(["user_%04d" % i for i in range(5000)])
    cities = pa.array(["city-%02d" % i for i in range(50)])
    city_idx = rng.integers(0, 50, rows)
    city_mask = rng.random(rows) < 0.05
    flag_mask = rng.random(rows) < 0.02
    score_mask = rng.random(rows) < 0.10
    start = 1_700_000_000_000_000
    return pa.table({
        "id": pa.array(np.arange(rows, dtype=np.int64)),
        "qty": pa.array(rng.integers(0, 1000, rows, dtype=np.int32)),
        "price": pa.array(rng.random(rows) * 1000.0),
        "score": pa.array(rng.normal(size=rows), mask=score_mask),
        "name": names.take(pa.array(rng.integers(0, 5000, rows))),
        "city": pa.array(cities.take(pa.array(city_idx)).to_numpy(zero_copy_only=False), mask=city_mask),
        "ts": pa.array(start + np.cumsum(rng.integers(0, 2_000_000, rows)), pa.timestamp("us", tz="UTC")),
        "amount": pa.array(rng.integers(-10**8, 10**8, rows)).cast(pa.decimal128(19, 0)).cast(pa.decimal128(12, 2)),
        "flag": pa.array(rng.random(rows) < 0.5, mask=flag_mask),
        "day": pa.array(rng.integers(18000, 20000, rows, dtype=np.int32)).cast(pa.date32()),
    })


def status_mb(field):
    """VmRSS (now) or VmHWM (peak) of this process; unlike ru_maxrss, VmHWM starts anew
    at exec, so a step's peak is not its parent's."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load(name, source):
    """The input in memory, as the step's writer takes it, and the spate session."""
    if name == "pyarrow-write":
        return pq.read_table(source), None
    if not name.startswith("spate"):
        return None, None
    from spate.sql import SparkSession
    spark = SparkSession.builder.master("local[1]").getOrCreate()
    if name != "spate-write":
        return None, spark
    schema = spark.read.parquet(source).schema
    q = spark.readStream.schema(schema).parquet(source).writeStream.format("memory").queryName("input").start()
    q.processAllAvailable()
    q.stop()
    return spark.table("input"), spark


def step(name, rows, path, source):
    """One measured step in this process; prints a JSON line."""
    if name == "prepare":
        table = make_table(rows)
        os.makedirs(source)
        pq.write_table(table, os.path.join(source, "input.parquet"), compression="none", use_dictionary=False)
        print(json.dumps({"table_mb": table.nbytes / 2**20}))
        return
    data, spark = load(name, source)
    base = status_mb("VmRSS")
    c0, t0 = cpu(), time.perf_counter()
    if name == "spate-write":
        data.write.parquet(path)
    elif name == "pyarrow-write":
        os.makedirs(path)
        pq.write_table(data, os.path.join(path, "part-0.parquet"))
    elif name == "spate-read":
        got = spark.read.parquet(path).toArrow()
        assert got.num_rows == rows
    elif name == "pyarrow-read":
        got = pq.read_table(path, use_threads=False)
        assert got.num_rows == rows
    c1, t1 = cpu(), time.perf_counter()
    peak = status_mb("VmHWM")
    print(json.dumps({"cpu": c1 - c0, "wall": t1 - t0, "peak_mb": peak, "base_mb": base}))


def run(name, rows, path, source, runs=1):
    """The step's run of median CPU time among `runs` (the machine is shared: single
    runs vary). A write step's output is written anew each time."""
    results = []
    for _ in range(runs):
        if path and name.endswith("write"):
            shutil.rmtree(path, ignore_errors=True)
        out = subprocess.run([sys.executable, __file__, "--step", name, str(rows), path, source], check=True,
                             capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return sorted(results, key=lambda r: r.get("cpu", 0))[len(results) // 2]


def dir_mb(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.endswith(".parquet")) / 2**20


def main():
    args = [a for a in sys.argv[1:]]
    out_file = None
    if "--out" in args:
        out_file = args[args.index("--out") + 1]
        del args[args.index("--out"):args.index("--out") + 2]
    runs = 3
    if "--runs" in args:
        runs = int(args[args.index("--runs") + 1])
        del args[args.index("--runs"):args.index("--runs") + 2]
    rows = int(args[0]) if args else 10_000_000
    work = tempfile.mkdtemp(prefix="spate_parquet_bench_")
    try:
        # The input is made in a process of its own: this one stays small.
        source = os.path.join(work, "input")
        table_mb = run("prepare", rows, "", source)["table_mb"]
        results = {}
        for who in ("spate", "pyarrow"):
            path = os.path.join(work, who)
            results[who + "-write"] = run(who + "-write", rows, path, source, runs)
            results[who + "-write"]["file_mb"] = dir_mb(path)
        for who in ("spate", "pyarrow"):
            for written in ("spate", "pyarrow"):
                results["%s-read-%s" % (who, written)] = run(who + "-read", rows, os.path.join(work, written), source,
                                                             runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = ["| step | CPU s | wall s | rows/s per core | MB/s per core | peak RSS MB | file MB |",
             "|---|---|---|---|---|---|---|"]
    for key, r in results.items():
        lines.append("| %s | %.2f | %.2f | %.2fM | %.0f | %.0f | %s |" % (
            key, r["cpu"], r["wall"], rows / r["cpu"] / 1e6, table_mb / r["cpu"], r["peak_mb"],
            "%.0f" % r["file_mb"] if "file_mb" in r else ""))
    sw, pw = results["spate-write"], results["pyarrow-write"]
    sr, pr = results["spate-read-pyarrow"], results["pyarrow-read-pyarrow"]
    lines += ["",
              "input: %d rows, %.0f MB as Arrow; before writing, the spate process holds %.0f MB, pyarrow's %.0f MB" % (
                  rows, table_mb, sw["base_mb"], pw["base_mb"]),
              "write: spate takes %.2fx pyarrow's CPU time (target: at most 1.5x)" % (sw["cpu"] / pw["cpu"]),
              "read (pyarrow's file): spate takes %.2fx pyarrow's CPU time" % (sr["cpu"] / pr["cpu"])]
    text = "\n".join(lines)
    print(text)
    if out_file:
        with open(out_file, "w") as f:
            f.write("# Parquet write and read\n\n"
                    "Generated by `PYTHONPATH=build/python python3 bench/parquet/parquet_bench.py %d --runs %d "
                    "--out %s` "
                    "(RelWithDebInfo build; pyarrow %s). Machine: %s, %d cores shared with other work.\n\n"
                    "10 columns: bigint ids, int, double, double with 10%% nulls, string of 5,000 repeating names, "
                    "string of 50 cities with 5%% nulls, UTC timestamp, decimal(12,2), boolean with nulls, date. "
                    "snappy, dictionary encoding and statistics on (both writers' defaults). `X-read-Y`: reader X "
                    "on the file Y wrote. Per core = per CPU-second of the measuring process.\n\n%s\n"
                    % (rows, runs, out_file, pa.__version__, os.uname().machine, os.cpu_count(), text))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        step(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        main()
