"""Structured Streaming from Python: pyspark.sql.streaming's classes."""

from spate.sql.streaming.listener import StreamingQueryListener, StreamingQueryProgress
from spate.sql.streaming.query import StreamingQuery, StreamingQueryManager
from spate.sql.streaming.readwriter import DataStreamReader, DataStreamWriter

__all__ = [
    "DataStreamReader",
    "DataStreamWriter",
    "StreamingQuery",
    "StreamingQueryManager",
    "StreamingQueryListener",
    "StreamingQueryProgress",
]
