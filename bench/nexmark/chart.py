#!/usr/bin/env python3
"""Draws bench/results/nexmark.png from the harness's nexmark.json: events per CPU second,
query by query, one bar per system (bench/nexmark/run calls it with matplotlib)."""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NAMES = {"spate": "spate", "spark": "Spark", "flink": "Flink"}
COLORS = {"spate": "#d1495b", "spark": "#e8a33d", "flink": "#3a7ca5"}


def main(source, target):
    data = json.load(open(source))
    runs = data["runs"]
    queries = list(dict.fromkeys(r["query"] for r in runs))
    systems = [s for s in NAMES if any(r["system"] == s for r in runs)]
    rate = {(r["query"], r["system"]): r["events"] / r["cpu_seconds"] / 1e6
            for r in runs if "error" not in r and r.get("cpu_seconds")}
    fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(queries)), 4.8))
    width = 0.8 / len(systems)
    for i, s in enumerate(systems):
        positions = [j + (i - (len(systems) - 1) / 2) * width for j in range(len(queries))]
        ax.bar(positions, [rate.get((q, s), 0) for q in queries], width, label=NAMES[s], color=COLORS[s])
    ax.set_xticks(range(len(queries)))
    ax.set_xticklabels(queries)
    ax.set_yscale("log")
    ax.set_ylabel("million events per CPU second (log)")
    ax.set_title(f"Nexmark, {data['events']:,} events, {data['cores']} cores (higher is better; "
                 "no bar: the system cannot run the query)", fontsize=10)
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
