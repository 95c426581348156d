#!/usr/bin/env bash
# The Python package as users get it: `pip install .` into a fresh virtual environment
# (build/pip-venv), then a program run with that environment's python alone. The wheel
# build keeps its objects in build/wheel, so a second run rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf build/pip-venv
python3 -m venv build/pip-venv
build/pip-venv/bin/pip install -q .
cd build/pip-venv  # away from the source tree, so only the installed package can be imported
bin/python - <<'PY'
import spate
from spate.sql import SparkSession
from spate.sql import functions as F

assert "site-packages" in spate.__file__, spate.__file__
spark = SparkSession.builder.appName("pip-install-check").getOrCreate()
assert [tuple(r) for r in spark.range(4).groupBy((F.col("id") % 2).alias("k")).count().orderBy("k").collect()] == [(0, 2), (1, 2)]
seen = []
q = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 10).load() \
    .writeStream.trigger(once=True).foreachBatch(lambda df, batch_id: seen.append(df.count())).start()
q.awaitTermination()
assert seen == [10], seen
print("pip install . works: spate", spate.__version__, "from", spate.__file__)
PY
