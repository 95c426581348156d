"""DataStreamReader (spark.readStream) and DataStreamWriter (df.writeStream)."""

from spate.sql.readwriter import OptionUtils, _Reader, _partition_columns
from spate.sql.streaming.query import StreamingQuery

__all__ = ["DataStreamReader", "DataStreamWriter"]


class DataStreamReader(_Reader):
    def __init__(self, spark):
        self._spark = spark
        self._j = spark._jsparkSession.readStream()

    def load(self, path=None, format=None, schema=None, **options):
        self._prepare(format, schema, options)
        if path is None:
            return self._df(self._j.load())
        if not isinstance(path, str) or not path.strip():
            raise ValueError("path should be a non-empty string, not %r" % (path,))
        return self._df(self._j.load(path))

    def parquet(self, path, **options):
        return self.load(path, "parquet", None, **options)


class _ForeachAdapter:
    """foreach(f) with a function: f(row) for every row; or an object with process(row)
    and, optionally, open(partition_id, epoch_id) and close(error)."""

    def __init__(self, f):
        if callable(f) and not hasattr(f, "process"):
            self._process, self._open, self._close = f, None, None
        elif hasattr(f, "process"):
            self._process = f.process
            self._open = getattr(f, "open", None)
            self._close = getattr(f, "close", None)
        else:
            raise TypeError("foreach takes a function or an object with a process method")

    def open(self, partition_id, epoch_id):
        return True if self._open is None else self._open(partition_id, epoch_id)

    def process(self, row):
        self._process(row)

    def close(self, error):
        if self._close is not None:
            self._close(None if error is None else Exception(error))


class DataStreamWriter(OptionUtils):
    def __init__(self, df):
        self._df = df
        self._spark = df.sparkSession
        self._j = df._jdf.writeStream()

    def outputMode(self, outputMode):
        if not isinstance(outputMode, str) or not outputMode.strip():
            raise ValueError("outputMode should be a non-empty string, not %r" % (outputMode,))
        self._j.outputMode(outputMode)
        return self

    def format(self, source):
        self._j.format(source)
        return self

    def queryName(self, queryName):
        if not isinstance(queryName, str) or not queryName.strip():
            raise ValueError("queryName should be a non-empty string, not %r" % (queryName,))
        self._j.queryName(queryName)
        return self

    def partitionBy(self, *cols):
        self._j.partitionBy(_partition_columns(cols))
        return self

    def trigger(self, *, processingTime=None, once=None, continuous=None, availableNow=None):
        given = [x for x in (processingTime, once, continuous, availableNow) if x is not None]
        if len(given) != 1:
            raise ValueError("Only one trigger can be set: processingTime, once, continuous or availableNow")
        if processingTime is not None:
            if not isinstance(processingTime, str) or not processingTime.strip():
                raise ValueError("processingTime should be a non-empty string, not %r" % (processingTime,))
            self._j.triggerProcessingTime(processingTime)
        elif once is not None:
            if once is not True:
                raise ValueError("once should only be True, not %r" % (once,))
            self._j.triggerOnce()
        elif availableNow is not None:
            if availableNow is not True:
                raise ValueError("availableNow should only be True, not %r" % (availableNow,))
            self._j.triggerAvailableNow()
        else:
            from spate.errors import UnsupportedOperationException
            raise UnsupportedOperationException("continuous processing is not supported; "
                                                "use processingTime (micro-batches of any interval)")
        return self

    def foreachBatch(self, func):
        """func(batch_df, batch_id) for every micro-batch, on the query's thread."""
        if not callable(func):
            raise TypeError("foreachBatch takes a function(DataFrame, int)")
        from spate.sql.dataframe import DataFrame
        spark = self._spark
        self._j.foreachBatch(lambda jdf, batch_id: func(DataFrame(jdf, spark), batch_id))
        return self

    def foreach(self, f):
        self._j.foreach(_ForeachAdapter(f))
        return self

    def lateRows(self, format=None, foreachBatch=None, **options):
        """Beyond Spark: rows a stateful operator drops behind the watermark go to this sink
        (format with options, or a foreachBatch function) instead of vanishing."""
        if (format is None) == (foreachBatch is None):
            raise ValueError("lateRows takes a format or a foreachBatch function")
        if foreachBatch is not None:
            from spate.sql.dataframe import DataFrame
            spark = self._spark
            self._j.lateRowsForeachBatch(lambda jdf, batch_id: foreachBatch(DataFrame(jdf, spark), batch_id))
        else:
            from spate.sql.readwriter import _option_text
            self._j.lateRows(format, [(k, _option_text(v)) for k, v in options.items()])
        return self

    def _apply(self, format, outputMode, queryName, options):
        if format is not None:
            self.format(format)
        if outputMode is not None:
            self.outputMode(outputMode)
        if queryName is not None:
            self.queryName(queryName)
        self.options(**options)

    def start(self, path=None, format=None, outputMode=None, partitionBy=None, queryName=None, **options):
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self._apply(format, outputMode, queryName, options)
        jq = self._j.start() if path is None else self._j.start(path)
        return StreamingQuery(jq)

    def toTable(self, tableName, format=None, outputMode=None, partitionBy=None, queryName=None, **options):
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self._apply(format, outputMode, queryName, options)
        return StreamingQuery(self._j.toTable(tableName))

    table = toTable
