#include "spate/expr/kernels.h"

namespace spate {

BufferPtr combineValidity(const std::vector<ColumnPtr>& args, int64_t n) {
  BufferPtr out;
  for (const auto& a : args) {
    if (!a->mayHaveNulls()) continue;
    if (a->isConstant()) {
      // A null constant makes every row null.
      out = allocateBuffer(bits::bytesFor(n));
      return out;
    }
    if (!out) {
      out = allocateBuffer(bits::bytesFor(n));
      std::memcpy(out->data(), a->validityBits(), static_cast<size_t>(bits::bytesFor(n)));
    } else {
      uint8_t* d = out->data();
      const uint8_t* s = a->validityBits();
      for (int64_t b = 0; b < bits::bytesFor(n); ++b) d[b] &= s[b];
    }
  }
  return out;
}

}  // namespace spate
