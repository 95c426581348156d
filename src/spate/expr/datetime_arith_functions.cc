// Calendar arithmetic: date_add, date_sub, datediff, add_months, months_between,
// last_day, next_day, date_trunc, trunc. Day counts wrap on int overflow as Spark's
// (non-ANSI) do; an invalid unit or day name gives null.

#include <cmath>

#include "spate/common/strings.h"
#include "spate/expr/datetime_common.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

int32_t wrapAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
int32_t wrapSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

template <typename F>
ScalarResolver dateIntResolver(std::string name, F f) {
  return [name, f](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, name));
    SPATE_RETURN_IF_ERROR(coerceToInt(args, 1, name));
    ResolvedScalar r;
    r.type = DataType::date();
    r.kernel = [f](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      return binaryFixed<int32_t, int32_t, int32_t>(a[0], a[1], DataType::date(), n, f);
    };
    return r;
  };
}

Result<ResolvedScalar> resolveDateDiff(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "datediff"));
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 1, "datediff"));
  ResolvedScalar r;
  r.type = DataType::int_();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return binaryFixed<int32_t, int32_t, int32_t>(a[0], a[1], DataType::int_(), n, wrapSub);
  };
  return r;
}

// The same day n months later, clamped to the end of a shorter month.
std::optional<int32_t> addMonths(int32_t days, int64_t months) {
  CivilDate c = civilFromDays(days);
  int64_t total = c.year * 12 + (c.month - 1) + months;
  int64_t year = floorDiv(total, 12);
  int month = static_cast<int>(floorMod(total, 12)) + 1;
  if (year > 5881580 || year < -5877641) return std::nullopt;
  return toDateDays(daysFromCivil(year, month, std::min(c.day, daysInMonth(year, month))));
}

Result<ResolvedScalar> resolveAddMonths(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "add_months"));
  SPATE_RETURN_IF_ERROR(coerceToInt(args, 1, "add_months"));
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const int32_t* d = a[0]->values<int32_t>();
    const int32_t* m = a[1]->values<int32_t>();
    return buildFixedOrNull<int32_t>(n, DataType::date(), a, [&](int64_t i, int32_t& o) {
      auto v = addMonths(d[i], m[i]);
      if (v) o = *v;
      return v.has_value();
    });
  };
  return r;
}

// Spark's DateTimeUtils.monthsBetween: whole months when both days of month agree or
// both are month ends, else the remainder over 31-day months, counting time of day.
double monthsBetween(int64_t us1, int64_t us2, bool roundOff) {
  int64_t d1 = microsToDays(us1), d2 = microsToDays(us2);
  CivilDate c1 = civilFromDays(d1), c2 = civilFromDays(d2);
  double monthDiff = static_cast<double>((c1.year * 12 + c1.month) - (c2.year * 12 + c2.month));
  bool end1 = c1.day == daysInMonth(c1.year, c1.month), end2 = c2.day == daysInMonth(c2.year, c2.month);
  if (c1.day == c2.day || (end1 && end2)) return monthDiff;
  int64_t secs1 = positiveMod(us1, kMicrosPerDay) / kMicrosPerSecond;
  int64_t secs2 = positiveMod(us2, kMicrosPerDay) / kMicrosPerSecond;
  double secondsDiff = static_cast<double>((c1.day - c2.day) * 86400 + secs1 - secs2);
  double diff = monthDiff + secondsDiff / (31.0 * 86400);
  return roundOff ? std::round(diff * 1e8) / 1e8 : diff;
}

Result<ResolvedScalar> resolveMonthsBetween(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, 0, "months_between"));
  SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, 1, "months_between"));
  if (args.size() == 3) {
    TypeId id = args[2]->type()->id();
    if (id != TypeId::kBoolean && id != TypeId::kNull) {
      return argTypeError("months_between", 2, "a boolean", args[2]->type());
    }
  }
  ResolvedScalar r;
  r.type = DataType::double_();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    if (a.size() == 3 && a[2]->typeId() == TypeId::kNull) return Column::nulls(DataType::double_(), n);
    const int64_t* t1 = a[0]->values<int64_t>();
    const int64_t* t2 = a[1]->values<int64_t>();
    if (a.size() == 2) {
      return buildFixed<double>(n, DataType::double_(), a, [&](int64_t i) { return monthsBetween(t1[i], t2[i], true); });
    }
    const Column& round = *a[2];
    return buildFixed<double>(n, DataType::double_(), a,
                              [&](int64_t i) { return monthsBetween(t1[i], t2[i], round.boolAt(i)); });
  };
  return r;
}

Result<ResolvedScalar> resolveLastDay(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "last_day"));
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return unaryFixed<int32_t, int32_t>(a[0], DataType::date(), n, [](int32_t d) {
      CivilDate c = civilFromDays(d);
      return static_cast<int32_t>(d + daysInMonth(c.year, c.month) - c.day);
    });
  };
  return r;
}

// Spark's getDayOfWeekFromString: "MO", "MON", "MONDAY" in any case; 0 = Monday, -1 if none.
int parseDayOfWeek(std::string_view s) {
  static constexpr std::string_view kNames[7][3] = {
      {"MO", "MON", "MONDAY"},   {"TU", "TUE", "TUESDAY"}, {"WE", "WED", "WEDNESDAY"}, {"TH", "THU", "THURSDAY"},
      {"FR", "FRI", "FRIDAY"}, {"SA", "SAT", "SATURDAY"}, {"SU", "SUN", "SUNDAY"}};
  s = trimView(s);
  for (int d = 0; d < 7; ++d) {
    for (std::string_view name : kNames[d]) {
      if (equalsIgnoreCase(s, name)) return d;
    }
  }
  return -1;
}

// The first date after start that falls on the given weekday (0 = Monday).
int32_t nextDay(int32_t start, int target) {
  int delta = static_cast<int>(floorMod(target - dayOfWeekFromMonday(start), 7));
  return wrapAdd(start, delta == 0 ? 7 : delta);
}

Result<ResolvedScalar> resolveNextDay(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "next_day"));
  SPATE_RETURN_IF_ERROR(coerceToString(args, 1, "next_day"));
  int literalDay = -2;  // -2: not a literal
  if (const Value* v = args[1]->literalValue()) literalDay = v->isNull() ? -1 : parseDayOfWeek(v->asString());
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [literalDay](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    if (literalDay == -1) return Column::nulls(DataType::date(), n);
    const int32_t* d = a[0]->values<int32_t>();
    if (literalDay >= 0) {
      return unaryFixed<int32_t, int32_t>(a[0], DataType::date(), n, [&](int32_t s) { return nextDay(s, literalDay); });
    }
    return buildFixedOrNull<int32_t>(n, DataType::date(), a, [&](int64_t i, int32_t& o) {
      int target = parseDayOfWeek(a[1]->stringAt(i));
      if (target < 0) return false;
      o = nextDay(d[i], target);
      return true;
    });
  };
  return r;
}

// ---- truncation --------------------------------------------------------------------------

enum class TruncUnit { kInvalid, kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMillisecond, kMicrosecond };

TruncUnit parseTruncUnit(std::string_view s, bool timestampUnits) {
  auto is = [&](std::string_view name) { return equalsIgnoreCase(s, name); };
  if (is("YEAR") || is("YYYY") || is("YY")) return TruncUnit::kYear;
  if (is("QUARTER")) return TruncUnit::kQuarter;
  if (is("MONTH") || is("MM") || is("MON")) return TruncUnit::kMonth;
  if (is("WEEK")) return TruncUnit::kWeek;
  if (!timestampUnits) return TruncUnit::kInvalid;
  if (is("DAY") || is("DD")) return TruncUnit::kDay;
  if (is("HOUR")) return TruncUnit::kHour;
  if (is("MINUTE")) return TruncUnit::kMinute;
  if (is("SECOND")) return TruncUnit::kSecond;
  if (is("MILLISECOND")) return TruncUnit::kMillisecond;
  if (is("MICROSECOND")) return TruncUnit::kMicrosecond;
  return TruncUnit::kInvalid;
}

// The first day of the unit (year, quarter, month, Monday-based week) holding days.
int64_t truncDays(int64_t days, TruncUnit unit) {
  switch (unit) {
    case TruncUnit::kWeek: return days - dayOfWeekFromMonday(days);
    case TruncUnit::kYear: return daysFromCivil(civilFromDays(days).year, 1, 1);
    case TruncUnit::kQuarter: {
      CivilDate c = civilFromDays(days);
      return daysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    }
    case TruncUnit::kMonth: {
      CivilDate c = civilFromDays(days);
      return daysFromCivil(c.year, c.month, 1);
    }
    default: return days;
  }
}

int64_t truncMicros(int64_t us, TruncUnit unit) {
  // Wrapping subtraction: the floor of the earliest timestamps is below INT64_MIN.
  auto floorTo = [us](int64_t step) {
    return static_cast<int64_t>(static_cast<uint64_t>(us) - static_cast<uint64_t>(positiveMod(us, step)));
  };
  switch (unit) {
    case TruncUnit::kDay: return floorTo(kMicrosPerDay);
    case TruncUnit::kHour: return floorTo(kMicrosPerHour);
    case TruncUnit::kMinute: return floorTo(kMicrosPerMinute);
    case TruncUnit::kSecond: return floorTo(kMicrosPerSecond);
    case TruncUnit::kMillisecond: return floorTo(1000);
    case TruncUnit::kMicrosecond: return us;
    default: return daysToMicros(truncDays(microsToDays(us), unit));
  }
}

// date_trunc(unit, ts) and trunc(date, unit): the unit argument sits at unitIndex.
template <typename T>
ColumnPtr truncKernel(const std::vector<ColumnPtr>& a, size_t valueIndex, TruncUnit literalUnit, bool unitIsLiteral,
                      bool timestampUnits, const TypePtr& type, int64_t n) {
  auto apply = [](T v, TruncUnit u) -> T {
    if constexpr (sizeof(T) == 8) {
      return truncMicros(v, u);
    } else {
      return static_cast<T>(truncDays(v, u));
    }
  };
  if (unitIsLiteral) {
    if (literalUnit == TruncUnit::kInvalid) return Column::nulls(type, n);
    return unaryFixed<T, T>(a[valueIndex], type, n, [&](T v) { return apply(v, literalUnit); });
  }
  const Column& units = *a[1 - valueIndex];
  const T* values = a[valueIndex]->values<T>();
  return buildFixedOrNull<T>(n, type, a, [&](int64_t i, T& o) {
    TruncUnit u = parseTruncUnit(units.stringAt(i), timestampUnits);
    if (u == TruncUnit::kInvalid) return false;
    o = apply(values[i], u);
    return true;
  });
}

Result<ResolvedScalar> resolveDateTrunc(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToString(args, 0, "date_trunc"));
  SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, 1, "date_trunc"));
  const Value* v = args[0]->literalValue();
  TruncUnit unit = v && !v->isNull() ? parseTruncUnit(v->asString(), true) : TruncUnit::kInvalid;
  bool literal = v != nullptr;
  ResolvedScalar r;
  r.type = DataType::timestamp();
  r.kernel = [unit, literal](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return truncKernel<int64_t>(a, 1, unit, literal, true, DataType::timestamp(), n);
  };
  return r;
}

Result<ResolvedScalar> resolveTrunc(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(coerceToDate(args, 0, "trunc"));
  SPATE_RETURN_IF_ERROR(coerceToString(args, 1, "trunc"));
  const Value* v = args[1]->literalValue();
  TruncUnit unit = v && !v->isNull() ? parseTruncUnit(v->asString(), false) : TruncUnit::kInvalid;
  bool literal = v != nullptr;
  ResolvedScalar r;
  r.type = DataType::date();
  r.kernel = [unit, literal](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return truncKernel<int32_t>(a, 0, unit, literal, false, DataType::date(), n);
  };
  return r;
}

}  // namespace

void registerDatetimeArithmeticFunctions(FunctionRegistry& r) {
  r.addScalar({"date_add", 2, 2, dateIntResolver("date_add", wrapAdd)});
  r.addAlias("dateadd", "date_add");
  r.addScalar({"date_sub", 2, 2, dateIntResolver("date_sub", wrapSub)});
  r.addScalar({"datediff", 2, 2, resolveDateDiff});
  r.addAlias("date_diff", "datediff");
  r.addScalar({"add_months", 2, 2, resolveAddMonths});
  r.addScalar({"months_between", 2, 3, resolveMonthsBetween});
  r.addScalar({"last_day", 1, 1, resolveLastDay});
  r.addScalar({"next_day", 2, 2, resolveNextDay});
  r.addScalar({"date_trunc", 2, 2, resolveDateTrunc});
  r.addScalar({"trunc", 2, 2, resolveTrunc});
}

}  // namespace spate
