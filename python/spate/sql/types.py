"""Spark SQL's data types and Row, as pyspark.sql.types has them.

A type crosses to the engine as DDL text (``simpleString()``) and comes back in Spark's
JSON form (``jsonValue()``).
"""

import datetime
import decimal
import json

__all__ = [
    "DataType", "NullType", "StringType", "BinaryType", "BooleanType", "DateType",
    "TimestampType", "TimestampNTZType", "DecimalType", "DoubleType", "FloatType",
    "ByteType", "IntegerType", "LongType", "ShortType", "DayTimeIntervalType",
    "ArrayType", "MapType", "StructField", "StructType", "Row",
]


class DataType:
    """Base class of data types."""

    def __repr__(self):
        return self.__class__.__name__ + "()"

    def __hash__(self):
        return hash(str(self))

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    @classmethod
    def typeName(cls):
        return cls.__name__[:-4].lower()

    def simpleString(self):
        return self.typeName()

    def jsonValue(self):
        return self.typeName()

    def json(self):
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)


class _Atomic(DataType):
    pass


class NullType(_Atomic):
    @classmethod
    def typeName(cls):
        return "void"


class StringType(_Atomic):
    pass


class BinaryType(_Atomic):
    pass


class BooleanType(_Atomic):
    pass


class DateType(_Atomic):
    pass


class TimestampType(_Atomic):
    pass


class TimestampNTZType(_Atomic):
    """Accepted for compatibility: spate's timestamps are UTC, so this is TimestampType."""

    @classmethod
    def typeName(cls):
        return "timestamp_ntz"

    def simpleString(self):
        return "timestamp"


class DecimalType(_Atomic):
    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale

    def simpleString(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def jsonValue(self):
        return self.simpleString()

    def __repr__(self):
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class DoubleType(_Atomic):
    pass


class FloatType(_Atomic):
    pass


class ByteType(_Atomic):
    def simpleString(self):
        return "tinyint"


class IntegerType(_Atomic):
    def simpleString(self):
        return "int"


class LongType(_Atomic):
    def simpleString(self):
        return "bigint"


class ShortType(_Atomic):
    def simpleString(self):
        return "smallint"


class DayTimeIntervalType(_Atomic):
    """Spark's INTERVAL DAY TO SECOND (the only interval spate has)."""

    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3

    def __init__(self, startField=None, endField=None):
        self.startField = 0 if startField is None else startField
        self.endField = 3 if endField is None else endField

    def simpleString(self):
        return "interval day to second"

    def jsonValue(self):
        return self.simpleString()

    def __repr__(self):
        return "DayTimeIntervalType(%d, %d)" % (self.startField, self.endField)


class ArrayType(DataType):
    def __init__(self, elementType, containsNull=True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self):
        return "array<%s>" % self.elementType.simpleString()

    def jsonValue(self):
        return {"type": "array", "elementType": self.elementType.jsonValue(), "containsNull": self.containsNull}

    def __repr__(self):
        return "ArrayType(%s, %s)" % (self.elementType, self.containsNull)


class MapType(DataType):
    def __init__(self, keyType, valueType, valueContainsNull=True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self):
        return "map<%s,%s>" % (self.keyType.simpleString(), self.valueType.simpleString())

    def jsonValue(self):
        return {"type": "map", "keyType": self.keyType.jsonValue(), "valueType": self.valueType.jsonValue(),
                "valueContainsNull": self.valueContainsNull}

    def __repr__(self):
        return "MapType(%s, %s, %s)" % (self.keyType, self.valueType, self.valueContainsNull)


def _quote(name):
    return "`" + name.replace("`", "``") + "`"


class StructField(DataType):
    def __init__(self, name, dataType, nullable=True, metadata=None):
        if not isinstance(name, str):
            raise TypeError("StructField name must be a str, not %s" % type(name).__name__)
        if not isinstance(dataType, DataType):
            raise TypeError("StructField dataType must be a DataType, not %s" % type(dataType).__name__)
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self):
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def jsonValue(self):
        return {"name": self.name, "type": self.dataType.jsonValue(), "nullable": self.nullable,
                "metadata": self.metadata}

    def _ddl(self):
        return "%s %s%s" % (_quote(self.name), self.dataType.simpleString(), "" if self.nullable else " NOT NULL")

    def __repr__(self):
        return "StructField('%s', %s, %s)" % (self.name, self.dataType, self.nullable)


class StructType(DataType):
    def __init__(self, fields=None):
        self.fields = list(fields or [])
        self.names = [f.name for f in self.fields]

    def add(self, field, data_type=None, nullable=True, metadata=None):
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = _parse_type_name(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        self.names = [f.name for f in self.fields]
        return self

    def fieldNames(self):
        return list(self.names)

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError("No StructField named %s" % key)
        if isinstance(key, int):
            return self.fields[key]
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise TypeError("StructType keys should be strings, integers or slices")

    def simpleString(self):
        return "struct<%s>" % ",".join(f.simpleString() for f in self.fields)

    def jsonValue(self):
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def treeString(self):
        from spate.sql.dataframe import _tree_string
        return _tree_string(self)

    def _ddl(self):
        """The schema as the engine's DDL: `a` INT, `b` STRING NOT NULL."""
        return ", ".join(f._ddl() for f in self.fields)

    @classmethod
    def fromJson(cls, value):
        return _parse_json(value)

    def __repr__(self):
        return "StructType([%s])" % ", ".join(repr(f) for f in self.fields)


_ATOMIC_BY_NAME = {
    "void": NullType, "null": NullType, "string": StringType, "binary": BinaryType,
    "boolean": BooleanType, "date": DateType, "timestamp": TimestampType,
    "timestamp_ntz": TimestampNTZType, "double": DoubleType, "float": FloatType,
    "byte": ByteType, "tinyint": ByteType, "integer": IntegerType, "int": IntegerType,
    "long": LongType, "bigint": LongType, "short": ShortType, "smallint": ShortType,
    "interval day to second": DayTimeIntervalType,
}


def _parse_type_name(name):
    name = name.strip().lower()
    if name in _ATOMIC_BY_NAME:
        return _ATOMIC_BY_NAME[name]()
    if name.startswith("decimal"):
        if "(" not in name:
            return DecimalType()
        p, s = name[name.index("(") + 1:name.index(")")].split(",")
        return DecimalType(int(p), int(s))
    raise ValueError("Could not parse datatype: %s" % name)


def _parse_json(value):
    """A type from Spark's JSON form (what the engine gives for a DataFrame's schema)."""
    if isinstance(value, str):
        return _parse_type_name(value)
    kind = value["type"]
    if kind == "struct":
        return StructType([StructField(f["name"], _parse_json(f["type"]), f.get("nullable", True),
                                       f.get("metadata")) for f in value["fields"]])
    if kind == "array":
        return ArrayType(_parse_json(value["elementType"]), value.get("containsNull", True))
    if kind == "map":
        return MapType(_parse_json(value["keyType"]), _parse_json(value["valueType"]),
                       value.get("valueContainsNull", True))
    raise ValueError("Could not parse datatype: %r" % (value,))


# ---- Row -------------------------------------------------------------------------------


class Row(tuple):
    """A row of a DataFrame: a tuple whose fields are also reachable by name.

    ``Row(name="Alice", age=11)`` makes a row; ``Person = Row("name", "age")`` makes a
    row class, and ``Person("Alice", 11)`` a row of it.
    """

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive=False):
        if not hasattr(self, "__fields__"):
            raise TypeError("Cannot convert a Row class into dict")
        if not recursive:
            return dict(zip(self.__fields__, self))

        def conv(obj):
            if isinstance(obj, Row):
                return obj.asDict(True)
            if isinstance(obj, list):
                return [conv(o) for o in obj]
            if isinstance(obj, dict):
                return {k: conv(v) for k, v in obj.items()}
            return obj

        return {k: conv(v) for k, v in zip(self.__fields__, self)}

    def __contains__(self, item):
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args):
        """A row of this row class: Person("Alice", 11)."""
        if len(args) > len(self):
            raise ValueError("Can not create Row with fields %s, expected %d values but got %d"
                             % (self, len(self), len(args)))
        return _create_row(self, args)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            idx = self.__fields__.index(item)
        except (IndexError, ValueError, AttributeError):
            raise KeyError(item) from None
        return super().__getitem__(idx)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            idx = self.__fields__.index(item)
        except (ValueError, AttributeError):
            raise AttributeError(item) from None
        return self[idx]

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise RuntimeError("Row is read-only")
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self):
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, tuple(self)))
        return "<Row(%s)>" % ", ".join(repr(field) for field in self)


def _create_row(fields, values):
    row = Row(*values)
    row.__fields__ = list(fields)
    return row


# ---- inference (createDataFrame without a schema) ---------------------------------------


def _infer_type(obj):
    """The type PySpark infers for a Python value (int is LongType, as in PySpark)."""
    if obj is None:
        return NullType()
    if isinstance(obj, bool):
        return BooleanType()
    if isinstance(obj, int):
        return LongType()
    if isinstance(obj, float):
        return DoubleType()
    if isinstance(obj, str):
        return StringType()
    if isinstance(obj, (bytes, bytearray)):
        return BinaryType()
    if isinstance(obj, decimal.Decimal):
        return DecimalType(38, 18)
    if isinstance(obj, datetime.datetime):
        return TimestampType()
    if isinstance(obj, datetime.date):
        return DateType()
    if isinstance(obj, datetime.timedelta):
        return DayTimeIntervalType()
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k is not None and v is not None:
                return MapType(_infer_type(k), _infer_type(v), True)
        return MapType(NullType(), NullType(), True)
    if isinstance(obj, (list, tuple)) and not isinstance(obj, Row):
        for v in obj:
            if v is not None:
                return ArrayType(_infer_type(v), True)
        return ArrayType(NullType(), True)
    if isinstance(obj, Row) and hasattr(obj, "__fields__"):
        return StructType([StructField(k, _infer_type(v), True) for k, v in zip(obj.__fields__, obj)])
    raise TypeError("not supported type: %s" % type(obj).__name__)


def _merge_type(a, b):
    """The wider of two inferred types (NullType gives way to anything)."""
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, StructType) and isinstance(b, StructType):
        fields = {f.name: f for f in b.fields}
        merged = [StructField(f.name, _merge_type(f.dataType, fields[f.name].dataType) if f.name in fields
                              else f.dataType, True) for f in a.fields]
        merged += [f for f in b.fields if f.name not in a.names]
        return StructType(merged)
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(_merge_type(a.elementType, b.elementType), True)
    if isinstance(a, MapType) and isinstance(b, MapType):
        return MapType(_merge_type(a.keyType, b.keyType), _merge_type(a.valueType, b.valueType), True)
    if type(a) is not type(b):
        raise TypeError("Can not merge type %s and %s" % (a, b))
    return a


def _infer_schema(rows, names=None):
    """The schema of a list of rows (tuples, Rows or dicts), merging every row's types."""
    schema = None
    for row in rows:
        if isinstance(row, dict):
            fields = [StructField(k, _infer_type(v), True) for k, v in row.items()]
        elif isinstance(row, Row) and hasattr(row, "__fields__"):
            fields = [StructField(k, _infer_type(v), True) for k, v in zip(row.__fields__, row)]
        elif isinstance(row, (tuple, list)):
            fields = [StructField(names[i] if names and i < len(names) else "_%d" % (i + 1), _infer_type(v), True)
                      for i, v in enumerate(row)]
        else:
            raise TypeError("Can not infer schema for type: %s" % type(row).__name__)
        t = StructType(fields)
        schema = t if schema is None else _merge_type(schema, t)
    if schema is None:
        raise ValueError("can not infer schema from empty dataset")
    for f in schema.fields:
        if isinstance(f.dataType, NullType):
            raise ValueError("Some of types cannot be determined after inferring: column %s is always None; "
                             "give a schema" % f.name)
    return schema
