"""Reading Parquet files other writers made: nested structs, lists and maps (with
nulls and empty collections at every level), every value encoding pyarrow writes,
INT96 and nanosecond timestamps, data pages v1 and v2 - each compared with what
pyarrow itself reads from the same file."""

import datetime
import os
import decimal
import random

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from spate.sql import Row


def plain(v):
    """spate's Python values as pyarrow's to_pylist() gives them."""
    if isinstance(v, Row):
        return {k: plain(x) for k, x in v.asDict().items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return sorted((plain(k), plain(x)) for k, x in v.items())
    return v


def arrow_plain(v, t):
    """pyarrow's values with maps as sorted pairs (spate returns dicts)."""
    if v is None:
        return None
    if pa.types.is_map(t):
        return sorted((arrow_plain(k, t.key_type), arrow_plain(x, t.item_type)) for k, x in v)
    if pa.types.is_struct(t):
        return {f.name: arrow_plain(v[f.name], f.type) for f in t}
    if pa.types.is_list(t):
        return [arrow_plain(x, t.value_type) for x in v]
    return v


def read_both(spark, path):
    table = pq.read_table(path)
    expected = [{f.name: arrow_plain(r[f.name], f.type) for f in table.schema} for r in table.to_pylist()]
    got = [plain(r) for r in spark.read.parquet(path).collect()]
    return got, expected


NESTED = pa.table({
    "id": pa.array([0, 1, 2, 3, 4], pa.int32()),
    "point": pa.array([{"x": 1.0, "y": None}, None, {"x": None, "y": 2.5}, {"x": 3.0, "y": 4.0}, None],
                      pa.struct([("x", pa.float64()), ("y", pa.float64())])),
    "tags": pa.array([["a", None, "c"], [], None, ["d"], [None]], pa.list_(pa.string())),
    "matrix": pa.array([[[1, 2], [], None], None, [[3]], [], [[None, 4]]], pa.list_(pa.list_(pa.int64()))),
    "props": pa.array([[("k", 1), ("j", None)], None, [], [("z", 26)], [("a", 0)]],
                      pa.map_(pa.string(), pa.int32())),
    "people": pa.array([[{"name": "ann", "ages": [1, 2]}, None], [{"name": None, "ages": None}], None, [],
                        [{"name": "bo", "ages": []}]],
                       pa.list_(pa.struct([("name", pa.string()), ("ages", pa.list_(pa.int16()))]))),
    "deep": pa.array([{"inner": {"v": [1]}}, {"inner": None}, None, {"inner": {"v": None}}, {"inner": {"v": []}}],
                     pa.struct([("inner", pa.struct([("v", pa.list_(pa.int8()))]))])),
})


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("dictionary", [True, False])
def test_nested_columns_read_as_pyarrow_reads_them(spark, tmp_path, version, dictionary):
    path = str(tmp_path / "nested.parquet")
    pq.write_table(NESTED, path, data_page_version=version, use_dictionary=dictionary)
    got, expected = read_both(spark, path)
    assert got == expected
    df = spark.read.parquet(path)
    assert df.schema.simpleString() == (
        "struct<id:int,point:struct<x:double,y:double>,tags:array<string>,matrix:array<array<bigint>>,"
        "props:map<string,int>,people:array<struct<name:string,ages:array<smallint>>>,"
        "deep:struct<inner:struct<v:array<tinyint>>>>")
    # The nested values work in expressions.
    assert [r[0] for r in df.selectExpr("size(tags)").collect()] == [3, 0, -1, 1, 1]
    assert df.selectExpr("point.x").collect()[3][0] == 3.0
    assert df.selectExpr("props['k']").collect()[0][0] == 1


def test_random_nested_data_over_many_pages_and_row_groups(spark, tmp_path):
    rnd = random.Random(7)

    def maybe(v):
        return None if rnd.random() < 0.15 else v

    n = 3000
    rows = {
        "l": [maybe([maybe(rnd.randint(-9, 9)) for _ in range(rnd.randint(0, 4))]) for _ in range(n)],
        "s": [maybe({"a": maybe(rnd.choice(["x", "yy", "zzz"])), "b": maybe([maybe(rnd.random())
                                                                          for _ in range(rnd.randint(0, 3))])})
              for _ in range(n)],
        "m": [maybe([(str(k), maybe([maybe(k)] * rnd.randint(0, 2))) for k in range(rnd.randint(0, 3))])
              for _ in range(n)],
    }
    table = pa.table({
        "l": pa.array(rows["l"], pa.list_(pa.int32())),
        "s": pa.array(rows["s"], pa.struct([("a", pa.string()), ("b", pa.list_(pa.float64()))])),
        "m": pa.array(rows["m"], pa.map_(pa.string(), pa.list_(pa.int64()))),
    })
    path = str(tmp_path / "random.parquet")
    pq.write_table(table, path, row_group_size=700, data_page_size=512, write_batch_size=64)
    got, expected = read_both(spark, path)
    assert got == expected


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_every_encoding_pyarrow_writes(spark, tmp_path, version):
    n = 5000
    table = pa.table({
        "i32": pa.array([None if i % 9 == 0 else (i * 7919) % 100003 - 50000 for i in range(n)], pa.int32()),
        "i64": pa.array([i * 1_000_000_007 - (1 << 40) for i in range(n)], pa.int64()),
        "f": pa.array([None if i % 5 == 0 else i / 3 for i in range(n)], pa.float32()),
        "d": pa.array([i * 1.25 - 7 for i in range(n)], pa.float64()),
        "s": pa.array([None if i % 4 == 0 else "prefix-%06d" % (i // 3) for i in range(n)], pa.string()),
        "b": pa.array([("bytes-%d" % i).encode() for i in range(n)], pa.binary()),
        "flag": pa.array([i % 3 == 0 for i in range(n)], pa.bool_()),
    })
    path = str(tmp_path / "enc.parquet")
    pq.write_table(table, path, use_dictionary=False, data_page_version=version, data_page_size=8192,
                   column_encoding={"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED",
                                    "f": "BYTE_STREAM_SPLIT", "d": "BYTE_STREAM_SPLIT",
                                    "s": "DELTA_BYTE_ARRAY", "b": "DELTA_LENGTH_BYTE_ARRAY", "flag": "RLE"})
    encodings = {pq.ParquetFile(path).metadata.row_group(0).column(i).path_in_schema:
                 pq.ParquetFile(path).metadata.row_group(0).column(i).encodings for i in range(7)}
    assert "DELTA_BINARY_PACKED" in encodings["i64"] and "BYTE_STREAM_SPLIT" in encodings["d"]
    assert "DELTA_BYTE_ARRAY" in encodings["s"] and "DELTA_LENGTH_BYTE_ARRAY" in encodings["b"]
    got, expected = read_both(spark, path)
    assert got == expected


def test_timestamps_in_every_unit_and_int96(spark, tmp_path):
    instants = [datetime.datetime(2024, 5, 6, 7, 8, 9, 123456), datetime.datetime(1969, 12, 31, 23, 59, 59, 999999),
                datetime.datetime(1900, 1, 1), None]
    for unit in ["ms", "us", "ns"]:
        path = str(tmp_path / ("ts_%s.parquet" % unit))
        arr = pa.array(instants, pa.timestamp("us")).cast(pa.timestamp(unit), safe=False)
        pq.write_table(pa.table({"t": arr}), path, coerce_timestamps=None if unit != "ns" else None)
        want = [None if v is None else pa.scalar(v, pa.timestamp("us")).as_py() for v in
                arr.cast(pa.timestamp("us"), safe=False).to_pylist()]
        assert [r.t for r in spark.read.parquet(path).collect()] == want, unit
    path = str(tmp_path / "int96.parquet")
    pq.write_table(pa.table({"t": pa.array(instants, pa.timestamp("us"))}), path,
                   use_deprecated_int96_timestamps=True)
    assert pq.ParquetFile(path).schema.column(0).physical_type == "INT96"
    assert [r.t for r in spark.read.parquet(path).collect()] == instants


def test_duckdb_nested_file_reads(spark, tmp_path):
    path = str(tmp_path / "duck.parquet")
    duckdb.connect().execute(
        "COPY (SELECT i AS id, [i, i + 1] AS pair, {'k': i::VARCHAR, 'v': [i]} AS s, MAP(['a'], [i]) AS m "
        "FROM range(100) t(i)) TO '" + path + "' (FORMAT PARQUET)")
    rows = spark.read.parquet(path).orderBy("id").collect()
    assert len(rows) == 100
    assert plain(rows[7]) == {"id": 7, "pair": [7, 8], "s": {"k": "7", "v": [7]}, "m": [("a", 7)]}


def test_decimals_of_every_physical_type(spark, tmp_path):
    values = [decimal.Decimal("1.50"), decimal.Decimal("-12345.67"), None]
    path = str(tmp_path / "dec.parquet")
    pq.write_table(pa.table({"small": pa.array(values, pa.decimal128(7, 2)),
                             "big": pa.array(values, pa.decimal128(25, 2))}), path, store_decimal_as_integer=True)
    assert [tuple(r) for r in spark.read.parquet(path).collect()] == [(v, v) for v in values]


def spoil_column_chunks(path, keep):
    """Overwrites the bytes of every column chunk whose (row group, column) keep()
    rejects, so reading one of them fails: what a query may skip shows by succeeding."""
    meta = pq.ParquetFile(path).metadata
    data = bytearray(open(path, "rb").read())
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            col = meta.row_group(g).column(c)
            if keep(g, col.path_in_schema):
                continue
            start = col.dictionary_page_offset or col.data_page_offset
            data[start:start + col.total_compressed_size] = b"\xff" * col.total_compressed_size
    open(path, "wb").write(bytes(data))


def test_row_groups_ruled_out_by_statistics_are_not_read(spark, tmp_path):
    n = 3000
    path = str(tmp_path / "stats.parquet")
    pq.write_table(pa.table({"id": pa.array(range(n), pa.int64()),
                             "name": pa.array(["n%05d" % i for i in range(n)]),
                             "maybe": pa.array([None if i < 1000 else i for i in range(n)], pa.int32())}),
                   path, row_group_size=1000, compression="none")
    spoil_column_chunks(path, lambda g, col: g != 1)  # the middle group (ids 1000..1999) is unreadable
    df = spark.read.parquet(path)
    assert df.filter("id < 1000").count() == 1000
    assert df.filter("id >= 2000 AND name > 'n02500'").count() == 499
    assert [r.id for r in df.where("id IN (3, 2998)").collect()] == [3, 2998]
    assert df.filter("name = 'n02999'").count() == 1
    assert df.filter("maybe IS NULL").count() == 1000  # groups 1 and 2 have no nulls
    # The filter reaches the scan through projections, from the DataFrame API and SQL.
    assert df.select("name", (df.id * 2).alias("twice"), "id").filter("id < 1000").count() == 1000
    df.createOrReplaceTempView("stats")
    assert spark.sql("SELECT name FROM (SELECT name, id FROM stats) WHERE id >= 2000").count() == 1000
    with pytest.raises(Exception, match="stats.parquet"):
        df.select((df.id + 0).alias("id")).filter("id >= 2000").collect()  # a computed column: not used
    # Disjunctions are not used to skip, so the middle group is read.
    for spoiled in ["id >= 1500", "id = 1000", "name < 'n01001'", "5 > id OR id = 2999"]:
        with pytest.raises(Exception, match="stats.parquet"):
            df.filter(spoiled).collect()


def test_only_the_columns_a_query_uses_are_read(spark, tmp_path):
    path = str(tmp_path / "cols.parquet")
    pq.write_table(pa.table({"a": [1, 2, 3], "b": ["x", "y", "z"], "c": [[1], [2], [3]]}), path,
                   compression="none")
    spoil_column_chunks(path, lambda g, col: col == "a")
    df = spark.read.parquet(path)
    assert [r[0] for r in df.select("a").collect()] == [1, 2, 3]
    assert df.filter("a > 1").count() == 2
    assert df.groupBy("a").count().count() == 3
    with pytest.raises(Exception, match="cols.parquet"):
        df.select("b").collect()


def test_batches_cut_row_groups_between_rows_not_inside_them(spark, tmp_path):
    # One row group of 70K rows leaves as 64K-row batches: each cut must fall between
    # rows even where a row's list runs across a page boundary.
    rnd = random.Random(11)
    n = 70_000
    lists = [None if i % 17 == 0 else [rnd.randint(0, 9) for _ in range(rnd.randint(0, 5))] for i in range(n)]
    names = [None if i % 5 == 0 else "r%d" % i for i in range(n)]
    path = str(tmp_path / "big.parquet")
    pq.write_table(pa.table({"i": pa.array(range(n), pa.int32()), "l": pa.array(lists, pa.list_(pa.int16())),
                             "name": pa.array(names)}), path, row_group_size=n, data_page_size=1000)
    assert pq.ParquetFile(path).metadata.num_row_groups == 1
    rows = spark.read.parquet(path).collect()
    assert [r.i for r in rows] == list(range(n))
    assert [r.l for r in rows] == lists
    assert [r.name for r in rows] == names


def test_spate_reads_back_every_type_it_writes_nested_or_not(spark, tmp_path):
    schema = ("id INT, s STRUCT<x: INT, tags: ARRAY<STRING>>, lists ARRAY<ARRAY<BIGINT>>, m MAP<STRING, DOUBLE>, "
              "people ARRAY<STRUCT<n: STRING, born: DATE, at: TIMESTAMP, amount: DECIMAL(20,3)>>, flag BOOLEAN")
    rows = [
        (1, {"x": 1, "tags": ["a", None]}, [[1, 2], [], None], {"k": 1.5, "j": None},
         [{"n": "ann", "born": datetime.date(1990, 1, 2), "at": datetime.datetime(2024, 1, 2, 3, 4, 5),
           "amount": decimal.Decimal("-12345678901234.125")}], True),
        (2, None, None, None, None, None),
        (3, {"x": None, "tags": []}, [], {}, [None, {"n": None, "born": None, "at": None, "amount": None}], False),
    ]
    out = str(tmp_path / "round")
    df = spark.createDataFrame(rows, schema)
    df.write.parquet(out)
    back = spark.read.parquet(out)
    assert back.schema.simpleString() == df.schema.simpleString()
    assert sorted((plain(r) for r in back.collect()), key=lambda r: r["id"]) == \
        sorted((plain(r) for r in df.collect()), key=lambda r: r["id"])


def test_statistics_spate_writes_let_its_reader_skip_row_groups(spark, tmp_path):
    out = str(tmp_path / "own")
    spark.range(0, 30000).selectExpr("id", "concat('n', id) AS name").write \
        .option("parquet.block.size", 40000).parquet(out)
    [name] = [f for f in os.listdir(out) if f.endswith(".parquet")]
    path = os.path.join(out, name)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    assert groups >= 3
    last = pq.ParquetFile(path).metadata.row_group(groups - 1)
    low = pq.ParquetFile(path).metadata.row_group(groups - 1).column(0).statistics.min
    spoil_column_chunks(path, lambda g, col: g == groups - 1)  # only the last group is readable
    assert spark.read.parquet(out).filter("id >= %d" % low).count() == 30000 - low
    assert last.num_rows == 30000 - low
    with pytest.raises(Exception, match=name):
        spark.read.parquet(out).filter("id < %d" % low).count()
