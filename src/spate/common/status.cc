#include "spate/common/status.h"

namespace spate {

const char* statusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kParseError: return "PARSE_ERROR";
    case StatusCode::kAnalysisError: return "ANALYSIS_ERROR";
    case StatusCode::kTypeError: return "TYPE_ERROR";
    case StatusCode::kExecutionError: return "EXECUTION_ERROR";
    case StatusCode::kIOError: return "IO_ERROR";
    case StatusCode::kNotImplemented: return "NOT_IMPLEMENTED";
    case StatusCode::kInternal: return "INTERNAL_ERROR";
  }
  return "UNKNOWN";
}

std::string Status::toString() const {
  if (ok()) return "OK";
  return fmt::format("[{}] {}", statusCodeName(code_), message_);
}

}  // namespace spate
