"""GroupedData: groupBy(...) awaiting its aggregates."""

from spate.sql.column import Column

__all__ = ["GroupedData"]

_AGG_BY_NAME = {"avg", "mean", "max", "min", "sum", "count", "first", "last", "stddev", "variance",
                "collect_list", "collect_set", "approx_count_distinct"}


class GroupedData:
    def __init__(self, jgd, df):
        self._jgd = jgd
        self._df = df

    def _wrap(self, jdf):
        from spate.sql.dataframe import DataFrame
        return DataFrame(jdf, self._df.sparkSession)

    def agg(self, *exprs):
        """agg(F.sum("v"), F.count("*")) or agg({"v": "sum"})."""
        from spate import _spate
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            cols = []
            for name, fn in exprs[0].items():
                if fn not in _AGG_BY_NAME:
                    raise ValueError("Unknown aggregate function %r for column %r" % (fn, name))
                cols.append(_spate.call(fn, [_spate.col(name)]).alias("%s(%s)" % (fn, name)))
            return self._wrap(self._jgd.agg(cols))
        if len(exprs) == 1 and isinstance(exprs[0], (list, tuple)):
            exprs = exprs[0]
        if not exprs:
            raise ValueError("exprs should not be empty")
        for e in exprs:
            if not isinstance(e, Column):
                raise TypeError("all exprs should be Column, got %s" % type(e).__name__)
        return self._wrap(self._jgd.agg([e._jc for e in exprs]))

    def count(self):
        return self._wrap(self._jgd.count())

    def sum(self, *cols):
        return self._wrap(self._jgd.sum(list(cols)))

    def avg(self, *cols):
        return self._wrap(self._jgd.avg(list(cols)))

    def mean(self, *cols):
        return self._wrap(self._jgd.mean(list(cols)))

    def min(self, *cols):
        return self._wrap(self._jgd.min(list(cols)))

    def max(self, *cols):
        return self._wrap(self._jgd.max(list(cols)))
