// The date and time function family. The session time zone is UTC: dates are days
// since 1970-01-01 (int32), timestamps microseconds since the epoch in UTC (int64), and
// local time is UTC time, so a timestamp's date and fields are its UTC ones. Parsing
// and formatting follow Spark 3's Java DateTimeFormatter patterns (datetime_format.h);
// as in Spark's non-ANSI mode, input that does not parse gives null.
//
// The functions live in one file per kind:
//   datetime_parse_functions.cc  to_timestamp, to_date, date_format, unix_timestamp,
//                                to_unix_timestamp, from_unixtime
//   datetime_field_functions.cc  year ... second, dayofweek, weekofyear, date_part
//   datetime_arith_functions.cc  date_add, date_sub, datediff, add_months,
//                                months_between, last_day, next_day, date_trunc, trunc
//   datetime_epoch_functions.cc  timestamp_seconds ... unix_date, make_date,
//                                make_timestamp, current_timestamp, current_date
// Timestamp/date +/- interval lives with the arithmetic operators.

#include "spate/expr/datetime_common.h"

namespace spate {

void registerDatetimeFunctions(FunctionRegistry& r) {
  registerDatetimeParseFunctions(r);
  registerDatetimeFieldFunctions(r);
  registerDatetimeArithmeticFunctions(r);
  registerDatetimeEpochFunctions(r);
}

}  // namespace spate
