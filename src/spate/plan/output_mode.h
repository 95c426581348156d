#pragma once

#include <string>
#include <string_view>

#include "spate/common/status.h"

namespace spate {

// Which rows of the result table a streaming query writes each trigger.
enum class OutputMode {
  kAppend,    // only rows that will never change again
  kUpdate,    // the rows that changed in this trigger
  kComplete,  // the whole result table
};

// "append", "update", "complete" in any case; Spark's message otherwise.
Result<OutputMode> parseOutputMode(std::string_view s);
const char* outputModeName(OutputMode m);  // "Append", "Update", "Complete"

}  // namespace spate
