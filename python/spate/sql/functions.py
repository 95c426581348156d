"""The DataFrame API's functions, with pyspark.sql.functions' names and signatures.

Every SQL function the engine has is reachable here: the ones PySpark programs use most
are defined with PySpark's signatures below; any other engine function ``f`` is
``functions.f(*args)``, where a str argument names a column and any other Python value
is a literal (as for most PySpark functions).
"""


from spate import _spate
from spate.sql.column import Column, _lit, _operand, _to_col, _to_cols

_ENGINE_FUNCTIONS = frozenset(_spate.function_names())


def _invoke(name, *cols):
    """name(cols...), each a Column or a column name."""
    return Column(_spate.call(name, [_to_col(c) for c in cols]))


def _invoke_args(name, *args):
    """name(args...): a str names a column, anything else is a literal."""
    return Column(_spate.call(name, [_to_col(a) if isinstance(a, (str, Column)) else _lit(a) for a in args]))


# ---- columns and literals ----------------------------------------------------------------

def col(col):
    return Column(_spate.col(col))


column = col


def lit(col):
    return col if isinstance(col, Column) else Column(_lit(col))


def expr(str):
    return Column(_spate.expr(str))


def when(condition, value):
    if not isinstance(condition, Column):
        raise TypeError("condition should be a Column")
    return Column(_spate.when(condition._jc, _operand(value)))


def asc(col):
    return Column(_to_col(col)).asc()


def desc(col):
    return Column(_to_col(col)).desc()


def asc_nulls_first(col):
    return Column(_to_col(col)).asc_nulls_first()


def asc_nulls_last(col):
    return Column(_to_col(col)).asc_nulls_last()


def desc_nulls_first(col):
    return Column(_to_col(col)).desc_nulls_first()


def desc_nulls_last(col):
    return Column(_to_col(col)).desc_nulls_last()


def broadcast(df):
    """A join hint in Spark; spate's joins build their hash table on one side anyway."""
    return df


def call_function(funcName, *cols):
    return _invoke(funcName, *cols)


# ---- aggregates --------------------------------------------------------------------------

def count(col):
    return _invoke("count", col)


def countDistinct(col, *cols):
    return Column(_spate.call("count", _to_cols([col] + list(cols)), True))


count_distinct = countDistinct


def sum_distinct(col):
    return Column(_spate.call("sum", [_to_col(col)], True))


sumDistinct = sum_distinct


def first(col, ignorenulls=False):
    return Column(_spate.call("first", [_to_col(col), _lit(ignorenulls)]))


def last(col, ignorenulls=False):
    return Column(_spate.call("last", [_to_col(col), _lit(ignorenulls)]))


def approx_count_distinct(col, rsd=None):
    args = [_to_col(col)] + ([] if rsd is None else [_lit(float(rsd))])
    return Column(_spate.call("approx_count_distinct", args))


approxCountDistinct = approx_count_distinct


def percentile_approx(col, percentage, accuracy=10000):
    return Column(_spate.call("percentile_approx", [_to_col(col), _lit(percentage), _lit(accuracy)]))


# ---- event time --------------------------------------------------------------------------

def window(timeColumn, windowDuration, slideDuration=None, startTime=None):
    """Tumbling window(time, "1 hour"); sliding window(time, "10 minutes", "5 minutes")."""
    for name, value in (("windowDuration", windowDuration), ("slideDuration", slideDuration),
                        ("startTime", startTime)):
        if value is not None and not isinstance(value, str):
            raise TypeError("%s should be provided as a string, not %s" % (name, type(value).__name__))
    args = [_to_col(timeColumn), _lit(windowDuration)]
    if slideDuration is not None or startTime is not None:
        args.append(_lit(slideDuration if slideDuration is not None else windowDuration))
    if startTime is not None:
        args.append(_lit(startTime))
    return Column(_spate.call("window", args))


def window_time(windowColumn):
    return _invoke("window_time", windowColumn)


def session_window(timeColumn, gapDuration):
    """Sessions per key closing after gapDuration ("5 minutes", or a Column per row) of quiet."""
    if not isinstance(gapDuration, (str, Column)):
        raise TypeError("gapDuration should be provided as a string or Column, not %s"
                        % type(gapDuration).__name__)
    gap = gapDuration._jc if isinstance(gapDuration, Column) else _lit(gapDuration)
    return Column(_spate.call("session_window", [_to_col(timeColumn), gap]))


# ---- strings -----------------------------------------------------------------------------

def split(str, pattern, limit=-1):
    return Column(_spate.call("split", [_to_col(str), _lit(pattern), _lit(limit)]))


def substring(str, pos, len):
    return Column(_spate.call("substring", [_to_col(str), _lit(pos), _lit(len)]))


def concat_ws(sep, *cols):
    return Column(_spate.call("concat_ws", [_lit(sep)] + _to_cols(cols)))


def regexp_extract(str, pattern, idx):
    return Column(_spate.call("regexp_extract", [_to_col(str), _lit(pattern), _lit(idx)]))


def regexp_replace(string, pattern, replacement):
    return Column(_spate.call("regexp_replace", [_to_col(string), _operand(pattern), _operand(replacement)]))


def instr(str, substr):
    return Column(_spate.call("instr", [_to_col(str), _lit(substr)]))


def locate(substr, str, pos=1):
    return Column(_spate.call("locate", [_lit(substr), _to_col(str), _lit(pos)]))


def lpad(col, len, pad):
    return Column(_spate.call("lpad", [_to_col(col), _lit(len), _lit(pad)]))


def rpad(col, len, pad):
    return Column(_spate.call("rpad", [_to_col(col), _lit(len), _lit(pad)]))


def format_string(format, *cols):
    return Column(_spate.call("format_string", [_lit(format)] + _to_cols(cols)))


# ---- dates and times ---------------------------------------------------------------------

def to_timestamp(col, format=None):
    args = [_to_col(col)] + ([] if format is None else [_lit(format)])
    return Column(_spate.call("to_timestamp", args))


def to_date(col, format=None):
    args = [_to_col(col)] + ([] if format is None else [_lit(format)])
    return Column(_spate.call("to_date", args))


def date_format(date, format):
    return Column(_spate.call("date_format", [_to_col(date), _lit(format)]))


def unix_timestamp(timestamp=None, format="yyyy-MM-dd HH:mm:ss"):
    if timestamp is None:
        return Column(_spate.call("unix_timestamp", []))
    return Column(_spate.call("unix_timestamp", [_to_col(timestamp), _lit(format)]))


def from_unixtime(timestamp, format="yyyy-MM-dd HH:mm:ss"):
    return Column(_spate.call("from_unixtime", [_to_col(timestamp), _lit(format)]))


def date_trunc(format, timestamp):
    return Column(_spate.call("date_trunc", [_lit(format), _to_col(timestamp)]))


def date_add(start, days):
    return Column(_spate.call("date_add", [_to_col(start), _operand(days)]))


def date_sub(start, days):
    return Column(_spate.call("date_sub", [_to_col(start), _operand(days)]))


def current_timestamp():
    return Column(_spate.call("current_timestamp", []))


def current_date():
    return Column(_spate.call("current_date", []))


# ---- math --------------------------------------------------------------------------------

def round(col, scale=0):
    return Column(_spate.call("round", [_to_col(col), _lit(scale)]))


def bround(col, scale=0):
    return Column(_spate.call("bround", [_to_col(col), _lit(scale)]))


def pow(col1, col2):
    return _invoke_args("pow", col1, col2)


# ---- collections and JSON ----------------------------------------------------------------

def array(*cols):
    return Column(_spate.call("array", _to_cols(cols)))


def struct(*cols):
    return Column(_spate.call("struct", _to_cols(cols)))


def create_map(*cols):
    return Column(_spate.call("map", _to_cols(cols)))


def element_at(col, extraction):
    return Column(_spate.call("element_at", [_to_col(col), _operand(extraction)]))


def array_contains(col, value):
    return Column(_spate.call("array_contains", [_to_col(col), _operand(value)]))


def from_json(col, schema, options=None):
    from spate.sql.types import DataType
    if isinstance(schema, DataType):
        schema = schema.simpleString() if not hasattr(schema, "_ddl") else schema._ddl()
    elif isinstance(schema, Column):
        return Column(_spate.call("from_json", [_to_col(col), schema._jc]))
    return Column(_spate.call("from_json", [_to_col(col), _lit(schema)]))


def get_json_object(col, path):
    return Column(_spate.call("get_json_object", [_to_col(col), _lit(path)]))


def json_tuple(col, *fields):
    return Column(_spate.call("json_tuple", [_to_col(col)] + [_lit(f) for f in fields]))


# ---- variadic column functions ---------------------------------------------------------------

def coalesce(*cols):
    return Column(_spate.call("coalesce", _to_cols(cols)))


def greatest(*cols):
    return Column(_spate.call("greatest", _to_cols(cols)))


def least(*cols):
    return Column(_spate.call("least", _to_cols(cols)))


def concat(*cols):
    return Column(_spate.call("concat", _to_cols(cols)))


def hash(*cols):
    return Column(_spate.call("hash", _to_cols(cols)))


def xxhash64(*cols):
    return Column(_spate.call("xxhash64", _to_cols(cols)))


# One-column functions with PySpark's parameter name `col`: f(col).
_ONE_COLUMN = [
    "sum", "avg", "mean", "min", "max", "collect_list", "collect_set", "stddev", "stddev_samp",
    "stddev_pop", "variance", "var_samp", "var_pop", "skewness", "kurtosis", "any_value",
    "bool_and", "bool_or", "every", "some", "max_by", "min_by", "median", "mode", "product",
    "explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer",
    "upper", "lower", "length", "char_length", "character_length", "trim", "ltrim", "rtrim",
    "reverse", "initcap", "ascii", "base64", "unbase64", "md5", "sha1", "crc32", "soundex",
    "abs", "floor", "ceil", "ceiling", "sqrt", "cbrt", "exp", "expm1", "log10", "log2", "log1p",
    "ln", "signum", "sign", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
    "degrees", "radians", "rint", "factorial", "bin", "hex", "unhex", "isnan", "isnull",
    "isnotnull", "year", "quarter", "month", "dayofmonth", "dayofweek", "dayofyear", "weekofyear",
    "hour", "minute", "second", "last_day", "to_json", "size", "array_distinct", "array_max",
    "array_min", "sort_array", "array_sort", "flatten", "map_keys", "map_values", "map_entries",
    "shuffle", "cardinality", "bit_count", "unix_seconds", "unix_millis", "unix_micros",
    "timestamp_seconds", "timestamp_millis", "timestamp_micros", "date_from_unix_date",
    "unix_date", "octet_length", "bit_length", "nanvl",
]


def _one_column(name):
    def f(col):
        return _invoke(name, col)
    f.__name__ = name
    f.__qualname__ = name
    f.__doc__ = "The engine's %s(col)." % name
    return f


for _name in _ONE_COLUMN:
    if _name in _ENGINE_FUNCTIONS and _name not in globals():
        globals()[_name] = _one_column(_name)


def log(arg1, arg2=None):
    """log(col) is the natural logarithm; log(base, col) as in PySpark."""
    if arg2 is None:
        return _invoke("ln", arg1)
    return Column(_spate.call("log", [_lit(float(arg1)), _to_col(arg2)]))


def __getattr__(name):
    # Any other function of the engine: f(*args), str = column name, else a literal.
    if name in _ENGINE_FUNCTIONS and name.isidentifier():
        def f(*args):
            return _invoke_args(name, *args)
        f.__name__ = name
        return f
    raise AttributeError("module 'spate.sql.functions' has no attribute %r" % name)


def __dir__():
    return sorted(set(globals()) | {n for n in _ENGINE_FUNCTIONS if n.isidentifier()})


