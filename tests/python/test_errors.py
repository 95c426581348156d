"""Errors reach Python as PySpark's exception classes, with the engine's message; nothing
a user passes crashes the process."""

import decimal

import pytest

from spate.errors import (AnalysisException, IllegalArgumentException, ParseException, PySparkException,
                          PySparkTypeError, StreamingQueryException)
from spate.sql import functions as F
from spate.sql.utils import AnalysisException as UtilsAnalysisException


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, "a")], "id INT, name STRING")


def test_unknown_column_is_an_analysis_exception(df):
    with pytest.raises(AnalysisException, match="nope"):
        df.select("nope")
    with pytest.raises(UtilsAnalysisException):
        df.filter(F.col("nope") > 1)
    with pytest.raises(AttributeError):
        df.nope


def test_bad_sql_is_a_parse_exception(spark, df):
    with pytest.raises(ParseException):
        spark.sql("SELEC 1")
    with pytest.raises(ParseException):
        F.expr("1 +")
    with pytest.raises(ParseException):
        df.selectExpr("id +")
    assert issubclass(ParseException, AnalysisException) and issubclass(AnalysisException, PySparkException)


def test_type_errors(spark, df):
    with pytest.raises(AnalysisException):
        df.select(F.col("name") - F.expr("array(1)")).collect()
    with pytest.raises(PySparkTypeError, match="row 2.*'x'"):
        spark.createDataFrame([(1,), ("x",)], "a INT")
    with pytest.raises(PySparkTypeError, match="out of range"):
        spark.createDataFrame([(2 ** 40,)], "a INT")
    with pytest.raises(PySparkTypeError, match="12345 does not fit decimal"):
        spark.createDataFrame([(decimal.Decimal("12345"),)], "a DECIMAL(3,1)")
    assert [r.a for r in spark.createDataFrame([(decimal.Decimal("1.25"),), (decimal.Decimal("-1.25"),)],
                                               "a DECIMAL(3,1)").collect()] == [decimal.Decimal("1.3"),
                                                                                 decimal.Decimal("-1.3")]
    with pytest.raises(PySparkTypeError, match="a row of 2 values"):
        spark.createDataFrame([(1, 2)], "a INT")
    with pytest.raises(TypeError):
        df.withColumn("x", 1)
    with pytest.raises(TypeError):
        df.select(3)
    with pytest.raises(TypeError):
        F.lit(object())


def test_bad_options_name_the_option(spark):
    with pytest.raises(PySparkException, match="rowsPerSecond"):
        spark.readStream.format("rate").option("rowsPerSecond", "lots").load()
    with pytest.raises(PySparkException, match="(?i)format|source"):
        spark.readStream.format("no-such-source").load()
    with pytest.raises(PySparkException, match="(?i)schema"):
        spark.readStream.csv("/nonexistent-dir-for-spate-tests")


def test_output_mode_rules_as_spark(spark):
    counts = spark.readStream.format("rate").load().groupBy("value").count()
    with pytest.raises(AnalysisException, match="Append output mode not supported"):
        counts.writeStream.format("noop").start()
    with pytest.raises(IllegalArgumentException):
        counts.writeStream.outputMode("sideways").format("noop").start()


def test_query_failure_is_a_streaming_query_exception(spark, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.csv").write_text("1\nnot-a-number\n")
    df = spark.readStream.schema("a INT").option("mode", "FAILFAST").csv(str(tmp_path / "in"))
    q = df.writeStream.format("noop").start()
    with pytest.raises(StreamingQueryException, match="not-a-number|FAILFAST|malformed"):
        q.processAllAvailable()
    assert isinstance(q.exception(), StreamingQueryException)
