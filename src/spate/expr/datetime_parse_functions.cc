// Pattern-driven conversions between strings and dates/timestamps: to_timestamp,
// to_date, date_format, unix_timestamp, to_unix_timestamp, from_unixtime. Text that
// does not match the pattern gives null (Spark's non-ANSI mode); an invalid pattern is
// an error, at bind time when it is a literal.

#include "spate/expr/cast.h"
#include "spate/expr/datetime_common.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

// The arguments that make a row null: the input, and the format when it is a column.
std::vector<ColumnPtr> nullingArgs(const std::vector<ColumnPtr>& args) {
  return std::vector<ColumnPtr>(args.begin(), args.begin() + std::min<size_t>(args.size(), 2));
}

ColumnPtr formatColumn(const std::vector<ColumnPtr>& args) { return args.size() > 1 ? args[1] : nullptr; }

// Timestamps from a string, date or timestamp column; strings are parsed with the
// row's pattern, dates and timestamps pass through (Spark's GetTimestamp).
Result<ColumnPtr> timestampsFrom(const std::vector<ColumnPtr>& args, const FormatArg& format, int64_t n,
                                 std::string_view fn) {
  const ColumnPtr& in = args[0];
  TypePtr ts = DataType::timestamp();
  if (format.nullLiteral) return Column::nulls(ts, n);
  std::vector<ColumnPtr> nulling = nullingArgs(args);
  switch (in->typeId()) {
    case TypeId::kTimestamp: {
      const int64_t* v = in->values<int64_t>();
      return buildFixed<int64_t>(n, ts, nulling, [&](int64_t i) { return v[i]; });
    }
    case TypeId::kDate: {
      const int32_t* v = in->values<int32_t>();
      return buildFixed<int64_t>(n, ts, nulling, [&](int64_t i) { return daysToMicros(v[i]); });
    }
    default: break;
  }
  RowFormats formats(format, formatColumn(args), fn);
  ColumnPtr out = buildFixedOrNull<int64_t>(n, ts, nulling, [&](int64_t i, int64_t& o) {
    const DateTimeFormatter* f = formats.at(i);
    if (!f) return false;
    auto r = f->parse(in->stringAt(i));
    if (!r) return false;
    o = *r;
    return true;
  });
  SPATE_RETURN_IF_ERROR(formats.status());
  return out;
}

// A resolved function whose work is done by the argument casts.
ResolvedScalar passThrough(TypePtr type) {
  ResolvedScalar r;
  r.type = std::move(type);
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& args, int64_t, EvalContext&) -> Result<ColumnPtr> { return args[0]; };
  return r;
}

Result<ResolvedScalar> resolveToTimestamp(std::vector<BoundExprPtr>& args) {
  if (args.size() == 1) {
    // Spark's CAST(x AS TIMESTAMP): strings, dates, and numbers as epoch seconds.
    const DataType& t = *args[0]->type();
    if (t.id() != TypeId::kTimestamp && !t.isNumeric() && t.id() != TypeId::kString && t.id() != TypeId::kDate &&
        t.id() != TypeId::kNull) {
      return argTypeError("to_timestamp", 0, "a string, date, timestamp or number", args[0]->type());
    }
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::timestamp()));
    return passThrough(DataType::timestamp());
  }
  SPATE_RETURN_IF_ERROR(coerceToParseInput(args, 0, "to_timestamp"));
  SPATE_ASSIGN_OR_RETURN(FormatArg format, FormatArg::bind(args, 1, "to_timestamp"));
  ResolvedScalar r;
  r.type = DataType::timestamp();
  r.kernel = [format](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) {
    return timestampsFrom(a, format, n, "to_timestamp");
  };
  return r;
}

Result<ResolvedScalar> resolveToDate(std::vector<BoundExprPtr>& args) {
  if (args.size() == 1) {
    SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "to_date"));
    return passThrough(DataType::date());
  }
  SPATE_RETURN_IF_ERROR(coerceToParseInput(args, 0, "to_date"));
  SPATE_ASSIGN_OR_RETURN(FormatArg format, FormatArg::bind(args, 1, "to_date"));
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [format](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr ts, timestampsFrom(a, format, n, "to_date"));
    return unaryFixed<int32_t, int64_t>(ts, DataType::date(), n,
                                        [](int64_t us) { return static_cast<int32_t>(microsToDays(us)); });
  };
  return r;
}

// unix_timestamp / to_unix_timestamp: epoch seconds of a parsed string, a date or a
// timestamp; unix_timestamp() alone is the query's current time.
ScalarResolver unixTimestampResolver(std::string name) {
  return [name](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    ResolvedScalar r;
    r.type = DataType::long_();
    if (args.empty()) {
      r.nullable = false;
      r.deterministic = false;
      r.handlesConstants = true;
      r.kernel = [](const std::vector<ColumnPtr>&, int64_t n, EvalContext& ctx) -> Result<ColumnPtr> {
        return Column::constant(Value::integer(floorDiv(ctx.currentTimestampMicros, kMicrosPerSecond)),
                                DataType::long_(), n);
      };
      return r;
    }
    SPATE_RETURN_IF_ERROR(coerceToParseInput(args, 0, name));
    SPATE_ASSIGN_OR_RETURN(FormatArg format,
                           FormatArg::bind(args, 1, name, DateTimeFormatter::kDefaultTimestampPattern));
    r.kernel = [format, name](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr ts, timestampsFrom(a, format, n, name));
      return unaryFixed<int64_t, int64_t>(ts, DataType::long_(), n,
                                          [](int64_t us) { return floorDiv(us, kMicrosPerSecond); });
    };
    return r;
  };
}

Result<ResolvedScalar> resolveDateFormat(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, 0, "date_format"));
  SPATE_ASSIGN_OR_RETURN(FormatArg format, FormatArg::bind(args, 1, "date_format"));
  ResolvedScalar r;
  r.type = DataType::string();
  r.kernel = [format](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    if (format.nullLiteral) return Column::nulls(DataType::string(), n);
    const int64_t* ts = a[0]->values<int64_t>();
    RowFormats formats(format, a[1], "date_format");
    std::string scratch;
    ColumnPtr out = buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& b) {
      const DateTimeFormatter* f = formats.at(i);
      if (!f) {
        b.appendNull();
        return;
      }
      scratch.clear();
      f->format(ts[i], scratch);
      b.append(scratch);
    });
    SPATE_RETURN_IF_ERROR(formats.status());
    return out;
  };
  return r;
}

Result<ResolvedScalar> resolveFromUnixtime(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToLong(args, 0, "from_unixtime"));
  SPATE_ASSIGN_OR_RETURN(FormatArg format,
                         FormatArg::bind(args, 1, "from_unixtime", DateTimeFormatter::kDefaultTimestampPattern));
  ResolvedScalar r;
  r.type = DataType::string();
  r.kernel = [format](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    if (format.nullLiteral) return Column::nulls(DataType::string(), n);
    const int64_t* secs = a[0]->values<int64_t>();
    RowFormats formats(format, formatColumn(a), "from_unixtime");
    std::string scratch;
    ColumnPtr out = buildStrings(n, DataType::string(), nullingArgs(a), [&](int64_t i, StringColumnBuilder& b) {
      const DateTimeFormatter* f = formats.at(i);
      int64_t micros;
      if (!f || __builtin_mul_overflow(secs[i], kMicrosPerSecond, &micros)) {
        b.appendNull();
        return;
      }
      scratch.clear();
      f->format(micros, scratch);
      b.append(scratch);
    });
    SPATE_RETURN_IF_ERROR(formats.status());
    return out;
  };
  return r;
}

}  // namespace

void registerDatetimeParseFunctions(FunctionRegistry& r) {
  r.addScalar({"to_timestamp", 1, 2, resolveToTimestamp});
  r.addScalar({"to_date", 1, 2, resolveToDate});
  r.addScalar({"date_format", 2, 2, resolveDateFormat});
  r.addScalar({"unix_timestamp", 0, 2, unixTimestampResolver("unix_timestamp")});
  r.addScalar({"to_unix_timestamp", 1, 2, unixTimestampResolver("to_unix_timestamp")});
  r.addScalar({"from_unixtime", 1, 2, resolveFromUnixtime});
}

}  // namespace spate
