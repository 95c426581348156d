"""Column: an expression of the DataFrame API, with PySpark's operators and methods."""

import datetime
import decimal

from spate import _spate

__all__ = ["Column"]


def _lit_type(value):
    """The DDL type of a Python literal, as PySpark's lit() types it."""
    if value is None:
        return "VOID"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INT" if -(2 ** 31) <= value < 2 ** 31 else "BIGINT"
    if isinstance(value, float):
        return "DOUBLE"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, (bytes, bytearray)):
        return "BINARY"
    if isinstance(value, decimal.Decimal):
        sign, digits, exponent = value.as_tuple()
        scale = max(0, -exponent)
        precision = max(len(digits), scale, 1)
        return "DECIMAL(%d,%d)" % (min(precision, 38), scale)
    if isinstance(value, datetime.datetime):
        return "TIMESTAMP"
    if isinstance(value, datetime.date):
        return "DATE"
    if isinstance(value, datetime.timedelta):
        return "INTERVAL DAY TO SECOND"
    raise TypeError("Unsupported literal type %s for %r" % (type(value).__name__, value))


def _lit(value):
    """The engine column of a Python literal (a list becomes an array of literals)."""
    if isinstance(value, Column):
        return value._jc
    if isinstance(value, (list, tuple)):
        return _spate.call("array", [_lit(v) for v in value])
    return _spate.lit(value, _lit_type(value))


def _to_col(value):
    """A Column or a column name as an engine column."""
    if isinstance(value, Column):
        return value._jc
    if isinstance(value, str):
        return _spate.col(value)
    raise TypeError("Invalid argument, not a string or column: %r of type %s" % (value, type(value).__name__))


def _to_cols(values):
    if len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = values[0]
    return [_to_col(v) for v in values]


def _operand(value):
    """The right side of an operator: a Column, or any Python value as a literal."""
    return value._jc if isinstance(value, Column) else _lit(value)


def _binary(op, reverse=False):
    def method(self, other):
        if reverse:
            return Column(getattr(_spate.Column, op)(_operand(other), self._jc))
        return Column(getattr(self._jc, op)(_operand(other)))
    return method


class Column:
    """A column expression: ``df.age + 1``, ``col("name") == "x"``, ``(a > 1) & (b < 2)``."""

    def __init__(self, jc):
        self._jc = jc

    __add__ = _binary("add")
    __radd__ = _binary("add", True)
    __sub__ = _binary("sub")
    __rsub__ = _binary("sub", True)
    __mul__ = _binary("mul")
    __rmul__ = _binary("mul", True)
    __truediv__ = _binary("div")
    __rtruediv__ = _binary("div", True)
    __div__ = __truediv__
    __mod__ = _binary("mod")
    __rmod__ = _binary("mod", True)
    __eq__ = _binary("eq")
    __ne__ = _binary("ne")
    __lt__ = _binary("lt")
    __le__ = _binary("le")
    __gt__ = _binary("gt")
    __ge__ = _binary("ge")
    __and__ = _binary("and_")
    __rand__ = _binary("and_", True)
    __or__ = _binary("or_")
    __ror__ = _binary("or_", True)

    def __pow__(self, other):
        return Column(_spate.call("pow", [self._jc, _operand(other)]))

    def __rpow__(self, other):
        return Column(_spate.call("pow", [_operand(other), self._jc]))

    def __neg__(self):
        return Column(self._jc.neg())

    def __invert__(self):
        return Column(self._jc.not_())

    def __bool__(self):
        raise ValueError("Cannot convert column into bool: please use '&' for 'and', '|' for 'or', "
                         "'~' for 'not' when building DataFrame boolean expressions.")

    __nonzero__ = __bool__
    __hash__ = None

    def __contains__(self, item):
        raise ValueError("Cannot apply 'in' operator against a column: please use 'contains' "
                         "in a string column or 'array_contains' function for an array column.")

    def __iter__(self):
        raise TypeError("Column is not iterable")

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step is not None:
                raise ValueError("Column slices do not take a step")
            return self.substr(key.start, key.stop)
        return Column(self._jc.getItem(_operand(key)))

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        return self.getField(item)

    def __repr__(self):
        return "Column<'%s'>" % str(self._jc)

    def alias(self, *alias, **kwargs):
        if len(alias) != 1:
            raise ValueError("spate's alias takes one name (multi-name aliases are for generators)")
        return Column(self._jc.alias(alias[0]))

    name = alias

    def cast(self, dataType):
        from spate.sql.types import DataType
        if isinstance(dataType, DataType):
            dataType = dataType.simpleString()
        if not isinstance(dataType, str):
            raise TypeError("dataType should be DataType or str, not %s" % type(dataType).__name__)
        return Column(self._jc.cast(dataType))

    astype = cast

    def isNull(self):
        return Column(self._jc.isNull())

    def isNotNull(self):
        return Column(self._jc.isNotNull())

    def between(self, lowerBound, upperBound):
        return Column(self._jc.between(_operand(lowerBound), _operand(upperBound)))

    def isin(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        return Column(self._jc.isin([_operand(c) for c in cols]))

    def like(self, other):
        return Column(self._jc.like(other))

    def rlike(self, other):
        return Column(self._jc.rlike(other))

    def ilike(self, other):
        return Column(_spate.call("lower", [self._jc]).like(other.lower()))

    def startswith(self, other):
        return Column(self._jc.startswith(_operand(other)))

    def endswith(self, other):
        return Column(self._jc.endswith(_operand(other)))

    def contains(self, other):
        return Column(self._jc.contains(_operand(other)))

    def substr(self, startPos, length):
        return Column(self._jc.substr(_operand(startPos), _operand(length)))

    def eqNullSafe(self, other):
        return Column(self._jc.eqNullSafe(_operand(other)))

    def getField(self, name):
        return Column(self._jc.getField(name))

    def getItem(self, key):
        return Column(self._jc.getItem(_operand(key)))

    def when(self, condition, value):
        if not isinstance(condition, Column):
            raise TypeError("condition should be a Column")
        return Column(self._jc.when(condition._jc, _operand(value)))

    def otherwise(self, value):
        return Column(self._jc.otherwise(_operand(value)))

    def asc(self):
        return Column(self._jc.asc())

    def desc(self):
        return Column(self._jc.desc())

    def asc_nulls_first(self):
        return Column(self._jc.asc_nulls_first())

    def asc_nulls_last(self):
        return Column(self._jc.asc_nulls_last())

    def desc_nulls_first(self):
        return Column(self._jc.desc_nulls_first())

    def desc_nulls_last(self):
        return Column(self._jc.desc_nulls_last())

    def bitwiseAND(self, other):
        return Column(_spate.call("&", [self._jc, _operand(other)]))
