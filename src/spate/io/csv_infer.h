#pragma once

#include <string>
#include <vector>

#include "spate/io/csv_options.h"
#include "spate/types/schema.h"

namespace spate {

// Spark's CSV schema inference (CSVInferSchema): the columns come from the first
// record (named from it with header=true, else _c0, _c1, ...); with inferSchema each
// column takes the narrowest type all its values parse as, trying int, bigint,
// decimal (integers beyond bigint), double, date (prefersDate), timestamp, boolean,
// then string. Null and empty values do not vote; a column with no values is string.
Result<Schema> inferCsvSchema(const std::vector<std::string>& files, const CsvReadOptions& options);

// Column names from a header record, as Spark makes them safe: empty or null names
// become _c<i>, duplicates (case-insensitive) get their index appended.
std::vector<std::string> makeSafeHeader(const std::vector<std::string>& names, const CsvReadOptions& options);

}  // namespace spate
