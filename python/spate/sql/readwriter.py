"""DataFrameReader (spark.read) and DataFrameWriter (df.write)."""

from spate.sql.types import StructType

__all__ = ["DataFrameReader", "DataFrameWriter"]


def _option_text(value):
    """An option value as Spark passes it on: booleans as true/false, the rest as str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema_text(schema):
    if isinstance(schema, StructType):
        return schema._ddl()
    if isinstance(schema, str):
        return schema
    raise TypeError("schema should be StructType or string, not %s" % type(schema).__name__)


def _partition_columns(cols):
    """partitionBy("a", "b") or partitionBy(["a", "b"]), as pyspark takes them."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = cols[0]
    for c in cols:
        if not isinstance(c, str):
            raise TypeError("partitionBy takes column names (str), not %s" % type(c).__name__)
    return list(cols)


class OptionUtils:
    """option()/options() as every reader and writer has them; None values are skipped."""

    def option(self, key, value):
        if value is not None:
            self._j.option(key, _option_text(value))
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self


class _Reader(OptionUtils):
    """What spark.read and spark.readStream share: format, schema and the format shortcuts
    (csv, json, text, parquet) over load(path, format, schema, **options)."""

    def _df(self, jdf):
        from spate.sql.dataframe import DataFrame
        return DataFrame(jdf, self._spark)

    def format(self, source):
        self._j.format(source)
        return self

    def schema(self, schema):
        self._j.schema(_schema_text(schema))
        return self

    def _prepare(self, format, schema, options):
        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)

    def csv(self, path, schema=None, **options):
        return self.load(path, "csv", schema, **options)

    def json(self, path, schema=None, **options):
        return self.load(path, "json", schema, **options)

    def text(self, path, **options):
        return self.load(path, "text", None, **options)

    def table(self, tableName):
        return self._df(self._j.table(tableName))


class DataFrameReader(_Reader):
    def __init__(self, spark):
        self._spark = spark
        self._j = spark._jsparkSession.read()

    def load(self, path=None, format=None, schema=None, **options):
        self._prepare(format, schema, options)
        if path is None:
            return self._df(self._j.load())
        return self._df(self._j.load([path] if isinstance(path, str) else list(path)))

    def parquet(self, *paths, **options):
        return self.load(list(paths), "parquet", None, **options)


class DataFrameWriter(OptionUtils):
    def __init__(self, df):
        self._df = df
        self._j = df._jdf.write()

    def mode(self, saveMode):
        if saveMode is not None:
            self._j.mode(saveMode)
        return self

    def format(self, source):
        self._j.format(source)
        return self

    def partitionBy(self, *cols):
        self._j.partitionBy(_partition_columns(cols))
        return self

    def save(self, path=None, format=None, mode=None, partitionBy=None, **options):
        if format is not None:
            self.format(format)
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        if path is None:
            self._j.save()  # formats without a path (kafka, noop)
        else:
            self._j.save(path)

    def saveAsTable(self, name, format=None, mode=None, partitionBy=None, **options):
        """A managed table under spark.sql.warehouse.dir (format "delta" only)."""
        if partitionBy is not None:
            raise NotImplementedError("partitionBy is not supported for saveAsTable yet")
        if format is not None:
            self.format(format)
        self.mode(mode)
        self.options(**options)
        self._j.saveAsTable(name)

    def csv(self, path, mode=None, **options):
        self.save(path, "csv", mode, **options)

    def json(self, path, mode=None, **options):
        self.save(path, "json", mode, **options)

    def text(self, path, **options):
        self.save(path, "text", None, **options)

    def parquet(self, path, mode=None, partitionBy=None, **options):
        self.save(path, "parquet", mode, partitionBy, **options)
