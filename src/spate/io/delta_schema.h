#pragma once

// A Delta table's schemaString: Spark's JSON form of a StructType
// ({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]}),
// which the metaData action carries and every Delta reader (Spark, delta-rs) parses.

#include <string>
#include <string_view>

#include "spate/common/json.h"
#include "spate/common/status.h"
#include "spate/types/schema.h"

namespace spate::delta {

Json schemaToJson(const Schema& schema);
std::string schemaToString(const Schema& schema);

// Parses a schemaString. timestamp_ntz reads as timestamp (spate has one timestamp type,
// microseconds); a type spate lacks is an error naming the field.
Result<Schema> schemaFromString(std::string_view text);

}  // namespace spate::delta
