#include "spate/plan/output_mode.h"

#include "spate/common/strings.h"

namespace spate {

Result<OutputMode> parseOutputMode(std::string_view s) {
  if (equalsIgnoreCase(s, "append")) return OutputMode::kAppend;
  if (equalsIgnoreCase(s, "update")) return OutputMode::kUpdate;
  if (equalsIgnoreCase(s, "complete")) return OutputMode::kComplete;
  return Status::Invalid("Unknown output mode {}. Accepted output modes are 'append', 'complete', 'update'",
                                 s);
}

const char* outputModeName(OutputMode m) {
  switch (m) {
    case OutputMode::kAppend: return "Append";
    case OutputMode::kUpdate: return "Update";
    case OutputMode::kComplete: return "Complete";
  }
  return "?";
}

}  // namespace spate
