#pragma once

// Measurements every benchmark program reports.

#include <cstdint>
#include <fstream>
#include <string>

namespace spate::bench {

// The process's peak resident memory (VmHWM), in bytes; 0 when unknown.
inline int64_t peakRssBytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

}  // namespace spate::bench
