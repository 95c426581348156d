#!/usr/bin/env python3
"""Writes the Parquet files the C++ tests read, with pyarrow (a PyPI test peer):
files another implementation wrote, so spate's reader is checked against it.

Run from the repository root: python3 tests/data/parquet/make_fixtures.py
"""

import datetime
import decimal
import os

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))

table = pa.table({
    "id": pa.array([1, 2, 3, 4, 5], pa.int32()),
    "big": pa.array([10, None, 30, None, 50], pa.int64()),
    "score": pa.array([1.5, 2.5, None, 4.5, 5.5], pa.float64()),
    "name": pa.array(["a", "b", "a", None, "c"], pa.string()),
    "flag": pa.array([True, False, None, True, False], pa.bool_()),
    "ts": pa.array([datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)] * 5, pa.timestamp("us", "UTC")),
    "day": pa.array([datetime.date(2024, 1, 2)] * 5, pa.date32()),
    "amount": pa.array([decimal.Decimal("12.34")] * 5, pa.decimal128(10, 2)),
})
# Two row groups (3 + 2 rows), snappy, dictionary-encoded strings: pyarrow's defaults.
pq.write_table(table, os.path.join(HERE, "pyarrow_flat.parquet"), row_group_size=3, compression="snappy")
# The same uncompressed, so tests can decode its pages without a codec, and with the
# other codecs, whose pages must decompress to the uncompressed file's.
for codec in ("none", "gzip", "zstd", "lz4"):
    name = "uncompressed" if codec == "none" else codec
    pq.write_table(table, os.path.join(HERE, "pyarrow_flat_%s.parquet" % name), row_group_size=3, compression=codec)

# Nested columns (structs, lists, maps with nulls and empty collections) and the
# encodings beyond PLAIN and dictionary, in data pages v2: fuzzing seeds for every
# part of the reader.
nested = pa.table({
    "s": pa.array([{"x": 1, "y": [1, None]}, None, {"x": None, "y": []}], pa.struct([("x", pa.int32()),
                                                                                      ("y", pa.list_(pa.int64()))])),
    "m": pa.array([[("a", 1)], None, []], pa.map_(pa.string(), pa.int16())),
    "l": pa.array([[["p"], None], [], None], pa.list_(pa.list_(pa.string()))),
})
pq.write_table(nested, os.path.join(HERE, "pyarrow_nested.parquet"), data_page_version="2.0")
encoded = pa.table({
    "i": pa.array([5, -3, 1000, None, 7], pa.int64()),
    "s": pa.array(["abc", "abd", None, "b", "bcd"], pa.string()),
    "d": pa.array([1.5, None, -2.25, 3.0, 0.0], pa.float64()),
    "t": pa.array([datetime.datetime(2024, 1, 2)] * 5, pa.timestamp("us")),
})
pq.write_table(encoded, os.path.join(HERE, "pyarrow_encodings.parquet"), use_dictionary=False,
               column_encoding={"i": "DELTA_BINARY_PACKED", "s": "DELTA_BYTE_ARRAY", "d": "BYTE_STREAM_SPLIT"},
               use_deprecated_int96_timestamps=True)
