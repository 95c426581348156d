#include "values.h"

#include <Python.h>
#include <datetime.h>

#include <string>

#include "spate/common/datetime.h"
#include "spate/common/error.h"

namespace spate::python {

namespace {

// Objects looked up once and kept for the life of the process (never released: the
// interpreter may be finalizing when static destructors run).
struct PythonRefs {
  py::handle createRow;  // spate.sql.types._create_row(fields, values)
  py::handle decimal;    // decimal.Decimal
};

const PythonRefs& refs() {
  static const PythonRefs r = [] {
    PythonRefs out;
    out.createRow = py::object(py::module_::import("spate.sql.types").attr("_create_row")).release();
    out.decimal = py::object(py::module_::import("decimal").attr("Decimal")).release();
    return out;
  }();
  return r;
}

[[noreturn]] void mismatch(py::handle obj, const DataType& type) {
  throw Error(Status::TypeError("cannot convert Python {} {} to {}",
                                std::string(py::str(py::type::handle_of(obj).attr("__name__"))),
                                std::string(py::repr(obj)), type.simpleString()));
}

py::object timestampToPython(int64_t micros) {
  int64_t days = floorDiv(micros, kMicrosPerDay);
  int64_t inDay = micros - days * kMicrosPerDay;
  CivilDate d = civilFromDays(days);
  if (d.year < 1 || d.year > 9999) return py::reinterpret_steal<py::object>(PyLong_FromLongLong(micros));
  int64_t secs = inDay / 1'000'000;
  PyObject* o = PyDateTime_FromDateAndTime(static_cast<int>(d.year), d.month, d.day, static_cast<int>(secs / 3600),
                                           static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                                           static_cast<int>(inDay % 1'000'000));
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

py::object dateToPython(int64_t days) {
  CivilDate d = civilFromDays(days);
  PyObject* o = PyDate_FromDate(static_cast<int>(d.year), d.month, d.day);
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

py::object intervalToPython(int64_t micros) {
  int64_t days = floorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  PyObject* o = PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(rest / 1'000'000),
                                static_cast<int>(rest % 1'000'000));
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

// Microseconds since the epoch of a datetime: naive ones are wall time in UTC (the
// session time zone); aware ones are converted.
int64_t timestampFromPython(py::handle obj) {
  py::object utc = py::reinterpret_borrow<py::object>(obj);
  if (!py::getattr(obj, "tzinfo").is_none()) {
    py::object timezone = py::module_::import("datetime").attr("timezone").attr("utc");
    utc = obj.attr("astimezone")(timezone);
  }
  PyObject* p = utc.ptr();
  int64_t days = daysFromCivil(PyDateTime_GET_YEAR(p), PyDateTime_GET_MONTH(p), PyDateTime_GET_DAY(p));
  int64_t secs = PyDateTime_DATE_GET_HOUR(p) * 3600 + PyDateTime_DATE_GET_MINUTE(p) * 60 +
                 PyDateTime_DATE_GET_SECOND(p);
  return days * kMicrosPerDay + secs * 1'000'000 + PyDateTime_DATE_GET_MICROSECOND(p);
}

// Python ints are arbitrary precision; a decimal's unscaled value (at most 38 digits)
// crosses as its decimal digits.
Value::Int128 int128FromDigits(const std::string& text) {
  bool negative = !text.empty() && text[0] == '-';
  Value::Int128 v = 0;
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) v = v * 10 + (text[i] - '0');
  return negative ? -v : v;
}

}  // namespace

void initValues() {
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI) throw py::error_already_set();
}

py::object toPython(const Value& v, const DataType& type) {
  if (v.isNull()) return py::none();
  switch (type.id()) {
    case TypeId::kNull: return py::none();
    case TypeId::kBoolean: return py::bool_(v.asBool());
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return py::int_(v.asInt());
    case TypeId::kFloat:
    case TypeId::kDouble: return py::float_(v.asDouble());
    case TypeId::kDecimal: return refs().decimal(formatDecimal(v.asDecimal(), type.scale()));
    case TypeId::kString: return py::str(v.asString());
    case TypeId::kBinary: {
      const std::string& b = v.asString();
      return py::reinterpret_steal<py::object>(PyByteArray_FromStringAndSize(b.data(), static_cast<Py_ssize_t>(b.size())));
    }
    case TypeId::kDate: return dateToPython(v.asInt());
    case TypeId::kTimestamp: return timestampToPython(v.asInt());
    case TypeId::kInterval: return intervalToPython(v.asInt());
    case TypeId::kArray: {
      py::list out;
      for (const auto& item : v.asList()) out.append(toPython(item, *type.elementType()));
      return out;
    }
    case TypeId::kMap: {
      py::dict out;
      const auto& m = v.asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        out[toPython(m.keys[i], *type.keyType())] = toPython(m.values[i], *type.valueType());
      }
      return out;
    }
    case TypeId::kStruct: {
      const auto& fields = type.fields();
      const auto& items = v.asList();
      py::tuple names(fields.size()), values(fields.size());
      for (size_t i = 0; i < fields.size(); ++i) {
        names[i] = py::str(fields[i].name);
        values[i] = toPython(items[i], *fields[i].type);
      }
      return refs().createRow(names, values);
    }
  }
  return py::none();
}

py::list rowsToPython(const std::vector<sql::Row>& rows) {
  py::list out;
  if (rows.empty()) return out;
  const auto& fields = rows[0].schema()->fields();
  py::tuple names(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) names[i] = py::str(fields[i].name);
  for (const auto& row : rows) {
    py::tuple values(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) values[i] = toPython(row.get(i), *fields[i].type);
    out.append(refs().createRow(names, values));
  }
  return out;
}

Value fromPython(py::handle obj, const DataType& type) {
  if (obj.is_none()) return Value::null();
  switch (type.id()) {
    case TypeId::kNull: mismatch(obj, type);
    case TypeId::kBoolean:
      if (!PyBool_Check(obj.ptr())) mismatch(obj, type);
      return Value::boolean(obj.ptr() == Py_True);
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      if (!PyLong_Check(obj.ptr()) || PyBool_Check(obj.ptr())) mismatch(obj, type);
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow(obj.ptr(), &overflow);
      const int bits = type.byteWidth() * 8;
      if (overflow || (bits < 64 && (v < -(1LL << (bits - 1)) || v >= (1LL << (bits - 1))))) {
        throw Error(Status::TypeError("{} is out of range for {}", std::string(py::repr(obj)), type.simpleString()));
      }
      return Value::integer(v);
    }
    case TypeId::kFloat:
    case TypeId::kDouble:
      if (!PyFloat_Check(obj.ptr()) && !(PyLong_Check(obj.ptr()) && !PyBool_Check(obj.ptr()))) mismatch(obj, type);
      return Value::fractional(py::cast<double>(obj));
    case TypeId::kDecimal: {
      if (!py::isinstance(obj, refs().decimal) && !(PyLong_Check(obj.ptr()) && !PyBool_Check(obj.ptr()))) {
        mismatch(obj, type);
      }
      // Rounded half up, as Spark rounds decimals; a value too wide for the type is an
      // error, never a silently wrong number.
      py::object scaled = refs().decimal(obj).attr("scaleb")(type.scale()).attr("to_integral_value")(
          py::arg("rounding") = "ROUND_HALF_UP");
      std::string digits = py::str(py::int_(scaled));
      if (digits.size() - (digits[0] == '-' ? 1 : 0) > static_cast<size_t>(type.precision())) {
        throw Error(Status::TypeError("{} does not fit {}", std::string(py::str(obj)), type.simpleString()));
      }
      return Value::decimal(int128FromDigits(digits));
    }
    case TypeId::kString:
      if (!PyUnicode_Check(obj.ptr())) mismatch(obj, type);
      return Value::string(py::cast<std::string>(obj));
    case TypeId::kBinary:
      if (PyBytes_Check(obj.ptr())) return Value::string(std::string(PyBytes_AS_STRING(obj.ptr()), PyBytes_GET_SIZE(obj.ptr())));
      if (PyByteArray_Check(obj.ptr())) {
        return Value::string(std::string(PyByteArray_AS_STRING(obj.ptr()), PyByteArray_GET_SIZE(obj.ptr())));
      }
      mismatch(obj, type);
    case TypeId::kDate:
      if (PyDateTime_Check(obj.ptr())) return Value::integer(floorDiv(timestampFromPython(obj), kMicrosPerDay));
      if (!PyDate_Check(obj.ptr())) mismatch(obj, type);
      return Value::integer(
          daysFromCivil(PyDateTime_GET_YEAR(obj.ptr()), PyDateTime_GET_MONTH(obj.ptr()), PyDateTime_GET_DAY(obj.ptr())));
    case TypeId::kTimestamp:
      if (PyDateTime_Check(obj.ptr())) return Value::integer(timestampFromPython(obj));
      if (PyDate_Check(obj.ptr())) {
        return Value::integer(daysFromCivil(PyDateTime_GET_YEAR(obj.ptr()), PyDateTime_GET_MONTH(obj.ptr()),
                                            PyDateTime_GET_DAY(obj.ptr())) *
                              kMicrosPerDay);
      }
      mismatch(obj, type);
    case TypeId::kInterval: {
      if (!PyDelta_Check(obj.ptr())) mismatch(obj, type);
      PyObject* p = obj.ptr();
      return Value::integer(static_cast<int64_t>(PyDateTime_DELTA_GET_DAYS(p)) * kMicrosPerDay +
                            static_cast<int64_t>(PyDateTime_DELTA_GET_SECONDS(p)) * 1'000'000 +
                            PyDateTime_DELTA_GET_MICROSECONDS(p));
    }
    case TypeId::kArray: {
      if (PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr()) || !PySequence_Check(obj.ptr())) mismatch(obj, type);
      ValueList items;
      for (auto item : py::reinterpret_borrow<py::sequence>(obj)) items.push_back(fromPython(item, *type.elementType()));
      return Value::list(std::move(items));
    }
    case TypeId::kMap: {
      if (!PyDict_Check(obj.ptr())) mismatch(obj, type);
      ValueList keys, values;
      for (auto [k, v] : py::reinterpret_borrow<py::dict>(obj)) {
        keys.push_back(fromPython(k, *type.keyType()));
        values.push_back(fromPython(v, *type.valueType()));
      }
      return Value::map(std::move(keys), std::move(values));
    }
    case TypeId::kStruct: {
      const auto& fields = type.fields();
      ValueList items;
      if (PyDict_Check(obj.ptr())) {
        auto d = py::reinterpret_borrow<py::dict>(obj);
        for (const auto& f : fields) {
          items.push_back(d.contains(f.name) ? fromPython(d[py::str(f.name)], *f.type) : Value::null());
        }
        return Value::list(std::move(items));
      }
      if (!PyTuple_Check(obj.ptr()) && !PyList_Check(obj.ptr())) mismatch(obj, type);
      auto seq = py::reinterpret_borrow<py::sequence>(obj);
      if (seq.size() != fields.size()) {
        throw Error(Status::TypeError("a row of {} values for a struct of {} fields ({})", seq.size(), fields.size(),
                                      type.simpleString()));
      }
      for (size_t i = 0; i < fields.size(); ++i) items.push_back(fromPython(seq[i], *fields[i].type));
      return Value::list(std::move(items));
    }
  }
  mismatch(obj, type);
}

py::object typeToJson(const DataType& type) {
  switch (type.id()) {
    case TypeId::kArray: {
      py::dict d;
      d["type"] = "array";
      d["elementType"] = typeToJson(*type.elementType());
      d["containsNull"] = type.containsNull();
      return d;
    }
    case TypeId::kMap: {
      py::dict d;
      d["type"] = "map";
      d["keyType"] = typeToJson(*type.keyType());
      d["valueType"] = typeToJson(*type.valueType());
      d["valueContainsNull"] = type.valueContainsNull();
      return d;
    }
    case TypeId::kStruct: return schemaToJson(Schema(type.fields()));
    default: return py::str(type.typeName());
  }
}

py::object schemaToJson(const Schema& schema) {
  py::list fields;
  for (const auto& f : schema.fields()) {
    py::dict field;
    field["name"] = f.name;
    field["type"] = typeToJson(*f.type);
    field["nullable"] = f.nullable;
    field["metadata"] = py::dict();
    fields.append(field);
  }
  py::dict d;
  d["type"] = "struct";
  d["fields"] = fields;
  return d;
}

}  // namespace spate::python
