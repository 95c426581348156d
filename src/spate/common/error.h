#pragma once

#include <stdexcept>

#include "spate/common/status.h"

namespace spate {

// What the public C++ API throws: it carries the engine's Status unchanged.
class Error : public std::runtime_error {
 public:
  explicit Error(Status status) : std::runtime_error(status.toString()), status_(std::move(status)) {}
  const Status& status() const { return status_; }
  StatusCode code() const { return status_.code(); }

 private:
  Status status_;
};

inline void throwIfError(const Status& s) {
  if (!s.ok()) throw Error(s);
}
template <typename T>
T valueOrThrow(Result<T> r) {
  if (!r.ok()) throw Error(r.status());
  return std::move(r).value();
}

}  // namespace spate
