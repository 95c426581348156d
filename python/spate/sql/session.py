"""SparkSession: the entry point, with PySpark's builder."""

import atexit
import re
import threading

from spate import _spate
from spate.sql.dataframe import DataFrame
from spate.sql.readwriter import DataFrameReader, _option_text
from spate.sql.types import DataType, Row, StructField, StructType, _infer_schema, _parse_type_name

__all__ = ["SparkSession"]

_lock = threading.RLock()
_active = None


class RuntimeConfig:
    """spark.conf: string values by key."""

    _MISSING = object()

    def __init__(self, jconf):
        self._jconf = jconf

    def set(self, key, value):
        self._jconf.set(key, _option_text(value))

    def get(self, key, default=_MISSING):
        if self._jconf.has(key):
            return self._jconf.get(key, "")
        if default is RuntimeConfig._MISSING:
            from spate.errors import SparkRuntimeException
            raise SparkRuntimeException("[SQL_CONF_NOT_FOUND] The SQL config \"%s\" cannot be found." % key)
        return default

    def getAll(self):
        return dict(self._jconf.all())

    def isModifiable(self, key):
        return True


class SparkContext:
    """The little of SparkContext a single-process engine has: names, and setLogLevel."""

    def __init__(self, session):
        self._session = session

    @property
    def appName(self):
        return self._session.conf.get("spark.app.name", "spate")

    @property
    def master(self):
        return self._session.conf.get("spark.master", "local[*]")

    @property
    def defaultParallelism(self):
        import os
        return os.cpu_count() or 1

    def setLogLevel(self, logLevel):
        """Accepted for compatibility: spate logs only errors and the console sink."""


class SparkSession:
    """The entry point: ``SparkSession.builder.appName("x").getOrCreate()``."""

    class Builder:
        def __init__(self):
            self._options = {}

        def appName(self, name):
            return self.config("spark.app.name", name)

        def master(self, master):
            """Accepted and recorded: spate always runs in this process, on all cores."""
            return self.config("spark.master", master)

        def config(self, key=None, value=None, conf=None, map=None):
            if conf is not None:
                for k, v in conf.getAll():
                    self._options[k] = _option_text(v)
            if map is not None:
                for k, v in map.items():
                    self._options[k] = _option_text(v)
            if key is not None:
                self._options[key] = _option_text(value)
            return self

        def enableHiveSupport(self):
            return self

        def getOrCreate(self):
            global _active
            with _lock:
                opts = dict(self._options)
                app = opts.pop("spark.app.name", None)
                master = opts.pop("spark.master", None)
                if _active is None:
                    j = _spate.Session.getOrCreate(app or "spate", master or "local[*]", list(opts.items()))
                    _active = SparkSession(j)
                else:
                    conf = _active._jsparkSession.conf()
                    for k, v in self._options.items():
                        conf.set(k, v)
                return _active

    class _BuilderDescriptor:
        def __get__(self, instance, owner):
            return SparkSession.Builder()

    builder = _BuilderDescriptor()

    def __init__(self, jsparkSession):
        self._jsparkSession = jsparkSession
        self._conf = RuntimeConfig(jsparkSession.conf())

    @classmethod
    def getActiveSession(cls):
        return _active

    @classmethod
    def active(cls):
        if _active is None:
            from spate.errors import PySparkException
            raise PySparkException("[NO_ACTIVE_OR_DEFAULT_SESSION] No active or default Spark session found.")
        return _active

    @property
    def version(self):
        return _spate.__version__

    @property
    def conf(self):
        return self._conf

    @property
    def sparkContext(self):
        return SparkContext(self)

    @property
    def read(self):
        return DataFrameReader(self)

    @property
    def readStream(self):
        from spate.sql.streaming import DataStreamReader
        return DataStreamReader(self)

    @property
    def streams(self):
        from spate.sql.streaming import StreamingQueryManager
        return StreamingQueryManager(self._jsparkSession.streams())

    def sql(self, sqlQuery, args=None, **kwargs):
        if args or kwargs:
            raise NotImplementedError("parameterized SQL (args) is not supported yet")
        return DataFrame(self._jsparkSession.sql(sqlQuery), self)

    def table(self, tableName):
        return DataFrame(self._jsparkSession.table(tableName), self)

    def range(self, start, end=None, step=1, numPartitions=None):
        if end is None:
            start, end = 0, start
        return DataFrame(self._jsparkSession.range(start, end, step), self)

    def createDataFrame(self, data, schema=None, samplingRatio=None, verifySchema=True):
        """From a list of tuples, Rows or dicts (or a pandas DataFrame), with an optional
        schema: a StructType, a DDL string ("a INT, b STRING") or a list of column names."""
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if hasattr(data, "__arrow_c_stream__") and not isinstance(data, DataFrame) and \
                not (pd is not None and isinstance(data, pd.DataFrame)):
            data, arrow_schema = _from_arrow(data)
            schema = schema if schema is not None else arrow_schema
        if pd is not None and isinstance(data, pd.DataFrame):
            names = [str(c) for c in data.columns]
            data = [tuple(None if _is_nan(v) else _from_numpy(v) for v in row)
                    for row in data.itertuples(index=False, name=None)]
            if schema is None:
                schema = names
        data = list(data)
        if isinstance(schema, DataType) and not isinstance(schema, StructType):
            schema = StructType().add("value", schema)
            data = [(v,) for v in data]
        if isinstance(schema, StructType):
            ddl = schema._ddl()
        elif isinstance(schema, str):
            ddl = _ddl_from_string(schema)
            if ddl is None:
                ddl = StructType().add("value", _parse_type_name(schema))._ddl()
                data = [(v,) for v in data]
        else:
            names = list(schema) if schema is not None else None
            if data and not isinstance(data[0], (tuple, list, dict, Row)):
                data = [(v,) for v in data]
                names = names or ["value"]
            ddl = _infer_schema(data, names)._ddl()
        rows = [_row_values(r) for r in data]
        return DataFrame(self._jsparkSession.createDataFrame(rows, ddl), self)

    def stop(self):
        """Stops the session's streaming queries; the session can be created anew."""
        global _active
        for q in self.streams.active:
            q.stop()
        with _lock:
            if _active is self:
                _active = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.stop()


def _from_arrow(data):
    """Rows and schema of an Arrow table (anything with __arrow_c_stream__)."""
    import pyarrow as pa
    table = pa.table(data)
    fields = [StructField(f.name, _from_arrow_type(f.type), f.nullable) for f in table.schema]
    return [tuple(r.values()) for r in table.to_pylist(maps_as_pydicts="strict")], StructType(fields)


def _from_arrow_type(t):
    import pyarrow as pa
    import pyarrow.types as pt
    from spate.sql import types as T
    simple = [(pt.is_boolean, T.BooleanType), (pt.is_int8, T.ByteType), (pt.is_int16, T.ShortType),
              (pt.is_int32, T.IntegerType), (pt.is_int64, T.LongType), (pt.is_float32, T.FloatType),
              (pt.is_float64, T.DoubleType), (pt.is_string, T.StringType), (pt.is_large_string, T.StringType),
              (pt.is_binary, T.BinaryType), (pt.is_large_binary, T.BinaryType), (pt.is_date32, T.DateType),
              (pt.is_timestamp, T.TimestampType), (pt.is_duration, T.DayTimeIntervalType), (pt.is_null, T.NullType)]
    for test, cls in simple:
        if test(t):
            return cls()
    if pt.is_decimal(t):
        return T.DecimalType(t.precision, t.scale)
    if pt.is_list(t) or pt.is_large_list(t):
        return T.ArrayType(_from_arrow_type(t.value_type), True)
    if pt.is_map(t):
        return T.MapType(_from_arrow_type(t.key_type), _from_arrow_type(t.item_type), True)
    if pt.is_struct(t):
        return T.StructType([T.StructField(f.name, _from_arrow_type(f.type), f.nullable) for f in t])
    raise TypeError("Arrow type %s has no spate type" % (t if isinstance(t, pa.DataType) else type(t)))


def _ddl_from_string(text):
    """A schema string as the engine's DDL: "a INT, b STRING" as is, "a: int, b: string"
    with the colons dropped; None for a single type name ("int")."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if len(parts) == 1 and not re.match(r"^\s*`?\w+`?\s*[: ]\s*\S", parts[0]):
        return None
    return ", ".join(re.sub(r"^\s*(`[^`]+`|\w+)\s*:\s*", r"\1 ", p) for p in parts)


def _row_values(row):
    if isinstance(row, Row) and hasattr(row, "__fields__"):
        return dict(zip(row.__fields__, row))
    return row


def _is_nan(v):
    return isinstance(v, float) and v != v


def _from_numpy(v):
    """numpy scalars and pandas timestamps as the Python values the engine takes."""
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


@atexit.register
def _stop_queries_at_exit():
    # Query threads call into Python (foreachBatch, listeners); they must end before the
    # interpreter does.
    if _active is not None:
        for q in _active._jsparkSession.streams().active():
            q.stop()

