"""spate.sql: pyspark.sql's API over the spate engine."""

from spate.sql.types import Row
from spate.sql.column import Column
from spate.sql.dataframe import DataFrame
from spate.sql.group import GroupedData
from spate.sql.readwriter import DataFrameReader, DataFrameWriter
from spate.sql.session import SparkSession
from spate.sql.streaming import DataStreamReader, DataStreamWriter, StreamingQuery, StreamingQueryManager
from spate.sql import functions, types  # noqa: F401

__all__ = [
    "SparkSession",
    "DataFrame",
    "Column",
    "Row",
    "GroupedData",
    "DataFrameReader",
    "DataFrameWriter",
    "DataStreamReader",
    "DataStreamWriter",
    "StreamingQuery",
    "StreamingQueryManager",
]
