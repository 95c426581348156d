"""DataFrame: PySpark's DataFrame over the engine's logical plan."""

from spate.sql.column import Column, _to_col, _to_cols
from spate.sql.group import GroupedData
from spate.sql.types import StructType, _parse_json

__all__ = ["DataFrame"]


def _tree_string(schema):
    def type_name(t):
        return t.typeName() if not hasattr(t, "precision") else t.simpleString()

    lines = ["root"]

    def walk(t, prefix):
        from spate.sql.types import ArrayType, MapType
        if isinstance(t, StructType):
            for f in t.fields:
                lines.append("%s |-- %s: %s (nullable = %s)" % (prefix, f.name, type_name(f.dataType),
                                                               str(f.nullable).lower()))
                walk(f.dataType, prefix + " |   ")
        elif isinstance(t, ArrayType):
            lines.append("%s |-- element: %s (containsNull = %s)" % (prefix, type_name(t.elementType),
                                                                    str(t.containsNull).lower()))
            walk(t.elementType, prefix + " |   ")
        elif isinstance(t, MapType):
            lines.append("%s |-- key: %s" % (prefix, type_name(t.keyType)))
            walk(t.keyType, prefix + " |   ")
            lines.append("%s |-- value: %s (valueContainsNull = %s)" % (prefix, type_name(t.valueType),
                                                                       str(t.valueContainsNull).lower()))
            walk(t.valueType, prefix + " |   ")

    walk(schema, "")
    return "\n".join(lines) + "\n"


class DataFrame:
    """A distributed-collection-shaped handle on a query; methods build new DataFrames."""

    def __init__(self, jdf, sparkSession):
        self._jdf = jdf
        self.sparkSession = sparkSession

    def _wrap(self, jdf):
        return DataFrame(jdf, self.sparkSession)

    # ---- schema ----------------------------------------------------------------------------

    @property
    def schema(self):
        return _parse_json(self._jdf.schema_json())

    @property
    def columns(self):
        return list(self._jdf.columns())

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    @property
    def isStreaming(self):
        return self._jdf.isStreaming()

    def printSchema(self, level=None):
        print(self._jdf.schemaTreeString(), end="")

    def explain(self, extended=None, mode=None):
        print(self._jdf.explainString(bool(extended) or mode == "extended"))

    def __repr__(self):
        return "DataFrame[%s]" % ", ".join("%s: %s" % c for c in self.dtypes)

    # ---- transformations -------------------------------------------------------------------

    def select(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = cols[0]
        return self._wrap(self._jdf.select([_to_col(c) for c in cols]))

    def selectExpr(self, *expr):
        if len(expr) == 1 and isinstance(expr[0], (list, tuple)):
            expr = expr[0]
        return self._wrap(self._jdf.selectExpr(list(expr)))

    def filter(self, condition):
        if isinstance(condition, str):
            return self._wrap(self._jdf.filter(condition))
        if isinstance(condition, Column):
            return self._wrap(self._jdf.filter(condition._jc))
        raise TypeError("condition should be string or Column, not %s" % type(condition).__name__)

    where = filter

    def withColumn(self, colName, col):
        if not isinstance(col, Column):
            raise TypeError("col should be Column, not %s" % type(col).__name__)
        return self._wrap(self._jdf.withColumn(colName, col._jc))

    def withColumns(self, *colsMap):
        if len(colsMap) != 1 or not isinstance(colsMap[0], dict):
            raise TypeError("withColumns takes one dict of column name to Column")
        df = self
        for name, c in colsMap[0].items():
            df = df.withColumn(name, c)
        return df

    def withColumnRenamed(self, existing, new):
        return self._wrap(self._jdf.withColumnRenamed(existing, new))

    def withColumnsRenamed(self, colsMap):
        df = self
        for existing, new in colsMap.items():
            df = df.withColumnRenamed(existing, new)
        return df

    def drop(self, *cols):
        names = []
        for c in cols:
            if isinstance(c, Column):
                names.append(str(c._jc))
            elif isinstance(c, str):
                names.append(c)
            else:
                raise TypeError("drop takes column names or Columns, not %s" % type(c).__name__)
        return self._wrap(self._jdf.drop(names))

    def toDF(self, *cols):
        return self._wrap(self._jdf.toDF(list(cols)))

    def groupBy(self, *cols):
        return GroupedData(self._jdf.groupBy(_to_cols(cols)) if cols else self._jdf.groupBy([]), self)

    groupby = groupBy

    def agg(self, *exprs):
        return self.groupBy().agg(*exprs)

    def orderBy(self, *cols, **kwargs):
        keys = _to_cols(cols)
        ascending = kwargs.get("ascending", True)
        if isinstance(ascending, (bool, int)):
            ascending = [bool(ascending)] * len(keys)
        if len(ascending) != len(keys):
            raise ValueError("ascending should have one value per sort column")
        keys = [k if a else k.desc() for k, a in zip(keys, ascending)]
        return self._wrap(self._jdf.orderBy(keys))

    sort = orderBy

    def limit(self, num):
        return self._wrap(self._jdf.limit(num))

    def withWatermark(self, eventTime, delayThreshold):
        if not isinstance(eventTime, str) or not isinstance(delayThreshold, str):
            raise TypeError("withWatermark takes a column name and a delay such as '10 minutes'")
        return self._wrap(self._jdf.withWatermark(eventTime, delayThreshold))

    def distinct(self):
        return self._wrap(self._jdf.distinct())

    def dropDuplicates(self, subset=None):
        return self._wrap(self._jdf.dropDuplicates(list(subset or [])))

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset=None):
        return self._wrap(self._jdf.dropDuplicatesWithinWatermark(list(subset or [])))

    def join(self, other, on=None, how=None):
        how = how or "inner"
        if on is None:
            if how not in ("inner", "cross"):
                raise ValueError("a %s join needs a join condition (on)" % how)
            return self.crossJoin(other)
        if isinstance(on, str):
            return self._wrap(self._jdf.join(other._jdf, [on], how))
        if isinstance(on, Column):
            return self._wrap(self._jdf.join(other._jdf, on._jc, how))
        on = list(on)
        if all(isinstance(o, str) for o in on):
            return self._wrap(self._jdf.join(other._jdf, on, how))
        if all(isinstance(o, Column) for o in on):
            cond = on[0]
            for o in on[1:]:
                cond = cond & o
            return self._wrap(self._jdf.join(other._jdf, cond._jc, how))
        raise TypeError("on should be a column name, a Column, or a list of either")

    def crossJoin(self, other):
        return self._wrap(self._jdf.crossJoin(other._jdf))

    def union(self, other):
        return self._wrap(self._jdf.unionAll(other._jdf))

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        if allowMissingColumns:
            raise NotImplementedError("unionByName(allowMissingColumns=True) is not supported yet")
        return self._wrap(self._jdf.unionByName(other._jdf))

    def intersect(self, other):
        return self._wrap(self._jdf.intersect(other._jdf))

    def exceptAll(self, other):
        return self._wrap(self._jdf.exceptAll(other._jdf))

    def subtract(self, other):
        return self._wrap(self._jdf.subtract(other._jdf))

    def alias(self, alias):
        return self._wrap(self._jdf.alias(alias))

    # Spark caches and repartitions on executors; spate runs a query in this process on
    # the machine's cores, so these keep the plan as it is.
    def cache(self):
        return self

    def repartition(self, numPartitions=None, *cols):
        return self

    def coalesce(self, numPartitions):
        return self

    def hint(self, name, *parameters):
        return self

    def transform(self, func, *args, **kwargs):
        result = func(self, *args, **kwargs)
        if not isinstance(result, DataFrame):
            raise TypeError("transform's function should return a DataFrame, not %s" % type(result).__name__)
        return result

    # ---- missing values (df.na) --------------------------------------------------------------

    def fillna(self, value, subset=None):
        """Replaces nulls: value (int, float, str, bool) in the columns of its kind, or a dict
        of column name to value."""
        from spate.sql import functions as F
        if isinstance(value, dict):
            fills = dict(value)
        else:
            if not isinstance(value, (int, float, str, bool)):
                raise TypeError("value should be a float, int, string, bool or dict, not %s" % type(value).__name__)
            names = [subset] if isinstance(subset, str) else list(subset or self.columns)
            kinds = dict(self.dtypes)
            fills = {n: value for n in names if _fill_applies(kinds.get(n), value)}
        unknown = [n for n in fills if n not in self.columns]
        if unknown:
            from spate.errors import AnalysisException
            raise AnalysisException("fillna: no column %s in %s" % (", ".join(unknown), self.columns))
        cols = [F.coalesce(F.col(c), F.lit(fills[c]).cast(t)).alias(c) if c in fills else F.col(c)
                for c, t in self.dtypes]
        return self.select(*cols)

    def dropna(self, how="any", thresh=None, subset=None):
        """Drops rows with nulls: with any (how="any"), only all-null rows (how="all"), or
        rows with fewer than thresh non-null values, among subset's columns."""
        from functools import reduce
        from spate.sql import functions as F
        if how not in ("any", "all"):
            raise ValueError("how ('%s') should be 'any' or 'all'" % how)
        names = [subset] if isinstance(subset, str) else list(subset or self.columns)
        if thresh is None:
            thresh = len(names) if how == "any" else 1
        non_null = reduce(lambda a, b: a + b, [F.when(F.col(n).isNotNull(), 1).otherwise(0) for n in names])
        return self.filter(non_null >= thresh)

    @property
    def na(self):
        return DataFrameNaFunctions(self)

    def persist(self, storageLevel=None):
        return self

    def unpersist(self, blocking=False):
        return self

    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(self._jdf.col(item))
        if isinstance(item, int):
            return Column(self._jdf.col(self.columns[item]))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise TypeError("unexpected item type: %s" % type(item).__name__)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.columns:
            raise AttributeError("'DataFrame' object has no attribute '%s'" % name)
        return Column(self._jdf.col(name))

    # ---- actions ---------------------------------------------------------------------------

    def collect(self):
        return self._jdf.collect()

    def toLocalIterator(self, prefetchPartitions=False):
        return iter(self.collect())

    def count(self):
        return self._jdf.count()

    def take(self, num):
        return self.limit(num).collect()

    def head(self, n=None):
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def isEmpty(self):
        return len(self.take(1)) == 0

    def show(self, n=20, truncate=True, vertical=False):
        if vertical:
            print(self._vertical(n, truncate))
            return
        width = 20 if truncate is True else (0 if truncate is False else int(truncate))
        print(self._jdf.showString(n, width))

    def _vertical(self, n, truncate):
        rows = self.take(n)
        names = self.columns
        width = max((len(c) for c in names), default=0)

        def cell(v):
            s = "null" if v is None else str(v)
            limit = 20 if truncate is True else (int(truncate) if truncate else 0)
            return s[:limit - 3] + "..." if limit and len(s) > limit else s

        out = []
        for i, r in enumerate(rows):
            out.append("-RECORD %d%s" % (i, "-" * 10))
            out.extend(" %s | %s" % (c.ljust(width), cell(v)) for c, v in zip(names, r))
        return "\n".join(out) if out else "(0 rows)"

    def __arrow_c_stream__(self, requested_schema=None):
        """The Arrow PyCapsule stream protocol: pyarrow.table(df), polars.from_arrow(df)
        and DuckDB read the result without a copy. Timestamps are UTC."""
        return self._jdf.__arrow_c_stream__(requested_schema)

    def toArrow(self):
        """The result as a pyarrow.Table (sharing the engine's buffers)."""
        import pyarrow as pa
        return pa.table(self)

    def toPandas(self):
        """The result as a pandas DataFrame. As in PySpark, timestamps are naive (here
        in UTC, the session time zone)."""
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            import pandas as pd
            return pd.DataFrame.from_records([tuple(r) for r in self.collect()], columns=self.columns)
        import pyarrow as pa
        table = self.toArrow()
        # UTC instants to naive UTC wall time: a change of type only, done before pandas.
        naive = pa.schema([pa.field(f.name, pa.timestamp(f.type.unit), f.nullable)
                           if pa.types.is_timestamp(f.type) and f.type.tz else f for f in table.schema])
        return table.cast(naive).to_pandas()

    def createOrReplaceTempView(self, name):
        self._jdf.createOrReplaceTempView(name)

    def createTempView(self, name):
        self._jdf.createTempView(name)

    registerTempTable = createOrReplaceTempView

    @property
    def write(self):
        from spate.sql.readwriter import DataFrameWriter
        return DataFrameWriter(self)

    @property
    def writeStream(self):
        from spate.sql.streaming import DataStreamWriter
        return DataStreamWriter(self)


def _fill_applies(dtype, value):
    """Whether fillna(value) fills a column of dtype, as PySpark decides."""
    numeric = dtype in ("tinyint", "smallint", "int", "bigint", "float", "double") or \
        (dtype or "").startswith("decimal")
    if isinstance(value, bool):
        return dtype == "boolean"
    if isinstance(value, (int, float)):
        return numeric
    return dtype == "string"


class DataFrameNaFunctions:
    """df.na: fill and drop, as DataFrame.fillna and dropna."""

    def __init__(self, df):
        self.df = df

    def fill(self, value, subset=None):
        return self.df.fillna(value, subset)

    def drop(self, how="any", thresh=None, subset=None):
        return self.df.dropna(how, thresh, subset)
