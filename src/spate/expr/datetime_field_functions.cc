// Calendar fields of dates and timestamps: year, quarter, month, dayofmonth, dayofweek,
// weekday, dayofyear, weekofyear, hour, minute, second, and date_part/extract by field
// name. Date fields take a date (timestamps and strings cast to it), time fields a
// timestamp (dates and strings cast to it), as Spark's implicit casts do.

#include "spate/common/strings.h"
#include "spate/expr/datetime_common.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

enum class DateField {
  kYear,
  kYearOfWeek,
  kQuarter,
  kMonth,
  kWeekOfYear,
  kDayOfMonth,
  kDayOfWeek,     // 1 = Sunday
  kDayOfWeekIso,  // 1 = Monday
  kWeekday,       // 0 = Monday
  kDayOfYear,
  kHour,
  kMinute,
  kSecond,
  kSecondWithFraction,  // date_part's SECOND: decimal(8,6)
};

bool isTimeField(DateField f) {
  return f == DateField::kHour || f == DateField::kMinute || f == DateField::kSecond ||
         f == DateField::kSecondWithFraction;
}

int32_t dateFieldOf(DateField f, int64_t days) {
  switch (f) {
    case DateField::kYear: return static_cast<int32_t>(civilFromDays(days).year);
    case DateField::kYearOfWeek: return static_cast<int32_t>(civilFromDays(days - dayOfWeekFromMonday(days) + 3).year);
    case DateField::kQuarter: return (civilFromDays(days).month - 1) / 3 + 1;
    case DateField::kMonth: return civilFromDays(days).month;
    case DateField::kWeekOfYear: return isoWeekOfYear(days);
    case DateField::kDayOfMonth: return civilFromDays(days).day;
    case DateField::kDayOfWeek: return static_cast<int32_t>(floorMod(days + 4, 7)) + 1;
    case DateField::kDayOfWeekIso: return dayOfWeekFromMonday(days) + 1;
    case DateField::kWeekday: return dayOfWeekFromMonday(days);
    case DateField::kDayOfYear: return dayOfYear(days);
    default: return 0;
  }
}

ColumnPtr extractDateField(DateField f, const ColumnPtr& in, int64_t n) {
  TypePtr t = DataType::int_();
  switch (f) {
    // The common fields get their own loops so the switch is not paid per row.
    case DateField::kYear:
      return unaryFixed<int32_t, int32_t>(in, t, n, [](int32_t d) { return dateFieldOf(DateField::kYear, d); });
    case DateField::kMonth:
      return unaryFixed<int32_t, int32_t>(in, t, n, [](int32_t d) { return dateFieldOf(DateField::kMonth, d); });
    case DateField::kDayOfMonth:
      return unaryFixed<int32_t, int32_t>(in, t, n, [](int32_t d) { return dateFieldOf(DateField::kDayOfMonth, d); });
    default: return unaryFixed<int32_t, int32_t>(in, t, n, [f](int32_t d) { return dateFieldOf(f, d); });
  }
}

ColumnPtr extractTimeField(DateField f, const ColumnPtr& in, int64_t n) {
  switch (f) {
    case DateField::kHour:
      return unaryFixed<int32_t, int64_t>(in, DataType::int_(), n, [](int64_t us) {
        return static_cast<int32_t>(positiveMod(us, kMicrosPerDay) / kMicrosPerHour);
      });
    case DateField::kMinute:
      return unaryFixed<int32_t, int64_t>(in, DataType::int_(), n, [](int64_t us) {
        return static_cast<int32_t>(positiveMod(us, kMicrosPerHour) / kMicrosPerMinute);
      });
    case DateField::kSecond:
      return unaryFixed<int32_t, int64_t>(in, DataType::int_(), n, [](int64_t us) {
        return static_cast<int32_t>(positiveMod(us, kMicrosPerMinute) / kMicrosPerSecond);
      });
    default:
      // Seconds with their fraction as decimal(8,6): the unscaled value is microseconds.
      return unaryFixed<__int128, int64_t>(in, DataType::decimal(8, 6), n,
                                           [](int64_t us) { return static_cast<__int128>(positiveMod(us, kMicrosPerMinute)); });
  }
}

// Resolves field extraction of args[source] (coerced to a date or a timestamp).
Result<ResolvedScalar> resolveField(DateField f, std::vector<BoundExprPtr>& args, size_t source, std::string_view fn) {
  ResolvedScalar r;
  r.type = f == DateField::kSecondWithFraction ? DataType::decimal(8, 6) : DataType::int_();
  if (isTimeField(f)) {
    SPATE_RETURN_IF_ERROR(coerceToTimestamp(args, source, fn));
    r.kernel = [f, source](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      return extractTimeField(f, a[source], n);
    };
  } else {
    SPATE_RETURN_IF_ERROR(coerceToDate(args, source, fn));
    r.kernel = [f, source](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      return extractDateField(f, a[source], n);
    };
  }
  return r;
}

ScalarResolver fieldResolver(DateField f, std::string name) {
  return [f, name](std::vector<BoundExprPtr>& args) { return resolveField(f, args, 0, name); };
}

// Spark's DatePart.parseExtractField names.
std::optional<DateField> parseFieldName(std::string_view s) {
  std::string u = toUpper(trimView(s));
  if (u == "YEAR" || u == "Y" || u == "YEARS" || u == "YR" || u == "YRS") return DateField::kYear;
  if (u == "YEAROFWEEK") return DateField::kYearOfWeek;
  if (u == "QUARTER" || u == "QTR") return DateField::kQuarter;
  if (u == "MONTH" || u == "MON" || u == "MONS" || u == "MONTHS") return DateField::kMonth;
  if (u == "WEEK" || u == "W" || u == "WEEKS") return DateField::kWeekOfYear;
  if (u == "DAY" || u == "D" || u == "DAYS") return DateField::kDayOfMonth;
  if (u == "DAYOFWEEK" || u == "DOW") return DateField::kDayOfWeek;
  if (u == "DAYOFWEEK_ISO" || u == "DOW_ISO") return DateField::kDayOfWeekIso;
  if (u == "DOY") return DateField::kDayOfYear;
  if (u == "HOUR" || u == "H" || u == "HOURS" || u == "HR" || u == "HRS") return DateField::kHour;
  if (u == "MINUTE" || u == "M" || u == "MIN" || u == "MINS" || u == "MINUTES") return DateField::kMinute;
  if (u == "SECOND" || u == "S" || u == "SEC" || u == "SECONDS" || u == "SECS") return DateField::kSecondWithFraction;
  return std::nullopt;
}

// date_part(field, source): the field is a literal string, as Spark requires.
Result<ResolvedScalar> resolveDatePart(std::vector<BoundExprPtr>& args) {
  const Value* v = args[0]->literalValue();
  if (!v || args[0]->type()->id() != TypeId::kString || v->isNull()) {
    return Status::TypeError("date_part() argument 1 must be a literal string naming the field, not {}",
                             args[0]->toString());
  }
  auto f = parseFieldName(v->asString());
  if (!f) {
    return Status::AnalysisError(
        "date_part(): the field '{}' is not supported; use YEAR, YEAROFWEEK, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, "
        "DAYOFWEEK_ISO, DOY, HOUR, MINUTE or SECOND",
        v->asString());
  }
  return resolveField(*f, args, 1, "date_part");
}

}  // namespace

void registerDatetimeFieldFunctions(FunctionRegistry& r) {
  r.addScalar({"year", 1, 1, fieldResolver(DateField::kYear, "year")});
  r.addScalar({"quarter", 1, 1, fieldResolver(DateField::kQuarter, "quarter")});
  r.addScalar({"month", 1, 1, fieldResolver(DateField::kMonth, "month")});
  r.addScalar({"dayofmonth", 1, 1, fieldResolver(DateField::kDayOfMonth, "dayofmonth")});
  r.addAlias("day", "dayofmonth");
  r.addScalar({"dayofweek", 1, 1, fieldResolver(DateField::kDayOfWeek, "dayofweek")});
  r.addScalar({"weekday", 1, 1, fieldResolver(DateField::kWeekday, "weekday")});
  r.addScalar({"dayofyear", 1, 1, fieldResolver(DateField::kDayOfYear, "dayofyear")});
  r.addScalar({"weekofyear", 1, 1, fieldResolver(DateField::kWeekOfYear, "weekofyear")});
  r.addScalar({"hour", 1, 1, fieldResolver(DateField::kHour, "hour")});
  r.addScalar({"minute", 1, 1, fieldResolver(DateField::kMinute, "minute")});
  r.addScalar({"second", 1, 1, fieldResolver(DateField::kSecond, "second")});
  r.addScalar({"date_part", 2, 2, resolveDatePart});
  r.addAlias("datepart", "date_part");
  r.addAlias("extract", "date_part");
}

}  // namespace spate
