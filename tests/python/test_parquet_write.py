"""The Parquet writer against pyarrow and DuckDB (PyPI test peers): nested structs,
arrays and maps with nulls at every level, dictionary columns, many row groups, every
codec, and min/max statistics as pyarrow reads them from the footer."""

import datetime
import decimal
import math
import os

import duckdb
import pyarrow.parquet as pq
import pytest

from spate.errors import PySparkException

NESTED_SCHEMA = ("id INT, tags ARRAY<STRING>, m MAP<STRING, INT>, "
                 "s STRUCT<a: INT, b: ARRAY<STRUCT<c: STRING, d: DOUBLE>>>, aa ARRAY<ARRAY<BIGINT>>")
NESTED_ROWS = [
    (1, ["x", "y"], {"k": 1, "n": None}, (7, [("c1", 1.5), (None, None), None]), [[1, 2], [3]]),
    (2, None, None, None, None),
    (3, [], {}, (None, []), [[], None]),
    (4, [None], {"z": 0}, (8, None), [[None]]),
    (5, ["only"], {"a": 2}, (None, [("c2", -0.5)]), []),
]
# As pyarrow gives them back: maps as lists of (key, value) pairs, structs as dicts.
EXPECTED = [
    {"id": 1, "tags": ["x", "y"], "m": [("k", 1), ("n", None)],
     "s": {"a": 7, "b": [{"c": "c1", "d": 1.5}, {"c": None, "d": None}, None]}, "aa": [[1, 2], [3]]},
    {"id": 2, "tags": None, "m": None, "s": None, "aa": None},
    {"id": 3, "tags": [], "m": [], "s": {"a": None, "b": []}, "aa": [[], None]},
    {"id": 4, "tags": [None], "m": [("z", 0)], "s": {"a": 8, "b": None}, "aa": [[None]]},
    {"id": 5, "tags": ["only"], "m": [("a", 2)], "s": {"a": None, "b": [{"c": "c2", "d": -0.5}]}, "aa": []},
]


def only_file(path):
    files = sorted(f for f in os.listdir(path) if f.endswith(".parquet"))
    assert len(files) == 1, files
    return os.path.join(path, files[0])


def write(spark, rows, schema, path, **options):
    writer = spark.createDataFrame(rows, schema).write
    for k, v in options.items():
        writer = writer.option(k, v)
    writer.parquet(path)
    return only_file(path)


@pytest.mark.parametrize("codec", ["snappy", "none", "gzip", "zstd", "lz4"])
def test_nested_columns_read_equal_in_pyarrow_and_duckdb(spark, tmp_path, codec):
    f = write(spark, NESTED_ROWS, NESTED_SCHEMA, str(tmp_path / "out"), compression=codec)
    assert pq.read_table(f).to_pylist() == EXPECTED
    got = duckdb.connect().execute(
        "SELECT id, tags, map_keys(m), map_values(m), s.a, s.b, aa FROM read_parquet(?) ORDER BY id", [f]).fetchall()
    assert got == [
        (1, ["x", "y"], ["k", "n"], [1, None], 7, [{"c": "c1", "d": 1.5}, {"c": None, "d": None}, None],
         [[1, 2], [3]]),
        (2, None, None, None, None, None, None),
        (3, [], [], [], None, [], [[], None]),
        (4, [None], ["z"], [0], 8, None, [[None]]),
        (5, ["only"], ["a"], [2], None, [{"c": "c2", "d": -0.5}], []),
    ]


def test_nested_schema_is_sparks_layout(spark, tmp_path):
    # Non-nullable columns are REQUIRED, nullable ones OPTIONAL, at every level.
    df = spark.range(2).selectExpr("id", "array(id, id + 1) AS a", "named_struct('x', id) AS s",
                                   "map('k', id) AS m", "IF(id = 0, NULL, map('k', CAST(NULL AS BIGINT))) AS n")
    df.write.parquet(str(tmp_path / "out"))
    f = only_file(str(tmp_path / "out"))
    text = str(pq.ParquetFile(f).schema).replace("field_id=-1 ", "")
    assert "required int64 id;" in text
    assert "required group a (List) {\n    repeated group list {\n      optional int64 element;" in text
    assert "required group s {\n    required int64 x;" in text
    assert "required group m (Map) {\n    repeated group key_value {\n      required binary key (String);\n" \
           "      required int64 value;" in text
    assert "optional group n (Map) {\n    repeated group key_value {\n      required binary key (String);\n" \
           "      optional" in text
    assert pq.read_table(f).to_pylist() == [
        {"id": 0, "a": [0, 1], "s": {"x": 0}, "m": [("k", 0)], "n": None},
        {"id": 1, "a": [1, 2], "s": {"x": 1}, "m": [("k", 1)], "n": [("k", None)]}]


def test_dictionary_columns_and_fallback(spark, tmp_path):
    rows = [(i % 5, "v%d" % (i % 7), "u%06d" % i) for i in range(20000)]
    f = write(spark, rows, "k INT, s STRING, u STRING", str(tmp_path / "out"),
              **{"parquet.dictionary.page.size": "20000", "parquet.page.row.count.limit": "500"})
    meta = pq.ParquetFile(f).metadata
    k, s, u = (meta.row_group(0).column(i) for i in range(3))
    assert k.has_dictionary_page and "RLE_DICTIONARY" in k.encodings
    assert s.has_dictionary_page and "RLE_DICTIONARY" in s.encodings
    # 20000 distinct strings pass the 20000-byte dictionary in the 4th page: later pages are PLAIN.
    assert u.has_dictionary_page and "RLE_DICTIONARY" in u.encodings and "PLAIN" in u.encodings
    table = pq.read_table(f)
    assert table.column("u").to_pylist() == [r[2] for r in rows]
    assert table.column("s").to_pylist() == [r[1] for r in rows]
    got = duckdb.connect().execute("SELECT count(DISTINCT u), min(u), max(u), sum(k) FROM read_parquet(?)",
                                   [f]).fetchone()
    assert got == (20000, "u000000", "u019999", sum(r[0] for r in rows))

    off = write(spark, rows[:100], "k INT, s STRING, u STRING", str(tmp_path / "off"),
                **{"parquet.enable.dictionary": "false"})
    col = pq.ParquetFile(off).metadata.row_group(0).column(1)
    assert not col.has_dictionary_page and "RLE_DICTIONARY" not in col.encodings


def test_many_row_groups(spark, tmp_path):
    rows = [(i, "name%d" % (i % 100), None if i % 9 == 0 else [i, i + 1]) for i in range(30000)]
    f = write(spark, rows, "id BIGINT, name STRING, pair ARRAY<BIGINT>", str(tmp_path / "out"),
              **{"parquet.block.size": str(64 * 1024)})
    meta = pq.ParquetFile(f).metadata
    assert meta.num_row_groups > 3
    assert sum(meta.row_group(g).num_rows for g in range(meta.num_row_groups)) == 30000
    assert pq.read_table(f).to_pylist() == [{"id": r[0], "name": r[1], "pair": r[2]} for r in rows]
    assert duckdb.connect().execute("SELECT count(*), sum(id), count(pair) FROM read_parquet(?)", [f]).fetchone() == \
        (30000, sum(range(30000)), 30000 - len(range(0, 30000, 9)))


def test_statistics_as_pyarrow_reads_them(spark, tmp_path):
    rows = [
        (3, -2.5, "b", datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("-1.50"),
         True, [5, -1]),
        (-7, float("nan"), "\u00e9", None, None, decimal.Decimal("12.25"), False, None),
        (None, 0.0, "ab", datetime.date(1969, 12, 31), datetime.datetime(1970, 1, 1), None, None, [None]),
    ]
    schema = "i INT, d DOUBLE, s STRING, day DATE, ts TIMESTAMP, amount DECIMAL(30,2), b BOOLEAN, arr ARRAY<INT>"
    for dictionary in ("true", "false"):
        f = write(spark, rows, schema, str(tmp_path / dictionary), **{"parquet.enable.dictionary": dictionary})
        group = pq.ParquetFile(f).metadata.row_group(0)
        stats = {group.column(c).path_in_schema: group.column(c).statistics for c in range(group.num_columns)}
        assert all(st.has_min_max for st in stats.values())
        assert (stats["i"].min, stats["i"].max, stats["i"].null_count) == (-7, 3, 1)
        assert stats["d"].min == -2.5 and stats["d"].max == 0.0 and not math.isnan(stats["d"].max)
        assert math.copysign(1, stats["d"].max) == 1.0  # a zero maximum is +0
        assert (stats["s"].min, stats["s"].max) == ("ab", "\u00e9")  # bytes compare unsigned
        assert (stats["day"].min, stats["day"].max) == (datetime.date(1969, 12, 31), datetime.date(2024, 1, 2))
        assert stats["ts"].max.replace(tzinfo=None) == datetime.datetime(2024, 1, 2, 3, 4, 5)
        assert (stats["amount"].min, stats["amount"].max) == (decimal.Decimal("-1.50"), decimal.Decimal("12.25"))
        assert (stats["b"].min, stats["b"].max, stats["b"].null_count) == (False, True, 1)
        # Nested: the leaf's values, and every entry without one counted as null.
        assert (stats["arr.list.element"].min, stats["arr.list.element"].max) == (-1, 5)
        assert stats["arr.list.element"].null_count == 2
        # DuckDB prunes row groups by these statistics: a filter outside them finds nothing.
        con = duckdb.connect()
        assert con.execute("SELECT count(*) FROM read_parquet(?) WHERE i > 3", [f]).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM read_parquet(?) WHERE s = 'ab'", [f]).fetchone() == (1,)


def test_bad_options_name_the_option(spark, tmp_path):
    df = spark.createDataFrame([(1,)], "a INT")
    for key, value in [("parquet.block.size", "lots"), ("parquet.page.size", "0"),
                       ("parquet.enable.dictionary", "perhaps"), ("parquet.dictionary.page.size", "-5")]:
        with pytest.raises(PySparkException, match=key.replace(".", "\\.")):
            df.write.option(key, value).parquet(str(tmp_path / key))
    f = write(spark, [(1,)], "a INT", str(tmp_path / "alias"), **{"parquet.compression": "gzip"})
    assert pq.ParquetFile(f).metadata.row_group(0).column(0).compression == "GZIP"
