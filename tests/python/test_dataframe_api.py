"""A table of PySpark DataFrame, Column and function calls, each with the answer Spark
gives for the same call."""

import datetime
import decimal

import pytest

from spate.sql import Row
from spate.sql import functions as F
from spate.sql.types import (ArrayType, DateType, DecimalType, DoubleType, IntegerType, LongType, MapType,
                             StringType, StructField, StructType, TimestampType)


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(
        [("Alice", 34, "NY", 1.5), ("Bob", 45, "SF", None), ("Cara", 29, "NY", 3.0), ("Dan", None, None, 4.5)],
        "name STRING, age INT, city STRING, score DOUBLE")


def rows(df):
    return [tuple(r) for r in df.collect()]


CASES = [
    ("select names", lambda df: df.select("name", "age").limit(2),
     [("Alice", 34), ("Bob", 45)]),
    ("select list", lambda df: df.select(["name"]).limit(1), [("Alice",)]),
    ("df.col and df['col']", lambda df: df.select(df.name, df["age"] + 1).limit(1), [("Alice", 35)]),
    ("column index", lambda df: df.select(df[0]).limit(1), [("Alice",)]),
    ("arithmetic", lambda df: df.select((F.col("age") * 2 - 1) / 3, 10 - F.col("age"), -F.col("age"), F.col("age") % 5)
     .limit(1), [(67 / 3, -24, -34, 4)]),
    ("comparison and logic", lambda df: df.filter((F.col("age") > 30) & ~(F.col("city") == "SF")).select("name"),
     [("Alice",)]),
    ("or", lambda df: df.filter((df.age < 30) | (df.name == "Bob")).select("name"), [("Bob",), ("Cara",)]),
    ("where string", lambda df: df.where("age >= 34").select("name"), [("Alice",), ("Bob",)]),
    ("isNull / isNotNull", lambda df: df.filter(df.age.isNull()).select("name"), [("Dan",)]),
    ("between", lambda df: df.filter(df.age.between(30, 40)).select("name"), [("Alice",)]),
    ("isin", lambda df: df.filter(df.name.isin("Bob", "Cara")).select("name"), [("Bob",), ("Cara",)]),
    ("isin list", lambda df: df.filter(df.name.isin(["Dan"])).select("name"), [("Dan",)]),
    ("like / rlike", lambda df: df.filter(df.name.like("A%") | df.name.rlike("^D")).select("name"),
     [("Alice",), ("Dan",)]),
    ("startswith / endswith / contains", lambda df: df.select(df.name.startswith("Al"), df.name.endswith("b"),
                                                              df.name.contains("ar")).limit(2),
     [(True, False, False), (False, True, False)]),
    ("substr and slice", lambda df: df.select(df.name.substr(1, 3), df.name[2:2]).limit(1), [("Ali", "li")]),
    ("alias and cast", lambda df: df.select(df.age.cast("string").alias("a"), df.age.cast(LongType())).limit(1),
     [("34", 34)]),
    ("when / otherwise", lambda df: df.select(F.when(df.age > 40, "old").when(df.age > 30, "mid").otherwise("young"))
     .limit(3), [("mid",), ("old",), ("young",)]),
    ("withColumn / withColumnRenamed / drop", lambda df: df.withColumn("x", F.lit(1)).withColumnRenamed("name", "n")
     .drop("age", "city", "score").limit(1), [("Alice", 1)]),
    ("withColumns", lambda df: df.withColumns({"a": F.lit(1), "b": F.lit("x")}).select("a", "b").limit(1),
     [(1, "x")]),
    ("selectExpr", lambda df: df.selectExpr("upper(name) AS u", "age + 1").limit(1), [("ALICE", 35)]),
    ("orderBy desc", lambda df: df.orderBy(F.desc("age")).select("name").limit(2), [("Bob",), ("Alice",)]),
    ("sort ascending=False", lambda df: df.sort("name", ascending=False).select("name").limit(1), [("Dan",)]),
    ("orderBy nulls", lambda df: df.orderBy(df.age.asc_nulls_first()).select("name").limit(1), [("Dan",)]),
    ("orderBy a column select dropped", lambda df: df.select("name").orderBy(F.col("score").desc()).limit(2),
     [("Dan",), ("Cara",)]),
    ("groupBy count", lambda df: df.groupBy("city").count().orderBy("city"),
     [(None, 1), ("NY", 2), ("SF", 1)]),
    ("groupBy agg", lambda df: df.groupBy("city").agg(F.sum("age").alias("s"), F.max("score")).orderBy("city"),
     [(None, None, 4.5), ("NY", 63, 3.0), ("SF", 45, None)]),
    ("agg dict", lambda df: df.agg({"age": "max"}), [(45,)]),
    ("GroupedData.avg", lambda df: df.groupBy().avg("age"), [(36.0,)]),
    ("count distinct", lambda df: df.select(F.countDistinct("city")), [(2,)]),
    ("count star", lambda df: df.select(F.count("*")), [(4,)]),
    ("collect_list", lambda df: df.filter(df.city == "NY").select(F.collect_list("name")), [(["Alice", "Cara"],)]),
    ("distinct", lambda df: df.select("city").distinct().orderBy("city"), [(None,), ("NY",), ("SF",)]),
    ("dropDuplicates subset", lambda df: df.dropDuplicates(["city"]).select("city").orderBy("city"),
     [(None,), ("NY",), ("SF",)]),
    ("split and explode", lambda df: df.limit(1).select(F.explode(F.split(F.lit("a b"), " ")).alias("w")),
     [("a",), ("b",)]),
    ("string functions", lambda df: df.limit(1).select(F.upper("name"), F.lower("name"), F.length("name"),
                                                         F.concat_ws("-", "name", "city"), F.substring("name", 2, 2)),
     [("ALICE", "alice", 5, "Alice-NY", "li")]),
    ("regexp", lambda df: df.limit(1).select(F.regexp_extract("name", "(A)(l)", 2),
                                             F.regexp_replace("name", "l", "L")), [("l", "ALice")]),
    ("math", lambda df: df.limit(1).select(F.round(F.lit(2.567), 2), F.abs(F.lit(-3)), F.sqrt(F.lit(16.0)),
                                           F.pow(F.lit(2), 10), F.floor(F.lit(1.7))), [(2.57, 3, 4.0, 1024.0, 1)]),
    ("coalesce / greatest / least", lambda df: df.filter(df.name == "Dan").select(
        F.coalesce("age", F.lit(0)), F.greatest(F.lit(1), F.lit(5)), F.least(F.lit(1), F.lit(5))), [(0, 5, 1)]),
    ("engine function by name", lambda df: df.limit(1).select(F.initcap(F.lit("hello world")), F.md5(F.lit("a"))),
     [("Hello World", "0cc175b9c0f1b6a831c399e269772661")]),
    ("expr", lambda df: df.limit(1).select(F.expr("age * 2 AS twice")), [(68,)]),
    ("struct and getField", lambda df: df.limit(1).select(F.struct("name", "age").alias("s")).select("s.name",
                                                                                                     F.col("s").age),
     [("Alice", 34)]),
    ("array, element_at, size, array_contains", lambda df: df.limit(1).select(
        F.array(F.lit(1), F.lit(2)).alias("a")).select(F.element_at("a", 2), F.size("a"), F.array_contains("a", 2)),
     [(2, 2, True)]),
    ("dates", lambda df: df.limit(1).select(F.to_date(F.lit("2024-03-05")), F.year(F.lit("2024-03-05")),
                                            F.date_format(F.to_timestamp(F.lit("2024-03-05 10:11:12")), "HH:mm")),
     [(datetime.date(2024, 3, 5), 2024, "10:11")]),
    ("json", lambda df: df.limit(1).select(F.get_json_object(F.lit('{"a": {"b": 7}}'), "$.a.b"),
                                           F.from_json(F.lit('{"x": 1}'), "x INT").x), [("7", 1)]),
    ("union / unionByName", lambda df: df.select("name").limit(1).union(df.select("name").limit(1))
     .unionByName(df.select("name").limit(1)), [("Alice",)] * 3),
    ("join on name", lambda df: df.select("name", "age").join(df.select("name", "city"), "name").orderBy("name")
     .limit(1), [("Alice", 34, "NY")]),
    ("join on condition, left", lambda df: df.alias("a").join(df.alias("b"), F.col("a.age") < F.col("b.age") - 10,
                                                              "left").select("a.name", "b.name").orderBy("a.name")
     .limit(2), [("Alice", "Bob"), ("Bob", None)]),
    ("intersect / subtract", lambda df: df.select("city").intersect(df.select("city").filter("city = 'SF'")),
     [("SF",)]),
    ("fillna by kind", lambda df: df.fillna(0).fillna("?").orderBy("name").select("age", "city", "score"),
     [(34, "NY", 1.5), (45, "SF", 0.0), (29, "NY", 3.0), (0, "?", 4.5)]),
    ("na.fill dict", lambda df: df.na.fill({"city": "none"}).filter("name = 'Dan'").select("city"), [("none",)]),
    ("dropna", lambda df: df.dropna().select("name"), [("Alice",), ("Cara",)]),
    ("dropna subset, thresh", lambda df: df.na.drop(subset=["age", "city"]).select("name").union(
        df.dropna(thresh=4).select("name")), [("Alice",), ("Bob",), ("Cara",), ("Alice",), ("Cara",)]),
    ("repartition, coalesce, hint, transform", lambda df: df.repartition(4).coalesce(1).hint("broadcast")
     .transform(lambda d, n: d.limit(n), 1).select("name"), [("Alice",)]),
    ("window on a table", lambda df: df.limit(1).select(F.window(F.lit(datetime.datetime(2024, 1, 1, 10, 7)),
                                                                 "5 minutes").alias("w")).select("w.start"),
     [(datetime.datetime(2024, 1, 1, 10, 5),)]),
]


@pytest.mark.parametrize("call,expected", [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_call(people, call, expected):
    assert rows(call(people)) == expected


def test_schema_columns_dtypes(people):
    assert people.columns == ["name", "age", "city", "score"]
    assert people.dtypes == [("name", "string"), ("age", "int"), ("city", "string"), ("score", "double")]
    assert people.schema == StructType([StructField("name", StringType()), StructField("age", IntegerType()),
                                        StructField("city", StringType()), StructField("score", DoubleType())])
    assert repr(people) == "DataFrame[name: string, age: int, city: string, score: double]"
    assert not people.isStreaming


def test_actions(people):
    assert people.count() == 4
    assert people.first() == Row(name="Alice", age=34, city="NY", score=1.5)
    assert people.head(2)[1].name == "Bob"
    assert people.take(1)[0]["age"] == 34
    assert not people.isEmpty()
    assert people.filter("age > 100").isEmpty()
    assert people.first().asDict() == {"name": "Alice", "age": 34, "city": "NY", "score": 1.5}


def test_show_and_print_schema(people, capsys):
    people.limit(2).show()
    people.printSchema()
    people.limit(1).show(vertical=True)
    out = capsys.readouterr().out
    assert "+-----+---+----+-----+\n| name|age|city|score|\n" in out
    assert "|Alice| 34|  NY|  1.5|" in out
    assert "root\n |-- name: string (nullable = true)\n |-- age: integer (nullable = true)" in out
    assert "-RECORD 0" in out and " name  | Alice" in out


def test_temp_views_and_sql(spark, people):
    people.createOrReplaceTempView("people")
    assert rows(spark.sql("SELECT name FROM people WHERE age > 40")) == [("Bob",)]
    assert rows(spark.table("people").select(F.max("age"))) == [(45,)]
    assert rows(spark.range(3)) == [(0,), (1,), (2,)]
    assert rows(spark.range(1, 7, 2)) == [(1,), (3,), (5,)]


def test_create_data_frame_forms(spark):
    assert rows(spark.createDataFrame([Row(a=1, b="x")])) == [(1, "x")]
    assert spark.createDataFrame([Row(a=1, b="x")]).dtypes == [("a", "bigint"), ("b", "string")]
    assert rows(spark.createDataFrame([{"a": 1, "b": None}, {"a": 2, "b": "y"}])) == [(1, None), (2, "y")]
    assert rows(spark.createDataFrame([1, 2], IntegerType())) == [(1,), (2,)]
    assert rows(spark.createDataFrame([1, 2], "int")) == [(1,), (2,)]
    assert spark.createDataFrame([(1, "a")], "x: int, y: string").columns == ["x", "y"]
    assert spark.createDataFrame([(1, "a")], ["x", "y"]).dtypes == [("x", "bigint"), ("y", "string")]
    schema = StructType([StructField("d", DecimalType(5, 2)), StructField("ts", TimestampType()),
                         StructField("dt", DateType()), StructField("arr", ArrayType(IntegerType())),
                         StructField("m", MapType(StringType(), LongType())),
                         StructField("s", StructType([StructField("x", IntegerType())]))])
    value = (decimal.Decimal("123.45"), datetime.datetime(2024, 1, 2, 3, 4, 5, 678000), datetime.date(1969, 12, 31),
             [1, None, 3], {"k": 7}, Row(x=5))
    got = spark.createDataFrame([value], schema).collect()[0]
    assert tuple(got) == value
    assert got.s.x == 5
    assert spark.createDataFrame([value], schema).schema == schema


def test_create_data_frame_from_pandas(spark):
    pd = pytest.importorskip("pandas")
    pdf = pd.DataFrame({"a": [1, 2], "b": ["x", None], "c": [0.5, float("nan")]})
    assert rows(spark.createDataFrame(pdf)) == [(1, "x", 0.5), (2, None, None)]


def test_to_pandas(people):
    pdf = people.toPandas()
    assert list(pdf.columns) == ["name", "age", "city", "score"]
    assert pdf["name"].tolist() == ["Alice", "Bob", "Cara", "Dan"]


def test_row():
    r = Row(name="Alice", age=11)
    assert r.name == "Alice" and r["age"] == 11 and r[0] == "Alice"
    assert "name" in r and repr(r) == "Row(name='Alice', age=11)"
    Person = Row("name", "age")
    p = Person("Bob", 3)
    assert p.age == 3 and p == ("Bob", 3)
    import pickle
    assert pickle.loads(pickle.dumps(r)).age == 11
    with pytest.raises(AttributeError):
        r.missing


def test_column_misuse():
    with pytest.raises(ValueError, match="Cannot convert column into bool"):
        bool(F.col("a"))
    with pytest.raises(TypeError):
        F.col("a").cast(3)
    assert repr(F.col("a") + 1).startswith("Column<")


def test_struct_star_expands_parsed_json(spark):
    # The Kafka idiom: from_json(CAST(value AS STRING), schema).alias("data"), then "data.*".
    raw = spark.createDataFrame([(b'{"device": "a", "temp": 21.5}',), (b'{"device": "b"}',)], "value BINARY")
    parsed = raw.select(F.from_json(F.col("value").cast("string"), "device STRING, temp DOUBLE").alias("data"))
    flat = parsed.select("data.*")
    assert flat.columns == ["device", "temp"]
    assert flat.collect() == [Row(device="a", temp=21.5), Row(device="b", temp=None)]
    assert parsed.select(F.col("data.*")).columns == ["device", "temp"]
