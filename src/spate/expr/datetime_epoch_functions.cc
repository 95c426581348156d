// Conversions between dates/timestamps and epoch numbers (timestamp_seconds,
// timestamp_millis, timestamp_micros, unix_seconds, unix_millis, unix_micros, unix_date,
// date_from_unix_date), construction from parts (make_date, make_timestamp), and the
// query's current time (current_timestamp, now, current_date, current_timezone).
// Out-of-range results are null where Spark would raise an overflow error.

#include <cmath>

#include "spate/expr/cast.h"
#include "spate/expr/datetime_common.h"
#include "spate/expr/datetime_zone.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

// ---- epoch numbers -------------------------------------------------------------------------

// timestamp_seconds: integers exactly, fractions truncated to microseconds, NaN null.
Result<ResolvedScalar> resolveTimestampSeconds(std::vector<BoundExprPtr>& args) {
  const DataType& t = *args[0]->type();
  if (t.isIntegral() || t.id() == TypeId::kNull) {
    SPATE_RETURN_IF_ERROR(coerceToLong(args, 0, "timestamp_seconds"));
  } else if (t.isFractional() || t.id() == TypeId::kString) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
  } else if (t.id() != TypeId::kDecimal) {
    return argTypeError("timestamp_seconds", 0, "a number", args[0]->type());
  }
  ResolvedScalar r;
  r.type = DataType::timestamp();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& in = *a[0];
    TypePtr ts = DataType::timestamp();
    switch (in.typeId()) {
      case TypeId::kLong: {
        const int64_t* v = in.values<int64_t>();
        return buildFixedOrNull<int64_t>(n, ts, a, [&](int64_t i, int64_t& o) {
          return !__builtin_mul_overflow(v[i], kMicrosPerSecond, &o);
        });
      }
      case TypeId::kDouble: {
        const double* v = in.values<double>();
        return buildFixedOrNull<int64_t>(n, ts, a, [&](int64_t i, int64_t& o) {
          double us = v[i] * 1e6;
          if (!std::isfinite(us) || us >= 9.2233720368547758e18 || us < -9.2233720368547758e18) return false;
          o = static_cast<int64_t>(us);
          return true;
        });
      }
      default: {
        // Decimal: the unscaled value rescaled to six fractional digits.
        int scale = in.type()->scale();
        const __int128* v = in.values<__int128>();
        return buildFixedOrNull<int64_t>(n, ts, a, [&](int64_t i, int64_t& o) {
          __int128 us = scale <= 6 ? v[i] * pow10i128(6 - scale) : v[i] / pow10i128(scale - 6);
          if (us > INT64_MAX || us < INT64_MIN) return false;
          o = static_cast<int64_t>(us);
          return true;
        });
      }
    }
  };
  return r;
}

// timestamp_millis / timestamp_micros: integral inputs only, as in Spark.
ScalarResolver timestampFromIntegral(std::string name, int64_t microsPerUnit) {
  return [name, microsPerUnit](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    const DataType& t = *args[0]->type();
    if (!t.isIntegral() && t.id() != TypeId::kNull && t.id() != TypeId::kString) {
      return argTypeError(name, 0, "an integral number", args[0]->type());
    }
    SPATE_RETURN_IF_ERROR(coerceToLong(args, 0, name));
    ResolvedScalar r;
    r.type = DataType::timestamp();
    r.kernel = [microsPerUnit](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      const int64_t* v = a[0]->values<int64_t>();
      return buildFixedOrNull<int64_t>(n, DataType::timestamp(), a, [&](int64_t i, int64_t& o) {
        return !__builtin_mul_overflow(v[i], microsPerUnit, &o);
      });
    };
    return r;
  };
}

// unix_seconds / unix_millis / unix_micros: whole units since the epoch, rounded down.
ScalarResolver unixFromTimestamp(std::string name, int64_t microsPerUnit) {
  return [name, microsPerUnit](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, 0, name));
    ResolvedScalar r;
    r.type = DataType::long_();
    r.kernel = [microsPerUnit](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      return unaryFixed<int64_t, int64_t>(a[0], DataType::long_(), n,
                                          [microsPerUnit](int64_t us) { return floorDiv(us, microsPerUnit); });
    };
    return r;
  };
}

Result<ResolvedScalar> resolveUnixDate(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "unix_date"));
  ResolvedScalar r;
  r.type = DataType::int_();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return unaryFixed<int32_t, int32_t>(a[0], DataType::int_(), n, [](int32_t d) { return d; });
  };
  return r;
}

Result<ResolvedScalar> resolveDateFromUnixDate(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToInt(args, 0, "date_from_unix_date"));
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return unaryFixed<int32_t, int32_t>(a[0], DataType::date(), n, [](int32_t d) { return d; });
  };
  return r;
}

// ---- construction from parts ---------------------------------------------------------------

bool validDate(int64_t y, int64_t m, int64_t d) {
  return m >= 1 && m <= 12 && d >= 1 && y > -5877641 && y < 5881580 && d <= daysInMonth(y, static_cast<int>(m));
}

Result<ResolvedScalar> resolveMakeDate(std::vector<BoundExprPtr>& args) {
  for (size_t i = 0; i < 3; ++i) SPATE_RETURN_IF_ERROR(coerceToInt(args, i, "make_date"));
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const int32_t* y = a[0]->values<int32_t>();
    const int32_t* m = a[1]->values<int32_t>();
    const int32_t* d = a[2]->values<int32_t>();
    return buildFixedOrNull<int32_t>(n, DataType::date(), a, [&](int64_t i, int32_t& o) {
      if (!validDate(y[i], m[i], d[i])) return false;
      auto days = toDateDays(daysFromCivil(y[i], m[i], d[i]));
      if (days) o = *days;
      return days.has_value();
    });
  };
  return r;
}

// Spark's MakeTimestamp: seconds are decimal(16,6); 60 with no fraction rolls over to
// the next minute (PostgreSQL compatibility), anything else out of range is null.
std::optional<int64_t> makeTimestamp(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, __int128 secMicros,
                                     int64_t offsetSeconds) {
  if (!validDate(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 || secMicros < 0) return std::nullopt;
  int64_t sec = static_cast<int64_t>(secMicros / kMicrosPerSecond);
  int64_t frac = static_cast<int64_t>(secMicros % kMicrosPerSecond);
  if (sec > 60 || (sec == 60 && frac != 0)) return std::nullopt;
  __int128 us = static_cast<__int128>(daysFromCivil(y, static_cast<int>(mo), static_cast<int>(d))) * kMicrosPerDay +
                h * kMicrosPerHour + mi * kMicrosPerMinute + (sec - offsetSeconds) * kMicrosPerSecond + frac;
  if (us > INT64_MAX || us < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(us);
}

Result<ResolvedScalar> resolveMakeTimestamp(std::vector<BoundExprPtr>& args) {
  for (size_t i = 0; i < 5; ++i) SPATE_RETURN_IF_ERROR(coerceToInt(args, i, "make_timestamp"));
  const DataType& st = *args[5]->type();
  if (!st.isNumeric() && st.id() != TypeId::kString && st.id() != TypeId::kNull) {
    return argTypeError("make_timestamp", 5, "a decimal(16,6)", args[5]->type());
  }
  SPATE_ASSIGN_OR_RETURN(args[5], makeCast(args[5], DataType::decimal(16, 6)));
  std::optional<int32_t> literalOffset;
  bool nullZone = false;
  if (args.size() == 7) {
    SPATE_RETURN_IF_ERROR(coerceToString(args, 6, "make_timestamp"));
    if (const Value* v = args[6]->literalValue()) {
      if (v->isNull()) {
        nullZone = true;
      } else {
        literalOffset = parseZoneOffsetSeconds(v->asString());
        if (!literalOffset) {
          return Status::Invalid(
              "make_timestamp(): time zone '{}' is not supported; use UTC or a fixed offset such as '+01:00'",
              v->asString());
        }
      }
    }
  } else {
    literalOffset = 0;
  }
  ResolvedScalar r;
  r.type = DataType::timestamp();
  r.kernel = [literalOffset, nullZone](const std::vector<ColumnPtr>& a, int64_t n,
                                       EvalContext&) -> Result<ColumnPtr> {
    if (nullZone) return Column::nulls(DataType::timestamp(), n);
    const int32_t* p[5];
    for (size_t k = 0; k < 5; ++k) p[k] = a[k]->values<int32_t>();
    const __int128* sec = a[5]->values<__int128>();
    return buildFixedOrNull<int64_t>(n, DataType::timestamp(), a, [&](int64_t i, int64_t& o) {
      int64_t offset;
      if (literalOffset) {
        offset = *literalOffset;
      } else {
        auto z = parseZoneOffsetSeconds(a[6]->stringAt(i));
        if (!z) return false;
        offset = *z;
      }
      auto ts = makeTimestamp(p[0][i], p[1][i], p[2][i], p[3][i], p[4][i], sec[i], offset);
      if (ts) o = *ts;
      return ts.has_value();
    });
  };
  return r;
}

// ---- current time ------------------------------------------------------------------------

// The query's fixed current time: not folded at bind time, constant over a batch.
ResolvedScalar currentTime(TypePtr type, Value (*valueOf)(int64_t micros)) {
  ResolvedScalar r;
  r.type = type;
  r.nullable = false;
  r.deterministic = false;
  r.handlesConstants = true;
  r.kernel = [type, valueOf](const std::vector<ColumnPtr>&, int64_t n, EvalContext& ctx) -> Result<ColumnPtr> {
    return Column::constant(valueOf(ctx.currentTimestampMicros), type, n);
  };
  return r;
}

Result<ResolvedScalar> resolveCurrentTimestamp(std::vector<BoundExprPtr>&) {
  return currentTime(DataType::timestamp(), [](int64_t us) { return Value::integer(us); });
}

Result<ResolvedScalar> resolveCurrentDate(std::vector<BoundExprPtr>&) {
  return currentTime(DataType::date(), [](int64_t us) { return Value::integer(microsToDays(us)); });
}

Result<ResolvedScalar> resolveCurrentTimezone(std::vector<BoundExprPtr>&) {
  ResolvedScalar r;
  r.type = DataType::string();
  r.nullable = false;
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>&, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return Column::constant(Value::string("UTC"), DataType::string(), n);
  };
  return r;
}

}  // namespace

void registerDatetimeEpochFunctions(FunctionRegistry& r) {
  r.addScalar({"timestamp_seconds", 1, 1, resolveTimestampSeconds});
  r.addScalar({"timestamp_millis", 1, 1, timestampFromIntegral("timestamp_millis", 1000)});
  r.addScalar({"timestamp_micros", 1, 1, timestampFromIntegral("timestamp_micros", 1)});
  r.addScalar({"unix_seconds", 1, 1, unixFromTimestamp("unix_seconds", kMicrosPerSecond)});
  r.addScalar({"unix_millis", 1, 1, unixFromTimestamp("unix_millis", 1000)});
  r.addScalar({"unix_micros", 1, 1, unixFromTimestamp("unix_micros", 1)});
  r.addScalar({"unix_date", 1, 1, resolveUnixDate});
  r.addScalar({"date_from_unix_date", 1, 1, resolveDateFromUnixDate});
  r.addScalar({"make_date", 3, 3, resolveMakeDate});
  r.addScalar({"make_timestamp", 6, 7, resolveMakeTimestamp});
  r.addScalar({"current_timestamp", 0, 0, resolveCurrentTimestamp});
  r.addAlias("now", "current_timestamp");
  r.addScalar({"current_date", 0, 0, resolveCurrentDate});
  r.addAlias("curdate", "current_date");
  r.addScalar({"current_timezone", 0, 0, resolveCurrentTimezone});
}

}  // namespace spate
